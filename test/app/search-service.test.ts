import { beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedSearchIndex } from '../../src/adapters/search/embedded-search-index';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import type { Principal } from '../../src/app/principal';
import { SearchService } from '../../src/app/search-service';
import type { TicketService } from '../../src/app/ticket-service';
import type { CloudEvent } from '../../src/domain/events/cloud-event';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import type { SearchIndex } from '../../src/ports/search-index';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

const clock: Clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const admin: Principal = { kind: 'admin' };
const contact = (email: string, clientId: string, roles: ('requester' | 'approver')[]): Principal => ({
  kind: 'contact',
  email,
  name: email,
  memberships: [{ clientId, roles }],
});
const jo = contact('jo@acme.test', 'acme', ['requester']);
const al = contact('al@acme.test', 'acme', ['requester']);
const boss = contact('boss@acme.test', 'acme', ['approver']);
const stranger = contact('x@globex.test', 'globex', ['approver']);
const key = (scopes: ('tickets:read' | 'tickets:write')[]): Principal => ({
  kind: 'client-key',
  clientId: 'acme',
  keyId: 'k',
  name: 'k',
  scopes,
});

let tickets: TicketService;
let clientStore: InMemoryClientStore;
let ticketStore: InMemoryTicketStore;
let index: EmbeddedSearchIndex;
let search: SearchService;
let joTicket: string;
let alTicket: string;

const eventAbout = (ticketId: string, type = 'ticket.commented'): CloudEvent => ({
  specversion: '1.0',
  id: `${ticketId}.9`,
  source: `/clients/acme/tickets/${ticketId}`,
  type,
  subject: ticketId,
  time: '2026-11-24T10:00:00Z',
  datacontenttype: 'application/json',
  data: {},
  clientid: 'acme',
  sequence: '00000009',
});
const ids = async (p: Principal, q: string, more = {}) =>
  (await search.search(p, { q, ...more })).items.map((i) => i.ticketId);

beforeAll(async () => {
  clientStore = new InMemoryClientStore();
  ticketStore = new InMemoryTicketStore();
  const clients = inMemoryClientService(clientStore, clock);
  tickets = inMemoryTicketService(clientStore, ticketStore, clock);
  await clients.putClient('acme', clientBodySchema.parse(contractClient()));
  await clients.putClient('globex', clientBodySchema.parse({ ...contractClient(), ticketPrefix: 'GLOBEX' }));
  for (const email of ['jo@acme.test', 'al@acme.test'])
    await clients.putContact('acme', email, { name: email, roles: ['requester'], active: true });
  const body = { clientId: 'acme', severity: 'cat2', type: 'defect' as const, description: 'It broke' };
  joTicket = (await tickets.create(admin, { ...body, title: 'Printer', reporter: 'jo@acme.test' })).view.id;
  alTicket = (await tickets.create(admin, { ...body, title: 'Printer', reporter: 'al@acme.test' })).view.id;
  await tickets.act(admin, joTicket, { action: 'comment', text: 'toner smudges everywhere' });
  await tickets.act(admin, joTicket, { action: 'comment', text: 'supplier password is hunter2', internal: true });
  index = new EmbeddedSearchIndex();
  search = new SearchService(index, clientStore, ticketStore);
  await search.indexEvent(eventAbout(joTicket));
  await search.indexEvent(eventAbout(alTicket, 'ticket.created'));
});

describe('SearchService', () => {
  it('indexes the ticket an event names as the tables hold it, public comments and internal notes apart', async () => {
    expect(await ids(admin, 'toner')).toEqual([joTicket]);
    expect(await ids(admin, 'hunter2')).toEqual([joTicket]);
    expect(await ids(jo, 'toner')).toEqual([joTicket]);
    expect(await ids(jo, 'hunter2')).toEqual([]);
    expect(await ids(boss, 'hunter2')).toEqual([]);
    expect(await ids(key(['tickets:read']), 'hunter2')).toEqual([]);
  });

  it('lets a requester find only the tickets they raised, an approver and a key the whole client, a stranger nothing', async () => {
    expect(await ids(jo, 'printer')).toEqual([joTicket]);
    expect(await ids(al, 'printer')).toEqual([alTicket]);
    expect((await ids(boss, 'printer')).sort()).toEqual([joTicket, alTicket].sort());
    expect((await ids(key(['tickets:read']), 'printer')).sort()).toEqual([joTicket, alTicket].sort());
    expect(await ids(stranger, 'printer')).toEqual([]);
    await expect(search.search(stranger, { q: 'printer', clientId: 'acme' })).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(search.search(key(['tickets:write']), { q: 'printer' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(search.search(admin, { q: ' -- ' })).rejects.toMatchObject({ kind: 'invalid', field: 'q' });
  });

  it('pages with the offset of the next page while more follow', async () => {
    const first = await search.search(admin, { q: 'printer', limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.next).toBe(1);
    const second = await search.search(admin, { q: 'printer', limit: 1, offset: 1 });
    expect(second.next).toBeUndefined();
    expect([first.items[0]!.ticketId, second.items[0]!.ticketId].sort()).toEqual([joTicket, alTicket].sort());
  });

  it('ignores events of other families and tickets that do not exist', async () => {
    const before = await index.state();
    await search.indexEvent({ ...eventAbout(joTicket, 'hourbank.purchased') });
    await search.indexEvent(eventAbout('ACME-999'));
    expect(await index.state()).toEqual(before);
  });

  it('rebuilds an index that is missing or incomplete from the tables, and leaves a complete one alone', async () => {
    const fresh: SearchIndex = new EmbeddedSearchIndex();
    const rebuilding = new SearchService(fresh, clientStore, ticketStore);
    expect(await fresh.state()).toBeUndefined();
    expect(await rebuilding.rebuildIfNeeded()).toBe(true);
    expect(await fresh.state()).toMatchObject({ complete: true, documents: 2 });
    expect(await rebuilding.rebuildIfNeeded()).toBe(false);
    expect((await rebuilding.search(admin, { q: 'hunter2' })).items.map((i) => i.ticketId)).toEqual([joTicket]);
    await fresh.reset(); // a rebuild that did not finish
    expect(await rebuilding.rebuildIfNeeded()).toBe(true);
    expect(await fresh.state()).toMatchObject({ complete: true, documents: 2 });
  });

  it('indexes a batch with one read per ticket named, one index write, and no timeline read for a new ticket', async () => {
    const reads: string[] = [];
    const counted = Object.create(ticketStore) as InMemoryTicketStore;
    counted.get = (clientId, number) => (reads.push(`get ${number}`), ticketStore.get(clientId, number));
    counted.timeline = (clientId, number) => (reads.push(`timeline ${number}`), ticketStore.timeline(clientId, number));
    const written: number[] = [];
    const batchIndex = new EmbeddedSearchIndex();
    const upsert = batchIndex.upsert.bind(batchIndex);
    batchIndex.upsert = (documents) => (written.push(documents.length), upsert(documents));
    const fresh = (
      await tickets.create(admin, {
        clientId: 'acme',
        severity: 'cat2',
        type: 'defect',
        description: 'new',
        title: 'Scanner',
        reporter: 'jo@acme.test',
      })
    ).view.id;
    await new SearchService(batchIndex, clientStore, counted).indexEvents([
      eventAbout(joTicket),
      eventAbout(fresh, 'ticket.created'),
      { ...eventAbout(joTicket), id: `${joTicket}.10` },
      eventAbout(joTicket, 'hourbank.purchased'),
    ]);
    const jo = Number(joTicket.split('-')[1]);
    const created = Number(fresh.split('-')[1]);
    expect(reads.sort()).toEqual([`get ${created}`, `get ${jo}`, `timeline ${jo}`].sort());
    expect(written).toEqual([2]);
    const staff = new SearchService(batchIndex, clientStore, ticketStore);
    expect((await staff.search(admin, { q: 'hunter2' })).items.map((i) => i.ticketId)).toEqual([joTicket]);
    expect((await staff.search(admin, { q: 'scanner' })).items.map((i) => i.ticketId)).toEqual([fresh]);
  });
});
