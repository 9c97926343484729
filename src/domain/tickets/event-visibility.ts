/**
 * Which ticket events, and which parts of them, are for the support team only (docs/product-spec.md §4: internal
 * notes — `comment` with `internal: true` and escalation handover notes — are never shown or mailed
 * to contacts or client keys).
 *
 * One place decides it, from the event's type and data, so the timeline, the ticket e-mail and the
 * webhooks cannot disagree:
 * - an internal comment (`ticket.commented` with `internal: true`) is wholly internal;
 * - an escalation (`ticket.escalated`) is public, its `handoverNote` is not;
 * - a bounce of the desk's own mail (`mail.bounced`) is wholly internal;
 * - mail held in quarantine (`mail.quarantined`, the desk's own event of no client) is wholly internal.
 */
export type Visibility = 'public' | 'internal';

interface EventLike {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Fields of otherwise public events that only staff see. */
const internalFields: Readonly<Record<string, readonly string[]>> = {
  'ticket.escalated': ['handoverNote'],
};

export function eventVisibility(event: EventLike): Visibility {
  if (event.type === 'ticket.commented' && event.data.internal === true) return 'internal';
  // A bounce tells the desk a client's address failed: the desk's business, not the client's timeline.
  if (event.type === 'mail.bounced' || event.type === 'mail.quarantined') return 'internal';
  if (event.type === 'ticket.attachment-added' && event.data.internal === true) return 'internal';
  return 'public';
}

/** The event as people outside the support team may see it: `undefined` when they may not see it at all. */
export function publicEvent<E extends EventLike>(event: E): E | undefined {
  if (eventVisibility(event) === 'internal') return undefined;
  const hidden = internalFields[event.type];
  if (!hidden) return event;
  const data = Object.fromEntries(Object.entries(event.data).filter(([key]) => !hidden.includes(key)));
  return { ...event, data };
}
