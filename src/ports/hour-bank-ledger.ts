/** One entry of a client's hour-bank ledger (docs/product-spec.md §5), as far as readers of the ledger need it. */
export interface HourBankLedgerEntry {
  readonly kind: 'purchase' | 'call-off' | 'adjustment';
  /** Signed: purchases positive, call-offs negative, adjustments either. */
  readonly hours: number;
  readonly at: string;
}

/** The hour-bank ledger, read by period (SLA reports show hours used against hours bought). */
export interface HourBankLedger {
  /** Entries with `from <= at < to` (ISO-8601 instants), oldest first. */
  entries(clientId: string, range: { readonly from: string; readonly to: string }): Promise<HourBankLedgerEntry[]>;
}

/** Until the hour bank exists: a ledger with no entries. */
export const emptyHourBankLedger: HourBankLedger = {
  entries: () => Promise.resolve([]),
};
