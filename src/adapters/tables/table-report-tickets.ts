import { odata, type TableClient } from '@azure/data-tables';
import type { ReportTicket } from '../../domain/reports/sla-report';
import type { ReportTicketSource } from '../../ports/report-ticket-source';
import { fromJsonColumns } from './json-columns';
import { ticketRowKeys as keys } from './ticket-row-keys';

/** Numbers this close together are read as one range rather than two (the rows between are few). */
const mergeGap = 32;
/** Ranges read at once. */
const parallelRanges = 4;

/**
 * The tickets of a period, for SLA reports, from the `tickets` table.
 *
 * The receipt index (`r|{receivedAt}|{n}`, written in each ticket's create transaction) gives the
 * numbers of the tickets received in the period as a range scan of small rows; the tickets are then
 * read as ranges of consecutive numbers (tickets are numbered as they arrive, so a month is nearly
 * always one range), never the client's whole history.
 */
export class TableReportTickets implements ReportTicketSource {
  constructor(private readonly table: TableClient) {}

  async receivedBetween(clientId: string, from: number, to: number): Promise<ReportTicket[]> {
    const numbers = await this.#numbers(clientId, from, to);
    if (numbers.length === 0) return [];
    const wanted = new Set(numbers);
    const ranges = numberRanges(numbers);
    const tickets: ReportTicket[] = [];
    for (let i = 0; i < ranges.length; i += parallelRanges) {
      const batch = await Promise.all(ranges.slice(i, i + parallelRanges).map(([low, high]) => this.#ticketsIn(clientId, low, high)));
      for (const found of batch) for (const ticket of found) if (wanted.has(ticket.number)) tickets.push(ticket);
    }
    return tickets;
  }

  async #numbers(clientId: string, from: number, to: number): Promise<number[]> {
    const range = keys.receivedRange(new Date(from).toISOString(), new Date(to).toISOString());
    const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
    const numbers: number[] = [];
    for await (const entity of this.table.listEntities<{ number: number }>({ queryOptions: { filter, select: ['number'] } })) {
      numbers.push(entity.number);
    }
    return numbers.sort((a, b) => a - b);
  }

  async #ticketsIn(clientId: string, low: number, high: number): Promise<Array<ReportTicket & { number: number }>> {
    // `t|{high + 1}` bounds the range after `high`'s own timeline rows, which `kind` leaves out.
    const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${keys.ticket(low)} and RowKey lt ${keys.ticket(high + 1)} and kind eq 'ticket'`;
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
