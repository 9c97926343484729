import { newTicket } from '../../src/domain/tickets/ticket';
import type { CreateTicketCommand, StoredTicket, TicketStore } from '../../src/ports/ticket-store';
import { loosePendingEvent } from './loose-event';

export interface TestTicketOptions {
  readonly title?: string;
  readonly severity?: string;
  readonly reporter?: string;
  /** Also the instant of its `ticket.created` event. */
  readonly receivedAt?: string;
  /** Its queue position (the stores take it as given); by default one that sorts by number. */
  readonly position?: (number: number) => string;
  /** The data of its `ticket.created` event; none by default. */
  readonly eventData?: Readonly<Record<string, unknown>>;
}

/** The create command a ticket service would give a store, for store-level tests: one `ticket.created` event. */
export function testTicketCommand(clientId: string, options: TestTicketOptions = {}): CreateTicketCommand {
  const receivedAt = options.receivedAt ?? '2026-11-23T10:00:00.000Z';
  const reporter = options.reporter ?? 'r@x.test';
  return {
    clientId,
    build: (number) => ({
      ticket: newTicket({
        clientId,
        ticketPrefix: clientId.toUpperCase(),
        number,
        title: options.title ?? 't',
        description: 'd',
        severity: options.severity ?? 'cat2',
        type: 'defect',
        reporter,
        receivedAt,
      }),
      events: [
        loosePendingEvent({ type: 'ticket.created', at: receivedAt, actor: reporter, data: { ...options.eventData } }),
      ],
      position: options.position?.(number) ?? `o|1|${String(number).padStart(10, '0')}`,
    }),
  };
}

/** Creates such a ticket and returns it as stored. */
export async function createTestTicket(
  tickets: TicketStore,
  clientId: string,
  options: TestTicketOptions = {},
): Promise<StoredTicket> {
  const outcome = await tickets.create(testTicketCommand(clientId, options));
  if (outcome.kind !== 'created') throw new Error(`test ticket of ${clientId} not created: ${outcome.kind}`);
  return outcome.stored;
}
