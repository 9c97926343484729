import { ApiError } from '../api/client';

/** Whether the API refused a change because what it was based on changed meanwhile (`If-Match`, 412). */
export const isStale = (error: unknown): error is ApiError => error instanceof ApiError && error.problem.status === 412;

/** A 412 told in words the person can act on; any other error as it was. */
export function staleInWords(error: unknown, what: string): unknown {
  if (!isStale(error)) return error;
  return new ApiError({
    ...error.problem,
    detail: `Someone changed this ${what} while you were looking at it; nothing was saved. It is shown as it is now: check it and save again.`,
  });
}
