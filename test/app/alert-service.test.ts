import { beforeAll, describe, expect, it } from 'vitest';
import { alertSources } from '../../src/alerts/alert-sources';
import type { AlertSignal, AlertSourceName } from '../../src/alerts/alert-signal';
import { alertClaimKey } from '../../src/alerts/dedup-key';
import { AlertService } from '../../src/app/alert-service';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import { SlaKeeper } from '../../src/app/sla-keeper';
import type { Principal } from '../../src/app/principal';
import type { TicketService } from '../../src/app/ticket-service';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Ticket } from '../../src/domain/tickets/ticket';
import type { Clock } from '../../src/ports/clock';
import { alertFixture, alertKey, alertSignal, azureFired } from '../alerts/support/alert-fixtures';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

let clientStore: InMemoryClientStore;
let store: InMemoryTicketStore;
let alerts: AlertService;
let tickets: TicketService;
const clock: Clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const admin: Principal = { kind: 'admin' };

/** A client of its own per test, so counters and claims never mix. */
async function newClient(id: string, agreement: Record<string, unknown> = {}): Promise<Principal> {
  const body = contractClient() as { agreement: Record<string, unknown> };
  const prefix = id
    .replace(/[^a-z0-9]/g, '')
    .toUpperCase()
    .slice(0, 12);
  await inMemoryClientService(clientStore, clock).putClient(
    id,
    clientBodySchema.parse({ ...body, ticketPrefix: prefix, agreement: { ...body.agreement, ...agreement } }),
  );
  return alertKey(id, 'prometheus-prod');
}

const ticketsOf = (clientId: string): Promise<Ticket[]> => store.list({ clientId });
const read = (source: AlertSourceName, payload: unknown): AlertSignal[] => {
  const reading = alertSources[source].read(payload);
  if (!reading.ok) throw new Error(JSON.stringify(reading.issues));
  return reading.signals;
};

beforeAll(() => {
  // In-memory ports (test/support/in-memory). Claims under concurrency in the Table store itself:
  // test/adapters/tables/ticket-claims.test.ts (Azurite).
  clientStore = new InMemoryClientStore();
  store = new InMemoryTicketStore();
  alerts = new AlertService(clientStore, store, clock);
  tickets = inMemoryTicketService(clientStore, store, clock);
});

describe('a ticket raised by an alert', () => {
  it('carries the plan of its first SLA sleep (slaNextAt) as any new ticket does: the instant the SLA keeper would plan', async () => {
    const key = await newClient('planned');
    await alerts.ingest(key, 'alertmanager', [alertSignal('disk-full')]);
    const [created] = await store.timeline('planned', 1);
    expect(created?.type).toBe('ticket.created');
    const plan = await new SlaKeeper(clientStore, store).keep(
      { clientId: 'planned', number: 1 },
      clock.now().toISOString(),
    );
    expect(plan.nextAt).toBeDefined();
    expect(created?.data).toMatchObject({ slaNextAt: plan.nextAt });
  });
});

describe('concurrent identical triggers', () => {
  it('500 at once: exactly one ticket, 500 occurrences, a gapless timeline', async () => {
    const key = await newClient('storm');
    const outcomes = (
      await Promise.all(
        Array.from({ length: 500 }, () => alerts.ingest(key, 'alertmanager', [alertSignal('disk-full')])),
      )
    ).flat();

    expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'repeated')).toHaveLength(499);
    expect(new Set(outcomes.map((o) => o.ticketId))).toEqual(new Set(['STORM-1']));
    expect(outcomes.map((o) => o.occurrences).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 500 }, (_, i) => i + 1),
    );

    const all = await ticketsOf('storm');
    expect(all).toHaveLength(1);
    expect(all[0]?.origin).toEqual({ kind: 'alert', source: 'alertmanager', dedupKey: 'disk-full', occurrences: 500 });
    const timeline = await store.timeline('storm', 1);
    expect(timeline.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(timeline[0]?.type).toBe('ticket.created');
    expect(timeline.slice(1).every((e) => e.type === 'alert.repeated')).toBe(true);
  });

  it('from two services over one store at once: still one ticket, every trigger counted', async () => {
    const key = await newClient('twoproc');
    const other = new AlertService(clientStore, store, clock);
    const outcomes = (
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          (i % 2 ? alerts : other).ingest(key, 'pagerduty', [alertSignal('srv01/mysql')]),
        ),
      )
    ).flat();
    expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(1);
    const all = await ticketsOf('twoproc');
    expect(all).toHaveLength(1);
    expect(all[0]?.origin?.occurrences).toBe(200);
    expect((await store.timeline('twoproc', 1)).map((e) => e.seq)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
  });

  it('many different keys at once: one ticket each, numbered without gaps', async () => {
    const key = await newClient('manykeys');
    const outcomes = (
      await Promise.all(
        Array.from({ length: 120 }, (_, i) => alerts.ingest(key, 'grafana', [alertSignal(`fp-${i % 60}`)])),
      )
    ).flat();
    expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(60);
    const all = await ticketsOf('manykeys');
    expect(all.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(all.every((t) => t.origin?.occurrences === 2)).toBe(true);
  });
});

describe('lifecycle of an alert ticket', () => {
  it('fired, repeated, resolved (noted only), closed, fired again: a second ticket that takes the claim over', async () => {
    const key = await newClient('cycle');
    const [created] = await alerts.ingest(key, 'azure-monitor', read('azure-monitor', azureFired()));
    expect(created).toMatchObject({ outcome: 'created', ticketId: 'CYCLE-1', severity: 'cat2', occurrences: 1 });
    const [repeated] = await alerts.ingest(key, 'azure-monitor', read('azure-monitor', azureFired()));
    expect(repeated).toMatchObject({ outcome: 'repeated', ticketId: 'CYCLE-1', occurrences: 2 });
    const [resolved] = await alerts.ingest(
      key,
      'azure-monitor',
      read('azure-monitor', alertFixture('azure-monitor/common-schema-sample.json')),
    );
    expect(resolved).toMatchObject({ outcome: 'resolved', ticketId: 'CYCLE-1' });
    const [again] = await alerts.ingest(
      key,
      'azure-monitor',
      read('azure-monitor', alertFixture('azure-monitor/common-schema-sample.json')),
    );
    expect(again).toMatchObject({ outcome: 'ignored', ticketId: 'CYCLE-1', note: 'Already resolved.' });

    const first = await tickets.get(admin, 'CYCLE-1');
    expect(first.view).toMatchObject({
      status: 'new',
      type: 'defect',
      reporter: 'prometheus-prod',
      severity: 'cat2',
      title: 'WCUS-R2-Gen2 on wcus-r2-gen2',
    });
    expect(first.view.origin).toMatchObject({ kind: 'alert', source: 'azure-monitor', occurrences: 2 });

    await tickets.act(admin, 'CYCLE-1', { action: 'close', reason: 'Fixed the VM size.' });
    const [reopened] = await alerts.ingest(key, 'azure-monitor', read('azure-monitor', azureFired()));
    expect(reopened).toMatchObject({ outcome: 'created', ticketId: 'CYCLE-2', occurrences: 1 });
    const [repeatOnSecond] = await alerts.ingest(key, 'azure-monitor', read('azure-monitor', azureFired()));
    expect(repeatOnSecond).toMatchObject({ outcome: 'repeated', ticketId: 'CYCLE-2', occurrences: 2 });

    // Closing stops both clocks in time: the state machine records them met.
    expect((await store.timeline('cycle', 1)).map((e) => e.type)).toEqual([
      'ticket.created',
      'alert.repeated',
      'alert.resolved',
      'ticket.closed',
      'sla.met',
      'sla.met',
    ]);
    const second = await store.timeline('cycle', 2);
    expect(second.map((e) => e.type)).toEqual(['ticket.created', 'alert.repeated']);
    expect(second[0]?.data).toMatchObject({
      previousTicketId: 'CYCLE-1',
      origin: { kind: 'alert', source: 'azure-monitor', occurrences: 1 },
    });
    const claim = await store.readClaim(
      'cycle',
      alertClaimKey('azure-monitor', String((first.view.origin as { dedupKey: string }).dedupKey)),
    );
    expect(claim?.number).toBe(2);
  });

  it('auto-resolves an untouched ticket when the agreement says so, with sla.met; the next trigger opens a new ticket', async () => {
    const key = await newClient('autores', { autoResolveAlerts: true });
    await alerts.ingest(key, 'pagerduty', [alertSignal('srv01/mysql')]);
    const [cleared] = await alerts.ingest(key, 'pagerduty', [alertSignal('srv01/mysql', 'resolve')]);
    expect(cleared).toMatchObject({ outcome: 'auto-resolved', ticketId: 'AUTORES-1' });
    const ticket = await tickets.get(admin, 'AUTORES-1');
    expect(ticket.view.status).toBe('resolved');
    expect(ticket.view.resolution).toMatchObject({ by: 'prometheus-prod' });
    expect(ticket.view.sla.assess.status).toBe('met');
    const types = (await store.timeline('autores', 1)).map((e) => e.type);
    expect(types).toEqual(['ticket.created', 'alert.resolved', 'ticket.resolved', 'sla.met', 'sla.met']);

    const [next] = await alerts.ingest(key, 'pagerduty', [alertSignal('srv01/mysql')]);
    expect(next).toMatchObject({ outcome: 'created', ticketId: 'AUTORES-2' });
  });

  it('does not auto-resolve a ticket a person has acted on', async () => {
    const key = await newClient('touched', { autoResolveAlerts: true });
    await alerts.ingest(key, 'grafana', [alertSignal('c6eadffa33fcdf37')]);
    await tickets.act(admin, 'TOUCHED-1', { action: 'comment', text: 'Looking at it.' });
    const [cleared] = await alerts.ingest(key, 'grafana', [alertSignal('c6eadffa33fcdf37', 'resolve')]);
    expect(cleared).toMatchObject({ outcome: 'resolved', ticketId: 'TOUCHED-1' });
    expect((await tickets.get(admin, 'TOUCHED-1')).view.status).toBe('new');
  });

  it('ignores a resolve or acknowledge with no ticket, and notes an acknowledgement on an open one', async () => {
    const key = await newClient('ack');
    expect(await alerts.ingest(key, 'pagerduty', [alertSignal('nothing', 'resolve')])).toEqual([
      { dedupKey: 'nothing', action: 'resolve', outcome: 'ignored', note: 'No ticket was raised for this alert.' },
    ]);
    expect((await alerts.ingest(key, 'pagerduty', [alertSignal('nothing', 'acknowledge')]))[0]?.outcome).toBe(
      'ignored',
    );
    await alerts.ingest(key, 'pagerduty', [alertSignal('srv01/mysql')]);
    expect((await alerts.ingest(key, 'pagerduty', [alertSignal('srv01/mysql', 'acknowledge')]))[0]).toMatchObject({
      outcome: 'acknowledged',
      ticketId: 'ACK-1',
    });
    expect(await ticketsOf('ack')).toHaveLength(1);
  });

  it("keeps the order of one key's alerts within a payload: trigger then resolve", async () => {
    const key = await newClient('order');
    const outcomes = await alerts.ingest(key, 'alertmanager', [
      alertSignal('a'),
      alertSignal('b'),
      alertSignal('a', 'resolve'),
      alertSignal('a'),
    ]);
    expect(outcomes.map((o) => [o.dedupKey, o.outcome, o.ticketId])).toEqual([
      ['a', 'created', 'ORDER-1'],
      ['b', 'created', 'ORDER-2'],
      ['a', 'resolved', 'ORDER-1'],
      ['a', 'repeated', 'ORDER-1'],
    ]);
  });
});

describe('severity, reporter and authorisation', () => {
  it('maps alert severities through the agreement, and falls back to the least severe covered one', async () => {
    const key = await newClient('sev');
    const outcomes = await alerts.ingest(key, 'alertmanager', [
      alertSignal('x', 'trigger', 'critical'),
      alertSignal('y', 'trigger', 'Warning'),
      alertSignal('z', 'trigger', 'page'),
    ]);
    expect(outcomes.map((o) => o.severity)).toEqual(['cat1', 'cat2', 'cat2']);
    const created = (await store.timeline('sev', 3))[0];
    expect(created?.type === 'ticket.created' && created.data.alert).toMatchObject({
      alertSeverity: 'page',
      severityMapped: false,
    });
    expect(created?.actor).toBe('prometheus-prod');
  });

  it('raises one ticket per alert of the Grafana documentation sample (no severity labels: fallback)', async () => {
    const key = await newClient('grafana');
    const outcomes = await alerts.ingest(key, 'grafana', read('grafana', alertFixture('grafana/webhook-sample.json')));
    expect(outcomes.map((o) => [o.outcome, o.ticketId, o.severity])).toEqual([
      ['created', 'GRAFANA-1', 'cat2'],
      ['created', 'GRAFANA-2', 'cat2'],
    ]);
    const first = (await store.timeline('grafana', 1))[0];
    expect(first?.type === 'ticket.created' && first.data.alert).toMatchObject({
      dedupKey: 'c6eadffa33fcdf37',
      payload: { alert: { silenceURL: expect.stringContaining('silence') as unknown } },
    });
  });

  it('refuses the admin key, contacts and keys without alerts:write, and writes nothing', async () => {
    await newClient('refused');
    const noScope: Principal = {
      kind: 'client-key',
      clientId: 'refused',
      keyId: 'k',
      name: 'k',
      scopes: ['tickets:write'],
    };
    const contact: Principal = {
      kind: 'contact',
      email: 'jo@refused.test',
      name: 'Jo',
      memberships: [{ clientId: 'refused', roles: ['requester'] }],
    };
    for (const principal of [admin, noScope, contact]) {
      await expect(alerts.ingest(principal, 'pagerduty', [alertSignal('k')])).rejects.toMatchObject({
        kind: 'forbidden',
      });
    }
    expect(await ticketsOf('refused')).toHaveLength(0);
  });
});
