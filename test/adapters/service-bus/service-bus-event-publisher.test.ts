import type { ServiceBusMessage, ServiceBusMessageBatch } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import {
  ServiceBusEventPublisher,
  toServiceBusMessage,
  type TopicSender,
} from '../../../src/adapters/service-bus/service-bus-event-publisher';
import { ticketCloudEvent, type CloudEvent } from '../../../src/domain/events/cloud-event';
import { looseEvent } from '../../support/loose-event';
import { CountingMeter } from '../../../src/adapters/metering/counting-meter';

const event = (seq: number, type = 'ticket.commented', text = 'x'): CloudEvent =>
  ticketCloudEvent(
    { clientId: 'acme', ticketId: 'ACME-9', severity: 'cat2', title: 'Slow', status: 'in-progress' },
    looseEvent({ seq, type, at: '2026-11-24T10:00:00.000Z', actor: 'admin', data: { text } }),
  );

/** Sizes messages by their JSON, as a stand-in for the AMQP encoding the real batch measures. */
class FakeBatch implements ServiceBusMessageBatch {
  readonly messages: ServiceBusMessage[] = [];
  sizeInBytes = 0;

  constructor(readonly maxSizeInBytes: number) {}

  get count(): number {
    return this.messages.length;
  }

  tryAddMessage(message: ServiceBusMessage): boolean {
    const size = Buffer.byteLength(JSON.stringify(message));
    if (this.sizeInBytes + size > this.maxSizeInBytes) return false;
    this.messages.push(message);
    this.sizeInBytes += size;
    return true;
  }
}

class FakeSender implements TopicSender {
  readonly sent: ServiceBusMessage[][] = [];
  failOnSend: number | undefined;

  constructor(private readonly maxSizeInBytes: number) {}

  createMessageBatch(): Promise<ServiceBusMessageBatch> {
    return Promise.resolve(new FakeBatch(this.maxSizeInBytes));
  }

  sendMessages(batch: ServiceBusMessage | ServiceBusMessage[] | ServiceBusMessageBatch): Promise<void> {
    if (this.failOnSend === this.sent.length) return Promise.reject(new Error('ServiceCommunicationError'));
    this.sent.push([...(batch as FakeBatch).messages]);
    return Promise.resolve();
  }
}

describe('Service Bus message mapping', () => {
  it('puts the CloudEvent in the body and what the filters and duplicate detection need around it', () => {
    const message = toServiceBusMessage(event(4, 'sla.breached'));
    expect(message).toEqual({
      messageId: 'ACME-9.4',
      contentType: 'application/cloudevents+json',
      subject: 'sla.breached',
      sessionId: 'ACME-9',
      applicationProperties: { type: 'sla.breached', category: 'sla', clientId: 'acme', severity: 'cat2' },
      body: event(4, 'sla.breached'),
    });
  });

  it('sets no session for an event that belongs to no ticket', () => {
    const message = toServiceBusMessage({ ...event(1), subject: '' });
    expect(message).not.toHaveProperty('sessionId');
  });
});

describe('ServiceBusEventPublisher metering', () => {
  it('counts one send per batch sent and every message in it', async () => {
    const meter = new CountingMeter();
    const sender = new FakeSender(1500);
    const events = [1, 2, 3, 4].map((seq) => event(seq, 'ticket.commented', 'y'.repeat(300)));
    await new ServiceBusEventPublisher(sender, meter).publish(events);
    expect(sender.sent.length).toBeGreaterThan(1);
    expect(meter.snapshot()).toEqual({ 'serviceBus.sends': sender.sent.length, 'serviceBus.messagesSent': 4 });
  });

  it('counts nothing for a send that failed', async () => {
    const meter = new CountingMeter();
    const sender = new FakeSender(256 * 1024);
    sender.failOnSend = 0;
    await expect(new ServiceBusEventPublisher(sender, meter).publish([event(1)])).rejects.toThrow();
    expect(meter.snapshot()).toEqual({});
  });
});

describe('ServiceBusEventPublisher batching', () => {
  it('sends a few events in one batch', async () => {
    const sender = new FakeSender(256 * 1024);
    await new ServiceBusEventPublisher(sender).publish([event(1), event(2), event(3)]);
    expect(sender.sent.map((batch) => batch.map((m) => m.messageId))).toEqual([['ACME-9.1', 'ACME-9.2', 'ACME-9.3']]);
  });

  it('starts a new batch when one is full, keeping the order across batches', async () => {
    const one = Buffer.byteLength(JSON.stringify(toServiceBusMessage(event(1))));
    const sender = new FakeSender(one * 2 + 10);
    await new ServiceBusEventPublisher(sender).publish([1, 2, 3, 4, 5].map((seq) => event(seq)));
    expect(sender.sent.map((batch) => batch.map((m) => m.messageId))).toEqual([
      ['ACME-9.1', 'ACME-9.2'],
      ['ACME-9.3', 'ACME-9.4'],
      ['ACME-9.5'],
    ]);
  });

  it('sends nothing for no events', async () => {
    const sender = new FakeSender(1024);
    await new ServiceBusEventPublisher(sender).publish([]);
    expect(sender.sent).toEqual([]);
  });

  it('refuses an event too large for any message', async () => {
    const sender = new FakeSender(2048);
    await expect(
      new ServiceBusEventPublisher(sender).publish([event(1, 'ticket.commented', 'x'.repeat(5000))]),
    ).rejects.toThrow(/does not fit/);
    expect(sender.sent).toEqual([]);
  });

  it('fails when a send fails, after the batches before it went out (the relay then sends all again)', async () => {
    const one = Buffer.byteLength(JSON.stringify(toServiceBusMessage(event(1))));
    const sender = new FakeSender(one + 10);
    sender.failOnSend = 1;
    await expect(new ServiceBusEventPublisher(sender).publish([event(1), event(2), event(3)])).rejects.toThrow(
      'ServiceCommunicationError',
    );
    expect(sender.sent.map((batch) => batch.map((m) => m.messageId))).toEqual([['ACME-9.1']]);
  });
});
