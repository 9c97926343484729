/** A maintenance item's life (docs/product-spec.md §10): proposed → planned (in a release) → done | dropped. */
export const itemStatuses = ['proposed', 'planned', 'done', 'dropped'] as const;
export type ItemStatus = (typeof itemStatuses)[number];

/** How an item's hours are paid: called off the hour bank, or quoted separately. */
export const itemBillings = ['hour-bank', 'quote'] as const;
export type ItemBilling = (typeof itemBillings)[number];

/** One piece of planned work in a client's backlog. */
export interface MaintenanceItem {
  readonly id: string;
  readonly clientId: string;
  readonly title: string;
  readonly description: string;
  readonly estimateHours?: number;
  readonly billing: ItemBilling;
  /** The closed ticket whose follow-up it came from, or the ticket it was raised from. */
  readonly sourceTicketId?: string;
  readonly status: ItemStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

/**
 * The item a ticket's n-th follow-up (from 1) becomes. The id is derived, so turning a follow-up into
 * an item is idempotent: the topic delivering the event twice, and the carry-over of follow-ups
 * recorded before items existed, make one item each.
 */
export const followUpItemId = (ticketId: string, n: number): string => `fu-${ticketId.toLowerCase()}-${n}`;

/** The longest title an item keeps; a follow-up's task longer than this goes whole into the description. */
export const maxItemTitle = 200;

export function itemFromFollowUp(
  ticket: { readonly id: string; readonly clientId: string; readonly title: string },
  followUp: { readonly task: string; readonly by: string; readonly at: string },
  n: number,
  now: string,
): MaintenanceItem {
  const task = followUp.task.trim();
  const firstLine = task.split('\n', 1)[0] ?? task;
  const title = firstLine.length > maxItemTitle ? `${firstLine.slice(0, maxItemTitle - 1)}…` : firstLine;
  return {
    id: followUpItemId(ticket.id, n),
    clientId: ticket.clientId,
    title,
    description: `${task}\n\nFollow-up of ${ticket.id} (${ticket.title}).`,
    billing: 'hour-bank',
    sourceTicketId: ticket.id,
    status: 'proposed',
    createdAt: now,
    createdBy: followUp.by,
    updatedAt: now,
  };
}

/**
 * The item a failed checklist line becomes (`check` with `makeItem`): the line as its title, the
 * engineer's note and the ticket in the description. `itemId` is the one the check named
 * (`checkItemId`), so a redelivered event makes no second item.
 */
export function itemFromFailedCheck(
  ticket: { readonly id: string; readonly clientId: string; readonly title: string },
  failed: { readonly line: number; readonly item: string; readonly note?: string },
  itemId: string,
  by: string,
  now: string,
): MaintenanceItem {
  const title = failed.item.length > maxItemTitle ? `${failed.item.slice(0, maxItemTitle - 1)}…` : failed.item;
  return {
    id: itemId,
    clientId: ticket.clientId,
    title: `Failed check: ${title}`.slice(0, maxItemTitle),
    description: `${failed.note ? `${failed.note}\n\n` : ''}Checklist line ${failed.line + 1} failed on ${ticket.id} (${ticket.title}).`,
    billing: 'hour-bank',
    sourceTicketId: ticket.id,
    status: 'proposed',
    createdAt: now,
    createdBy: by,
    updatedAt: now,
  };
}
