import type { ApiKeyRecord, Client, Contact } from '../domain/clients/client';

export interface ClientStore {
  getClient(clientId: string): Promise<Client | undefined>;
  /** Creates or replaces a client; its ticket prefix is reserved for it for good. */
  putClient(client: Client): Promise<{ created: boolean }>;
  clientIdForPrefix(ticketPrefix: string): Promise<string | undefined>;
  getContact(clientId: string, email: string): Promise<Contact | undefined>;
  putContact(contact: Contact): Promise<{ created: boolean }>;
  listContacts(clientId: string): Promise<Contact[]>;
  /** Every client's id, in order (monthly jobs over all clients). */
  listClientIds(): Promise<string[]>;
  addApiKey(record: ApiKeyRecord): Promise<void>;
  /** A point read, never served from a cache: a revoked key must be refused at once everywhere. */
  findApiKey(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(clientId: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; false when the client has no such key. */
  revokeApiKey(clientId: string, keyId: string, at: string): Promise<boolean>;
  /** Records that the key was used (best effort; callers do not wait for it to matter). */
  touchApiKey(hash: string, at: string): Promise<void>;
}
