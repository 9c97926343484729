import type { Ticket } from '../domain/tickets/ticket';
import type { TimelineEvent } from '../domain/tickets/timeline-event';
import type { TicketChangeListener } from './ticket-service';

export const slaOrchestrationName = 'ticket-sla';
export const ticketChangedEvent = 'ticket-changed';

/** One orchestration per ticket, its id derived from client and number so every host finds it again. */
export const slaInstanceId = (clientId: string, number: number): string => `sla-${clientId}-${number}`;

export interface SlaOrchestrationInput {
  readonly clientId: string;
  readonly number: number;
}

/** The part of the Durable client the signaller needs (`df.getClient(context)` satisfies it). */
export interface OrchestrationClient {
  startNew(name: string, options: { instanceId: string; input: unknown }): Promise<string>;
  raiseEvent(instanceId: string, eventName: string, eventData: unknown): Promise<void>;
}

/** Events that cannot move a clock: they need not wake the orchestration. */
const clockNeutral = new Set([
  'ticket.commented',
  'ticket.follow-up-recorded',
  'sla.warning',
  'sla.breached',
  'sla.met',
  'alert.repeated',
  'alert.acknowledged',
  'alert.resolved',
]);

/**
 * Starts a ticket's SLA orchestration when the ticket is created and tells it about every change that
 * can move a clock (severity, pause, resume, assess, resolve, reopen, close).
 */
export class SlaSignaller implements TicketChangeListener {
  constructor(private readonly client: OrchestrationClient) {}

  async ticketChanged(ticket: Ticket, events: readonly TimelineEvent[]): Promise<void> {
    const instanceId = slaInstanceId(ticket.clientId, ticket.number);
    const created = events.find((e) => e.type === 'ticket.created');
    if (created) {
      // A ticket whose severity is not covered has no clocks; should assessment make it covered, the
      // change below finds no orchestration and starts one.
      if (!hasClocks(created.data)) return;
      const input: SlaOrchestrationInput = { clientId: ticket.clientId, number: ticket.number };
      await this.client.startNew(slaOrchestrationName, { instanceId, input });
      return;
    }
    if (events.some((e) => !clockNeutral.has(e.type))) {
      try {
        await this.client.raiseEvent(instanceId, ticketChangedEvent, { seq: ticket.eventCount });
      } catch {
        // The orchestration had ended (an uncovered ticket assessed into a covered severity, a reopened
        // ticket): starting it again re-plans from the ticket as stored.
        await this.client.startNew(slaOrchestrationName, { instanceId, input: { clientId: ticket.clientId, number: ticket.number } });
      }
    }
  }
}

function hasClocks(createdData: Readonly<Record<string, unknown>>): boolean {
  const sla = createdData.sla as Record<string, { status?: string }> | undefined;
  return sla === undefined || Object.values(sla).some((clock) => clock.status !== 'not-applicable');
}
