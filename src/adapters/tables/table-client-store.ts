import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { legacyAgreementVersion, versionClient, type AgreementVersion } from '../../domain/agreement/agreement-version';
import type { ApiKeyRecord, Client, Contact } from '../../domain/clients/client';
import { DomainError } from '../../domain/domain-error';
import type { ApiKeyAdded, ApiKeyIdempotency, ClientStore } from '../../ports/client-store';
import { rowKeyHash } from './row-key-hash';
import { isStatus } from './table-clients';
import { submitTransaction } from './table-transaction';

/**
 * Partition design (table `clients`):
 * - `{clientId}` / `client`: the client with its agreement; `{clientId}` / `contact|{email}`: contacts.
 *   One partition per client keeps a client's reads and writes together.
 * - `{clientId}` / `agreement|{version:6}`: every agreement version with its time zone, written with
 *   the client row that makes it current (one transaction) and never changed afterwards.
 * - `~prefix` / `{TICKETPREFIX}`: which client owns a ticket prefix, so `GET /api/tickets/ACME-12`
 *   finds the client in one point read. Reservations are never released: old ids keep resolving.
 * - `~apikey` / `{sha256 of the key}`: the hash index a bearer key is checked against in one point read.
 * - `~apikey` / `idem|{sha256 of the caller's Idempotency-Key}`: which key a creation made (`keyHash`),
 *   written with the key in one transaction, so a repeated creation makes no second key.
 *   `~` sorts after every slug, so these partitions never collide with a client id.
 */
export class TableClientStore implements ClientStore {
  constructor(private readonly table: TableClient) {}

  async getClient(clientId: string): Promise<Client | undefined> {
    return this.#readDoc<Client>(clientId, 'client');
  }

  /**
   * The client row is replaced under the ETag it was read at and the new version rows are created in
   * the same transaction, so two concurrent replacements can never take the same version number or
   * leave a client pointing at a version that was not written: the loser re-reads and numbers again.
   */
  async putClient(client: Client): Promise<{ created: boolean; client: Client }> {
    await this.#reservePrefix(client.ticketPrefix, client.id);
    for (let attempt = 0; ; attempt++) {
      const existing = await this.#readEntity(client.id, 'client');
      const before = existing ? (JSON.parse(existing.doc) as Client) : undefined;
      const { client: stored, added } = versionClient(before, client);
      const row = { partitionKey: client.id, rowKey: 'client', doc: JSON.stringify(stored) };
      const actions: TransactionAction[] = [
        existing ? ['update', row, 'Replace', { etag: existing.etag }] : ['create', row],
        ...added.map((v): TransactionAction => [
          'create',
          { partitionKey: client.id, rowKey: agreementRowKey(v.version), version: v.version, doc: JSON.stringify(v) },
        ]),
      ];
      try {
        await submitTransaction(this.table, actions);
        return { created: before === undefined, client: stored };
      } catch (error) {
        if (!isStatus(error, 409, 412) || attempt >= 20) throw error;
      }
    }
  }

  async getAgreementVersion(clientId: string, version: number): Promise<AgreementVersion | undefined> {
    const stored = await this.#readDoc<AgreementVersion>(clientId, agreementRowKey(version));
    if (stored || version !== legacyAgreementVersion) return stored;
    // A client stored before versions existed: its version 1 is what it has now (written on its first replacement).
    const client = await this.getClient(clientId);
    if (!client || client.agreementVersion !== undefined) return undefined;
    return {
      version: legacyAgreementVersion,
      agreement: client.agreement,
      timezone: client.timezone,
      createdAt: client.createdAt,
    };
  }

  async clientIdForPrefix(ticketPrefix: string): Promise<string | undefined> {
    try {
      const entity = await this.table.getEntity<{ clientId: string }>('~prefix', ticketPrefix);
      return entity.clientId;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async getContact(clientId: string, email: string): Promise<Contact | undefined> {
    return this.#readDoc<Contact>(clientId, contactRowKey(email));
  }

  async putContact(contact: Contact): Promise<{ created: boolean }> {
    const rowKey = contactRowKey(contact.email);
    const existing = await this.#readDoc<Contact>(contact.clientId, rowKey);
    await this.table.upsertEntity({ partitionKey: contact.clientId, rowKey, doc: JSON.stringify(contact) }, 'Replace');
    return { created: existing === undefined };
  }

  async listContacts(clientId: string): Promise<Contact[]> {
    const contacts: Contact[] = [];
    const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${'contact|'} and RowKey lt ${'contact}'}`;
    for await (const entity of this.table.listEntities<{ doc: string }>({ queryOptions: { filter } })) {
      contacts.push(JSON.parse(entity.doc) as Contact);
    }
    return contacts;
  }

  async listClientIds(): Promise<string[]> {
    const ids: string[] = [];
    const rows = this.table.listEntities({ queryOptions: { filter: "RowKey eq 'client'", select: ['PartitionKey'] } });
    for await (const entity of rows) if (entity.partitionKey) ids.push(entity.partitionKey);
    return ids.sort();
  }

  async addApiKey(record: ApiKeyRecord, idempotency?: ApiKeyIdempotency): Promise<ApiKeyAdded> {
    const keyRow = {
      partitionKey: '~apikey',
      rowKey: record.hash,
      clientId: record.clientId,
      doc: JSON.stringify(record),
    };
    if (!idempotency) {
      await this.table.createEntity(keyRow);
      return { kind: 'created' };
    }
    const rowKey = `idem|${rowKeyHash(idempotency.key)}`;
    try {
      await submitTransaction(this.table, [
        ['create', keyRow],
        ['create', { partitionKey: '~apikey', rowKey, keyHash: record.hash, fingerprint: idempotency.fingerprint }],
      ]);
      return { kind: 'created' };
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      // The record's row was there: the request was made before, and its key stays the only one.
      const first = await this.table.getEntity<{ keyHash: string; fingerprint: string }>('~apikey', rowKey);
      const stored = await this.findApiKey(first.keyHash);
      if (!stored) throw error;
      return { kind: 'replayed', record: stored, fingerprint: first.fingerprint };
    }
  }

  async findApiKey(hash: string): Promise<ApiKeyRecord | undefined> {
    try {
      return apiKeyRecordOf(await this.table.getEntity<ApiKeyEntity>('~apikey', hash));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async listApiKeys(clientId: string): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    const filter = odata`PartitionKey eq ${'~apikey'} and clientId eq ${clientId}`;
    for await (const entity of this.table.listEntities<ApiKeyEntity>({ queryOptions: { filter } }))
      records.push(apiKeyRecordOf(entity));
    return records;
  }

  /**
   * `revokedAt` and `lastUsedAt` are columns of their own, merged: a use recorded while the key is
   * being revoked can never write the revocation away.
   */
  async revokeApiKey(clientId: string, keyId: string, at: string): Promise<boolean> {
    const record = (await this.listApiKeys(clientId)).find((r) => r.id === keyId);
    if (!record) return false;
    if (record.revokedAt) return true;
    await this.table.updateEntity({ partitionKey: '~apikey', rowKey: record.hash, revokedAt: at }, 'Merge');
    return true;
  }

  async touchApiKey(hash: string, at: string): Promise<void> {
    try {
      await this.table.updateEntity({ partitionKey: '~apikey', rowKey: hash, lastUsedAt: at }, 'Merge');
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }

  async #reservePrefix(prefix: string, clientId: string): Promise<void> {
    try {
      await this.table.createEntity({ partitionKey: '~prefix', rowKey: prefix, clientId });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      const owner = await this.clientIdForPrefix(prefix);
      if (owner !== clientId) {
        throw new DomainError('conflict', `Ticket prefix ${prefix} belongs to another client.`, 'ticketPrefix');
      }
    }
  }

  async #readEntity(partitionKey: string, rowKey: string): Promise<{ doc: string; etag: string } | undefined> {
    try {
      const entity = await this.table.getEntity<{ doc: string }>(partitionKey, rowKey);
      return { doc: entity.doc, etag: entity.etag };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async #readDoc<T>(partitionKey: string, rowKey: string): Promise<T | undefined> {
    try {
      const entity = await this.table.getEntity<{ doc: string }>(partitionKey, rowKey);
      return JSON.parse(entity.doc) as T;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}

interface ApiKeyEntity {
  readonly doc: string;
  readonly revokedAt?: string;
  readonly lastUsedAt?: string;
}

function apiKeyRecordOf(entity: ApiKeyEntity): ApiKeyRecord {
  const record = JSON.parse(entity.doc) as ApiKeyRecord;
  return {
    ...record,
    ...(entity.lastUsedAt ? { lastUsedAt: entity.lastUsedAt } : {}),
    ...(entity.revokedAt ? { revokedAt: entity.revokedAt } : {}),
  };
}

/** Zero-padded so that row-key order is version order. */
const agreementRowKey = (version: number): string => `agreement|${String(version).padStart(6, '0')}`;

/** Row keys may not hold `/ \ # ?`, which an e-mail's local part may. */
const contactRowKey = (email: string): string => `contact|${encodeURIComponent(email.toLowerCase())}`;
