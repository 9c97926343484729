import type { CloudEvent } from '../domain/events/cloud-event';
import { eachAtMost } from './each-at-most';

/**
 * Handles a batch of events the way the topic pump handled them one by one: each ticket's events (its
 * subject) one after another, in the order received, and different tickets side by side. A failure stops
 * its ticket (its later events wait, so they never overtake it) but not the others; when any failed, the
 * first error is thrown once all have settled, so the batch is delivered again and the events already
 * done are absorbed as repeats.
 */
export async function eachInTicketOrder(
  events: readonly CloudEvent[],
  handle: (event: CloudEvent) => Promise<unknown>,
  /** At most this many tickets at once (all of them when absent): for handlers that call out. */
  options: { readonly concurrency?: number } = {},
): Promise<void> {
  const bySubject = new Map<string, CloudEvent[]>();
  for (const event of events) {
    const key = `${event.clientid}|${event.subject}`;
    const group = bySubject.get(key);
    if (group) group.push(event);
    else bySubject.set(key, [event]);
  }
  const failures: unknown[] = [];
  const groups = [...bySubject.values()];
  await eachAtMost(groups, options.concurrency ?? groups.length, async (group) => {
    for (const event of group) {
      try {
        await handle(event);
      } catch (error) {
        failures.push(error);
        return;
      }
    }
  });
  if (failures.length > 0) throw failures[0];
}
