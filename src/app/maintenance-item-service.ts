import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '../domain/events/cloud-event';
import { DomainError } from '../domain/domain-error';
import {
  itemFromFailedCheck,
  itemFromFollowUp,
  type ItemBilling,
  type MaintenanceItem,
} from '../domain/maintenance/item';
import type { Ticket } from '../domain/tickets/ticket';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { MaintenanceItemStore } from '../ports/maintenance-item-store';
import type { TicketStore } from '../ports/ticket-store';
import { findTicket } from './ticket-lookup';
import type { MaintenanceReleaseStore } from '../ports/maintenance-release-store';
import { itemStatusesFromReleases } from './maintenance-release-service';
import { actorName, isStaff, type Principal } from './principal';
import { assertMayReadPlan } from './maintenance-plan-access';

/** What staff send to add an item by hand. */
export interface NewItemBody {
  readonly title: string;
  readonly description?: string;
  readonly estimateHours?: number;
  readonly billing: ItemBilling;
  readonly sourceTicketId?: string;
}

/**
 * A client's maintenance backlog (docs/product-spec.md §10): items staff add, and one item per follow-up recorded on
 * a closed ticket. A follow-up becomes its item from the topic (`ticket.follow-up-recorded`, the
 * `maintenance-items` subscription), so the ticket's change never waits on it and a lost delivery is
 * redelivered; follow-ups recorded before items existed are carried over once per client, the first
 * time its backlog is read. Both paths derive the item's id from the ticket and the follow-up's
 * position, so each follow-up is one item however often either runs.
 */
export class MaintenanceItemService {
  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    private readonly items: MaintenanceItemStore,
    private readonly clock: Clock,
    /** Releases decide an item's `planned` / `done` (docs/maintenance-plan.md); without them items show as stored. */
    private readonly releases?: Pick<MaintenanceReleaseStore, 'list'>,
  ) {}

  /** The backlog: staff and the client's approvers. Carries earlier follow-ups over on first read. */
  async list(principal: Principal, clientId: string): Promise<MaintenanceItem[]> {
    assertMayReadPlan(principal, clientId);
    const client = await this.clients.getClient(clientId);
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`);
    await this.carryOver(clientId);
    const statuses = itemStatusesFromReleases(
      this.releases ? (await this.releases.list(clientId)).map((s) => s.release) : [],
    );
    return (await this.items.list(clientId))
      .map(({ item }) => {
        const status = item.status === 'dropped' ? undefined : statuses.get(item.id);
        return status ? { ...item, status } : item;
      })
      .sort(byCreation);
  }

  /** Staff add an item by hand (an approved enhancement, a task of their own). */
  async add(principal: Principal, clientId: string, body: NewItemBody): Promise<MaintenanceItem> {
    if (!isStaff(principal)) throw new DomainError('not-found', `No client ${clientId}.`);
    const client = await this.clients.getClient(clientId);
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`);
    if (body.sourceTicketId !== undefined) {
      const found = await findTicket(this.clients, this.tickets, body.sourceTicketId, (id) => id === clientId);
      if (!found)
        throw new DomainError('invalid', `${body.sourceTicketId} is not a ticket of ${clientId}.`, 'sourceTicketId');
    }
    const now = this.clock.now().toISOString();
    const item: MaintenanceItem = {
      id: `i-${randomUUID().slice(0, 8)}`,
      clientId,
      title: body.title,
      description: body.description ?? '',
      ...(body.estimateHours !== undefined ? { estimateHours: body.estimateHours } : {}),
      billing: body.billing,
      ...(body.sourceTicketId !== undefined ? { sourceTicketId: body.sourceTicketId } : {}),
      status: 'proposed',
      createdAt: now,
      createdBy: actorName(principal),
      updatedAt: now,
    };
    await this.items.add(item);
    return item;
  }

  /**
   * The `maintenance-items` subscription (a follow-up was recorded: its ticket's follow-ups become items)
   * and `maintenance-check-items` (checklist lines failed with `makeItem` become items).
   */
  async fromEvent(event: CloudEvent): Promise<number> {
    if (event.type !== 'ticket.follow-up-recorded' && event.type !== 'ticket.checked') return 0;
    const found = await findTicket(this.clients, this.tickets, event.subject);
    if (!found) return 0;
    if (event.type === 'ticket.checked') return this.#fromCheck(found.stored.ticket, event);
    return this.#fromTicket(found.stored.ticket);
  }

  /** Each failed line the check named an item for becomes that item (derived id: inserted once). */
  async #fromCheck(ticket: Ticket, event: CloudEvent): Promise<number> {
    const results = Array.isArray(event.data.results) ? (event.data.results as unknown[]) : [];
    const at = this.clock.now().toISOString();
    let made = 0;
    for (const result of results) {
      const answer = result as { line?: unknown; item?: unknown; note?: unknown; itemId?: unknown };
      if (typeof answer.itemId !== 'string' || typeof answer.item !== 'string') continue;
      const item = itemFromFailedCheck(
        ticket,
        {
          line: Number(answer.line),
          item: answer.item,
          ...(typeof answer.note === 'string' ? { note: answer.note } : {}),
        },
        answer.itemId,
        typeof event.data.actor === 'string' ? event.data.actor : 'system',
        at,
      );
      if (await this.items.add(item)) made++;
    }
    return made;
  }

  /** Once per client: every follow-up recorded before items existed becomes its item. */
  async carryOver(clientId: string): Promise<number> {
    if (await this.items.carriedOver(clientId)) return 0;
    let made = 0;
    for (const ticket of await this.tickets.list({ clientId, status: 'closed' }))
      made += await this.#fromTicket(ticket);
    await this.items.markCarriedOver(clientId);
    return made;
  }

  async #fromTicket(ticket: Ticket): Promise<number> {
    const now = this.clock.now().toISOString();
    let made = 0;
    for (const [index, followUp] of ticket.followUps.entries()) {
      if (await this.items.add(itemFromFollowUp(ticket, followUp, index + 1, now))) made++;
    }
    return made;
  }
}

const byCreation = (a: MaintenanceItem, b: MaintenanceItem): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
