import type { IncomingMessage, ServerResponse } from 'node:http';
import { secretsEqual } from '../../src/app/api-keys';
import { bearerIs } from '../admin-bearer';
import { managementPayload, rpcPathSegment, webhookPath } from './client-binding';
import { fieldError, writeJson, writeProblem } from '../host-responses';
import type { InstanceOperations, OperationResult, StatusFilter } from './instance-operations';
import type { InstanceRecord } from './instance-store';

export interface ClientApiOptions {
  readonly baseUrl: string;
  readonly taskHub: string;
  /** When set: the admin key as a bearer token, or the app's own client under the secret path segment. */
  readonly access?: { readonly adminKey: string; readonly rpcPathKey: string };
}

/**
 * The Durable extension's instance-management HTTP API, as far as durable-functions' `DurableClient`
 * uses it (`rpcBaseUrl` routes, which are also the public webhook routes):
 *
 *   POST   orchestrators/{name}[/{instanceId}]          start
 *   GET    instances/{instanceId}?showHistory&showInput  status
 *   GET    instances?runtimeStatus&createdTimeFrom&…     list
 *   POST   instances/{instanceId}/raiseEvent/{event}     raise an event
 *   POST   instances/{instanceId}/terminate?reason=      terminate
 *   DELETE instances/{instanceId} | instances?filter     purge
 *
 * Returns false when the path is not under `/runtime/webhooks/durabletask`.
 */
export async function handleClientApi(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  ops: InstanceOperations,
  options: ClientApiOptions,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname !== webhookPath && !url.pathname.startsWith(`${webhookPath}/`)) return false;
  let segments = url.pathname.slice(webhookPath.length).split('/').filter(Boolean).map(decodeURIComponent);
  if (options.access) {
    const own = segments[0] !== undefined && secretsEqual(segments[0], rpcPathSegment(options.access.rpcPathKey));
    if (own) segments = segments.slice(1);
    else if (!bearerIs(req, options.access.adminKey)) {
      // Listing, raising and terminating every tenant's orchestrations is for the administrator only.
      writeProblem(
        res,
        401,
        'Unauthorized',
        'The Durable Task routes need the admin key as `Authorization: Bearer <key>`.',
      );
      return true;
    }
  }
  const request: ClientRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    segments,
    query: url.searchParams,
    body,
  };
  const handled = await route(request, res, ops, options);
  if (!handled) writeProblem(res, 404, 'Not found', `No durable task route ${request.method} ${url.pathname}.`);
  return true;
}

interface ClientRequest {
  readonly method: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly body: Buffer;
}

/** Answers the request if it is one of the routes above; false when none matches. */
async function route(
  req: ClientRequest,
  res: ServerResponse,
  ops: InstanceOperations,
  options: ClientApiOptions,
): Promise<boolean> {
  const { method, segments, query } = req;
  const [area, id, verb, eventName] = segments;
  if (area === 'orchestrators' && id && segments.length <= 3 && method === 'POST') {
    const input = jsonBody(res, req.body);
    if (input === invalid) return true;
    const result = await ops.startNew(id, segments[2], input);
    if (!result.ok) return writeFailure(res, result);
    const links = managementPayload(options.baseUrl, options.taskHub, result.value.instanceId);
    writeJson(res, 202, links, { location: links.statusQueryGetUri ?? '', 'retry-after': '10' });
    return true;
  }
  if (area === 'instances' && !id && method === 'GET') {
    writeJson(
      res,
      200,
      (await ops.list(statusFilter(query))).map((r) => statusBody(r, undefined, query)),
    );
    return true;
  }
  if (area === 'instances' && !id && method === 'DELETE') {
    let deleted = 0;
    for (const record of await ops.list(statusFilter(query))) {
      const purged = await ops.purge(record.instanceId);
      if (purged.ok) deleted += purged.value;
    }
    if (deleted === 0) writeProblem(res, 404, 'Not found', 'No finished instances matched.');
    else writeJson(res, 200, { instancesDeleted: deleted });
    return true;
  }
  if (area === 'instances' && id && !verb && method === 'GET') {
    const found = await ops.status(id, query.get('showHistory') === 'true');
    if (!found) {
      writeProblem(res, 404, 'Not found', `No instance with ID '${id}' found.`);
      return true;
    }
    // As the extension: 202 while in progress, 200 when completed, 400 when failed or terminated.
    const status = found.record.runtimeStatus;
    const http = status === 'Completed' ? 200 : status === 'Failed' || status === 'Terminated' ? 400 : 202;
    const location = managementPayload(options.baseUrl, options.taskHub, id).statusQueryGetUri ?? '';
    writeJson(
      res,
      http,
      statusBody(found.record, found.history, query),
      http === 202 ? { location, 'retry-after': '10' } : {},
    );
    return true;
  }
  if (area === 'instances' && id && !verb && method === 'DELETE') {
    const result = await ops.purge(id);
    if (!result.ok) return writeFailure(res, result);
    writeJson(res, 200, { instancesDeleted: result.value });
    return true;
  }
  if (area === 'instances' && id && verb === 'raiseEvent' && eventName && segments.length === 4 && method === 'POST') {
    const input = jsonBody(res, req.body);
    if (input === invalid) return true;
    return writeAccepted(res, await ops.raiseEvent(id, eventName, input));
  }
  if (area === 'instances' && id && verb === 'terminate' && segments.length === 3 && method === 'POST') {
    return writeAccepted(res, await ops.terminate(id, query.get('reason') ?? ''));
  }
  if (
    (area === 'instances' && verb && ['suspend', 'resume', 'rewind', 'restart'].includes(verb)) ||
    area === 'entities'
  ) {
    const what = area === 'entities' ? 'Durable entities are' : `'${verb}' is`;
    writeProblem(
      res,
      501,
      'Not implemented',
      `${what} not supported by the local durable engine (see docs/local-durable-engine.md).`,
    );
    return true;
  }
  return false;
}

const invalid = Symbol('invalid');

/** The JSON text of a request body: undefined when empty, `invalid` (after answering 400) when not JSON. */
function jsonBody(res: ServerResponse, body: Buffer): string | undefined | typeof invalid {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
    return text;
  } catch {
    writeProblem(res, 400, 'Invalid request', 'The body must be JSON.', [fieldError('', 'not valid JSON')]);
    return invalid;
  }
}

function writeFailure(res: ServerResponse, result: Extract<OperationResult<unknown>, { ok: false }>): true {
  writeProblem(res, result.status, result.title, result.detail);
  return true;
}

function writeAccepted(res: ServerResponse, result: OperationResult): true {
  if (!result.ok) return writeFailure(res, result);
  res.writeHead(202, { 'content-length': '0' });
  res.end();
  return true;
}

function statusFilter(query: URLSearchParams): StatusFilter {
  const date = (name: string): Date | undefined => {
    const value = query.get(name);
    const parsed = value ? new Date(value) : undefined;
    return parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
  };
  const statuses = (query.get('runtimeStatus') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const from = date('createdTimeFrom');
  const to = date('createdTimeTo');
  const prefix = query.get('instanceIdPrefix');
  return {
    runtimeStatus: statuses,
    ...(from ? { createdTimeFrom: from } : {}),
    ...(to ? { createdTimeTo: to } : {}),
    ...(prefix ? { instanceIdPrefix: prefix } : {}),
  };
}

/** The status document of the extension's HTTP API; `input` and `output` are `null` rather than absent, as the client requires. */
function statusBody(
  record: InstanceRecord,
  history: readonly unknown[] | undefined,
  query: URLSearchParams,
): Record<string, unknown> {
  const parse = (json: string | undefined): unknown => (json === undefined ? null : (JSON.parse(json) as unknown));
  return {
    name: record.name,
    instanceId: record.instanceId,
    runtimeStatus: record.runtimeStatus,
    input: query.get('showInput') === 'false' ? null : parse(record.inputJson),
    customStatus: parse(record.customStatusJson),
    output: parse(record.outputJson),
    createdTime: record.createdTime,
    lastUpdatedTime: record.lastUpdatedTime,
    ...(history && query.get('showHistory') === 'true' ? { history } : {}),
  };
}
