import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientService } from '../../src/app/client-service';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import type { Principal } from '../../src/app/principal';
import { SlaKeeper } from '../../src/app/sla-keeper';
import type { TicketService } from '../../src/app/ticket-service';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { DomainError } from '../../src/domain/domain-error';
import type { Clock } from '../../src/ports/clock';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

let tickets: TicketService;
let clients: ClientService;
const clock: Clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const admin: Principal = { kind: 'admin' };

beforeAll(async () => {
  // In-memory ports (test/support/in-memory): the service's rules need no Azurite; the table store
  // keeps the same contract (test/ports/ticket-store.test.ts).
  const clientStore = new InMemoryClientStore();
  clients = inMemoryClientService(clientStore, clock);
  tickets = inMemoryTicketService(clientStore, new InMemoryTicketStore(), clock);
  await clients.putClient('acme', clientBodySchema.parse(contractClient()));
  await clients.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
});

const body = {
  clientId: 'acme',
  title: 'Broken',
  description: 'It broke',
  severity: 'cat2',
  type: 'defect' as const,
  reporter: 'jo@acme.test',
};

async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return {
    ok: results.filter((r) => r.status === 'fulfilled').length,
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as DomainError] : [])),
  };
}

describe('concurrent actions on one ticket', () => {
  it('with the same expected version: one wins, the other is refused as stale, nothing lost', async () => {
    const created = await tickets.create(admin, body);
    const id = created.view.id;
    const { version } = await tickets.get(admin, id);
    const expected = (current: string) => current === version;
    const { ok, errors } = await settle([
      tickets.act(admin, id, { action: 'comment', text: 'first' }, expected),
      tickets.act(admin, id, { action: 'comment', text: 'second' }, expected),
    ]);
    expect(ok).toBe(1);
    expect(errors.map((e) => e.kind)).toEqual(['stale']);
    const timeline = (await tickets.timelinePage(admin, id, { after: 0, limit: 500 })).items;
    expect(timeline.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('without If-Match: both are applied in turn when both are legal', async () => {
    const id = (await tickets.create(admin, body)).view.id;
    const { ok } = await settle([
      tickets.act(admin, id, { action: 'comment', text: 'a' }),
      tickets.act(admin, id, { action: 'comment', text: 'b' }),
    ]);
    expect(ok).toBe(2);
    const texts = (await tickets.timelinePage(admin, id, { after: 0, limit: 500 })).items
      .filter((e) => e.type === 'ticket.commented')
      .map((e) => e.data.text);
    expect(texts.sort()).toEqual(['a', 'b']);
  });

  it('without If-Match: the second of two assessments is refused as illegal (409)', async () => {
    const id = (await tickets.create(admin, body)).view.id;
    const { ok, errors } = await settle([
      tickets.act(admin, id, { action: 'assess', tier: 'L2' }),
      tickets.act(admin, id, { action: 'assess', tier: 'L3' }),
    ]);
    expect(ok).toBe(1);
    expect(errors.map((e) => e.kind)).toEqual(['conflict']);
    const assessed = (await tickets.timelinePage(admin, id, { after: 0, limit: 500 })).items.filter(
      (e) => e.type === 'ticket.assessed',
    );
    expect(assessed).toHaveLength(1);
  });
});

describe('tenancy', () => {
  it("hides another client's ticket behind a 404", async () => {
    await clients.putClient(
      'globex',
      clientBodySchema.parse({ ...contractClient(), name: 'Globex', ticketPrefix: 'GLBX' }),
    );
    const id = (await tickets.create(admin, body)).view.id;
    const other: Principal = {
      kind: 'client-key',
      clientId: 'globex',
      keyId: 'k',
      name: 'k',
      scopes: ['tickets:read', 'tickets:write'],
    };
    await expect(tickets.get(other, id)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(tickets.act(other, id, { action: 'comment', text: 'x' })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(tickets.create(other, body)).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('ticket.created carries the plan of the first SLA sleep (slaNextAt)', () => {
  const clientStore = new InMemoryClientStore();
  const ticketStore = new InMemoryTicketStore();
  const service = inMemoryTicketService(clientStore, ticketStore, clock);
  const keeper = new SlaKeeper(clientStore, ticketStore);
  beforeAll(async () => {
    await inMemoryClientService(clientStore, clock).putClient('acme', clientBodySchema.parse(contractClient()));
    await inMemoryClientService(clientStore, clock).putContact('acme', 'jo@acme.test', {
      name: 'Jo',
      roles: ['requester'],
      active: true,
    });
  });

  async function created(request: typeof body & { channel?: 'phone'; receivedAt?: string }) {
    const id = (await service.create(admin, request)).view.id;
    const [first] = (await service.timelinePage(admin, id, { after: 0, limit: 10 })).items;
    if (first?.type !== 'ticket.created') throw new Error(`The first event of ${id} is ${String(first?.type)}.`);
    return { number: Number(id.split('-')[1]), slaNextAt: first.data.slaNextAt };
  }

  it('is the instant the SLA keeper would plan from the stored ticket: its earliest warning', async () => {
    const { number, slaNextAt } = await created(body);
    const plan = await keeper.keep({ clientId: 'acme', number }, clock.now().toISOString());
    expect(plan).toEqual({ recorded: 0, nextAt: slaNextAt, done: false, final: false });
    expect(slaNextAt).toBeDefined();
  });

  it('lets the orchestration end only for a ticket that is gone: the keeper finds no ticket', async () => {
    expect(await keeper.keep({ clientId: 'acme', number: 9999 }, clock.now().toISOString())).toEqual({
      recorded: 0,
      done: true,
      final: true,
    });
    expect(await keeper.keep({ clientId: 'no-such-client', number: 1 }, clock.now().toISOString())).toEqual({
      recorded: 0,
      done: true,
      final: true,
    });
  });

  it('lies in the past for a ticket dated back, and is the first moment the keeper then records', async () => {
    const { number, slaNextAt } = await created({
      ...body,
      severity: 'cat1',
      channel: 'phone',
      receivedAt: '2026-11-23T10:00:00Z',
    });
    expect(Date.parse(String(slaNextAt))).toBeLessThan(clock.now().getTime());
    const before = new Date(Date.parse(String(slaNextAt)) - 1).toISOString();
    expect(await keeper.keep({ clientId: 'acme', number }, before)).toEqual({
      recorded: 0,
      nextAt: slaNextAt,
      done: false,
      final: false,
    });
    expect((await keeper.keep({ clientId: 'acme', number }, String(slaNextAt))).recorded).toBe(1);
  });

  it('is absent when no clock can fire (a severity the agreement does not cover)', async () => {
    const { slaNextAt } = await created({ ...body, severity: 'cat3' });
    expect(slaNextAt).toBeUndefined();
  });
});

describe('the answer to a create', () => {
  it('is the ticket as committed, when the store built it under another number first (a renumbered group)', async () => {
    const clientStore = new InMemoryClientStore();
    // As the table store does when another writer moved the counter: build, fail, build again with the next number.
    class RenumberingStore extends InMemoryTicketStore {
      override create(command: Parameters<InMemoryTicketStore['create']>[0]) {
        command.build(41);
        return super.create(command);
      }
    }
    const service = inMemoryTicketService(clientStore, new RenumberingStore(), clock);
    const clientService = inMemoryClientService(clientStore, clock);
    await clientService.putClient('acme', clientBodySchema.parse(contractClient()));
    await clientService.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
    const created = await service.create(admin, body);
    const id = created.view.id;
    expect(id).toBe('ACME-1');
    expect(created.view).toEqual((await service.get(admin, id)).view);
  });
});
