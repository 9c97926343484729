import { odata, type TableClient } from '@azure/data-tables';
import type { ReportTicket } from '../../domain/reports/sla-report';
import type { ReportTicketSource } from '../../ports/report-ticket-source';
import { fromJsonColumns } from './json-columns';
import { receiptHour, type ReceiptIndexState } from './receipt-index';
import { isStatus } from './table-clients';
import { ticketRowKeys as keys } from './ticket-row-keys';

/** Numbers this close together are read as one range rather than two (the rows between are few). */
const mergeGap = 32;
/** Ranges read at once. */
const parallelRanges = 4;

/**
 * The tickets of a period, for SLA reports, from the `tickets` table.
 *
 * The receipt index (receipt-index.ts) gives the numbers to read: the range its hour markers bound
 * for the tickets received in order, and the receipt rows of the period for the rest (and for every
 * ticket stored before the markers). The tickets are then read as ranges of consecutive numbers
 * (tickets are numbered as they arrive, so a month is nearly always one range), never the client's
 * whole history, and kept when received in the period.
 */
export class TableReportTickets implements ReportTicketSource {
  constructor(private readonly table: TableClient) {}

  async receivedBetween(clientId: string, from: number, to: number): Promise<ReportTicket[]> {
    if (to <= from) return [];
    const [indexed, inOrder] = await Promise.all([
      this.#receiptRows(clientId, from, to),
      this.#inOrderRange(clientId, from, to),
    ]);
    // A receipt row's ticket inside the in-order range is read with that range, not again on its own.
    const inRange = (n: number) => inOrder !== undefined && n >= inOrder.low && n <= (inOrder.high ?? Infinity);
    const ranges = numberRanges(indexed.filter((n) => !inRange(n)));
    if (inOrder) ranges.push([inOrder.low, inOrder.high ?? Infinity]);
    const tickets: Array<ReportTicket & { number: number }> = [];
    const seen = new Set<number>();
    for (let i = 0; i < ranges.length; i += parallelRanges) {
      const batch = await Promise.all(
        ranges.slice(i, i + parallelRanges).map(([low, high]) => this.#ticketsIn(clientId, low, high)),
      );
      for (const found of batch) {
        for (const ticket of found) {
          const receivedAt = Date.parse(ticket.receivedAt);
          if (receivedAt < from || receivedAt >= to || seen.has(ticket.number)) continue;
          seen.add(ticket.number);
          tickets.push(ticket);
        }
      }
    }
    // In number order, as they were before hour markers: the in-order range may come after receipt rows.
    return tickets.sort((a, b) => a.number - b.number);
  }

  /** The numbers of the period's receipt rows: tickets received out of order, and all tickets stored before 2026-12. */
  async #receiptRows(clientId: string, from: number, to: number): Promise<number[]> {
    const range = keys.receivedRange(new Date(from).toISOString(), new Date(to).toISOString());
    const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
    const numbers: number[] = [];
    for await (const entity of this.table.listEntities<{ number: number }>({
      queryOptions: { filter, select: ['number'] },
    })) {
      numbers.push(entity.number);
    }
    return numbers.sort((a, b) => a - b);
  }

  /**
   * The numbers that hold every in-order ticket received in the period: from the first marker of the
   * period's hours up to (not including) the first marker after them; open-ended when none follows.
   */
  async #inOrderRange(clientId: string, from: number, to: number): Promise<{ low: number; high?: number } | undefined> {
    const firstHour = receiptHour(new Date(from).toISOString());
    const lastHour = receiptHour(new Date(to - 1).toISOString());
    const hours = keys.receivedHourRange(firstHour, lastHour);
    const [first, next] = await Promise.all([
      this.#firstMarker(odata`PartitionKey eq ${clientId} and RowKey ge ${hours.from} and RowKey lt ${hours.to}`),
      this.#firstMarker(
        odata`PartitionKey eq ${clientId} and RowKey ge ${hours.to} and RowKey lt ${keys.receivedHours.to}`,
      ),
    ]);
    if (first === undefined) return undefined;
    if (next !== undefined) return { low: first, high: next - 1 };
    // No in-order ticket after the period: up to the last one (tickets numbered after it came out of order).
    const last = await this.#lastInOrder(clientId);
    return last === undefined ? { low: first } : { low: first, high: last };
  }

  async #lastInOrder(clientId: string): Promise<number | undefined> {
    try {
      return (await this.table.getEntity<ReceiptIndexState>(clientId, keys.counter)).receivedUpToNumber;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async #firstMarker(filter: string): Promise<number | undefined> {
    for await (const page of this.table
      .listEntities<{ number: number }>({ queryOptions: { filter, select: ['number'] } })
      .byPage({ maxPageSize: 1 })) {
      if (page[0]) return page[0].number;
    }
    return undefined;
  }

  async #ticketsIn(clientId: string, low: number, high: number): Promise<Array<ReportTicket & { number: number }>> {
    // `t|{high + 1}` bounds the range after `high`'s own timeline rows, which `kind` leaves out.
    const upper = Number.isFinite(high) ? keys.ticket(high + 1) : keys.ticketRange.to;
    const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${keys.ticket(low)} and RowKey lt ${upper} and kind eq 'ticket'`;
    const tickets: Array<ReportTicket & { number: number }> = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      tickets.push(fromJsonColumns<ReportTicket & { number: number }>(entity));
    }
    return tickets;
  }
}

/** Sorted numbers as inclusive ranges, merging neighbours closer than `mergeGap`. */
export function numberRanges(sorted: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && n - last[1] <= mergeGap) last[1] = Math.max(last[1], n);
    else ranges.push([n, n]);
  }
  return ranges;
}
