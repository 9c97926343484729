import type { PendingEvent, TimelineEvent } from '../../src/domain/tickets/timeline-event';

/**
 * A timeline event whose type and data are not checked against the catalogue, for tests of code that
 * carries any event (topic, publisher, deliverers), including types a later version may add.
 */
export function looseEvent(event: {
  seq: number;
  type: string;
  at: string;
  actor: string;
  data: Readonly<Record<string, unknown>>;
}): TimelineEvent {
  return event as unknown as TimelineEvent;
}

/** The same, not numbered yet (what a store is given to append). */
export function loosePendingEvent(event: {
  type: string;
  at: string;
  actor: string;
  data: Readonly<Record<string, unknown>>;
}): PendingEvent {
  return event as unknown as PendingEvent;
}
