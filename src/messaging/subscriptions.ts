/**
 * The Service Bus topic's subscriptions, one per deliverer. Events carry the application properties
 * `type`, `category`, `clientId` and `severity`; correlation filters select on `category`.
 *
 * `infra/` creates exactly these subscriptions and filters; `test/infra` keeps the two in step.
 */
export type EventCategory = 'ticket' | 'sla' | 'hourbank' | 'alert';

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
];
