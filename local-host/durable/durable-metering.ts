import type { Meter } from '../../src/ports/meter';
import { EventType, type HistoryEvent } from './history-events';

const eventTypeNames = new Map<number, string>(Object.entries(EventType).map(([name, value]) => [value, name]));

/**
 * Counts one committed episode (step) of an orchestration as the Durable backends in Azure see it:
 * `durable.episodes`, and each history event it appended by type (`durable.history.TaskScheduled`, …).
 * This engine packs an episode into a row or two of its own; the Azure Storage backend writes one
 * History row per event and the Durable Task Scheduler bills actions (a start, an activity scheduled,
 * its result, a timer fired, an event raised, a termination), so the events are what is counted. The
 * costs are worked out from these counts by `bench/cost-model.ts` (docs/performance.md).
 */
export function meterEpisode(meter: Meter, appended: readonly HistoryEvent[] | undefined): void {
  meter.add('durable.episodes');
  for (const event of appended ?? []) {
    meter.add('durable.historyEvents');
    meter.add(`durable.history.${eventTypeNames.get(event.EventType) ?? `type${event.EventType}`}`);
  }
}
