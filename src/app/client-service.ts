import {
  webhookSecrets,
  type ApiKeyRecord,
  type ApiKeyScope,
  type Client,
  type ClientSettings,
  type Contact,
  type ContactSettings,
} from '../domain/clients/client';
import { checkOutboundUrl, type OutboundPolicy } from '../domain/network/outbound-url';
import { targetDurationMillis } from '../domain/agreement/iso-duration';
import { assertClientStorable } from '../domain/clients/client-rules';
import { currentAgreementVersion } from '../domain/agreement/agreement-version';
import { requestFingerprint } from './request-fingerprint';
import { DomainError } from '../domain/domain-error';
import { evaluateTicketSla } from '../domain/sla/ticket-sla';
import type { ApiKeyIdempotency, ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { PeopleStore } from '../ports/people-store';
import { generateApiKey } from './api-keys';
import { canSeeClient, scopedIdempotencyKey, type Principal } from './principal';
import { isMaskedChatUrl, maskChatUrl } from './client-view';

/** `GET /api/clients/{clientId}/severities`: the client as the ticket form needs it. */
export interface ClientForm {
  readonly clientId: string;
  readonly name: string;
  readonly timezone: string;
  /** The agreement version the severities and time zone are of: the current one unless another was asked for. */
  readonly agreementVersion: number;
  readonly severities: readonly {
    readonly id: string;
    readonly name: string;
    readonly description: string;
    readonly covered: boolean;
  }[];
}

export class ClientService {
  constructor(
    private readonly clients: ClientStore,
    private readonly clock: Clock,
    /** Where webhooks may go (SSRF guard). */
    private readonly outbound: OutboundPolicy,
    /** Keeps the person → clients index that sign-in reads. */
    private readonly people: PeopleStore,
  ) {}

  async putClient(clientId: string, body: ClientSettings): Promise<{ client: Client; created: boolean }> {
    const now = this.clock.now().toISOString();
    assertTargetsReachable(body, now);
    const existing = await this.clients.getClient(clientId);
    const webhooks = body.notifications.webhooks.map((w, index) => ({
      ...w,
      url: unmaskedChatUrl(w.url, existing, index),
    }));
    assertWebhooksAllowed(webhooks, this.outbound);
    // Stored in one form: `secrets`, newest first.
    const notifications = {
      webhooks: webhooks.map((w) => ({
        url: w.url,
        secrets: [...webhookSecrets(w)],
        events: w.events,
        includeInternal: w.includeInternal,
        format: w.format ?? 'standard',
      })),
    };
    const client: Client = {
      ...body,
      notifications,
      id: clientId,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    assertClientStorable(client);
    // The store numbers agreement versions: different terms become the next one, and only tickets
    // received from then on use it (docs/agreement-versions.md). So a severity may go while tickets still
    // have it: they keep the version they were received under, with that severity in it.
    return this.clients.putClient(client);
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
  async clientForm(principal: Principal, clientId: string, agreementVersion?: number): Promise<ClientForm> {
    const client = canSeeClient(principal, clientId) ? await this.clients.getClient(clientId) : undefined;
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`);
    // A ticket's page asks for the version the ticket was received under: its severity may since have gone.
    const current = currentAgreementVersion(client);
    const terms =
      agreementVersion === undefined || agreementVersion === current
        ? { ...client, version: current }
        : await this.clients.getAgreementVersion(clientId, agreementVersion);
    if (!terms)
      throw new DomainError(
        'not-found',
        `Client ${clientId} has no agreement version ${agreementVersion}.`,
        'agreementVersion',
      );
    return {
      clientId: client.id,
      name: client.name,
      timezone: terms.timezone,
      agreementVersion: terms.version,
      severities: terms.agreement.severities.map((s) => ({
        id: s.id,
        name: s.name,
        description: s.description,
        covered: s.covered,
      })),
    };
  }

  async putContact(
    clientId: string,
    email: string,
    body: ContactSettings,
  ): Promise<{ contact: Contact; created: boolean }> {
    await this.getClient(clientId);
    const contact: Contact = {
      ...body,
      clientId,
      email: email.toLowerCase(),
      updatedAt: this.clock.now().toISOString(),
    };
    // The index first: a deactivation must end sessions even if the second write fails (the PUT is then retried).
    await this.people.putMembership({
      email: contact.email,
      clientId,
      name: contact.name,
      roles: contact.roles,
      active: contact.active,
    });
    const { created } = await this.clients.putContact(contact);
    return { contact, created };
  }

  async listContacts(clientId: string): Promise<Contact[]> {
    await this.getClient(clientId);
    return (await this.clients.listContacts(clientId)).sort((a, b) => a.email.localeCompare(b.email));
  }

  /** The client's keys, newest first, revoked ones included (marked); never the key or its hash. */
  async listApiKeys(clientId: string): Promise<ApiKeyView[]> {
    await this.getClient(clientId);
    const records = await this.clients.listApiKeys(clientId);
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(apiKeyView);
  }

  /**
   * Revokes a key: the record the bearer check reads is marked at once, so the next request with the
   * key is refused on every instance (key records are never cached). Revoking twice is fine.
   */
  async revokeApiKey(clientId: string, keyId: string): Promise<void> {
    await this.getClient(clientId);
    const revoked = await this.clients.revokeApiKey(clientId, keyId, this.clock.now().toISOString());
    if (!revoked) throw new DomainError('not-found', `Client ${clientId} has no key ${keyId}.`);
  }

  /**
   * A new key for the client. With an Idempotency-Key (scoped to the caller), a repeat of the same
   * request makes no second key: it answers with the key made first, without its secret, which is
   * kept nowhere (only its hash is) and was shown in the first answer only.
   */
  async createApiKey(
    principal: Principal,
    clientId: string,
    body: { readonly name: string; readonly scopes: readonly ApiKeyScope[] },
    idempotencyKey?: string,
  ): Promise<{ kind: 'created'; record: ApiKeyRecord; key: string } | { kind: 'replayed'; record: ApiKeyRecord }> {
    const client = await this.getClient(clientId);
    if (client.active === false)
      throw new DomainError('conflict', `Client ${clientId} is inactive; reactivate it before creating keys.`);
    const scopedKey = scopedIdempotencyKey(principal, idempotencyKey);
    const idempotency: ApiKeyIdempotency | undefined = scopedKey
      ? { key: scopedKey, fingerprint: requestFingerprint({ clientId, body }) }
      : undefined;
    const { id, key, hash } = generateApiKey();
    const record: ApiKeyRecord = {
      id,
      clientId,
      name: body.name,
      scopes: [...new Set(body.scopes)],
      hash,
      createdAt: this.clock.now().toISOString(),
    };
    const added = await this.clients.addApiKey(record, idempotency);
    if (added.kind === 'created') return { kind: 'created', record, key };
    if (added.fingerprint !== idempotency?.fingerprint) {
      throw new DomainError(
        'unprocessable',
        'This Idempotency-Key was used with a different request body.',
        'Idempotency-Key',
      );
    }
    return { kind: 'replayed', record: added.record };
  }
}

export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

const apiKeyView = (record: ApiKeyRecord): ApiKeyView => ({
  id: record.id,
  name: record.name,
  scopes: record.scopes,
  createdAt: record.createdAt,
  lastUsedAt: record.lastUsedAt ?? null,
  revokedAt: record.revokedAt ?? null,
});

/**
 * Webhook URLs are checked when they are configured (the address literal, in every spelling, and the
 * scheme) and again when each request is made (the resolved address): see docs/security.md.
 */
function assertWebhooksAllowed(webhooks: readonly { readonly url: string }[], policy: OutboundPolicy): void {
  webhooks.forEach((webhook, index) => {
    const verdict = checkOutboundUrl(webhook.url, policy);
    if (!verdict.ok)
      throw new DomainError('invalid', `The webhook URL ${verdict.reason}.`, `notifications.webhooks.${index}.url`);
  });
}

/**
 * A client read, edited and PUT back carries its chat webhooks' URLs masked (`https://hooks.slack.com/…`):
 * such a URL keeps the stored URL of the one chat webhook it masks. One it does not name unambiguously
 * (none, or two chat webhooks on the same origin) is refused: the full URL must be given again.
 */
function unmaskedChatUrl(url: string, existing: Client | undefined, index: number): string {
  if (!isMaskedChatUrl(url)) return url;
  const stored = (existing?.notifications.webhooks ?? [])
    .filter((w) => (w.format ?? 'standard') !== 'standard' && maskChatUrl(w.url) === maskChatUrl(url))
    .map((w) => w.url);
  const unique = [...new Set(stored)];
  if (unique.length === 1) return unique[0]!;
  throw new DomainError(
    'invalid',
    'This chat webhook URL is masked and names no single stored webhook: give the full URL.',
    `notifications.webhooks.${index}.url`,
  );
}

/** Longest SLA target accepted: a year of counted time. Longer ones only make due instants unreachable. */
const maxTargetMillis = 366 * 24 * 3_600_000;

/**
 * Every covered severity's clocks must be computable, or every ticket raised at it would fail: a target
 * beyond the representable dates (`P99999999W`), or one a sparse calendar never reaches.
 */
function assertTargetsReachable(body: ClientSettings, now: string): void {
  body.agreement.severities.forEach((severity, index) => {
    if (!severity.covered) return;
    for (const field of ['assessWithin', 'resolveWithin'] as const) {
      const target = severity[field];
      if (target !== undefined && targetDurationMillis(target) > maxTargetMillis) {
        throw new DomainError(
          'invalid',
          `"${target}" is longer than the longest target allowed (P366D of counted time).`,
          `agreement.severities.${index}.${field}`,
        );
      }
    }
    const clock = { startedAt: now, pauses: [] };
    try {
      evaluateTicketSla({
        agreement: body.agreement,
        timezone: body.timezone,
        severityId: severity.id,
        assess: clock,
        resolve: clock,
        now,
      });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new DomainError(
        'invalid',
        `Severity "${severity.id}" would never fall due on calendar "${severity.calendar}": ${error.message}.`,
        `agreement.severities.${index}.calendar`,
      );
    }
  });
}
