import type { HttpRequest } from '@azure/functions';
import { HttpProblem } from './problem';

export const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  description:
    'Makes retries safe: a repeat of the same request replays the first response; the same key with another request is 422.',
};

/** The request's Idempotency-Key, if any: 1–200 visible ASCII characters, else 400. */
export function idempotencyKeyOf(request: HttpRequest): string | undefined {
  const key = request.headers.get('idempotency-key') ?? undefined;
  if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new HttpProblem(400, 'Invalid request', 'Idempotency-Key must be 1–200 visible ASCII characters.', [
      { field: 'Idempotency-Key', pointer: '', message: 'must be 1–200 visible ASCII characters' },
    ]);
  }
  return key;
}
