import { readTextColumns, textColumns, type TextColumns } from './long-text-columns';

/**
 * Documents (tickets, outbox events, hour-bank rows…) are stored as JSON in the `doc` text columns of
 * `long-text-columns.ts` (`doc`, `doc1`, `doc2`…), so a ticket with long texts still fits one entity.
 * At most 15 parts (450,000 characters) keep the entity under Table Storage's 1 MiB.
 */
const maxParts = 15;

export type JsonColumns = TextColumns;

export function toJsonColumns(value: unknown): JsonColumns {
  return textColumns('doc', JSON.stringify(value), maxParts);
}

export function fromJsonColumns<T>(entity: Readonly<Record<string, unknown>>): T {
  return JSON.parse(readTextColumns(entity, 'doc') ?? '') as T;
}
