import { describe, expect, it } from 'vitest';
import { ticketCloudEvent, type CloudEvent } from '../../src/domain/events/cloud-event';
import { SlaSignaller, type OrchestrationClient } from '../../src/orchestrations/sla-signaller';
import { looseEvent } from '../support/loose-event';

const event = (type: string, data: Record<string, unknown> = {}, seq = 1): CloudEvent =>
  ticketCloudEvent(
    { clientId: 'acme', ticketId: 'ACME-7', severity: 'cat2', title: 'Down', status: 'new' },
    looseEvent({ seq, type, at: '2026-11-24T10:00:00.000Z', actor: 'jo@acme.test', data }),
  );

const covered = { sla: { assess: { status: 'running' }, resolve: { status: 'running' } } };
const uncovered = { sla: { assess: { status: 'not-applicable' }, resolve: { status: 'not-applicable' } } };

/** A Durable client over an in-memory instance table that refuses to start a running instance, as with `NonRunningStates`. */
function fakeClient(initial: Record<string, string> = {}) {
  const status = new Map(Object.entries(initial));
  const calls: string[] = [];
  const inputs: unknown[] = [];
  let failRaise = false;
  /** Runs once, just before the next startNew is answered (another delivery starting the instance first). */
  let beforeStart: (() => void) | undefined;
  // Each answer after a turn of the event loop, as over HTTP.
  const later = async <T>(answer: () => T): Promise<T> => {
    await Promise.resolve();
    return answer();
  };
  const client: OrchestrationClient = {
    startNew: (name, { instanceId, input }) =>
      later(() => {
        beforeStart?.();
        beforeStart = undefined;
        calls.push(`start ${name} ${instanceId}`);
        inputs.push(input);
        const now = status.get(instanceId);
        if (now === 'Running' || now === 'Pending')
          throw new Error(`An Orchestration instance with the status ${now} already exists.`);
        status.set(instanceId, 'Running');
        return instanceId;
      }),
    raiseEvent: (instanceId, eventName) =>
      later(() => {
        calls.push(`raise ${eventName} ${instanceId}`);
        if (failRaise) throw new Error('network down');
        if (status.get(instanceId) !== 'Running') throw new Error(`HTTP 410 or 404 for ${instanceId}`);
      }),
    getStatus: (instanceId) =>
      later(() => {
        const now = status.get(instanceId);
        if (!now) throw new Error('404');
        return { runtimeStatus: now };
      }),
  };
  return {
    client,
    calls,
    inputs,
    status,
    failRaiseEvents: () => (failRaise = true),
    onNextStart: (act: () => void) => (beforeStart = act),
  };
}

describe('SlaSignaller: the sla subscription starts and tells SLA orchestrations idempotently', () => {
  it("starts the ticket's orchestration on ticket.created, under an id derived from the ticket", async () => {
    const { client, calls } = fakeClient();
    expect(await new SlaSignaller(client).eventArrived(event('ticket.created', covered))).toBe('started');
    expect(calls).toEqual(['start ticket-sla sla-acme-7']);
  });

  it("passes ticket.created's slaNextAt as the plan of the first sleep, so the orchestration skips its first activity", async () => {
    const { client, inputs } = fakeClient();
    await new SlaSignaller(client).eventArrived(
      event('ticket.created', { ...covered, slaNextAt: '2026-11-24T13:00:00.000Z' }),
    );
    expect(inputs).toEqual([
      { clientId: 'acme', number: 7, firstPlan: { nextAt: '2026-11-24T13:00:00.000Z', done: false, final: false } },
    ]);
  });

  it('passes no plan for a ticket.created without a usable slaNextAt (older events): the orchestration plans through its activity', async () => {
    for (const data of [covered, { ...covered, slaNextAt: 'soon' }, { ...covered, slaNextAt: 5 }]) {
      const { client, inputs } = fakeClient();
      expect(await new SlaSignaller(client).eventArrived(event('ticket.created', data))).toBe('started');
      expect(inputs).toEqual([{ clientId: 'acme', number: 7 }]);
    }
  });

  it('passes no plan when it restarts an orchestration on a change, nor from the repair sweep', async () => {
    const { client, inputs } = fakeClient({ 'sla-acme-7': 'Completed' });
    expect(
      await new SlaSignaller(client).eventArrived(
        event('ticket.reopened', { slaNextAt: '2026-11-24T13:00:00.000Z' }, 9),
      ),
    ).toBe('restarted');
    const sweep = fakeClient();
    expect(await new SlaSignaller(sweep.client).ensureRunning({ clientId: 'acme', number: 7 })).toBe('restarted');
    expect([...inputs, ...sweep.inputs]).toEqual([
      { clientId: 'acme', number: 7 },
      { clientId: 'acme', number: 7 },
    ]);
  });

  it('tells an orchestration started meanwhile (by ticket.created, with a plan that predates the change) instead of dropping the change', async () => {
    const { client, calls, status, onNextStart } = fakeClient();
    // The change finds no instance; before its own start, the created event's start gets in first.
    onNextStart(() => status.set('sla-acme-7', 'Running'));
    expect(await new SlaSignaller(client).eventArrived(event('ticket.assessed', {}, 2))).toBe('signalled');
    expect(calls).toEqual([
      'raise ticket-changed sla-acme-7',
      'start ticket-sla sla-acme-7',
      'raise ticket-changed sla-acme-7',
    ]);
  });

  it('treats a second ticket.created (redelivery, outbox re-publish) as done when the instance runs', async () => {
    const { client, status } = fakeClient({ 'sla-acme-7': 'Running' });
    expect(await new SlaSignaller(client).eventArrived(event('ticket.created', covered))).toBe('already-running');
    expect(status.get('sla-acme-7')).toBe('Running');
  });

  it('starts nothing for a ticket without applicable clocks', async () => {
    const { client, calls } = fakeClient();
    expect(await new SlaSignaller(client).eventArrived(event('ticket.created', uncovered))).toBe('no-clocks');
    expect(calls).toEqual([]);
  });

  it('tells a running orchestration about a clock-moving change', async () => {
    const { client, calls } = fakeClient({ 'sla-acme-7': 'Running' });
    expect(await new SlaSignaller(client).eventArrived(event('ticket.waiting', {}, 4))).toBe('signalled');
    expect(calls).toEqual(['raise ticket-changed sla-acme-7']);
  });

  it('starts again an orchestration that ended (or never started) when its ticket changes: it re-plans', async () => {
    const initials: Record<string, string>[] = [{ 'sla-acme-7': 'Completed' }, {}];
    for (const initial of initials) {
      const { client, calls, status } = fakeClient(initial);
      expect(await new SlaSignaller(client).eventArrived(event('ticket.reopened', {}, 9))).toBe('restarted');
      expect(calls).toEqual(['raise ticket-changed sla-acme-7', 'start ticket-sla sla-acme-7']);
      expect(status.get('sla-acme-7')).toBe('Running');
    }
  });

  it('fails (so the message comes again) when a running orchestration could not be told', async () => {
    const { client, calls, failRaiseEvents } = fakeClient({ 'sla-acme-7': 'Running' });
    failRaiseEvents();
    await expect(new SlaSignaller(client).eventArrived(event('ticket.resolved'))).rejects.toThrow('network down');
    expect(calls).toEqual(['raise ticket-changed sla-acme-7']);
  });

  it('ignores events that cannot move a clock', async () => {
    const { client, calls } = fakeClient({ 'sla-acme-7': 'Running' });
    expect(await new SlaSignaller(client).eventArrived(event('ticket.commented'))).toBe('ignored');
    expect(await new SlaSignaller(client).eventArrived(event('sla.breached'))).toBe('ignored');
    expect(calls).toEqual([]);
  });
});
