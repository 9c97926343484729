/**
 * The few ways a domain rule can refuse a request. HTTP maps each kind to one status
 * (`invalid` 400, `forbidden` 403, `not-found` 404, `conflict` 409,
 * `precondition-failed` 412, `unprocessable` 422).
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'precondition-failed' | 'unprocessable';

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
