import type { ServerResponse } from 'node:http';

export interface ProblemFieldError {
  readonly path: string;
  readonly message: string;
}

/** Writes an RFC 9457 problem (`application/problem+json`). */
export function writeProblem(res: ServerResponse, status: number, title: string, detail: string, errors?: readonly ProblemFieldError[]): void {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function writeJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
