import path from 'node:path';
import { Cron } from 'croner';
import { beforeAll, describe, expect, it } from 'vitest';
import { topicSubscriptions } from '../../src/messaging/subscriptions';
import { loadFunctionFiles } from '../../local-host/function-loader';
import { installFunctionsCoreShim } from '../../local-host/functions-core-shim';

const functionsDir = path.resolve(__dirname, '../../functions');

describe('deliverer and timer registrations', () => {
  const registry = installFunctionsCoreShim();
  beforeAll(async () => {
    if (registry.all().length === 0) await loadFunctionFiles(functionsDir, (file) => import(file));
  });

  it('register one Service Bus–triggered deliverer per subscription, named after it', () => {
    const deliverers = registry.byTriggerType('serviceBusTrigger');
    expect(deliverers.map((f) => f.name).sort()).toEqual(topicSubscriptions.map((s) => s.name).sort());
    for (const fn of deliverers) {
      expect(fn.trigger).toMatchObject({
        connection: 'ServiceBusConnection',
        topicName: '%SUPPORTDESK_EVENTS_TOPIC%',
        subscriptionName: fn.name,
      });
    }
  });

  it('take events in batches where order per ticket is all they need; the maintenance items one at a time', () => {
    const batched = registry
      .byTriggerType('serviceBusTrigger')
      .filter((fn) => fn.trigger.cardinality === 'many')
      .map((fn) => fn.name)
      .sort();
    expect(batched).toEqual([
      'deliver-hourbank-email',
      'deliver-maintenance-email',
      'deliver-sla-email',
      'deliver-ticket-email',
      'deliver-webhooks',
      'search',
      'sla',
    ]);
  });

  it('run the outbox sweep and the webhook retries every five minutes on six-field schedules', () => {
    for (const name of ['outbox-sweep', 'retry-webhook-deliveries']) {
      const schedule = registry.get(name)?.trigger.schedule;
      expect(typeof schedule).toBe('string');
      expect((schedule as string).split(' ')).toHaveLength(6);
      const runs = new Cron(schedule as string, { timezone: 'UTC', paused: true }).nextRuns(
        2,
        new Date('2026-11-24T10:00:05Z'),
      );
      expect(runs[1]!.getTime() - runs[0]!.getTime()).toBe(300_000);
    }
  });

  it('run no timer more often than every five minutes, so an idle instance is not woken every minute', () => {
    // Each timer execution is billed at least one second of the instance's memory (issue 35).
    const timers = registry.byTriggerType('timerTrigger');
    expect(timers.length).toBeGreaterThan(0);
    for (const timer of timers) {
      const schedule = timer.trigger.schedule as string;
      const runs = new Cron(schedule, { timezone: 'UTC', paused: true }).nextRuns(48, new Date('2026-11-01T00:00:00Z'));
      const gaps = runs.slice(1).map((run, i) => run.getTime() - runs[i]!.getTime());
      expect(Math.min(...gaps), `${timer.name} (${schedule})`).toBeGreaterThanOrEqual(300_000);
    }
  });

  it('register the Graph mail timers only with the Graph transport, so other instances never run them', () => {
    // This suite runs without SUPPORTDESK_MAIL_IN_TRANSPORT; test/e2e/mail-graph.test.ts fires both with it.
    expect(process.env.SUPPORTDESK_MAIL_IN_TRANSPORT).toBeUndefined();
    const names = registry.byTriggerType('timerTrigger').map((timer) => timer.name);
    expect(names).toContain('outbox-sweep');
    expect(names.filter((name) => name.startsWith('graph-mail'))).toEqual([]);
  });
});
