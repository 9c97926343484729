import type { TicketChangeListener } from '../app/ticket-service';
import type { DomainEventType } from '../domain/events/event-catalogue';
import type { Ticket } from '../domain/tickets/ticket';
import type { TimelineEvent } from '../domain/tickets/timeline-event';
import { slaInstanceId, ticketChangedEvent, ticketSlaOrchestrationName, type SlaOrchestrationInput } from './ticket-sla';

/** The part of the Durable client the signaller needs (`df.getClient(context)` satisfies it). */
export interface OrchestrationClient {
  startNew(name: string, options: { instanceId: string; input: unknown }): Promise<string>;
  raiseEvent(instanceId: string, eventName: string, eventData: unknown): Promise<void>;
}

/** Events that cannot move a clock: they need not wake the orchestration. A new event that can, is left out. */
const clockNeutral: ReadonlySet<DomainEventType> = new Set<DomainEventType>([
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
    const input: SlaOrchestrationInput = { clientId: ticket.clientId, number: ticket.number };
    const created = events.find((e) => e.type === 'ticket.created');
    if (created) {
      // A ticket whose severity is not covered has no clocks; should assessment make it covered, the
      // change below finds no orchestration and starts one.
      const clocks = Object.values(created.data.sla);
      if (!clocks.some((clock) => clock.status !== 'not-applicable')) return;
      await this.client.startNew(ticketSlaOrchestrationName, { instanceId, input });
      return;
    }
    if (events.some((e) => !clockNeutral.has(e.type))) {
      try {
        await this.client.raiseEvent(instanceId, ticketChangedEvent, { seq: ticket.eventCount });
      } catch {
        // The orchestration had ended (an uncovered ticket assessed into a covered severity, a reopened
        // ticket): starting it again re-plans from the ticket as stored.
        await this.client.startNew(ticketSlaOrchestrationName, { instanceId, input });
      }
    }
  }
}

/** The per-request listener that keeps a changed ticket's SLA orchestration informed (none without a Durable client). */
export function slaSignallers(orchestrations: OrchestrationClient | undefined): TicketChangeListener[] {
  return orchestrations ? [new SlaSignaller(orchestrations)] : [];
}
