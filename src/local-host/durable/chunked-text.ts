/**
 * Table Storage caps a string property at 64 KiB (32 K UTF-16 code units) and an entity at 1 MiB, so
 * long JSON is spread over numbered properties: `name_n` holds the count, `name_0`, `name_1`, … the parts.
 */
const chunkChars = 30_000;

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

export function putText(entity: Record<string, unknown>, name: string, text: string | undefined): void {
  if (text === undefined) {
    entity[`${name}_n`] = -1;
    return;
  }
  const parts = Math.max(1, Math.ceil(text.length / chunkChars));
  entity[`${name}_n`] = parts;
  for (let i = 0; i < parts; i++) entity[`${name}_${i}`] = text.slice(i * chunkChars, (i + 1) * chunkChars);
}

export function getText(entity: Record<string, unknown>, name: string): string | undefined {
  const parts = Number(entity[`${name}_n`] ?? -1);
  if (parts < 0) return undefined;
  let text = '';
  for (let i = 0; i < parts; i++) {
    const part = entity[`${name}_${i}`];
    text += typeof part === 'string' ? part : '';
  }
  return text;
}

export function assertPayloadSize(what: string, text: string | undefined, limit = maxPayloadChars): void {
  if (text !== undefined && text.length > limit) throw new PayloadTooLargeError(what, text.length, limit);
}
