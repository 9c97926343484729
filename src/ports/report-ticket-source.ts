import type { ReportTicket } from '../domain/reports/sla-report';

/** Reads the tickets a report covers. */
export interface ReportTicketSource {
  /** Every ticket of a client with `from <= receivedAt < to` (epoch ms), in no particular order. */
  receivedBetween(clientId: string, from: number, to: number): Promise<ReportTicket[]>;
}
