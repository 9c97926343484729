import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  domainEvent,
  domainEventTypes,
  eventCatalogue,
  isDomainEventType,
} from '../../../src/domain/events/event-catalogue';
import { topicSubscriptions } from '../../../src/messaging/subscriptions';
import { eventCategory } from '../../../src/messaging/event-message';

describe('the event catalogue', () => {
  it('is what docs/events.md lists, type for type', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../docs/events.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-z]+\.[a-z.-]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(domainEventTypes);
  });

  it('names every type family.name, in kebab case, with a summary', () => {
    for (const type of domainEventTypes) {
      expect(type).toMatch(/^[a-z]+\.[a-z]+(-[a-z]+)*$/);
      expect(eventCatalogue[type].summary.length).toBeGreaterThan(10);
    }
  });

  it('has a deliverer for every family that is e-mailed, and webhooks for all', () => {
    const filtered = new Set(
      topicSubscriptions.flatMap((s) => (s.correlationFilter?.category ? [s.correlationFilter.category] : [])),
    );
    const families = new Set(domainEventTypes.map(eventCategory));
    for (const category of filtered) expect(families.has(category)).toBe(true);
    expect(topicSubscriptions.some((s) => s.correlationFilter === null)).toBe(true);
  });

  it('builds events with their type and data, and tells its own types from others', () => {
    expect(domainEvent('sla.met', { clock: 'assess' })).toEqual({ type: 'sla.met', data: { clock: 'assess' } });
    expect(isDomainEventType('ticket.created')).toBe(true);
    expect(isDomainEventType('ticket.invented')).toBe(false);
    expect(isDomainEventType('toString')).toBe(false);
  });
});
