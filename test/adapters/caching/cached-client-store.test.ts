import { describe, expect, it } from 'vitest';
import { CachedClientStore } from '../../../src/adapters/caching/cached-client-store';
import type { AgreementVersion } from '../../../src/domain/agreement/agreement-version';
import type { ApiKeyRecord, Client, Contact } from '../../../src/domain/clients/client';
import type { ClientStore } from '../../../src/ports/client-store';

function countingStore() {
  const calls: string[] = [];
  const clients = new Map<string, Client>();
  const keys = new Map<string, ApiKeyRecord>();
  const versions = new Map<string, AgreementVersion>();
  const store: ClientStore = {
    getClient: (id) => (calls.push(`get ${id}`), Promise.resolve(clients.get(id))),
    putClient: (c) => (calls.push(`put ${c.id}`), clients.set(c.id, c), Promise.resolve({ created: true, client: c })),
    getAgreementVersion: (id, v) => (calls.push(`version ${id} ${v}`), Promise.resolve(versions.get(`${id}|${v}`))),
    clientIdForPrefix: (p) => (calls.push(`prefix ${p}`), Promise.resolve(p === 'ACME' ? 'acme' : undefined)),
    getContact: () => Promise.resolve(undefined as Contact | undefined),
    putContact: () => Promise.resolve({ created: true }),
    listContacts: () => Promise.resolve([]),
    listClientIds: () => Promise.resolve([...clients.keys()]),
    addApiKey: () => Promise.resolve({ kind: 'created' as const }),
    findApiKey: (h) => (calls.push(`key ${h}`), Promise.resolve(keys.get(h))),
    listApiKeys: () => Promise.resolve([...keys.values()]),
    revokeApiKey: (_c, id, at) => {
      const found = [...keys.values()].find((k) => k.id === id);
      if (found) keys.set(found.hash, { ...found, revokedAt: at });
      return Promise.resolve(found !== undefined);
    },
    touchApiKey: () => Promise.resolve(),
  };
  return { store, calls, clients, keys, versions };
}

const client = (name: string) => ({ id: 'acme', name }) as unknown as Client;

describe('CachedClientStore', () => {
  it('reads a client once within its lifetime and again after it', async () => {
    let now = 0;
    const { store, calls, clients } = countingStore();
    clients.set('acme', client('v1'));
    const cached = new CachedClientStore(store, { documentsMs: 1000 }, () => now);
    await cached.getClient('acme');
    await cached.getClient('acme');
    expect(calls).toEqual(['get acme']);
    now = 1001;
    await cached.getClient('acme');
    expect(calls).toEqual(['get acme', 'get acme']);
  });

  it('sees its own writes at once', async () => {
    const { store, clients } = countingStore();
    clients.set('acme', client('v1'));
    const cached = new CachedClientStore(store, { documentsMs: 60_000 }, () => 0);
    expect((await cached.getClient('acme'))?.name).toBe('v1');
    await cached.putClient(client('v2'));
    expect((await cached.getClient('acme'))?.name).toBe('v2');
  });

  it('keeps known prefixes for good but never remembers unknown ones or unknown keys', async () => {
    const { store, calls } = countingStore();
    const cached = new CachedClientStore(store, { documentsMs: 1000 }, () => 0);
    await cached.clientIdForPrefix('ACME');
    await cached.clientIdForPrefix('ACME');
    await cached.clientIdForPrefix('NOPE');
    await cached.clientIdForPrefix('NOPE');
    await cached.findApiKey('h');
    await cached.findApiKey('h');
    expect(calls).toEqual(['prefix ACME', 'prefix NOPE', 'prefix NOPE', 'key h', 'key h']);
  });

  it('never serves a key record from memory, so a revocation made elsewhere is seen on the next request', async () => {
    const { store, calls, keys } = countingStore();
    const record: ApiKeyRecord = {
      id: 'k1',
      clientId: 'acme',
      name: 'ci',
      scopes: ['tickets:read'],
      hash: 'h1',
      createdAt: '2026-01-01T00:00:00Z',
    };
    keys.set('h1', record);
    const cached = new CachedClientStore(store, { documentsMs: 60_000 }, () => 0);
    expect((await cached.findApiKey('h1'))?.revokedAt).toBeUndefined();
    // Another instance revokes it, behind this cache's back.
    await store.revokeApiKey('acme', 'k1', '2026-01-02T00:00:00Z');
    expect((await cached.findApiKey('h1'))?.revokedAt).toBe('2026-01-02T00:00:00Z');
    expect(calls.filter((c) => c === 'key h1')).toHaveLength(2);
  });

  it('keeps agreement versions for good (they never change) but never remembers a version not written yet', async () => {
    let now = 0;
    const { store, calls, versions } = countingStore();
    versions.set('acme|1', {
      version: 1,
      agreement: {} as AgreementVersion['agreement'],
      timezone: 'UTC',
      createdAt: '2026-01-01T00:00:00Z',
    });
    const cached = new CachedClientStore(store, { documentsMs: 1000 }, () => now);
    expect((await cached.getAgreementVersion('acme', 1))?.version).toBe(1);
    now = 1_000_000;
    expect((await cached.getAgreementVersion('acme', 1))?.version).toBe(1);
    expect(await cached.getAgreementVersion('acme', 2)).toBeUndefined();
    versions.set('acme|2', {
      version: 2,
      agreement: {} as AgreementVersion['agreement'],
      timezone: 'UTC',
      createdAt: '2026-01-02T00:00:00Z',
    });
    expect((await cached.getAgreementVersion('acme', 2))?.version).toBe(2);
    expect(calls).toEqual(['version acme 1', 'version acme 2', 'version acme 2']);
  });
});
