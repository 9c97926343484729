import type { AgreementVersion } from '../../domain/agreement/agreement-version';
import type { ApiKeyRecord, Client, Contact } from '../../domain/clients/client';
import type { ApiKeyAdded, ApiKeyIdempotency, ClientStore } from '../../ports/client-store';

interface Entry<T> {
  readonly value: Promise<T>;
  readonly expires: number;
}

export interface CacheLifetimes {
  /** Clients and contacts: how long another instance's change may go unseen. */
  readonly documentsMs: number;
}

/**
 * Every request and every SLA activity reads its client, usually the same few clients. This keeps
 * them for a few seconds: changes made through this process are seen at once, changes made through
 * another instance within `documentsMs`. Ticket prefixes never change owner and agreement versions
 * never change once written, so both are kept for good.
 */
export class CachedClientStore implements ClientStore {
  readonly #entries = new Map<string, Entry<unknown>>();

  constructor(
    private readonly inner: ClientStore,
    private readonly lifetimes: CacheLifetimes = { documentsMs: 5_000 },
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  getClient(clientId: string): Promise<Client | undefined> {
    return this.#cached(`client|${clientId}`, this.lifetimes.documentsMs, () => this.inner.getClient(clientId));
  }

  async putClient(client: Client): Promise<{ created: boolean; client: Client }> {
    this.#entries.delete(`client|${client.id}`);
    try {
      return await this.inner.putClient(client);
    } finally {
      this.#entries.delete(`client|${client.id}`);
    }
  }

  async getAgreementVersion(clientId: string, version: number): Promise<AgreementVersion | undefined> {
    const key = `agreement|${clientId}|${version}`;
    const found = await this.#cached(key, Number.POSITIVE_INFINITY, () =>
      this.inner.getAgreementVersion(clientId, version),
    );
    // A version not written yet may be any moment: only versions found are kept.
    if (found === undefined) this.#entries.delete(key);
    return found;
  }

  async clientIdForPrefix(ticketPrefix: string): Promise<string | undefined> {
    const key = `prefix|${ticketPrefix}`;
    const owner = await this.#cached(key, Number.POSITIVE_INFINITY, () => this.inner.clientIdForPrefix(ticketPrefix));
    // An unknown prefix may be claimed any moment: only owners are kept.
    if (owner === undefined) this.#entries.delete(key);
    return owner;
  }

  /** Not cached: a monthly job's read, and a new client must show up at once. */
  listClientIds(): Promise<string[]> {
    return this.inner.listClientIds();
  }

  getContact(clientId: string, email: string): Promise<Contact | undefined> {
    return this.#cached(`contact|${clientId}|${email.toLowerCase()}`, this.lifetimes.documentsMs, () =>
      this.inner.getContact(clientId, email),
    );
  }

  async putContact(contact: Contact): Promise<{ created: boolean }> {
    const key = `contact|${contact.clientId}|${contact.email.toLowerCase()}`;
    this.#entries.delete(key);
    try {
      return await this.inner.putContact(contact);
    } finally {
      this.#entries.delete(key);
    }
  }

  listContacts(clientId: string): Promise<Contact[]> {
    return this.inner.listContacts(clientId);
  }

  addApiKey(record: ApiKeyRecord, idempotency?: ApiKeyIdempotency): Promise<ApiKeyAdded> {
    return this.inner.addApiKey(record, idempotency);
  }

  /**
   * Never cached: a key revoked through any instance must be refused by every instance on its very next
   * request. That costs one point read per key-authenticated request, which is what a revocation that
   * takes effect "at once" requires (a cache with a revocation check would be a point read as well).
   */
  findApiKey(hash: string): Promise<ApiKeyRecord | undefined> {
    return this.inner.findApiKey(hash);
  }

  listApiKeys(clientId: string): Promise<ApiKeyRecord[]> {
    return this.inner.listApiKeys(clientId);
  }

  revokeApiKey(clientId: string, keyId: string, at: string): Promise<boolean> {
    return this.inner.revokeApiKey(clientId, keyId, at);
  }

  touchApiKey(hash: string, at: string): Promise<void> {
    return this.inner.touchApiKey(hash, at);
  }

  #cached<T>(key: string, lifetimeMs: number, load: () => Promise<T>): Promise<T> {
    const now = this.monotonicNow();
    const hit = this.#entries.get(key) as Entry<T> | undefined;
    if (hit && hit.expires > now) return hit.value;
    const value = load();
    this.#entries.set(key, { value, expires: now + lifetimeMs });
    // A failed read is not remembered.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    if (this.#entries.size > 10_000) this.#evictExpired(now);
    return value;
  }

  #evictExpired(now: number): void {
    for (const [key, entry] of this.#entries) if (entry.expires <= now) this.#entries.delete(key);
  }
}
