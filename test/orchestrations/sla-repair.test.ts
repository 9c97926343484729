import { describe, expect, it } from 'vitest';
import { SlaRepair, type RepairOrchestrationClient } from '../../src/orchestrations/sla-repair';

/** A Durable client over a map of instance statuses; `startNew` refuses a running instance, as NonRunningStates does. */
function fakeClient(
  statuses: Map<string, string>,
): RepairOrchestrationClient & { started: string[]; filters: unknown[] } {
  const started: string[] = [];
  const filters: unknown[] = [];
  const running = (id: string) =>
    ['Running', 'Pending', 'ContinuedAsNew', 'Suspended'].includes(statuses.get(id) ?? '');
  return {
    started,
    filters,
    getStatusBy(filter) {
      filters.push(filter);
      return Promise.resolve(
        [...statuses].filter(([, s]) => filter.runtimeStatus?.includes(s)).map(([instanceId]) => ({ instanceId })),
      );
    },
    startNew(_name, { instanceId }) {
      if (running(instanceId)) return Promise.reject(new Error('already exists'));
      started.push(instanceId);
      statuses.set(instanceId, 'Running');
      return Promise.resolve(instanceId);
    },
    raiseEvent: () => Promise.resolve(),
    getStatus: (id) => Promise.resolve(statuses.has(id) ? { runtimeStatus: statuses.get(id) } : undefined),
  };
}

async function* tickets(...refs: [string, number][]) {
  for (const [clientId, number] of refs) yield await Promise.resolve({ clientId, number });
}

describe('SlaRepair', () => {
  it('starts the orchestration of each open ticket with live clocks that has none running, and only those', async () => {
    const statuses = new Map([
      ['sla-acme-1', 'Running'],
      ['sla-acme-2', 'Completed'],
      ['sla-acme-3', 'Terminated'],
      ['sla-bolt-1', 'Suspended'],
    ]);
    const client = fakeClient(statuses);
    const report = await new SlaRepair(client, () =>
      tickets(['acme', 1], ['acme', 2], ['acme', 3], ['acme', 4], ['bolt', 1]),
    ).repair();
    expect(report).toEqual({ checked: 5, started: ['sla-acme-2', 'sla-acme-3', 'sla-acme-4'] });
    expect(client.started).toEqual(['sla-acme-2', 'sla-acme-3', 'sla-acme-4']);
    // One listing of the running instances, not a status read per ticket.
    expect(client.filters).toHaveLength(1);
  });

  it('does not count a ticket whose orchestration was started meanwhile (by the sla subscription) as repaired', async () => {
    const statuses = new Map<string, string>();
    const client = fakeClient(statuses);
    async function* startedDuringTheSweep() {
      statuses.set('sla-acme-7', 'Running');
      yield await Promise.resolve({ clientId: 'acme', number: 7 });
    }
    expect(await new SlaRepair(client, startedDuringTheSweep).repair()).toEqual({ checked: 1, started: [] });
  });

  it('fails, to be retried by the next sweep, when an orchestration cannot be started', async () => {
    const client = fakeClient(new Map());
    client.startNew = () => Promise.reject(new Error('task hub unavailable'));
    await expect(new SlaRepair(client, () => tickets(['acme', 1])).repair()).rejects.toThrow(/task hub unavailable/);
  });
});
