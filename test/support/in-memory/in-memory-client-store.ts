import {
  legacyAgreementVersion,
  versionClient,
  type AgreementVersion,
} from '../../../src/domain/agreement/agreement-version';
import type { ApiKeyRecord, Client, Contact } from '../../../src/domain/clients/client';
import type { ApiKeyAdded, ApiKeyIdempotency, ClientStore } from '../../../src/ports/client-store';
import { DomainError } from '../../../src/domain/domain-error';
import { roundTrip } from './versions';

/**
 * ClientStore in memory, for application-service tests (see docs/architecture.md, "Fast tests"). Faithful to the
 * port: a ticket prefix stays reserved for the client that took it; agreement versions are numbered
 * as the Table store numbers them (`versionClient`) and never change; revoking is by client and key id,
 * once (a second revocation keeps the first's time);
 * values are copied in and out, so a test cannot change what is "stored" by mutating an object.
 * test/ports/client-store.test.ts runs the same cases against it and `TableClientStore`.
 */
export class InMemoryClientStore implements ClientStore {
  readonly #clients = new Map<string, Client>();
  readonly #prefixes = new Map<string, string>();
  readonly #contacts = new Map<string, Contact>();
  readonly #keys = new Map<string, ApiKeyRecord>();
  /** Idempotency-Key of a key's creation → the key it made. */
  readonly #keyCreations = new Map<string, { keyHash: string; fingerprint: string }>();
  readonly #versions = new Map<string, AgreementVersion>();

  async getClient(clientId: string): Promise<Client | undefined> {
    await roundTrip();
    return copy(this.#clients.get(clientId));
  }

  async putClient(client: Client): Promise<{ created: boolean; client: Client }> {
    await roundTrip();
    const owner = this.#prefixes.get(client.ticketPrefix);
    if (owner !== undefined && owner !== client.id)
      throw new DomainError(
        'conflict',
        `Ticket prefix ${client.ticketPrefix} belongs to another client.`,
        'ticketPrefix',
      );
    this.#prefixes.set(client.ticketPrefix, client.id);
    const before = this.#clients.get(client.id);
    const { client: stored, added } = versionClient(before, client);
    for (const version of added) this.#versions.set(`${client.id}|${version.version}`, copy(version));
    this.#clients.set(client.id, copy(stored));
    return { created: before === undefined, client: copy(stored) };
  }

  async getAgreementVersion(clientId: string, version: number): Promise<AgreementVersion | undefined> {
    await roundTrip();
    const stored = this.#versions.get(`${clientId}|${version}`);
    if (stored || version !== legacyAgreementVersion) return copy(stored);
    // A client stored before versions existed (put straight into the map by a test): version 1 is what it has.
    const client = this.#clients.get(clientId);
    return client && client.agreementVersion === undefined
      ? { version, agreement: copy(client.agreement), timezone: client.timezone, createdAt: client.createdAt }
      : undefined;
  }

  async clientIdForPrefix(ticketPrefix: string): Promise<string | undefined> {
    await roundTrip();
    return this.#prefixes.get(ticketPrefix);
  }

  async getContact(clientId: string, email: string): Promise<Contact | undefined> {
    await roundTrip();
    return copy(this.#contacts.get(`${clientId}|${email.toLowerCase()}`));
  }

  async putContact(contact: Contact): Promise<{ created: boolean }> {
    await roundTrip();
    const key = `${contact.clientId}|${contact.email.toLowerCase()}`;
    const created = !this.#contacts.has(key);
    this.#contacts.set(key, copy(contact));
    return { created };
  }

  async listContacts(clientId: string): Promise<Contact[]> {
    await roundTrip();
    return [...this.#contacts.values()]
      .filter((c) => c.clientId === clientId)
      .sort((a, b) => a.email.localeCompare(b.email))
      .map(copy);
  }

  async listClientIds(): Promise<string[]> {
    await roundTrip();
    return [...this.#clients.keys()].sort();
  }

  async addApiKey(record: ApiKeyRecord, idempotency?: ApiKeyIdempotency): Promise<ApiKeyAdded> {
    await roundTrip();
    const first = idempotency ? this.#keyCreations.get(idempotency.key) : undefined;
    if (first)
      return { kind: 'replayed', record: copy(this.#keys.get(first.keyHash)!), fingerprint: first.fingerprint };
    if (idempotency)
      this.#keyCreations.set(idempotency.key, { keyHash: record.hash, fingerprint: idempotency.fingerprint });
    this.#keys.set(record.hash, copy(record));
    return { kind: 'created' };
  }

  async findApiKey(hash: string): Promise<ApiKeyRecord | undefined> {
    await roundTrip();
    return copy(this.#keys.get(hash));
  }

  async listApiKeys(clientId: string): Promise<ApiKeyRecord[]> {
    await roundTrip();
    return [...this.#keys.values()].filter((k) => k.clientId === clientId).map(copy);
  }

  async revokeApiKey(clientId: string, keyId: string, at: string): Promise<boolean> {
    await roundTrip();
    const record = [...this.#keys.values()].find((k) => k.clientId === clientId && k.id === keyId);
    if (!record) return false;
    // Revoked once: it stays revoked as of then (as the table's store, which leaves the column alone).
    if (!record.revokedAt) this.#keys.set(record.hash, { ...record, revokedAt: at });
    return true;
  }

  async touchApiKey(hash: string, at: string): Promise<void> {
    await roundTrip();
    const record = this.#keys.get(hash);
    if (record) this.#keys.set(hash, { ...record, lastUsedAt: at });
  }
}

function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
