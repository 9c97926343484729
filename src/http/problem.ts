import type { HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';
import { DomainError, type DomainErrorKind } from '../domain/domain-error';

/** One field-level validation failure: `field` as a dotted path, `pointer` as a JSON Pointer (RFC 6901). */
export interface FieldError {
  readonly field: string;
  readonly pointer: string;
  readonly message: string;
}

/** An RFC 9457 problem that a handler throws and the endpoint wrapper turns into a response. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: readonly FieldError[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

const statusOf: Record<DomainErrorKind, { status: number; title: string }> = {
  invalid: { status: 400, title: 'Invalid request' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  stale: { status: 412, title: 'Precondition failed' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  busy: { status: 503, title: 'Service unavailable' },
};

/** A `busy` answer says when to send the same request again. */
const retryAfter: Partial<Record<DomainErrorKind, Readonly<Record<string, string>>>> = { busy: { 'retry-after': '1' } };

export function validationProblem(
  issues: readonly z.core.$ZodIssue[],
  where: 'body' | 'query' | 'path' | 'header',
  detail = 'The request is not valid.',
): HttpProblem {
  const errors = issues.map((issue) => fieldError(issue.path, issue.message, where));
  return new HttpProblem(400, 'Invalid request', detail, errors);
}

function fieldError(path: readonly PropertyKey[], message: string, where: string): FieldError {
  const segments = path.map(String);
  const field =
    segments.length > 0
      ? segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '')
      : where;
  const pointer = `/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  return { field, pointer: segments.length > 0 ? pointer : '', message };
}

export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) {
    const { status, title } = statusOf[error.kind];
    const errors = error.field
      ? [{ field: error.field, pointer: `/${error.field.replace(/\./g, '/')}`, message: error.message }]
      : undefined;
    return new HttpProblem(status, title, error.message, errors, retryAfter[error.kind]);
  }
  return new HttpProblem(500, 'Internal error', 'The request could not be completed. It has been logged.');
}

export function problemResponse(problem: HttpProblem, instance?: string): HttpResponseInit {
  return {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.headers },
    body: JSON.stringify({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(problem.errors ? { errors: problem.errors } : {}),
    }),
  };
}
