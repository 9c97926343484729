import type { ApiKeyRecord, ApiKeyScope, Client, ClientBody, Contact, ContactBody } from '../domain/clients/client';
import { DomainError } from '../domain/domain-error';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import { generateApiKey } from './api-keys';

export class ClientService {
  constructor(
    private readonly clients: ClientStore,
    private readonly clock: Clock,
  ) {}

  async putClient(clientId: string, body: ClientBody): Promise<{ client: Client; created: boolean }> {
    const now = this.clock.now().toISOString();
    const existing = await this.clients.getClient(clientId);
    const client: Client = { ...body, id: clientId, createdAt: existing?.createdAt ?? now, updatedAt: now };
    const { created } = await this.clients.putClient(client);
    return { client, created };
  }

  async getClient(clientId: string): Promise<Client> {
    const client = await this.clients.getClient(clientId);
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`);
    return client;
  }

  async putContact(clientId: string, email: string, body: ContactBody): Promise<{ contact: Contact; created: boolean }> {
    await this.getClient(clientId);
    const contact: Contact = { ...body, clientId, email: email.toLowerCase(), updatedAt: this.clock.now().toISOString() };
    const { created } = await this.clients.putContact(contact);
    return { contact, created };
  }

  async createApiKey(clientId: string, name: string, scopes: readonly ApiKeyScope[]): Promise<{ record: ApiKeyRecord; key: string }> {
    await this.getClient(clientId);
    const { id, key, hash } = generateApiKey();
    const record: ApiKeyRecord = { id, clientId, name, scopes: [...new Set(scopes)], hash, createdAt: this.clock.now().toISOString() };
    await this.clients.addApiKey(record);
    return { record, key };
  }
}
