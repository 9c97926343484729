import { slaClocksMove } from './event-message';

/**
 * The Service Bus topic's subscriptions, one per deliverer. Events carry the application properties
 * `type`, `category`, `clientId`, `severity` and, on events that can move an SLA clock, `slaClocks`
 * (`event-message.ts`); correlation filters select on `category` or `slaClocks`.
 *
 * `infra/` creates exactly these subscriptions and filters; `test/infra` keeps the two in step.
 */
export type EventCategory = 'ticket' | 'sla' | 'hourbank' | 'alert' | 'maintenance';

export interface TopicSubscription {
  /** Subscription name; also the name of the Service Bus–triggered deliverer function. */
  readonly name: string;
  /** Correlation filter on application properties; `null` keeps the default rule (every event). */
  readonly correlationFilter: Readonly<Record<string, string>> | null;
  readonly purpose: string;
}

export const topicSubscriptions: readonly TopicSubscription[] = [
  {
    name: 'deliver-webhooks',
    correlationFilter: null,
    purpose: 'Signed webhooks to the URLs each client configured; the deliverer matches event-type patterns itself.',
  },
  {
    name: 'deliver-ticket-email',
    correlationFilter: { category: 'ticket' },
    purpose: 'E-mail to the reporter and the client contacts on ticket events.',
  },
  {
    name: 'deliver-sla-email',
    correlationFilter: { category: 'sla' },
    purpose: 'E-mail to the support lead on SLA warnings and breaches.',
  },
  {
    name: 'deliver-hourbank-email',
    correlationFilter: { category: 'hourbank' },
    purpose: 'E-mail to the client approvers and the support lead when the hour bank runs low or out.',
  },
  {
    name: 'sla',
    correlationFilter: { slaClocks: slaClocksMove },
    purpose:
      "Starts each ticket's SLA orchestration on `ticket.created` and tells it about every event that can move a clock (movesSlaClocks).",
  },
  {
    name: 'search',
    correlationFilter: { category: 'ticket' },
    purpose: 'Keeps the ticket search index in step: each ticket event re-indexes the ticket as the tables hold it.',
  },
  {
    name: 'maintenance-items',
    correlationFilter: { type: 'ticket.follow-up-recorded' },
    purpose: "Turns each follow-up recorded on a closed ticket into an item of the client's maintenance backlog.",
  },
  {
    name: 'maintenance-check-items',
    correlationFilter: { type: 'ticket.checked' },
    purpose: "Turns each failed checklist line marked `makeItem` into an item of the client's maintenance backlog.",
  },
  {
    name: 'deliver-maintenance-email',
    correlationFilter: { category: 'maintenance' },
    purpose:
      "E-mail about maintenance releases: proposals to the client's approvers, answers to the support lead, release notes to approvers and requesters.",
  },
];
