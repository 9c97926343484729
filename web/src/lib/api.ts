/** The API's RFC 9457 problem details, with field errors for validation failures. */
export interface FieldProblem {
  readonly field: string;
  readonly pointer: string;
  readonly message: string;
}

export interface Problem {
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldProblem[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  /** Field errors by field name (`title`, `quote.hours`…), for showing beside each field. */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) byField[error.field] ??= error.message;
    return byField;
  }
}

export interface ApiResult<T> {
  readonly data: T;
  readonly status: number;
  readonly etag: string | undefined;
}

let csrfToken: string | undefined;

/** The session's CSRF token, sent as `X-CSRF-Token` on every unsafe request made with the cookie. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly ifMatch?: string;
  /** Creating and changing POSTs carry one; the same key on a retry cannot do the work twice. */
  readonly idempotencyKey?: string;
}

let actingAs: 'staff' | 'contact' | undefined;

/**
 * The role the current page acts in (`X-Act-As`): the portal's pages act as a contact and the console's
 * as staff, so that a person who is both sees in the portal exactly what their client's contacts see.
 */
export function setActingAs(role: 'staff' | 'contact' | undefined): void {
  actingAs = role;
}

/** Calls the same-origin API with the session cookie; a problem response becomes an `ApiError`. */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (actingAs && !path.startsWith('/api/sessions')) headers['x-act-as'] = actingAs;
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError({
      title: 'Network error',
      status: 0,
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = isProblem(parsed)
      ? parsed
      : {
          title: response.statusText || 'Error',
          status: response.status,
          detail: `The request failed (${response.status}).`,
        };
    throw new ApiError(problem);
  }
  return { data: parsed as T, status: response.status, etag: response.headers.get('etag') ?? undefined };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'title' in value && 'status' in value;
}

/** A message for any error a page caught, never a stack trace. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title;
  return 'Something went wrong. Please try again.';
}
