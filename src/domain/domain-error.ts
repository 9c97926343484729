/**
 * The few ways a domain rule can refuse a request, in the domain's words. `stale`: the caller based
 * the change on a version of the thing that is no longer current. `busy`: the change could not be
 * written within its time for contention and may be sent again as it is (never a refusal of the change). `src/http/problem.ts` maps each
 * kind to one HTTP status; nothing below `src/http` knows status codes.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'stale' | 'unprocessable' | 'busy';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** The request field at fault, as a JSON path like `quote.hours`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
