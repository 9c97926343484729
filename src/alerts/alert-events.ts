import { domainEvent, type AlertEventData, type DomainEventType } from '../domain/events/event-catalogue';
import type { PendingEvent, TimelineEvent } from '../domain/tickets/timeline-event';
import type { AlertSignal, AlertSourceName } from './alert-signal';

/**
 * Timeline entries (and so, through the outbox, published events) for alerts. A ticket raised by an
 * alert starts with the usual `ticket.created`, carrying its `origin`; what the monitoring system says
 * afterwards is `alert.repeated`, `alert.acknowledged` or `alert.resolved`.
 */
export const alertEventTypes = [
  'ticket.created',
  'alert.repeated',
  'alert.acknowledged',
  'alert.resolved',
] as const satisfies readonly DomainEventType[];

export interface AlertEventContext {
  readonly source: AlertSourceName;
  /** Name of the API key that sent the alert: the integration is the actor. */
  readonly actor: string;
  readonly now: string;
}

function alertData(ctx: AlertEventContext, signal: AlertSignal): AlertEventData {
  return {
    source: ctx.source,
    dedupKey: signal.dedupKey,
    ...(signal.derivedKey ? { derivedKey: true } : {}),
    ...(signal.severity !== undefined ? { alertSeverity: signal.severity } : {}),
    ...(signal.at ? { alertAt: signal.at } : {}),
    payload: signal.payload,
  };
}

/** The `alert` part of a `ticket.created` raised by an alert. */
export function createdAlertData(
  ctx: AlertEventContext,
  signal: AlertSignal,
  severityMapped: boolean,
): AlertEventData & { severityMapped: boolean } {
  return { ...alertData(ctx, signal), severityMapped };
}

export function repeatedEvent(ctx: AlertEventContext, signal: AlertSignal, occurrence: number): PendingEvent {
  return { ...domainEvent('alert.repeated', { ...alertData(ctx, signal), occurrence }), at: ctx.now, actor: ctx.actor };
}

export function acknowledgedEvent(ctx: AlertEventContext, signal: AlertSignal): PendingEvent {
  return { ...domainEvent('alert.acknowledged', alertData(ctx, signal)), at: ctx.now, actor: ctx.actor };
}

export function resolvedEvent(ctx: AlertEventContext, signal: AlertSignal): PendingEvent {
  return { ...domainEvent('alert.resolved', alertData(ctx, signal)), at: ctx.now, actor: ctx.actor };
}

/**
 * Whether no person has acted on a ticket: nothing on its timeline but what the alert said and what the
 * SLA clocks recorded by themselves. Only such a ticket may be resolved by its alert clearing.
 */
export function onlyAlertsOnTimeline(timeline: readonly TimelineEvent[]): boolean {
  const alertTypes: readonly string[] = alertEventTypes;
  return timeline.every((e) => alertTypes.includes(e.type) || (e.type.startsWith('sla.') && e.actor === 'system'));
}

/** Whether the alert already cleared and has not fired since: a second resolve notice changes nothing. */
export function clearedSinceLastTrigger(timeline: readonly TimelineEvent[]): boolean {
  const last = timeline.findLast(
    (e) => e.type === 'ticket.created' || e.type === 'alert.repeated' || e.type === 'alert.resolved',
  );
  return last?.type === 'alert.resolved';
}
