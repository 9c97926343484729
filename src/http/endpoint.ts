import type {
  HttpFunctionOptions,
  HttpHandler,
  HttpRequest,
  HttpResponseInit,
  InvocationContext,
} from '@azure/functions';
import { secretsEqual } from '../app/api-keys';
import { clientAddress } from '../app/auth-throttle';
import { authenticate } from '../app/authenticate';
import { principalActingAs } from '../app/person-directory';
import { describeError } from '../domain/describe-error';
import { isStaff, type Principal } from '../app/principal';
import type { AuthenticatedSession } from '../app/sign-in-service';
import { getRuntime, pick, type Runtime, type UseCases } from '../composition/runtime';
import { apiRoute } from './api-route';
import type { Access, Operation, OperationInput } from './operation';
import { HttpProblem, problemResponse, toProblem } from './problem';
import { parseParams, querySource, queryValues, readJsonBody } from './request-body';
import { originAllowed } from './request-origin';
import { readCookie, sessionCookieName } from './session-cookie';
import { withSecurityHeaders } from './security-headers';

/** Turns an operation into the handler its function registration uses. */
export function toHttpHandler<P, Q, B, A extends Access, U extends keyof UseCases>(
  operation: Operation<P, Q, B, A, U>,
): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      const runtime = getRuntime();
      await runtime.ready;
      const { principal, session } = await authorize(operation, request, runtime);
      const params = operation.params ? parseParams(request.params, operation.params, 'path') : (undefined as P);
      const query = operation.query
        ? parseParams(queryValues(querySource(request)), operation.query, 'query')
        : (undefined as Q);
      const body = operation.body ? await readJsonBody(request, operation.body) : (undefined as B);
      const given = { request, context, principal, session, params, query, body };
      // What the operation declared it uses, and nothing else of the composition.
      const input = { ...given, deps: pick(runtime, operation.uses) };
      return withSecurityHeaders(await operation.handle(input as unknown as OperationInput<P, Q, B, A, U>));
    } catch (error) {
      const problem = toProblem(error);
      // Only what went wrong, never the request: its headers carry keys.
      if (problem.status >= 500) context.error(`${operation.name} failed: ${describeError(error, { stack: true })}`);
      return withSecurityHeaders(problemResponse(problem, new URL(request.url).pathname));
    }
  };
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Authorization {
  readonly principal: Principal | undefined;
  readonly session: AuthenticatedSession | undefined;
}

/**
 * `Authorization: Bearer` (admin key, client key, staff JWT) wins; otherwise the `__Host-sd` session
 * cookie. A cookie-authenticated unsafe request must prove it comes from the app's own pages: the
 * session's CSRF token in `X-CSRF-Token`, and an `Origin`, when sent, that is the app's own.
 */
async function authorize(
  operation: Pick<Operation, 'access'>,
  request: HttpRequest,
  runtime: Runtime,
): Promise<Authorization> {
  const unsafe = !safeMethods.has(request.method.toUpperCase());
  if (operation.access === 'anyone') {
    // Sign-in and session creation take no credentials, but a foreign page must not drive them either.
    if (unsafe && !originAllowed(request, runtime)) throw crossOrigin();
    return { principal: undefined, session: undefined };
  }
  const header = request.headers.get('authorization');
  let principal: Principal | undefined;
  let session: AuthenticatedSession | undefined;
  if (header !== null) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (!token) throw unauthorized();
    principal = await authenticateThrottled(token, request, runtime);
  } else {
    const cookie = readCookie(request, sessionCookieName);
    session = cookie ? await runtime.signIn.authenticate(cookie) : undefined;
    principal = session ? actingAs(request, session) : undefined;
    if (session && unsafe) {
      const csrf = request.headers.get('x-csrf-token');
      if (csrf === null || !secretsEqual(csrf, session.session.csrfToken)) {
        throw new HttpProblem(403, 'Forbidden', "Send the session's CSRF token in `X-CSRF-Token` with every change.", [
          { field: 'X-CSRF-Token', pointer: '', message: "missing or not this session's token" },
        ]);
      }
      if (!originAllowed(request, runtime)) throw crossOrigin();
    }
  }
  if (!principal) throw unauthorized();
  if (operation.access === 'admin' && principal.kind !== 'admin') {
    throw new HttpProblem(403, 'Forbidden', 'This operation needs the admin key.');
  }
  if (operation.access === 'staff' && !isStaff(principal)) {
    throw new HttpProblem(403, 'Forbidden', 'This operation is for the support team.');
  }
  return { principal, session };
}

/**
 * A signed-in person who is both staff and a client contact acts as staff, unless the request asks for
 * the other role in `X-Act-As` (the portal's pages send `contact`). Asking for a role one does not hold
 * is refused; nobody gains a role this way.
 */
function actingAs(request: HttpRequest, session: AuthenticatedSession): Principal {
  const asked = request.headers.get('x-act-as');
  if (asked === null) return session.principal;
  if (asked !== 'staff' && asked !== 'contact') {
    throw new HttpProblem(400, 'Invalid request', '`X-Act-As` is `staff` or `contact`.', [
      { field: 'X-Act-As', pointer: '', message: 'must be staff or contact' },
    ]);
  }
  const principal = principalActingAs(session.person, asked);
  if (!principal) {
    const role = asked === 'staff' ? 'a member of the support team' : 'a contact of any client';
    throw new HttpProblem(403, 'Forbidden', `You are not ${role}.`, [
      { field: 'X-Act-As', pointer: '', message: `you are not ${role}` },
    ]);
  }
  return principal;
}

const crossOrigin = () =>
  new HttpProblem(403, 'Forbidden', "Changes are only accepted from the app's own pages (Origin).", [
    { field: 'Origin', pointer: '', message: "not this app's origin" },
  ]);

/** What authenticating a presented key reads of the composition. */
export const authenticating = ['settings', 'clock', 'clientStore', 'people', 'staffTokens', 'authThrottle'] as const;
export type Authenticating = Pick<UseCases, (typeof authenticating)[number]>;

/**
 * Authenticates a presented key, counting failures per client address: once the address's budget is
 * spent, every attempt is answered 429 until it refills (docs/security.md). Every route that takes a
 * key goes through here.
 */
export async function authenticateThrottled(
  token: string,
  request: HttpRequest,
  runtime: Authenticating,
): Promise<Principal | undefined> {
  const address = clientAddress(request.headers.get('x-forwarded-for'));
  const wait = runtime.authThrottle.retryAfterSeconds(address);
  if (wait !== undefined) {
    throw new HttpProblem(
      429,
      'Too many requests',
      `Too many failed authentications from your address; try again in ${wait} s.`,
      undefined,
      { 'retry-after': String(wait) },
    );
  }
  const principal = await authenticate(token, {
    adminKey: runtime.settings.SUPPORTDESK_ADMIN_KEY,
    clients: runtime.clientStore,
    directory: runtime.people,
    now: runtime.clock.now(),
    ...(runtime.staffTokens ? { staffTokens: runtime.staffTokens } : {}),
  });
  if (!principal) runtime.authThrottle.recordFailure(address);
  return principal;
}

const unauthorized = () =>
  new HttpProblem(401, 'Unauthorized', 'Sign in, or send a valid key as `Authorization: Bearer <key>`.', undefined, {
    'www-authenticate': 'Bearer',
  });

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/**
 * The `app.http` options of an operation: route and method come from the operation, auth is ours. The
 * route gains the `api/` prefix here, since host.json's routePrefix is empty so pages can live at `/`.
 */
export function httpFunctionOptions<P, Q, B, A extends Access, U extends keyof UseCases>(
  operation: Operation<P, Q, B, A, U>,
): HttpFunctionOptions {
  return {
    route: apiRoute(operation.route),
    methods: [operation.method],
    authLevel: 'anonymous',
    handler: toHttpHandler(operation),
  };
}
