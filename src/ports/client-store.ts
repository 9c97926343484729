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
  findApiKey(hash: string): Promise<ApiKeyRecord | undefined>;
}
