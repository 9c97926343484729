/**
 * Table string properties hold at most 32K UTF-16 characters, and an entity 1 MiB. Documents are stored
 * as JSON split over `doc`, `doc1`, `doc2`… so a ticket with long texts still fits one entity (and so
 * one transaction).
 */
const chunkLength = 30_000;
const maxChunks = 15;

export type JsonColumns = Record<string, string>;

export function toJsonColumns(value: unknown): JsonColumns {
  const json = JSON.stringify(value);
  const chunks = Math.max(1, Math.ceil(json.length / chunkLength));
  if (chunks > maxChunks) throw new RangeError(`Document of ${json.length} characters is too large for one entity.`);
  const columns: JsonColumns = {};
  for (let i = 0; i < chunks; i++) columns[i === 0 ? 'doc' : `doc${i}`] = json.slice(i * chunkLength, (i + 1) * chunkLength);
  return columns;
}

export function fromJsonColumns<T>(entity: Readonly<Record<string, unknown>>): T {
  let json = typeof entity.doc === 'string' ? entity.doc : '';
  for (let i = 1; typeof entity[`doc${i}`] === 'string'; i++) json += entity[`doc${i}`] as string;
  return JSON.parse(json) as T;
}
