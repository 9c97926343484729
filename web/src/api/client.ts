import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The API's RFC 9457 problem details, with field errors for validation failures. */
export type Problem = components['schemas']['Problem'];

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

let csrfToken: string | undefined;

/** The session's CSRF token, sent as `X-CSRF-Token` on every unsafe request made with the cookie. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

let actingAs: 'staff' | 'contact' | undefined;

/**
 * The role the current page acts in (`X-Act-As`): the portal's pages act as a contact and the console's
 * as staff, so that a person who is both sees in the portal exactly what their client's contacts see.
 */
export function setActingAs(role: 'staff' | 'contact' | undefined): void {
  actingAs = role;
}

const sessionHeaders: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept', 'application/json');
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    if (actingAs && !new URL(request.url).pathname.startsWith('/api/sessions'))
      request.headers.set('x-act-as', actingAs);
    // Creating and changing POSTs carry a key; the same key on a retry cannot do the work twice.
    if (request.method === 'POST' && !request.headers.has('idempotency-key'))
      request.headers.set('idempotency-key', crypto.randomUUID());
    return request;
  },
};

/**
 * The same-origin API, typed by `schema.d.ts` (generated from the server's OpenAPI document by
 * `npm run generate:api`): a path, its parameters, its body and its answer are checked against what
 * the server declares. Pages call it through `call`, which turns a problem into an `ApiError`.
 */
export const client = createClient<paths>({ credentials: 'same-origin' });
client.use(sessionHeaders);

/** What a successful call answered: its body, status and `ETag`. */
export interface ApiResult<T> {
  readonly data: T;
  readonly status: number;
  readonly etag: string | undefined;
}

/**
 * Awaits a `client` request: its typed body on success; an `ApiError` with the server's problem on
 * failure, or a network problem when the server could not be reached.
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<ApiResult<T>> {
  let outcome: { data?: T; error?: unknown; response: Response };
  try {
    outcome = await request;
  } catch {
    throw new ApiError({
      title: 'Network error',
      status: 0,
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  const { data, error, response } = outcome;
  if (!response.ok) {
    throw new ApiError(
      isProblem(error)
        ? error
        : {
            title: response.statusText || 'Error',
            status: response.status,
            detail: `The request failed (${response.status}).`,
          },
    );
  }
  // A 204 has no body: its `data` is undefined, and so is its declared type.
  return { data: data as T, status: response.status, etag: response.headers.get('etag') ?? undefined };
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'title' in value && 'status' in value;
}

/** A message for any error a page caught, never a stack trace. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title;
  return 'Something went wrong. Please try again.';
}
