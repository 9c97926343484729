import type { DomainEventType } from '../events/event-catalogue';

/**
 * Ticket events that cannot move an SLA clock: they change neither the status, the severity nor a
 * clock record (see the state machine), so the ticket's SLA orchestration need not hear of them.
 */
const clockNeutral: ReadonlySet<string> = new Set<DomainEventType>([
  'ticket.commented',
  'ticket.follow-up-recorded',
  'ticket.checked',
  'ticket.time-logged',
  'ticket.assigned',
  'ticket.diagnosed',
  'ticket.schedule-proposed',
  'ticket.schedule-accepted',
  'ticket.schedule-queried',
  'ticket.attachment-added',
]);

/**
 * Whether an event must reach its ticket's SLA orchestration: `ticket.created` (which starts it) and
 * every other `ticket.*` event that can move a clock, including a type added later and not yet listed
 * above — a needless wake-up costs one re-plan, a missed one a clock that silently stops. `sla.*`
 * (what the orchestration itself records), `alert.*` (occurrences on an open ticket) and `hourbank.*`
 * (no ticket) never do. The `sla` topic subscription selects on this (`src/messaging/subscriptions.ts`).
 */
export function movesSlaClocks(type: string): boolean {
  return type.startsWith('ticket.') && !clockNeutral.has(type);
}
