import { describe, expect, it } from 'vitest';
import { CountingMeter, meterDifference } from '../../../src/adapters/metering/counting-meter';
import { InvocationMeter, minimumBilledMs } from '../../../src/adapters/metering/invocation-meter';
import { MeterReport } from '../../../src/adapters/metering/meter-report';
import { MeteredEmailSender } from '../../../src/adapters/metering/metered-email-sender';
import type { EmailMessage, EmailSender } from '../../../src/ports/email-sender';

const message = (to: string): EmailMessage => ({
  to,
  subject: 'Ticket ACME-1',
  text: 'x'.repeat(400),
  idempotencyKey: to,
});

describe('MeteredEmailSender', () => {
  it('counts each e-mail the provider accepted and its size, not one it refused', async () => {
    const meter = new CountingMeter();
    const sent: string[] = [];
    const inner: EmailSender = {
      send: (m) =>
        m.to.startsWith('bad') ? Promise.reject(new Error('refused')) : (sent.push(m.to), Promise.resolve()),
    };
    const sender = new MeteredEmailSender(inner, meter);
    await sender.send(message('a@example.com'));
    await sender.send(message('b@example.com'));
    await expect(sender.send(message('bad@example.com'))).rejects.toThrow('refused');
    expect(sent).toEqual(['a@example.com', 'b@example.com']);
    const counts = meter.snapshot();
    expect(counts['email.sent']).toBe(2);
    expect(counts['email.bytes']).toBeGreaterThanOrEqual(2 * (400 + 'Ticket ACME-1'.length));
  });
});

describe('InvocationMeter', () => {
  it('counts executions by trigger, and overlapping ones as one busy period billed at least a second', async () => {
    const meter = new CountingMeter();
    const invocations = new InvocationMeter(meter);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const http = invocations.wrap('httpTrigger', async (n: number) => {
      await held;
      return n * 2;
    });
    const activity = invocations.wrap('activityTrigger', (n: number) => {
      // Some CPU, so the period's CPU is above zero.
      let x = 0;
      for (let i = 0; i < 200_000; i++) x += i % 7;
      return n + (x > 0 ? 1 : 0);
    });
    const first = http(1);
    const second = activity(1);
    release();
    expect(await Promise.all([first, second])).toEqual([2, 2]);
    await activity(5);
    const counts = meter.snapshot();
    expect(counts).toMatchObject({
      'functions.executions': 3,
      'functions.executions.httpTrigger': 1,
      'functions.executions.activityTrigger': 2,
      // The first two overlapped: one period; the third ran alone.
      'functions.busyPeriods': 2,
    });
    expect(counts['functions.billedMs']).toBeGreaterThanOrEqual(2 * minimumBilledMs);
    expect(counts['functions.cpuMicros']).toBeGreaterThan(0);
  });

  it('ends the period of a handler that threw', async () => {
    const meter = new CountingMeter();
    const failing = new InvocationMeter(meter).wrap('timerTrigger', () => Promise.reject(new Error('boom')));
    await expect(failing()).rejects.toThrow('boom');
    expect(meter.snapshot()).toMatchObject({ 'functions.executions': 1, 'functions.busyPeriods': 1 });
  });
});

describe('MeterReport', () => {
  it('logs what changed since its last line, and nothing when nothing did', () => {
    const meter = new CountingMeter();
    const report = new MeterReport(meter);
    expect(report.next()).toBeUndefined();
    meter.add('table.transactions', 3);
    meter.add('email.sent');
    expect(report.next()).toBe('metering {"email.sent":1,"table.transactions":3}');
    expect(report.next()).toBeUndefined();
    meter.add('table.transactions');
    expect(report.next()).toBe('metering {"table.transactions":1}');
  });

  it('meterDifference leaves out what did not change', () => {
    expect(meterDifference({ a: 3, b: 1, c: 2 }, { a: 1, b: 1 })).toEqual({ a: 2, c: 2 });
  });
});

describe('attribution', () => {
  it('keeps what a named execution counts, awaited or left running, under by.<name>', async () => {
    const meter = new CountingMeter();
    const invocations = new InvocationMeter(meter);
    let background: Promise<void> | undefined;
    const sweep = invocations.wrap(
      'timerTrigger',
      async () => {
        meter.add('table.transactions', 2);
        // Work the execution sets off and does not await is still its own.
        background = Promise.resolve().then(() => meter.add('serviceBus.sends'));
        await Promise.resolve();
      },
      'outbox-sweep',
    );
    await sweep();
    await background;
    meter.add('table.transactions'); // outside any execution
    expect(meter.snapshot()).toMatchObject({
      'table.transactions': 3,
      'serviceBus.sends': 1,
      'by.outbox-sweep.table.transactions': 2,
      'by.outbox-sweep.serviceBus.sends': 1,
      'by.outbox-sweep.functions.executions': 1,
    });
  });
});
