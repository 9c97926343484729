import type { CloudEvent } from '../domain/events/cloud-event';
import { movesSlaClocks } from '../domain/sla/clock-moving-events';

/** CloudEvents structured mode: the whole event, attributes and data, is the message body. */
export const cloudEventsContentType = 'application/cloudevents+json';

/**
 * What a topic message carries besides its body. Correlation filters (src/messaging/subscriptions.ts)
 * select on these, so they are derived from the event in exactly one place.
 */
export interface EventProperties {
  readonly type: string;
  /** First segment of the type: `ticket`, `sla`, `hourbank`, `alert`. */
  readonly category: string;
  readonly clientId: string;
  /** Absent for events that concern no ticket (an hour bank running low has no severity). */
  readonly severity?: string;
  /** `move` on `ticket.created` and every event that can move an SLA clock (the `sla` subscription's filter); absent otherwise. */
  readonly slaClocks?: typeof slaClocksMove;
}

/** The value of the `slaClocks` application property that the `sla` subscription selects. */
export const slaClocksMove = 'move';

/** One event as it travels on the topic, independent of the transport (Service Bus, or the local queues). */
export interface EventMessage {
  /** The CloudEvent id: Service Bus duplicate detection and every consumer de-duplicate on it. */
  readonly messageId: string;
  readonly contentType: typeof cloudEventsContentType;
  /** Service Bus `subject` (label): the event type, for people browsing a subscription. */
  readonly subject: string;
  /**
   * The ticket the event belongs to. Events of one ticket share it, which is what a session-enabled
   * subscription (and the local topic's pump) orders by.
   */
  readonly sessionId: string;
  readonly applicationProperties: EventProperties;
  readonly body: CloudEvent;
}

export function eventCategory(type: string): string {
  const dot = type.indexOf('.');
  return dot === -1 ? type : type.slice(0, dot);
}

export function eventProperties(event: CloudEvent): EventProperties {
  return {
    type: event.type,
    category: eventCategory(event.type),
    clientId: event.clientid,
    ...(event.severity !== undefined ? { severity: event.severity } : {}),
    ...(movesSlaClocks(event.type) ? { slaClocks: slaClocksMove } : {}),
  };
}

export function toEventMessage(event: CloudEvent): EventMessage {
  return {
    messageId: event.id,
    contentType: cloudEventsContentType,
    subject: event.type,
    sessionId: event.subject,
    applicationProperties: eventProperties(event),
    body: event,
  };
}
