/**
 * Table Storage caps a string property at 64 KiB (32 K UTF-16 code units) and an entity at 1 MiB, so a
 * long text is spread over several properties of one entity (and so stays in one transaction). This is
 * the one splitter for the adapters (`json-columns.ts` builds on it) and the local host's Durable engine.
 *
 * Format written: `{name}`, `{name}1`, `{name}2`, … — the parts in order; no `{name}` column means no
 * text (`undefined`). Tickets, outbox rows and hour-bank rows in Azure have always been stored this way
 * (as `doc`, `doc1`, …). Format also read: the local engine's earlier `{name}_n` (count of parts, `-1`
 * for no text) with `{name}_0`, `{name}_1`, …, so data kept under `.local/` keeps loading; an entity is
 * rewritten in the new format the next time it is saved.
 *
 * Entities carrying long text must be written whole (`Replace`, or created): a `Merge` that writes fewer
 * parts than the row had would leave stale parts behind.
 */
export const textPartChars = 30_000;

export type TextColumns = Record<string, string>;

/** The columns holding `text` under `name`; throws a RangeError if it needs more than `maxParts`. */
export function textColumns(name: string, text: string, maxParts = Number.POSITIVE_INFINITY): TextColumns {
  const parts = Math.max(1, Math.ceil(text.length / textPartChars));
  if (parts > maxParts) throw new RangeError(`Text of ${text.length} characters is too large for one entity.`);
  const columns: TextColumns = {};
  for (let i = 0; i < parts; i++)
    columns[i === 0 ? name : `${name}${i}`] = text.slice(i * textPartChars, (i + 1) * textPartChars);
  return columns;
}

/** Adds the columns of `text` under `name` to `entity` (none for `undefined`). */
export function putTextColumns(entity: Record<string, unknown>, name: string, text: string | undefined): void {
  if (text !== undefined) Object.assign(entity, textColumns(name, text));
}

/** The text stored under `name`, in either format; `undefined` if there is none. */
export function readTextColumns(entity: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const legacyParts = entity[`${name}_n`];
  if (legacyParts !== undefined && legacyParts !== null) return readLegacy(entity, name, Number(legacyParts));
  if (typeof entity[name] !== 'string') return undefined;
  let text = entity[name];
  for (let i = 1; typeof entity[`${name}${i}`] === 'string'; i++) text += entity[`${name}${i}`] as string;
  return text;
}

function readLegacy(entity: Readonly<Record<string, unknown>>, name: string, parts: number): string | undefined {
  if (parts < 0) return undefined;
  let text = '';
  for (let i = 0; i < parts; i++) {
    const part = entity[`${name}_${i}`];
    text += typeof part === 'string' ? part : '';
  }
  return text;
}
