import type { TableClient } from '@azure/data-tables';
import type {
  LoginStateRecord,
  SessionRecord,
  SignInStore,
  SignInTokenRecord,
  StoredSession,
} from '../../ports/sign-in-store';
import { isStatus } from './table-clients';

/**
 * Partition design (table `people`):
 * - `link` / `{sha256(token)}`: sign-in link tokens; using one deletes it under its ETag.
 * - `session` / `{sha256(session id)}`: sessions; the cookie's id itself is never stored.
 * - `oidc` / `{sha256(state)}`: PKCE verifier and nonce of an authorization-code round trip.
 * - `rate|{bucket}` / `{key}`: throttling counters; the bucket names its time window, so old windows
 *   are simply never read again.
 */
export class TableSignInStore implements SignInStore {
  constructor(private readonly table: TableClient) {}

  async addToken(record: SignInTokenRecord): Promise<void> {
    await this.table.createEntity({ partitionKey: 'link', rowKey: record.hash, doc: JSON.stringify(record) });
  }

  consumeToken(hash: string): Promise<SignInTokenRecord | undefined> {
    return this.#consume<SignInTokenRecord>('link', hash);
  }

  async addSession(record: SessionRecord): Promise<void> {
    await this.table.createEntity({ partitionKey: 'session', rowKey: record.hash, doc: JSON.stringify(record) });
  }

  async getSession(hash: string): Promise<StoredSession | undefined> {
    try {
      const entity = await this.table.getEntity<{ doc: string }>('session', hash);
      return { session: JSON.parse(entity.doc) as SessionRecord, version: entity.etag };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async touchSession(stored: StoredSession, lastSeenAt: string): Promise<void> {
    const session: SessionRecord = { ...stored.session, lastSeenAt };
    try {
      await this.table.updateEntity(
        { partitionKey: 'session', rowKey: session.hash, doc: JSON.stringify(session) },
        'Replace',
        { etag: stored.version },
      );
    } catch (error) {
      // Another request touched it first (or it was just revoked): either way nothing to do.
      if (!isStatus(error, 404, 412)) throw error;
    }
  }

  async deleteSession(hash: string): Promise<void> {
    try {
      await this.table.deleteEntity('session', hash);
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }

  async addLoginState(record: LoginStateRecord): Promise<void> {
    await this.table.createEntity({ partitionKey: 'oidc', rowKey: record.hash, doc: JSON.stringify(record) });
  }

  consumeLoginState(hash: string): Promise<LoginStateRecord | undefined> {
    return this.#consume<LoginStateRecord>('oidc', hash);
  }

  async hit(bucket: string, key: string): Promise<number> {
    const partitionKey = `rate|${bucket}`;
    for (let attempt = 0; attempt < 20; attempt++) {
      let entity: { count: number; etag: string } | undefined;
      try {
        entity = await this.table.getEntity<{ count: number }>(partitionKey, key);
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
      try {
        if (!entity) {
          await this.table.createEntity({ partitionKey, rowKey: key, count: 1 });
          return 1;
        }
        await this.table.updateEntity({ partitionKey, rowKey: key, count: entity.count + 1 }, 'Replace', {
          etag: entity.etag,
        });
        return entity.count + 1;
      } catch (error) {
        // Someone counted at the same moment: count again on top of theirs.
        if (!isStatus(error, 409, 412)) throw error;
      }
    }
    // Under a storm of concurrent hits, refusing is the safe answer.
    return Number.MAX_SAFE_INTEGER;
  }

  /** Read, then delete under the ETag read: only one of two concurrent consumers gets the record. */
  async #consume<T>(partitionKey: string, rowKey: string): Promise<T | undefined> {
    let entity: { doc: string; etag: string };
    try {
      entity = await this.table.getEntity<{ doc: string }>(partitionKey, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
    try {
      await this.table.deleteEntity(partitionKey, rowKey, { etag: entity.etag });
    } catch (error) {
      if (isStatus(error, 404, 412)) return undefined;
      throw error;
    }
    return JSON.parse(entity.doc) as T;
  }
}
