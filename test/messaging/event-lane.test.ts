import { describe, expect, it } from 'vitest';
import { parseCloudEvent, NotACloudEventError } from '../../src/messaging/cloud-event-schema';
import { eventLane } from '../../src/messaging/event-lane';

describe('event lanes', () => {
  it('put a ticket’s events in the ticket’s lane at their timeline position', () => {
    expect(eventLane({ id: 'ACME-12.3', subject: 'ACME-12', sequence: '00000003' })).toEqual({
      key: 'ACME-12',
      position: 3,
      ordered: true,
    });
  });

  it('give an event of no timeline a lane of its own with a key safe for row keys and URLs', () => {
    const lane = eventLane({ id: 'acme/hour bank#7?', subject: '', sequence: '' });
    expect(lane.ordered).toBe(false);
    expect(lane.position).toBe(1);
    expect(lane.key).toMatch(/^e-[0-9a-f]{24}$/);
    expect(eventLane({ id: 'acme/hour bank#7?', subject: '', sequence: '' })).toEqual(lane);
  });
});

describe('CloudEvents from the topic', () => {
  const event = {
    specversion: '1.0',
    id: 'ACME-1.1',
    source: '/clients/acme/tickets/ACME-1',
    type: 'ticket.created',
    subject: 'ACME-1',
    time: '2026-11-24T10:00:00Z',
    datacontenttype: 'application/json',
    data: { a: 1 },
    clientid: 'acme',
    severity: 'cat1',
    sequence: '00000001',
  };

  it('arrive as parsed JSON, a string or bytes, as the Functions host may hand them over', () => {
    expect(parseCloudEvent(event)).toEqual(event);
    expect(parseCloudEvent(JSON.stringify(event))).toEqual(event);
    expect(parseCloudEvent(Buffer.from(JSON.stringify(event)))).toEqual(event);
  });

  it('may come without subject and sequence from producers that are not a ticket timeline', () => {
    const { subject: _s, sequence: _q, severity: _v, ...bare } = event;
    expect(parseCloudEvent(bare)).toMatchObject({ subject: '', sequence: '' });
  });

  it('are refused when they are not CloudEvents', () => {
    expect(() => parseCloudEvent('not json')).toThrow(NotACloudEventError);
    expect(() => parseCloudEvent({ ...event, specversion: '0.3' })).toThrow(NotACloudEventError);
    expect(() => parseCloudEvent({ ...event, clientid: undefined })).toThrow(NotACloudEventError);
  });
});
