import type { AgreementVersion } from '../domain/agreement/agreement-version';
import type { ApiKeyRecord, Client, Contact } from '../domain/clients/client';

/** The Idempotency-Key of a key's creation, scoped to the caller, and a fingerprint of the request. */
export interface ApiKeyIdempotency {
  readonly key: string;
  readonly fingerprint: string;
}

export type ApiKeyAdded =
  | { readonly kind: 'created' }
  | { readonly kind: 'replayed'; readonly record: ApiKeyRecord; readonly fingerprint: string };

export interface ClientStore {
  getClient(clientId: string): Promise<Client | undefined>;
  /**
   * Creates or replaces a client; its ticket prefix is reserved for it for good. The store numbers
   * agreement versions (`versionClient`): terms that differ from the stored ones become the next
   * version, written in the same transaction as the client. Returns the client as stored.
   */
  putClient(client: Client): Promise<{ created: boolean; client: Client }>;
  /**
   * One version of the client's agreement (immutable once written). Version 1 of a client stored
   * before versions existed is its current agreement until its first replacement stores it.
   */
  getAgreementVersion(clientId: string, version: number): Promise<AgreementVersion | undefined>;
  clientIdForPrefix(ticketPrefix: string): Promise<string | undefined>;
  getContact(clientId: string, email: string): Promise<Contact | undefined>;
  putContact(contact: Contact): Promise<{ created: boolean }>;
  listContacts(clientId: string): Promise<Contact[]>;
  /** Every client's id, in order (monthly jobs over all clients). */
  listClientIds(): Promise<string[]>;
  /**
   * Stores a new key. With `idempotency`, the key and a record of the Idempotency-Key are created in one
   * transaction; when that record exists already, nothing is stored and the key created first comes back.
   */
  addApiKey(record: ApiKeyRecord, idempotency?: ApiKeyIdempotency): Promise<ApiKeyAdded>;
  /** A point read, never served from a cache: a revoked key must be refused at once everywhere. */
  findApiKey(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(clientId: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; false when the client has no such key. */
  revokeApiKey(clientId: string, keyId: string, at: string): Promise<boolean>;
  /** Records that the key was used (best effort; callers do not wait for it to matter). */
  touchApiKey(hash: string, at: string): Promise<void>;
}
