import type { TransactionAction } from '@azure/data-tables';
import type { Ticket } from '../../domain/tickets/ticket';
import { ticketRowKeys as keys } from './ticket-row-keys';

/**
 * The receipt index: how SLA reports find the tickets received in a period without reading a client's
 * whole history, at almost no cost per ticket.
 *
 * Tickets are numbered as they are committed, and almost all of them are received "now", so number
 * order is receipt order nearly always. The index records only what breaks that order:
 *
 * - the counter row carries `receivedUpTo`, the latest receipt instant of the tickets numbered in
 *   order so far, and `receiptHour`, the last hour that has a marker; it is written under its ETag in
 *   every create transaction, so it is exact;
 * - a ticket received at or after `receivedUpTo` is "in order" and writes nothing, except that the
 *   first one of a new UTC hour writes an hour marker `rh|{hour}|{number}`;
 * - a ticket received earlier (a phone call recorded later, a create that waited behind others) is
 *   out of order and writes a receipt row `r|{receivedAt}|{number}` as every ticket did before 2026-12.
 *
 * So the in-order tickets of hours H1..H2 are the numbers from H1's first marker up to the next
 * marker after H2 (none: up to `receivedUpToNumber`, the last in-order ticket, so tickets imported
 * later with old receipt instants are not read); a report reads that range of tickets, the receipt rows of its period, and keeps the
 * tickets received in the period (table-report-tickets.ts). Rows written before this index (a receipt
 * row for every ticket) are still read the same way.
 *
 * A create used to write a receipt row per ticket into the client's partition; on Azurite every row of
 * a partition slows every write to it (docs/performance.md).
 */
export interface ReceiptIndexState {
  readonly receivedUpTo?: string;
  /** The number of the ticket received at `receivedUpTo`: no in-order ticket is numbered above it. */
  readonly receivedUpToNumber?: number;
  readonly receiptHour?: string;
}

/** The UTC hour of an ISO-8601 UTC instant, as a sortable key: `2026-12-02T14`. */
export const receiptHour = (isoInstant: string): string => isoInstant.slice(0, 13);

/** The rows a group of new tickets (in number order) adds to the receipt index, and the state after it. */
export function receiptIndexActions(
  tickets: readonly Ticket[],
  before: ReceiptIndexState,
): { actions: TransactionAction[]; after: ReceiptIndexState } {
  let { receivedUpTo, receivedUpToNumber, receiptHour: markedHour } = before;
  const actions: TransactionAction[] = [];
  for (const ticket of tickets) {
    const receivedAt = new Date(ticket.receivedAt).toISOString();
    if (receivedUpTo === undefined || receivedAt < receivedUpTo) {
      // Out of order, or the partition's first ticket under this index: found by its own row.
      actions.push([
        'create',
        {
          partitionKey: ticket.clientId,
          rowKey: keys.received(receivedAt, ticket.number),
          kind: 'received',
          number: ticket.number,
        },
      ]);
      if (receivedUpTo === undefined) {
        receivedUpTo = receivedAt;
        receivedUpToNumber = ticket.number;
      }
      continue;
    }
    const hour = receiptHour(receivedAt);
    if (hour !== markedHour) {
      actions.push([
        'create',
        {
          partitionKey: ticket.clientId,
          rowKey: keys.receivedHour(hour, ticket.number),
          kind: 'received-hour',
          number: ticket.number,
        },
      ]);
      markedHour = hour;
    }
    receivedUpTo = receivedAt;
    receivedUpToNumber = ticket.number;
  }
  return { actions, after: receiptIndexState({ receivedUpTo, receivedUpToNumber, receiptHour: markedHour }) };
}

/** The state with only the fields that are set: a counter written before the index has none. */
export function receiptIndexState(fields: {
  readonly [K in keyof ReceiptIndexState]?: ReceiptIndexState[K] | undefined;
}): ReceiptIndexState {
  return {
    ...(fields.receivedUpTo !== undefined ? { receivedUpTo: fields.receivedUpTo } : {}),
    ...(fields.receivedUpToNumber !== undefined ? { receivedUpToNumber: fields.receivedUpToNumber } : {}),
    ...(fields.receiptHour !== undefined ? { receiptHour: fields.receiptHour } : {}),
  };
}
