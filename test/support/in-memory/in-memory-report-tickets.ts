import type { ReportTicket } from '../../../src/domain/reports/sla-report';
import type { ReportTicketSource } from '../../../src/ports/report-ticket-source';
import type { InMemoryTicketStore } from './in-memory-ticket-store';

/**
 * The ReportTicketSource contract in memory, over the tickets of an `InMemoryTicketStore` (as
 * `TableReportTickets` reads the table `TableTicketStore` writes); test/ports/report-ticket-source.test.ts
 * runs the same cases against both. A ticket counts by the instant it was received, not by its number.
 */
export class InMemoryReportTickets implements ReportTicketSource {
  constructor(private readonly tickets: InMemoryTicketStore) {}

  async receivedBetween(clientId: string, from: number, to: number): Promise<ReportTicket[]> {
    const tickets = await this.tickets.list({ clientId });
    return tickets.filter((t) => Date.parse(t.receivedAt) >= from && Date.parse(t.receivedAt) < to);
  }
}
