import type { HttpFunctionOptions, HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { authenticate } from '../app/authenticate';
import type { Principal } from '../app/principal';
import { getRuntime, type Runtime } from '../composition/runtime';
import { apiRoute } from './api-route';
import type { Operation } from './operation';
import { HttpProblem, problemResponse, toProblem } from './problem';
import { parseParams, readJsonBody } from './request-body';

/** Turns an operation into the handler its function registration uses. */
export function toHttpHandler<P, Q, B>(operation: Operation<P, Q, B>): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      const runtime = getRuntime();
      await runtime.ready;
      const principal = await authorize(operation, request, runtime);
      const params = operation.params ? parseParams(request.params, operation.params, 'path') : (undefined as P);
      const query = operation.query ? parseParams(Object.fromEntries(request.query.entries()), operation.query, 'query') : (undefined as Q);
      const body = operation.body ? await readJsonBody(request, operation.body) : (undefined as B);
      const orchestrations = operation.durableClient ? df.getClient(context) : undefined;
      return await operation.handle({ request, context, runtime, principal, params, query, body, orchestrations });
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) context.error(`${operation.name} failed`, error);
      return problemResponse(problem, new URL(request.url).pathname);
    }
  };
}

async function authorize(operation: Operation<unknown, unknown, unknown>, request: HttpRequest, runtime: Runtime): Promise<Principal | undefined> {
  if (operation.access === 'anyone') return undefined;
  const header = request.headers.get('authorization') ?? '';
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const principal = token ? await authenticate(token, runtime.settings.SUPPORTDESK_ADMIN_KEY, runtime.clientStore) : undefined;
  if (!principal) {
    throw new HttpProblem(401, 'Unauthorized', 'Send a valid key as `Authorization: Bearer <key>`.', undefined, { 'www-authenticate': 'Bearer' });
  }
  if (operation.access === 'admin' && principal.kind !== 'admin') {
    throw new HttpProblem(403, 'Forbidden', 'This operation needs the admin key.');
  }
  return principal;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/**
 * The `app.http` options of an operation: route and method come from the operation, auth is ours. The
 * route gains the `api/` prefix here, since host.json's routePrefix is empty so pages can live at `/`.
 */
export function httpFunctionOptions<P, Q, B>(operation: Operation<P, Q, B>): HttpFunctionOptions {
  return {
    route: apiRoute(operation.route),
    methods: [operation.method],
    authLevel: 'anonymous',
    handler: toHttpHandler(operation),
    ...(operation.durableClient ? { extraInputs: [df.input.durableClient()] } : {}),
  };
}
