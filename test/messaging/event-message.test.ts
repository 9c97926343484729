import { describe, expect, it } from 'vitest';
import { ticketCloudEvent, type CloudEvent } from '../../src/domain/events/cloud-event';
import { matchesCorrelationFilter, subscriptionsFor } from '../../src/messaging/correlation-filter';
import { eventCategory, eventProperties, toEventMessage } from '../../src/messaging/event-message';
import { looseEvent } from '../support/loose-event';

const event = (type: string, extra: Partial<CloudEvent> = {}): CloudEvent => ({
  ...ticketCloudEvent(
    { clientId: 'acme', ticketId: 'ACME-7', severity: 'cat1', title: 'Down', status: 'new' },
    looseEvent({ seq: 3, type, at: '2026-11-24T10:00:00.000Z', actor: 'jo@acme.test', data: {} }),
  ),
  ...extra,
});

describe('events as topic messages', () => {
  it('carry the CloudEvent id as message id, the type as subject and the ticket as session', () => {
    const message = toEventMessage(event('ticket.resolved'));
    expect(message).toMatchObject({
      messageId: 'ACME-7.3',
      contentType: 'application/cloudevents+json',
      subject: 'ticket.resolved',
      sessionId: 'ACME-7',
      applicationProperties: { type: 'ticket.resolved', category: 'ticket', clientId: 'acme', severity: 'cat1' },
    });
    expect(message.body.id).toBe('ACME-7.3');
  });

  it('take the category from the first segment of the type', () => {
    expect(eventCategory('sla.breached')).toBe('sla');
    expect(eventCategory('hourbank.low-balance')).toBe('hourbank');
    expect(eventCategory('odd')).toBe('odd');
  });

  it('leave severity out when the event has none', () => {
    const { severity: _severity, ...withoutSeverity } = event('hourbank.exhausted');
    expect(eventProperties(withoutSeverity as CloudEvent)).toEqual({
      type: 'hourbank.exhausted',
      category: 'hourbank',
      clientId: 'acme',
    });
  });
});

describe('correlation filters of subscriptions.ts', () => {
  const routed = (type: string) => subscriptionsFor(eventProperties(event(type))).map((s) => s.name);

  it('send every event to the webhook deliverer and each category to its e-mail deliverer', () => {
    expect(routed('ticket.commented')).toEqual(['deliver-webhooks', 'deliver-ticket-email', 'search']);
    expect(routed('sla.breached')).toEqual(['deliver-webhooks', 'deliver-sla-email']);
    expect(routed('hourbank.low-balance')).toEqual(['deliver-webhooks', 'deliver-hourbank-email']);
    expect(routed('alert.raised')).toEqual(['deliver-webhooks']);
  });

  it('send ticket.created and every clock-moving event to the sla subscription, and nothing else', () => {
    expect(routed('ticket.created')).toEqual(['deliver-webhooks', 'deliver-ticket-email', 'sla', 'search']);
    expect(routed('ticket.waiting')).toContain('sla');
    expect(routed('ticket.resolved')).toContain('sla');
    expect(routed('ticket.reopened')).toContain('sla');
    expect(eventProperties(event('ticket.assessed')).slaClocks).toBe('move');
    for (const type of [
      'ticket.commented',
      'ticket.time-logged',
      'sla.warning',
      'sla.breached',
      'alert.repeated',
      'hourbank.exhausted',
    ]) {
      expect(routed(type), type).not.toContain('sla');
      expect(eventProperties(event(type)).slaClocks, type).toBeUndefined();
    }
  });

  it('need every filtered property to be present and equal', () => {
    const properties = eventProperties(event('ticket.created'));
    expect(matchesCorrelationFilter(null, properties)).toBe(true);
    expect(matchesCorrelationFilter({ category: 'ticket', clientId: 'acme' }, properties)).toBe(true);
    expect(matchesCorrelationFilter({ category: 'ticket', clientId: 'other' }, properties)).toBe(false);
    expect(matchesCorrelationFilter({ region: 'eu' }, properties)).toBe(false);
  });
});
