import type { EventProperties } from './event-message';
import { topicSubscriptions, type TopicSubscription } from './subscriptions';

/**
 * Service Bus correlation-filter semantics on application properties: every property the filter names
 * must be present with exactly that value; a subscription without a filter takes every event.
 */
export function matchesCorrelationFilter(
  filter: TopicSubscription['correlationFilter'],
  properties: EventProperties,
): boolean {
  if (filter === null) return true;
  const values = properties as unknown as Readonly<Record<string, string | undefined>>;
  return Object.entries(filter).every(([name, value]) => values[name] === value);
}

/** The subscriptions a message with these properties is copied to. */
export function subscriptionsFor(
  properties: EventProperties,
  subscriptions: readonly TopicSubscription[] = topicSubscriptions,
): TopicSubscription[] {
  return subscriptions.filter((s) => matchesCorrelationFilter(s.correlationFilter, properties));
}
