import type { TimelineEvent } from '../../src/domain/tickets/timeline-event';

/**
 * A timeline event whose type and data are not checked against the catalogue, for tests of code that
 * carries any event (topic, publisher, deliverers), including types a later version may add.
 */
export function looseEvent(event: { seq: number; type: string; at: string; actor: string; data: Readonly<Record<string, unknown>> }): TimelineEvent {
  return event as unknown as TimelineEvent;
}
