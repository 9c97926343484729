import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { hourBankCloudEvent } from '../../domain/events/cloud-event';
import type { HourBankState, LedgerEntry, NumberedHourBankEvent } from '../../domain/hour-bank/hour-bank-ledger';
import type { TimeEntry } from '../../domain/hour-bank/time-entry';
import { toJsonColumns } from './json-columns';
import { ticketRowKeys as keys } from './ticket-row-keys';

/** The balance row; plain columns too, so the bank can be read in a table browser. */
export function hourBankEntity(clientId: string, state: HourBankState): TableEntity {
  return {
    partitionKey: clientId,
    rowKey: keys.hourBank,
    kind: 'hourbank',
    balanceHours: state.balanceHours,
    ...toJsonColumns(state),
  };
}

/** Writes `state` over the version read, or creates the row if there was none. */
export function hourBankWriteAction(
  clientId: string,
  state: HourBankState,
  version: string | undefined,
): TransactionAction {
  const entity = hourBankEntity(clientId, state);
  return version ? ['update', entity, 'Replace', { etag: version }] : ['create', entity];
}

/**
 * Makes a transaction depend on the bank being unchanged since `version` was read, without changing
 * it: a Merge of no data columns under that ETag (it fails with 412 if the bank moved, and moves the
 * ETag, so a booking that read the bank before this commit is retried with a fresh read). With no row
 * yet, the empty bank is created, which fails with 409 if someone else created it meanwhile.
 */
export function hourBankGuardAction(
  clientId: string,
  version: string | undefined,
  empty: HourBankState,
): TransactionAction {
  return version
    ? ['update', { partitionKey: clientId, rowKey: keys.hourBank, kind: 'hourbank' }, 'Merge', { etag: version }]
    : ['create', hourBankEntity(clientId, empty)];
}

export function ledgerEntryEntity(clientId: string, entry: LedgerEntry): TableEntity {
  return {
    partitionKey: clientId,
    rowKey: keys.ledgerEntry(entry.seq),
    kind: 'ledger',
    at: entry.at,
    ...toJsonColumns(entry),
  };
}

export function timeEntryEntity(clientId: string, ticketNumber: number, entry: TimeEntry): TableEntity {
  return {
    partitionKey: clientId,
    rowKey: keys.timeEntry(ticketNumber, entry.seq),
    kind: 'time-entry',
    ...toJsonColumns(entry),
  };
}

/** Hour-bank events as outbox rows ("ticket 0" of the client), published by the same relay as ticket events. */
export function hourBankOutboxActions(clientId: string, events: readonly NumberedHourBankEvent[]): TransactionAction[] {
  return events.map((event): TransactionAction => [
    'create',
    {
      partitionKey: clientId,
      rowKey: keys.hourBankOutbox(event.seq),
      kind: 'outbox',
      eventType: event.type,
      ...toJsonColumns(hourBankCloudEvent(clientId, event)),
    },
  ]);
}
