import type { ServerResponse } from 'node:http';

/** The same shape as the API's field errors: a dotted `field`, a JSON Pointer and a message. */
export interface ProblemFieldError {
  readonly field: string;
  readonly pointer: string;
  readonly message: string;
}

export function fieldError(pointer: string, message: string): ProblemFieldError {
  return { field: pointer.split('/').filter(Boolean).join('.') || 'body', pointer, message };
}

/** Responses the local host writes itself (its own routes, the Durable client API, the dev routes). */

/** Writes an RFC 9457 problem (`application/problem+json`). */
export function writeProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  errors?: readonly ProblemFieldError[],
): void {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function writeJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
