import type { Ticket } from '../tickets/ticket';

/** Whether a time entry draws on the bank or is billed against the ticket's separately approved quote. */
export type TimeEntryBilling = 'hour-bank' | 'quote';

/** Time booked on a ticket (docs/product-spec.md §5). Never edited; a mistake is corrected by an adjustment. */
export interface TimeEntry {
  /** Position among the ticket's time entries, from 1. */
  readonly seq: number;
  readonly ticketId: string;
  readonly hours: number;
  readonly note: string;
  /** The date the work was done (`YYYY-MM-DD`, the client's calendar). */
  readonly workedOn: string;
  readonly billing: TimeEntryBilling;
  readonly by: string;
  readonly at: string;
  /** The call-off's ledger entry (billing `hour-bank`). */
  readonly ledgerEntry?: number;
  readonly balanceAfter?: number;
}

/** Time on a ticket whose quote was approved as a separate quote is billed on it and draws nothing. */
export function billingFor(ticket: Pick<Ticket, 'approval'>): TimeEntryBilling {
  return ticket.approval?.decision === 'quote' ? 'quote' : 'hour-bank';
}

/** Hours booked on a ticket are between 0 and 24 exclusive/inclusive, in quarter steps (docs/product-spec.md §5). */
export const maxTimeEntryHours = 24;
