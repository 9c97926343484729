import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingMeter, meterDifference } from '../../src/adapters/metering/counting-meter';
import { LazyTable } from '../../src/adapters/tables/notification-tables';
import { tableClientFor } from '../../src/adapters/tables/table-clients';
import { rowKeyHash } from '../../src/adapters/tables/row-key-hash';
import { deskMessageId } from '../../src/domain/mail/desk-message-id';
import { TableDeskOutbox, TableMailStore } from '../../src/adapters/tables/table-mail-store';
import { deskPartition, mailQuarantinedCloudEvent } from '../../src/domain/events/cloud-event';
import type { Outbox } from '../../src/ports/outbox';
import { startAzurite, type RunningAzurite } from '../../local-host/azurite-process';
import type { MailRecord, MailStore, QuarantinedMail } from '../../src/ports/mail-store';
import { InMemoryMailStore } from '../support/in-memory/in-memory-mail-store';

/**
 * The MailStore contract against the Table implementation (Azurite) and the in-memory twin the intake's
 * tests use. Each case uses keys of its own (the name prefixes them).
 */
const key = (name: string, n: number): string => `${name === 'table' ? 'a' : 'b'}${String(n).padStart(63, '0')}`;

const record = (k: string, decision: MailRecord['decision']): MailRecord => ({
  key: k,
  messageId: `${k}@x`,
  receivedAt: '2026-12-07T10:00:00.000Z',
  decision,
  state: 'pending',
});

function contract(name: string, store: () => MailStore, desk: () => Outbox): void {
  describe(`MailStore contract: ${name}`, () => {
    it('records a decision once; the second record of the same key answers the first, and finish marks it done', async () => {
      const k = key(name, 1);
      const first = record(k, { kind: 'ticket', clientId: 'acme', reporter: 'jo@acme.test' });
      expect(await store().record(first)).toEqual({ kind: 'recorded' });
      const again = await store().record(record(k, { kind: 'ignored', why: 'other' }));
      expect(again).toEqual({ kind: 'exists', record: first });
      await store().finish(k, 'ACME-1');
      expect(await store().record(first)).toEqual({
        kind: 'exists',
        record: { ...first, state: 'done', ticketId: 'ACME-1' },
      });
    });

    it('concurrent records of one key: exactly one is recorded', async () => {
      const k = key(name, 2);
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          store().record(record(k, { kind: 'ticket', clientId: 'acme', reporter: 'jo@acme.test' })),
        ),
      );
      expect(results.filter((r) => r.kind === 'recorded')).toHaveLength(1);
    });

    it('a quarantine decision is done at once and lists the mail until released, once', async () => {
      const k = key(name, 3);
      const mail: QuarantinedMail = {
        id: k,
        messageId: `${k}@x`,
        receivedAt: '2026-12-07T10:00:00.000Z',
        reason: 'unknown-sender',
        from: 'x@else.test',
        subject: 'Hi',
        text: 'Hello',
        sizeBytes: 10,
      };
      await store().record(record(k, { kind: 'quarantine', reason: 'unknown-sender' }), mail);
      expect((await store().listQuarantine()).filter((m) => m.id === k)).toEqual([mail]);
      expect(await store().getQuarantine(k)).toEqual(mail);
      expect(await store().release(k, { kind: 'discarded' })).toBe(true);
      expect(await store().release(k, { kind: 'discarded' })).toBe(false);
      expect(await store().getQuarantine(k)).toBeUndefined();
      expect((await store().record(record(k, { kind: 'ignored', why: '' }))).kind).toBe('exists');
    });

    it("a quarantine's mail.quarantined is written in its transaction, read as ~desk, and removed once published", async () => {
      const k = key(name, 4);
      const mail: QuarantinedMail = {
        id: k,
        messageId: `${k}@x`,
        receivedAt: '2026-12-07T10:00:00.000Z',
        reason: 'ambiguous-client',
        from: 'both@acme.test',
        subject: 'Which client?',
        text: 'body',
        sizeBytes: 10,
      };
      const event = mailQuarantinedCloudEvent({
        quarantineId: k,
        reason: mail.reason,
        from: 'both@acme.test',
        subject: mail.subject,
        receivedAt: mail.receivedAt,
      });
      await store().record(record(k, { kind: 'quarantine', reason: 'ambiguous-client' }), mail, event);
      // A second copy of the mail writes nothing: not the quarantine, not a second announcement.
      await store().record(record(k, { kind: 'quarantine', reason: 'ambiguous-client' }), mail, {
        ...event,
        id: 'other',
      });
      const mine = async () =>
        (await desk().pendingForTickets(deskPartition, [0])).filter((e) => e.event.subject === k);
      const pending = await mine();
      expect(pending.map((e) => [e.clientId, e.event])).toEqual([[deskPartition, event]]);
      expect((await desk().pending(1000)).filter((e) => e.event.subject === k)).toHaveLength(1);
      expect(await desk().pendingForTickets('acme', [0])).toEqual([]);
      await desk().remove(pending);
      expect(await mine()).toEqual([]);
      await desk().remove(pending);
      // The quarantine itself stays until staff accept or discard it.
      expect(await store().getQuarantine(k)).toEqual(mail);
    });

    it('threads: a Message-ID joins the first ticket it is added to; the thread lists in order', async () => {
      const ref = { clientId: `${name}c`, number: 7 };
      await store().addToThread(`${name}-t1@x`, ref);
      await store().addToThread(`${name}-t2@x`, ref);
      await store().addToThread(`${name}-t1@x`, { clientId: 'other', number: 1 });
      expect(await store().findThread(['nothing@x', `${name}-t2@x`])).toEqual(ref);
      expect(await store().findThread([`${name}-t1@x`])).toEqual(ref);
      expect(await store().findThread(['nothing@x'])).toBeUndefined();
      expect(await store().thread(ref)).toEqual([`${name}-t1@x`, `${name}-t2@x`]);
    });

    // The desk's own Message-IDs name their ticket (src/domain/mail/desk-message-id.ts).
    const slug = name === 'table' ? 'tb' : 'mem';
    const hash = (n: number): string => `${name === 'table' ? 'a' : 'b'}${String(n).padStart(31, '0')}`;
    const ours = (n: number, ref: { clientId: string; number: number }): string =>
      deskMessageId(hash(n), ref, 'desk.test');

    it("a desk Message-ID naming its ticket is found by a reply and listed in the thread's order", async () => {
      const ref = { clientId: `${slug}-acme`, number: 3 };
      await store().addToThread(`${slug}-raised@client.test`, ref);
      await store().addToThread(ours(1, ref), ref);
      await store().addToThread(ours(1, ref), ref); // a retried send: still one entry, in its first place
      await store().addToThread(ours(2, ref), ref);
      expect(await store().findThread([ours(2, ref), `${slug}-raised@client.test`])).toEqual(ref);
      expect(await store().findThread([ours(1, ref)])).toEqual(ref);
      expect(await store().thread(ref)).toEqual([`${slug}-raised@client.test`, ours(1, ref), ours(2, ref)]);
      // Added to another ticket later (a client reusing it as its own mail's id): its ticket keeps it.
      const other = { clientId: `${slug}-other`, number: 1 };
      await store().addToThread(ours(1, ref), other);
      expect(await store().findThread([ours(1, ref)])).toEqual(ref);
      expect(await store().thread(other)).toEqual([]);
    });

    it('a forged Message-ID naming a real ticket finds nothing, unless the intake took it into a ticket', async () => {
      const ref = { clientId: `${slug}-real`, number: 5 };
      await store().addToThread(ours(10, ref), ref);
      const forged = ours(11, ref);
      expect(await store().findThread([forged])).toBeUndefined();
      expect(await store().findThread([forged, 'nothing@x'])).toBeUndefined();
      // A hash of the thread's own id with another ticket's name is forged too.
      expect(await store().findThread([ours(10, { ...ref, number: 6 })])).toBeUndefined();
      // A client's mail that carried such an id, taken into the client's own ticket: found there, not at
      // the ticket its id names, whose thread does not list it.
      const theirs = { clientId: `${slug}-evil`, number: 1 };
      await store().addToThread(forged, theirs);
      expect(await store().findThread([forged])).toEqual(theirs);
      expect(await store().thread(theirs)).toEqual([forged]);
      expect(await store().thread(ref)).toEqual([ours(10, ref)]);
    });

    it('the loop guard counts a sender on a ticket within ten minutes, concurrently too', async () => {
      const ref = { clientId: `${name}lg`, number: 1 };
      const at = (s: number) => new Date(Date.parse('2026-12-07T10:00:00Z') + s * 1000);
      const counts = await Promise.all([1, 2, 3, 4, 5].map((s) => store().countRecent(ref, 'jo@acme.test', at(s))));
      expect(counts.sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await store().countRecent(ref, 'ann@acme.test', at(6))).toBe(1);
      expect(await store().countRecent(ref, 'jo@acme.test', at(604))).toBe(2);
    });
  });
}

let azurite: RunningAzurite | undefined;
let table: TableMailStore | undefined;
let tableDesk: TableDeskOutbox | undefined;
let lazyTable: LazyTable | undefined;
// Every request the table store sends, counted as Azure bills it (src/adapters/metering).
const meter = new CountingMeter();
beforeAll(async () => {
  azurite = await startAzurite();
  lazyTable = new LazyTable(tableClientFor({ AzureWebJobsStorage: azurite.connectionString }, 'mail', meter));
  table = new TableMailStore(lazyTable);
  tableDesk = new TableDeskOutbox(lazyTable);
});
afterAll(async () => {
  await azurite?.stop();
});

const memory = new InMemoryMailStore();
contract(
  'in memory',
  () => memory,
  () => memory.deskOutbox,
);
contract(
  'table',
  () => {
    if (!table) throw new Error('the table store is only there inside tests');
    return table;
  },
  () => {
    if (!tableDesk) throw new Error('the table store is only there inside tests');
    return tableDesk;
  },
);

describe('TableMailStore: what threading costs', () => {
  const tableStore = (): TableMailStore => {
    if (!table) throw new Error('the table store is only there inside tests');
    return table;
  };
  const counted = async (work: () => Promise<unknown>): Promise<Record<string, number>> => {
    await lazyTable?.ready();
    const before = meter.snapshot();
    await work();
    return meterDifference(meter.snapshot(), before);
  };

  it("the desk's Message-ID naming its ticket is one write; any other id is two", async () => {
    const ref = { clientId: 'cost', number: 12 };
    const ours = deskMessageId('c'.repeat(32), ref, 'desk.test');
    expect(await counted(() => tableStore().addToThread(ours, ref))).toEqual({
      'table.transactions': 1,
      'table.write': 1,
    });
    expect(await counted(() => tableStore().addToThread('their-own@client.test', ref))).toEqual({
      'table.transactions': 2,
      'table.write': 2,
    });
    // Found by a reply with one point read of the ticket's thread.
    expect(await counted(async () => expect(await tableStore().findThread([ours])).toEqual(ref))).toEqual({
      'table.transactions': 1,
      'table.read': 1,
    });
  });

  it("the desk's mail sent before its ids named their ticket is still found and listed through its rows", async () => {
    const ref = { clientId: 'legacy', number: 2 };
    const old = `${'d'.repeat(32)}@desk.test`;
    const client = await lazyTable!.ready();
    // The rows the store wrote for it then: the `th|` index and a thread row keyed by when it joined.
    await client.createEntity({ partitionKey: 'mail', rowKey: `th|${rowKeyHash(old)}`, ...ref, messageId: old });
    await client.createEntity({
      partitionKey: 'thread|legacy|2',
      rowKey: `2026-12-01T10:00:00.000Z|${rowKeyHash(old)}`,
      messageId: old,
    });
    const next = deskMessageId('e'.repeat(32), ref, 'desk.test');
    await tableStore().addToThread(next, ref);
    expect(await tableStore().findThread([old])).toEqual(ref);
    expect(await tableStore().findThread([next])).toEqual(ref);
    expect(await tableStore().thread(ref)).toEqual([old, next]);
    // Added again (a retried old send): its `th|` row stands, nothing more is written to the thread.
    await tableStore().addToThread(old, ref);
    expect(await tableStore().thread(ref)).toEqual([old, next]);
  });
});
