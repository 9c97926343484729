/**
 * The size limits of the local Durable engine. Long JSON is spread over several properties of an entity
 * by the adapters' splitter, `src/adapters/tables/long-text-columns.ts` (which still reads the
 * `name_n` / `name_0`… format this engine wrote before).
 */

/** Largest JSON text (input, output, event payload, activity result) the engine keeps in one entity. */
export const maxPayloadChars = 128 * 1024;
/** Largest custom status, as in Durable Functions (16 KB). */
export const maxCustomStatusChars = 16 * 1024;
/** How much history JSON one history row holds; a step with more spreads over several rows. */
export const maxHistoryRowChars = 300_000;
/** What one step may add to the history: a Table transaction carries at most 4 MiB (UTF-16 doubles it). */
export const maxStepHistoryChars = 1_500_000;

export class PayloadTooLargeError extends Error {
  constructor(what: string, chars: number, limit: number) {
    super(`${what} is ${chars} characters of JSON; the local durable engine keeps at most ${limit}.`);
    this.name = 'PayloadTooLargeError';
  }
}

export function assertPayloadSize(what: string, text: string | undefined, limit = maxPayloadChars): void {
  if (text !== undefined && text.length > limit) throw new PayloadTooLargeError(what, text.length, limit);
}
