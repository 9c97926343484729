import { currentAgreementVersion } from '../domain/agreement/agreement-version';
import type { Client } from '../domain/clients/client';
import { DomainError } from '../domain/domain-error';
import { maintenanceCloudEvent } from '../domain/events/cloud-event';
import { domainEvent } from '../domain/events/event-catalogue';
import type { ItemBilling, ItemStatus, MaintenanceItem } from '../domain/maintenance/item';
import {
  approveRelease,
  completeRelease,
  editRelease,
  isOpenRelease,
  newRelease,
  proposeRelease,
  queryRelease,
  type MaintenanceRelease,
  type ReleaseChange,
  type ReleaseOutcome,
  type ReleaseWindow,
} from '../domain/maintenance/release';
import { newTicket, parseTicketId, ticketId } from '../domain/tickets/ticket';
import type { TicketChangeListener } from '../ports/change-listeners';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { MaintenanceItemStore } from '../ports/maintenance-item-store';
import type {
  MaintenancePlanListener,
  MaintenanceReleaseStore,
  StoredRelease,
} from '../ports/maintenance-release-store';
import { ClaimTakenError, type TicketStore } from '../ports/ticket-store';
import { currentTerms } from './agreement-terms';
import { actorName, contactRolesAt, hasStaffRole, isStaff, type Principal } from './principal';
import { assertMayReadPlan } from './maintenance-plan-access';
import { retryOnConflict } from './retry-on-conflict';
import type { VersionCondition, Versioned } from './version-condition';
import { presentTicket, queuePositionOf } from './ticket-view';

/** What a lead sends to plan a release (a draft). */
export interface NewReleaseBody {
  readonly title: string;
  readonly window: ReleaseWindow;
  readonly itemIds: readonly string[];
  readonly notes?: string | undefined;
}

/** `POST …/releases/{id}/actions`. */
export type ReleaseAction =
  | {
      readonly action: 'edit';
      readonly title?: string | undefined;
      readonly window?: ReleaseWindow | undefined;
      readonly itemIds?: readonly string[] | undefined;
      readonly notes?: string | undefined;
    }
  | { readonly action: 'propose' }
  | { readonly action: 'approve'; readonly comment?: string | undefined }
  | { readonly action: 'query'; readonly comment: string }
  | { readonly action: 'complete'; readonly notes?: string | undefined };

export interface ReleaseItemView {
  readonly id: string;
  readonly title: string;
  readonly estimateHours?: number;
  readonly billing: ItemBilling;
  readonly status: ItemStatus;
  readonly sourceTicketId?: string;
}

/** A release as callers see it: the stored release, its client's timezone and its items spelt out. */
export interface ReleaseView extends MaintenanceRelease {
  readonly timezone: string;
  readonly items: readonly ReleaseItemView[];
}

const conflictRetry = {
  attempts: 5,
  backoff: true,
  exhausted: () => new DomainError('busy', 'The maintenance plan is being changed by others; send it again.'),
} as const;

/**
 * Maintenance releases (docs/maintenance-plan.md): a lead plans items of the client's backlog into a
 * release with a window, proposes it to the client's approvers, who approve or query it; a lead
 * completes it with release notes. Each change and its `maintenance.release-*` events commit in one
 * transaction (the release store writes them to the outbox); the e-mails follow from the topic. The
 * release's `maintenance` ticket is raised at its first approval, under a claim, so a retried approval
 * never raises a second one; staff log time on it like on any ticket.
 */
export class MaintenanceReleaseService {
  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    private readonly items: MaintenanceItemStore,
    private readonly releases: MaintenanceReleaseStore,
    private readonly clock: Clock,
    private readonly planListeners: readonly MaintenancePlanListener[] = [],
    private readonly ticketListeners: readonly TicketChangeListener[] = [],
  ) {}

  async create(principal: Principal, clientId: string, body: NewReleaseBody): Promise<ReleaseView> {
    return (await this.createVersioned(principal, clientId, body)).view;
  }

  /** As `create`, with the new release's storage version (its ETag). */
  async createVersioned(principal: Principal, clientId: string, body: NewReleaseBody): Promise<Versioned<ReleaseView>> {
    const client = await this.#client(principal, clientId);
    assertLead(principal);
    const by = actorName(principal);
    const saved = await retryOnConflict(async () => {
      const plan = await this.releases.plan(clientId);
      const at = this.clock.now().toISOString();
      const release = newRelease(`r${plan.releaseCount + 1}`, clientId, body, by, at);
      await this.#assertItemsFree(clientId, release.itemIds, release.id);
      return this.releases.commit({
        clientId,
        plan,
        nextPlan: { releaseCount: plan.releaseCount + 1, eventCount: plan.eventCount },
        release,
        events: [],
      });
    }, conflictRetry);
    return { view: await this.#view(client, saved.release), version: saved.version };
  }

  /** Staff see every release; the client's approvers all but drafts; newest first. */
  async list(principal: Principal, clientId: string): Promise<ReleaseView[]> {
    return (await this.listVersioned(principal, clientId)).map((r) => r.view);
  }

  /** As `list`, each release with its storage version (its ETag). */
  async listVersioned(principal: Principal, clientId: string): Promise<Versioned<ReleaseView>[]> {
    const client = await this.#client(principal, clientId);
    assertMayReadPlan(principal, clientId);
    const stored = await this.releases.list(clientId);
    const all = stored.map((s) => s.release);
    const shown = stored
      .filter((s) => isStaff(principal) || s.release.status !== 'draft')
      .sort((a, b) => releaseNumber(b.release.id) - releaseNumber(a.release.id));
    const items = await this.#itemsById(clientId);
    return shown.map((s) => ({ view: present(client, s.release, items, all), version: s.version }));
  }

  async get(principal: Principal, clientId: string, releaseId: string): Promise<ReleaseView> {
    return (await this.getVersioned(principal, clientId, releaseId)).view;
  }

  /** As `get`, with the release's storage version (its ETag). */
  async getVersioned(principal: Principal, clientId: string, releaseId: string): Promise<Versioned<ReleaseView>> {
    const client = await this.#client(principal, clientId);
    assertMayReadPlan(principal, clientId);
    const stored = await this.releases.get(clientId, releaseId);
    if (!stored || (!isStaff(principal) && stored.release.status === 'draft'))
      throw new DomainError('not-found', `No release ${releaseId}.`);
    return { view: await this.#view(client, stored.release), version: stored.version };
  }

  async act(principal: Principal, clientId: string, releaseId: string, action: ReleaseAction): Promise<ReleaseView> {
    return (await this.actVersioned(principal, clientId, releaseId, action)).view;
  }

  /**
   * As `act`, with the release's version after it. With `expected` (an `If-Match`), a release changed since
   * that version is refused as `stale` and nothing applies: checked on every round, so a change that lands
   * between the read and the commit makes the retried round stale rather than silently overwritten.
   */
  async actVersioned(
    principal: Principal,
    clientId: string,
    releaseId: string,
    action: ReleaseAction,
    expected?: VersionCondition,
  ): Promise<Versioned<ReleaseView>> {
    const client = await this.#client(principal, clientId);
    assertMayReadPlan(principal, clientId);
    if (action.action === 'approve' || action.action === 'query') assertApprover(principal, clientId);
    else assertLead(principal);
    const by = actorName(principal);
    const saved = await retryOnConflict(async () => {
      const stored = await this.releases.get(clientId, releaseId);
      if (!stored || (!isStaff(principal) && stored.release.status === 'draft'))
        throw new DomainError('not-found', `No release ${releaseId}.`);
      if (expected && !expected(stored.version))
        throw new DomainError('stale', `Release ${releaseId} has changed since that version was read.`);
      const at = this.clock.now().toISOString();
      const outcome = await this.#apply(client, stored, action, by, at);
      return this.#commit(client, stored, outcome, by, at);
    }, conflictRetry);
    for (const listener of this.planListeners) await listener.maintenancePlanChanged(clientId);
    return { view: await this.#view(client, saved.release), version: saved.version };
  }

  async #apply(
    client: Client,
    stored: StoredRelease,
    action: ReleaseAction,
    by: string,
    at: string,
  ): Promise<ReleaseOutcome> {
    const release = stored.release;
    switch (action.action) {
      case 'edit': {
        if (action.itemIds) await this.#assertItemsFree(client.id, action.itemIds, release.id);
        return editRelease(
          release,
          {
            ...(action.title !== undefined ? { title: action.title } : {}),
            ...(action.window !== undefined ? { window: action.window } : {}),
            ...(action.itemIds !== undefined ? { itemIds: action.itemIds } : {}),
            ...(action.notes !== undefined ? { notes: action.notes } : {}),
          },
          by,
          at,
        );
      }
      case 'propose':
        await this.#assertItemsFree(client.id, release.itemIds, release.id);
        return proposeRelease(release, by, at);
      case 'approve': {
        const outcome = approveRelease(release, by, at, action.comment);
        // The ticket exists before the approval commits: a retried approval finds it by its claim.
        const ticket = release.ticketId ?? (await this.#raiseTicket(client, outcome.release, at));
        return { ...outcome, release: { ...outcome.release, ticketId: ticket } };
      }
      case 'query':
        return queryRelease(release, by, at, action.comment);
      case 'complete':
        return completeRelease(release, action.notes, by, at);
    }
  }

  async #commit(client: Client, stored: StoredRelease, outcome: ReleaseOutcome, by: string, at: string) {
    const plan = await this.releases.plan(client.id);
    const items = await this.#itemsById(client.id);
    const requesters = outcome.changes.some((c) => c.type === 'maintenance.release-completed')
      ? await this.#requesters(client.id, outcome.release, items)
      : [];
    const events = outcome.changes.map((change, i) => {
      const seq = plan.eventCount + i + 1;
      return {
        seq,
        event: maintenanceCloudEvent(client.id, {
          seq,
          type: change.type,
          at,
          actor: by,
          data: eventData(client, outcome.release, items, change, requesters),
        }),
      };
    });
    return this.releases.commit({
      clientId: client.id,
      plan,
      nextPlan: { releaseCount: plan.releaseCount, eventCount: plan.eventCount + events.length },
      release: outcome.release,
      previousVersion: stored.version,
      events,
    });
  }

  /** The release's `maintenance` ticket: one per release (its claim), raised at the first approval. */
  async #raiseTicket(client: Client, release: MaintenanceRelease, at: string): Promise<string> {
    const actor = `release:${release.id}`;
    const claimKey = `release|${release.id}`;
    const terms = currentTerms(client);
    const severity = client.agreement.severities.at(-1)?.id ?? '';
    const items = await this.#itemsById(client.id);
    try {
      const outcome = await this.tickets.create({
        clientId: client.id,
        build: (number) => {
          const ticket = newTicket({
            clientId: client.id,
            ticketPrefix: client.ticketPrefix,
            number,
            title: `Maintenance release: ${release.title}`,
            description: [
              `Window: ${release.window.start} – ${release.window.end} (${client.timezone})`,
              '',
              'Items:',
              ...release.itemIds.map((id) => `- ${items.get(id)?.title ?? id}`),
            ].join('\n'),
            severity,
            type: 'maintenance',
            reporter: actor,
            receivedAt: at,
            channel: 'release',
            agreementVersion: currentAgreementVersion(client),
          });
          const data = {
            severity: ticket.severity,
            type: ticket.type,
            reporter: actor,
            title: ticket.title,
            channel: 'release',
            sla: presentTicket(ticket, terms, new Date(at)).sla,
          };
          return {
            ticket,
            events: [{ ...domainEvent('ticket.created', data), at, actor }],
            position: queuePositionOf(ticket, terms),
          };
        },
        claim: { key: claimKey },
      });
      if (outcome.kind !== 'created') throw new Error('A release ticket create was answered as an idempotent replay.');
      for (const listener of this.ticketListeners) await listener.ticketChanged(outcome.stored.ticket, outcome.events);
      return outcome.stored.ticket.id;
    } catch (error) {
      if (!(error instanceof ClaimTakenError)) throw error;
      const holder = await this.tickets.readClaim(client.id, claimKey);
      if (!holder) throw error;
      return ticketId(client.ticketPrefix, holder.number);
    }
  }

  /** The reporters of the items' source tickets: those who asked for the work (active contacts are mailed). */
  async #requesters(
    clientId: string,
    release: MaintenanceRelease,
    items: ReadonlyMap<string, MaintenanceItem>,
  ): Promise<string[]> {
    const found = new Set<string>();
    for (const id of release.itemIds) {
      const source = items.get(id)?.sourceTicketId;
      const parsed = source ? parseTicketId(source) : undefined;
      if (!parsed) continue;
      const ticket = (await this.tickets.get(clientId, parsed.number))?.ticket;
      if (ticket) found.add(ticket.reporter.toLowerCase());
    }
    return [...found];
  }

  /** Each item is the client's, still to do, and in no other open release. */
  async #assertItemsFree(clientId: string, itemIds: readonly string[], releaseId: string): Promise<void> {
    const items = await this.#itemsById(clientId);
    const others = (await this.releases.list(clientId))
      .map((s) => s.release)
      .filter((r) => r.id !== releaseId && isOpenRelease(r));
    const done = doneItems((await this.releases.list(clientId)).map((s) => s.release));
    for (const [index, id] of itemIds.entries()) {
      const item = items.get(id);
      if (!item) throw new DomainError('invalid', `No item ${id} in the backlog.`, `itemIds.${index}`);
      if (item.status === 'dropped' || item.status === 'done' || done.has(id))
        throw new DomainError('conflict', `Item ${id} is ${done.has(id) ? 'done' : item.status}.`, `itemIds.${index}`);
      const holder = others.find((r) => r.itemIds.includes(id));
      if (holder)
        throw new DomainError('conflict', `Item ${id} is in release ${holder.id} already.`, `itemIds.${index}`);
    }
  }

  async #itemsById(clientId: string): Promise<Map<string, MaintenanceItem>> {
    return new Map((await this.items.list(clientId)).map((s) => [s.item.id, s.item]));
  }

  async #view(client: Client, release: MaintenanceRelease): Promise<ReleaseView> {
    const items = await this.#itemsById(client.id);
    const all = (await this.releases.list(client.id)).map((s) => s.release);
    return present(client, release, items, all);
  }

  async #client(principal: Principal, clientId: string): Promise<Client> {
    const client = await this.clients.getClient(clientId);
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`);
    if (!isStaff(principal) && contactRolesAt(principal, clientId).length === 0)
      throw new DomainError('not-found', `No client ${clientId}.`);
    return client;
  }
}

/** Items of done releases are done; items of other releases are planned (docs/maintenance-plan.md). */
export function itemStatusesFromReleases(releases: readonly MaintenanceRelease[]): Map<string, ItemStatus> {
  const statuses = new Map<string, ItemStatus>();
  for (const release of releases) {
    for (const id of release.itemIds) {
      if (release.status === 'done') statuses.set(id, 'done');
      else if (!statuses.has(id)) statuses.set(id, 'planned');
    }
  }
  return statuses;
}

function doneItems(releases: readonly MaintenanceRelease[]): Set<string> {
  return new Set(releases.filter((r) => r.status === 'done').flatMap((r) => r.itemIds));
}

function present(
  client: Client,
  release: MaintenanceRelease,
  items: ReadonlyMap<string, MaintenanceItem>,
  all: readonly MaintenanceRelease[],
): ReleaseView {
  const statuses = itemStatusesFromReleases(all);
  return {
    id: release.id,
    clientId: release.clientId,
    title: release.title,
    window: release.window,
    timezone: client.timezone,
    itemIds: release.itemIds,
    items: release.itemIds.flatMap((id) => {
      const item = items.get(id);
      if (!item) return [];
      return [
        {
          id,
          title: item.title,
          ...(item.estimateHours !== undefined ? { estimateHours: item.estimateHours } : {}),
          billing: item.billing,
          status: item.status === 'dropped' ? item.status : (statuses.get(id) ?? item.status),
          ...(item.sourceTicketId ? { sourceTicketId: item.sourceTicketId } : {}),
        },
      ];
    }),
    notes: release.notes,
    status: release.status,
    round: release.round,
    decisions: release.decisions,
    ...(release.ticketId ? { ticketId: release.ticketId } : {}),
    ...(release.completedAt ? { completedAt: release.completedAt } : {}),
    createdAt: release.createdAt,
    createdBy: release.createdBy,
    updatedAt: release.updatedAt,
    updatedBy: release.updatedBy,
  };
}

function eventData(
  client: Client,
  release: MaintenanceRelease,
  items: ReadonlyMap<string, MaintenanceItem>,
  change: ReleaseChange,
  requesters: readonly string[],
): Record<string, unknown> {
  const base = {
    releaseId: release.id,
    title: release.title,
    window: release.window,
    timezone: client.timezone,
    items: release.itemIds.map((id) => ({ id, title: items.get(id)?.title ?? id })),
    ...(release.ticketId ? { ticketId: release.ticketId } : {}),
  };
  switch (change.type) {
    case 'maintenance.release-proposed':
      return domainEvent(change.type, { ...base, round: change.round, reproposal: change.reproposal }).data;
    case 'maintenance.release-approved':
      return domainEvent(change.type, {
        ...base,
        round: change.round,
        ...(change.comment ? { comment: change.comment } : {}),
      }).data;
    case 'maintenance.release-queried':
      return domainEvent(change.type, { ...base, round: change.round, comment: change.comment }).data;
    case 'maintenance.release-completed':
      return domainEvent(change.type, { ...base, notes: change.notes, requesters: [...requesters] }).data;
  }
}

const releaseNumber = (id: string): number => Number(id.slice(1)) || 0;

function assertLead(principal: Principal): void {
  if (!hasStaffRole(principal, 'lead')) throw new DomainError('forbidden', 'Only a support lead plans releases.');
}

function assertApprover(principal: Principal, clientId: string): void {
  if (!contactRolesAt(principal, clientId).includes('approver'))
    throw new DomainError('forbidden', "Only the client's approvers approve or query a release.");
}
