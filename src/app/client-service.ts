import type { ApiKeyRecord, ApiKeyScope, Client, ClientBody, Contact, ContactBody } from '../domain/clients/client';
import { targetDurationMillis } from '../domain/agreement/iso-duration';
import { assertClientStorable, assertSeveritiesStillInUseKept, droppedSeverities } from '../domain/clients/client-rules';
import { DomainError } from '../domain/domain-error';
import { evaluateTicketSla } from '../domain/sla/ticket-sla';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { TicketStore } from '../ports/ticket-store';
import { generateApiKey } from './api-keys';
import { canSeeClient, type Principal } from './principal';

/** `GET /api/clients/{clientId}/severities`: the client as the ticket form needs it. */
export interface ClientForm {
  readonly clientId: string;
  readonly name: string;
  readonly timezone: string;
  readonly severities: readonly { readonly id: string; readonly name: string; readonly description: string; readonly covered: boolean }[];
}

export class ClientService {
  constructor(
    private readonly clients: ClientStore,
    private readonly clock: Clock,
    /** Asked which severities tickets carry when an agreement drops one; without it, none are checked. */
    private readonly tickets?: Pick<TicketStore, 'list'>,
  ) {}

  async putClient(clientId: string, body: ClientBody): Promise<{ client: Client; created: boolean }> {
    const now = this.clock.now().toISOString();
    assertTargetsReachable(body, now);
    const existing = await this.clients.getClient(clientId);
    const client: Client = { ...body, id: clientId, createdAt: existing?.createdAt ?? now, updatedAt: now };
    assertClientStorable(client);
    const dropped = droppedSeverities(existing?.agreement, body.agreement);
    if (dropped.length > 0 && this.tickets) {
      const inUse = new Set((await this.tickets.list({ clientId })).map((t) => t.severity));
      assertSeveritiesStillInUseKept(clientId, dropped, inUse);
    }
    const { created } = await this.clients.putClient(client);
    return { client, created };
  }

  async getClient(clientId: string): Promise<Client> {
    const client = await this.clients.getClient(clientId);
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`);
    return client;
  }

  /**
   * What a person raising or reading a ticket may know of the client: its name, timezone (due times are
   * shown in it) and the severities with their descriptions and coverage — not calendars, contacts or
   * notification settings. Anyone who can see the client's tickets may read it; others get 404.
   */
  async clientForm(principal: Principal, clientId: string): Promise<ClientForm> {
    const client = canSeeClient(principal, clientId) ? await this.clients.getClient(clientId) : undefined;
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`);
    return {
      clientId: client.id,
      name: client.name,
      timezone: client.timezone,
      severities: client.agreement.severities.map((s) => ({ id: s.id, name: s.name, description: s.description, covered: s.covered })),
    };
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

/** Longest SLA target accepted: a year of counted time. Longer ones only make due instants unreachable. */
const maxTargetMillis = 366 * 24 * 3_600_000;

/**
 * Every covered severity's clocks must be computable, or every ticket raised at it would fail: a target
 * beyond the representable dates (`P99999999W`), or one a sparse calendar never reaches.
 */
function assertTargetsReachable(body: ClientBody, now: string): void {
  body.agreement.severities.forEach((severity, index) => {
    if (!severity.covered) return;
    for (const field of ['assessWithin', 'resolveWithin'] as const) {
      const target = severity[field];
      if (target !== undefined && targetDurationMillis(target) > maxTargetMillis) {
        throw new DomainError('invalid', `"${target}" is longer than the longest target allowed (P366D of counted time).`, `agreement.severities.${index}.${field}`);
      }
    }
    const clock = { startedAt: now, pauses: [] };
    try {
      evaluateTicketSla({ agreement: body.agreement, timezone: body.timezone, severityId: severity.id, assess: clock, resolve: clock, now });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new DomainError('invalid', `Severity "${severity.id}" would never fall due on calendar "${severity.calendar}": ${error.message}.`, `agreement.severities.${index}.calendar`);
    }
  });
}
