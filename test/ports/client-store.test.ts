import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableClientStore } from '../../src/adapters/tables/table-client-store';
import type { ApiKeyRecord, Contact } from '../../src/domain/clients/client';
import { DomainError } from '../../src/domain/domain-error';
import type { ClientStore } from '../../src/ports/client-store';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { contractClientSettings, testClient } from '../support/test-clients';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';

/**
 * The ClientStore contract, run against `TableClientStore` on Azurite and the in-memory store the
 * application-service tests use, so the fake cannot drift. Each case uses clients of its own (the
 * stores are shared between cases). Rows Table-specific (a client stored before agreement versions
 * existed) stay in test/adapters/tables/table-client-store.test.ts.
 */
const body = contractClientSettings();
const assessWithin = (hours: number) => ({
  ...body.agreement,
  severities: body.agreement.severities.map((s) => (s.id === 'cat2' ? { ...s, assessWithin: `PT${hours}H` } : s)),
});
const contactOf = (clientId: string, email: string, name = 'N'): Contact => ({
  clientId,
  email,
  name,
  roles: ['requester'],
  active: true,
  updatedAt: '2026-11-01T00:00:00.000Z',
});
const keyOf = (clientId: string, id: string): ApiKeyRecord => ({
  id,
  clientId,
  name: id,
  scopes: ['tickets:read'],
  hash: `hash-${clientId}-${id}`,
  createdAt: '2026-11-01T00:00:00.000Z',
});

function contract(name: string, store: () => ClientStore): void {
  describe(`ClientStore contract: ${name}`, () => {
    it('creates and replaces a client, reserving its ticket prefix for it for good', async () => {
      const first = await store().putClient(testClient('pfxa', 'PFXA'));
      expect(first).toEqual({ created: true, client: { ...testClient('pfxa', 'PFXA'), agreementVersion: 1 } });
      expect(await store().getClient('pfxa')).toEqual(first.client);
      expect((await store().putClient(testClient('pfxa', 'PFXA', { name: 'Renamed' }))).created).toBe(false);
      expect(await store().clientIdForPrefix('PFXA')).toBe('pfxa');
      await expect(store().putClient(testClient('pfxb', 'PFXA'))).rejects.toMatchObject({
        kind: 'conflict',
        field: 'ticketPrefix',
      });
      await expect(store().putClient(testClient('pfxb', 'PFXA'))).rejects.toBeInstanceOf(DomainError);
      expect(await store().getClient('pfxb')).toBeUndefined();
      // A client that changes its prefix keeps the old one: old ticket ids still resolve, nobody else takes it.
      await store().putClient(testClient('pfxa', 'PFXN'));
      expect(await store().clientIdForPrefix('PFXA')).toBe('pfxa');
      expect(await store().clientIdForPrefix('PFXN')).toBe('pfxa');
      await expect(store().putClient(testClient('pfxb', 'PFXA'))).rejects.toMatchObject({ kind: 'conflict' });
      expect(await store().clientIdForPrefix('NOPE')).toBeUndefined();
      expect((await store().listClientIds()).filter((id) => id.startsWith('pfx'))).toEqual(['pfxa']);
    });

    it('numbers agreement versions: the same terms keep the version, changed terms or time zone add the next, each kept as written', async () => {
      expect((await store().putClient(testClient('vers', 'VERS'))).client.agreementVersion).toBe(1);
      expect((await store().putClient(testClient('vers', 'VERS', { name: 'Renamed' }))).client.agreementVersion).toBe(
        1,
      );
      expect(
        (await store().putClient(testClient('vers', 'VERS', { agreement: assessWithin(8) }))).client.agreementVersion,
      ).toBe(2);
      expect(
        (await store().putClient(testClient('vers', 'VERS', { agreement: assessWithin(8), timezone: 'Europe/Berlin' })))
          .client.agreementVersion,
      ).toBe(3);
      expect((await store().getClient('vers'))?.agreementVersion).toBe(3);
      expect((await store().getAgreementVersion('vers', 1))?.agreement).toEqual(body.agreement);
      expect((await store().getAgreementVersion('vers', 2))?.agreement).toEqual(assessWithin(8));
      expect((await store().getAgreementVersion('vers', 3))?.timezone).toBe('Europe/Berlin');
      expect(await store().getAgreementVersion('vers', 4)).toBeUndefined();
      expect(await store().getAgreementVersion('nobody', 1)).toBeUndefined();
    });

    it('concurrent replacements never share a version number, and every version the client points at is there', async () => {
      await store().putClient(testClient('race', 'RACE'));
      const results = await Promise.all(
        [5, 6, 7, 8, 9, 10].map((h) => store().putClient(testClient('race', 'RACE', { agreement: assessWithin(h) }))),
      );
      expect(results.map((r) => r.client.agreementVersion).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
        2, 3, 4, 5, 6, 7,
      ]);
      for (const r of results)
        expect((await store().getAgreementVersion('race', r.client.agreementVersion!))?.agreement).toEqual(
          r.client.agreement,
        );
      const current = await store().getClient('race');
      expect(current?.agreementVersion).toBe(7);
      expect((await store().getAgreementVersion('race', 7))?.agreement).toEqual(current?.agreement);
    });

    it('keeps contacts per client, found and replaced whatever the case of the address', async () => {
      expect(await store().putContact(contactOf('cont', 'b@x.test'))).toEqual({ created: true });
      expect(await store().putContact(contactOf('cont', 'A@x.test'))).toEqual({ created: true });
      expect(await store().putContact(contactOf('cont', 'a.b@x.test'))).toEqual({ created: true });
      expect(await store().putContact(contactOf('cont', 'B@X.test', 'Renamed'))).toEqual({ created: false });
      await store().putContact(contactOf('other', 'a@x.test'));
      expect(await store().getContact('cont', 'b@x.test')).toEqual(contactOf('cont', 'B@X.test', 'Renamed'));
      expect(await store().getContact('cont', 'a@X.TEST')).toEqual(contactOf('cont', 'A@x.test'));
      expect(await store().getContact('cont', 'c@x.test')).toBeUndefined();
      expect((await store().listContacts('cont')).map((c) => c.email.toLowerCase()).sort()).toEqual([
        'a.b@x.test',
        'a@x.test',
        'b@x.test',
      ]);
      expect(await store().listContacts('nobody')).toEqual([]);
    });

    it('finds API keys by hash, lists a client’s, revokes by client and key id once, and records their use', async () => {
      await store().addApiKey(keyOf('keys', 'k1'));
      await store().addApiKey(keyOf('keys', 'k2'));
      await store().addApiKey(keyOf('keyz', 'k1'));
      expect(await store().findApiKey('hash-keys-k1')).toEqual(keyOf('keys', 'k1'));
      expect(await store().findApiKey('hash-none')).toBeUndefined();
      expect((await store().listApiKeys('keys')).map((k) => k.id).sort()).toEqual(['k1', 'k2']);
      expect(await store().revokeApiKey('keys', 'k9', '2026-11-02T00:00:00.000Z')).toBe(false);
      expect(await store().revokeApiKey('keys', 'k1', '2026-11-02T00:00:00.000Z')).toBe(true);
      // Revoked again later: still revoked as of the first time (the audit trail keeps when it happened).
      expect(await store().revokeApiKey('keys', 'k1', '2026-11-03T00:00:00.000Z')).toBe(true);
      await store().touchApiKey('hash-keys-k1', '2026-11-04T00:00:00.000Z');
      await store().touchApiKey('hash-none', '2026-11-04T00:00:00.000Z');
      expect(await store().findApiKey('hash-keys-k1')).toEqual({
        ...keyOf('keys', 'k1'),
        revokedAt: '2026-11-02T00:00:00.000Z',
        lastUsedAt: '2026-11-04T00:00:00.000Z',
      });
      expect(await store().findApiKey('hash-keyz-k1')).toEqual(keyOf('keyz', 'k1'));
      expect(await store().findApiKey('hash-keys-k2')).toEqual(keyOf('keys', 'k2'));
    });

    it('makes one key per Idempotency-Key: a repeat, even a concurrent one, stores nothing and gets the first key back', async () => {
      const idempotency = { key: 'admin|retry-1', fingerprint: 'f1' };
      expect(await store().addApiKey(keyOf('idem', 'first'), idempotency)).toEqual({ kind: 'created' });
      expect(await store().addApiKey(keyOf('idem', 'again'), idempotency)).toEqual({
        kind: 'replayed',
        record: keyOf('idem', 'first'),
        fingerprint: 'f1',
      });
      const racing = await Promise.all(
        ['a', 'b', 'c'].map((id) =>
          store().addApiKey(keyOf('idem-race', id), { key: 'admin|race', fingerprint: 'f2' }),
        ),
      );
      expect(racing.filter((r) => r.kind === 'created')).toHaveLength(1);
      expect((await store().listApiKeys('idem')).map((k) => k.id)).toEqual(['first']);
      expect(await store().listApiKeys('idem-race')).toHaveLength(1);
      expect(await store().findApiKey('hash-idem-again')).toBeUndefined();
      // Another key without one, or under another Idempotency-Key, is a key of its own.
      expect(await store().addApiKey(keyOf('idem', 'plain'))).toEqual({ kind: 'created' });
      expect(await store().addApiKey(keyOf('idem', 'other'), { key: 'admin|retry-2', fingerprint: 'f1' })).toEqual({
        kind: 'created',
      });
      expect((await store().listApiKeys('idem')).map((k) => k.id).sort()).toEqual(['first', 'other', 'plain']);
    });
  });
}

let azurite: RunningAzurite | undefined;
let table: TableClientStore | undefined;
beforeAll(async () => {
  azurite = await startAzurite();
  const clients = TableClient.fromConnectionString(azurite.connectionString, 'clients', {
    allowInsecureConnection: true,
  });
  await clients.createTable();
  table = new TableClientStore(clients);
});
afterAll(async () => {
  await azurite?.stop();
});

const memory = new InMemoryClientStore();
contract('in memory', () => memory);
contract('table', () => {
  if (!table) throw new Error('the table store is only there inside tests');
  return table;
});
