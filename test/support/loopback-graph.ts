import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the part of Microsoft Graph v1.0 the mail transport uses, with the documented
 * paths and shapes: `POST /subscriptions` (checks the resource, `changeType`, expiry at most 4230 minutes ahead,
 * a `clientState` of at most 128 characters, and runs the validation handshake against the notification URL
 * when `handshake` is given), `PATCH /subscriptions/{id}` (404 once removed), the inbox's delta query
 * (`/users/{id}/mailFolders('inbox')/messages/delta`, `Prefer: odata.maxpagesize`, `@odata.nextLink` with a
 * `$skiptoken`, `@odata.deltaLink` with a `$deltatoken`, `@removed` for mail that left the inbox, 410 for a
 * delta token it does not know), `GET /users/{id}/messages/{id}` (`receivedDateTime`, `parentFolderId`),
 * `GET …/messages/{id}/$value` (the MIME), `POST …/messages/{id}/move` (a new id, as Exchange gives a moved
 * message), and `GET`/`POST /users/{id}/mailFolders` (`$filter=displayName eq '…'`, 409 when it exists).
 * Every request needs the bearer token. Failures can be queued per path (429/503 with Retry-After).
 */
export interface LoopbackGraph {
  /** The base URL, `http://127.0.0.1:{port}/v1.0`. */
  readonly url: string;
  /** The managed identity endpoint (`IDENTITY_ENDPOINT`), when `managedIdentity` was given. */
  readonly identityEndpoint: string;
  readonly requests: { method: string; path: string; query: string; authorization: string | undefined }[];
  readonly subscriptions: Map<string, GraphSubscriptionRecord>;
  /** Puts a message in the inbox (as the mail server would) and returns its id. */
  deliver(raw: Buffer | string, receivedAt: Date): string;
  /** Ids of the messages in a folder (`inbox` or a folder's display name). */
  folder(name: string): string[];
  /** The next `times` requests whose method and path match answer `status` (with `Retry-After` when given). */
  failNext(method: string, path: RegExp, status: number, retryAfter?: string, times?: number): void;
  /** Links Graph returns point at this origin instead (to check they are not followed). */
  linkOrigin: string | undefined;
  /** Forgets every delta token (sync state expired). */
  forgetDeltaTokens(): void;
  close(): Promise<void>;
}

export interface GraphSubscriptionRecord {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState?: string;
  expirationDateTime: string;
}

interface StoredMessage {
  raw: Buffer;
  receivedDateTime: string;
  folderId: string;
}

const inboxId = 'AAMkInbox=';
const maxMailMinutes = 4230;

export async function startLoopbackGraph(options: {
  mailbox: string;
  token?: string;
  /** Graph's own clock, which expiry limits are judged by (the test's clock). */
  now?: () => Date;
  /** Serve `/msi/token` as a managed identity endpoint for this client id and `X-IDENTITY-HEADER`. */
  managedIdentity?: { clientId: string; header: string };
  /** Answers the validation handshake as the notification URL would: the token echoed, or anything else. */
  handshake?: (url: string, validationToken: string) => Promise<{ status: number; contentType: string; body: string }>;
}): Promise<LoopbackGraph> {
  const token = options.token ?? 'graph-t0k';
  const requests: LoopbackGraph['requests'] = [];
  const subscriptions = new Map<string, GraphSubscriptionRecord>();
  const messages = new Map<string, StoredMessage>();
  const folders = new Map<string, string>([[inboxId, 'Inbox']]);
  /** The inbox's change log: a message arriving or leaving; delta tokens are positions in it. */
  const log: { id: string; kind: 'added' | 'removed' }[] = [];
  const validTokens = new Set<number>();
  const pages = new Map<string, { items: unknown[]; deltaToken: number }>();
  const failures: { method: string; path: RegExp; status: number; retryAfter?: string; times: number }[] = [];
  let linkOrigin: string | undefined;
  let url = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => send(res, 500, { error: { code: 'x', message: error.message } }));
  });

  const linkBase = () => (linkOrigin ? `${linkOrigin}/v1.0` : url);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(parsed.pathname);
    const method = req.method ?? '';
    requests.push({ method, path, query: parsed.search, authorization: req.headers.authorization });
    if (path === '/msi/token') return managedIdentityToken(parsed, req, res);
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    const failure = failures.find((f) => f.method === method && f.path.test(path) && f.times > 0);
    if (failure) {
      failure.times--;
      return send(
        res,
        failure.status,
        { error: { code: failure.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'try later' } },
        failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};

    if (path === '/v1.0/subscriptions' && method === 'POST') return createSubscription(body, res);
    const sub = /^\/v1\.0\/subscriptions\/([^/]+)$/.exec(path);
    if (sub && method === 'PATCH') {
      const found = subscriptions.get(sub[1]!);
      if (!found) return send(res, 404, { error: { code: 'ResourceNotFound', message: 'Object was not found.' } });
      const expiry = String(body.expirationDateTime);
      if (!tooLate(expiry, res)) {
        found.expirationDateTime = new Date(expiry).toISOString();
        send(res, 200, found);
      }
      return;
    }
    const user = /^\/v1\.0\/users\/([^/]+)(\/.*)$/.exec(path);
    if (!user) return send(res, 404, { error: { code: 'BadRequest', message: 'Resource not found for the segment.' } });
    if (user[1]!.toLowerCase() !== options.mailbox.toLowerCase())
      return send(res, 403, { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } });
    const rest = user[2]!;
    if (rest === "/mailFolders('inbox')/messages/delta" && method === 'GET') return delta(parsed, req, res);
    if (rest === '/mailFolders' && method === 'GET') {
      const wanted = /^displayName eq '(.*)'$/.exec(parsed.searchParams.get('$filter') ?? '')?.[1]?.replace(/''/g, "'");
      const value = [...folders]
        .filter(([, name]) => wanted === undefined || name === wanted)
        .map(([id, displayName]) => ({ id, displayName }));
      return send(res, 200, { value });
    }
    if (rest === '/mailFolders' && method === 'POST') {
      const name = String(body.displayName);
      if ([...folders.values()].includes(name))
        return send(res, 409, {
          error: { code: 'ErrorFolderExists', message: 'A folder with the specified name already exists.' },
        });
      const id = `AAMkFolder-${randomUUID()}=`;
      folders.set(id, name);
      return send(res, 201, { id, displayName: name });
    }
    const msg = /^\/messages\/([^/]+)(\/\$value|\/move)?$/.exec(rest);
    if (!msg) return send(res, 404, { error: { code: 'BadRequest', message: 'Resource not found for the segment.' } });
    const id = msg[1]!;
    const found = messages.get(id);
    if (!found)
      return send(res, 404, {
        error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' },
      });
    if (msg[2] === '/$value' && method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(found.raw);
      return;
    }
    if (msg[2] === '/move' && method === 'POST') {
      const destination = String(body.destinationId);
      if (!folders.has(destination))
        return send(res, 404, { error: { code: 'ErrorInvalidIdMalformed', message: 'Id is malformed.' } });
      // Exchange gives a moved message a new id.
      messages.delete(id);
      const newId = `AAMkMsg-${randomUUID()}=`;
      messages.set(newId, { ...found, folderId: destination });
      if (found.folderId === inboxId) log.push({ id, kind: 'removed' });
      return send(res, 201, { id: newId, parentFolderId: destination });
    }
    if (!msg[2] && method === 'GET')
      return send(res, 200, { id, receivedDateTime: found.receivedDateTime, parentFolderId: found.folderId });
    return send(res, 405, { error: { code: 'BadRequest', message: 'method' } });
  }

  /**
   * The managed identity endpoint as App Service and Functions expose it (`IDENTITY_ENDPOINT`, header
   * `X-IDENTITY-HEADER`, api-version 2019-08-01), which `ManagedIdentityCredential` calls: it hands out the
   * token this Graph accepts, for this Graph's resource and the expected client id only.
   */
  function managedIdentityToken(parsed: URL, req: IncomingMessage, res: ServerResponse): void {
    const q = parsed.searchParams;
    const resource = new URL(url).origin;
    if (
      req.headers['x-identity-header'] !== options.managedIdentity?.header ||
      q.get('api-version') !== '2019-08-01' ||
      q.get('resource') !== resource ||
      q.get('client_id') !== options.managedIdentity?.clientId
    )
      return send(res, 400, { error: 'invalid_request', error_description: 'unexpected token request' });
    send(res, 200, {
      access_token: token,
      expires_on: String(Math.floor(Date.now() / 1000) + 3600),
      resource,
      token_type: 'Bearer',
      client_id: options.managedIdentity.clientId,
    });
  }

  function tooLate(expiry: string, res: ServerResponse): boolean {
    const at = Date.parse(expiry);
    const now = (options.now?.() ?? new Date()).getTime();
    if (Number.isNaN(at) || at <= now || at > now + maxMailMinutes * 60_000) {
      send(res, 400, {
        error: { code: 'InvalidRequest', message: 'Subscription expiration can only be 4230 minutes in the future.' },
      });
      return true;
    }
    return false;
  }

  async function createSubscription(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const resource = String(body.resource);
    if (resource !== `users/${options.mailbox}/mailFolders('inbox')/messages`)
      return send(res, 400, { error: { code: 'InvalidRequest', message: `resource ${resource}` } });
    if (body.changeType !== 'created')
      return send(res, 400, { error: { code: 'InvalidRequest', message: 'changeType' } });
    const clientState = body.clientState as string | undefined;
    if (clientState !== undefined && clientState.length > 128)
      return send(res, 400, { error: { code: 'InvalidRequest', message: 'clientState' } });
    const expiry = String(body.expirationDateTime);
    if (tooLate(expiry, res)) return;
    const notificationUrl = String(body.notificationUrl);
    const lifecycle = body.lifecycleNotificationUrl as string | undefined;
    if (options.handshake) {
      for (const target of new Set([notificationUrl, ...(lifecycle ? [lifecycle] : [])])) {
        const validationToken = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
        const answer = await options.handshake(target, validationToken);
        if (answer.status !== 200 || !answer.contentType.startsWith('text/plain') || answer.body !== validationToken)
          return send(res, 400, {
            error: {
              code: 'ValidationError',
              message:
                'Subscription validation request failed. Response must exactly match validationToken query parameter.',
            },
          });
      }
    }
    const record: GraphSubscriptionRecord = {
      id: randomUUID(),
      resource,
      changeType: 'created',
      notificationUrl,
      ...(lifecycle ? { lifecycleNotificationUrl: lifecycle } : {}),
      ...(clientState !== undefined ? { clientState } : {}),
      expirationDateTime: new Date(expiry).toISOString(),
    };
    subscriptions.set(record.id, record);
    send(res, 201, { '@odata.context': `${url}/$metadata#subscriptions/$entity`, ...record });
  }

  function delta(parsed: URL, req: IncomingMessage, res: ServerResponse): void {
    const deltaBase = `${linkBase()}/users/${options.mailbox}/mailFolders('inbox')/messages/delta`;
    const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 10);
    const skip = parsed.searchParams.get('$skiptoken');
    const deltaToken = parsed.searchParams.get('$deltatoken');
    let items: unknown[];
    let position = log.length;
    if (skip !== null) {
      const stored = pages.get(skip);
      if (!stored) return send(res, 400, { error: { code: 'BadRequest', message: 'skiptoken' } });
      pages.delete(skip);
      items = stored.items;
      position = stored.deltaToken;
    } else if (deltaToken !== null) {
      const from = Number(deltaToken);
      if (!validTokens.has(from))
        return send(res, 410, { error: { code: 'SyncStateNotFound', message: 'The sync state is not found.' } });
      const ids = [...new Set(log.slice(from).map((e) => e.id))];
      items = ids.map((id) => {
        const m = messages.get(id);
        return m && m.folderId === inboxId
          ? { id, receivedDateTime: m.receivedDateTime }
          : { id, '@removed': { reason: 'deleted' } };
      });
    } else {
      items = [...messages]
        .filter(([, m]) => m.folderId === inboxId)
        .map(([id, m]) => ({ id, receivedDateTime: m.receivedDateTime }));
    }
    const page = items.slice(0, pageSize);
    const rest = items.slice(pageSize);
    if (rest.length > 0) {
      const key = randomUUID();
      pages.set(key, { items: rest, deltaToken: position });
      return send(res, 200, { value: page, '@odata.nextLink': `${deltaBase}?$skiptoken=${key}` });
    }
    validTokens.add(position);
    send(res, 200, { value: page, '@odata.deltaLink': `${deltaBase}?$deltatoken=${position}` });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  return {
    url,
    identityEndpoint: `${new URL(url).origin}/msi/token`,
    requests,
    subscriptions,
    get linkOrigin() {
      return linkOrigin;
    },
    set linkOrigin(origin: string | undefined) {
      linkOrigin = origin;
    },
    deliver(raw, receivedAt) {
      const id = `AAMkMsg-${randomUUID()}=`;
      messages.set(id, { raw: Buffer.from(raw), receivedDateTime: receivedAt.toISOString(), folderId: inboxId });
      log.push({ id, kind: 'added' });
      return id;
    },
    folder(name) {
      const folderId = name === 'inbox' ? inboxId : [...folders].find(([, n]) => n === name)?.[0];
      return [...messages].filter(([, m]) => m.folderId === folderId).map(([id]) => id);
    },
    failNext(method, path, status, retryAfter, times = 1) {
      failures.push({ method, path, status, ...(retryAfter !== undefined ? { retryAfter } : {}), times });
    },
    forgetDeltaTokens() {
      validTokens.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers });
  res.end(body !== undefined ? JSON.stringify(body) : undefined);
}

/** A change notification collection for new messages, as Graph posts it. */
export function messageNotification(
  subscriptionId: string,
  clientState: string,
  mailbox: string,
  ...messageIds: string[]
): { value: unknown[] } {
  return {
    value: messageIds.map((id) => ({
      subscriptionId,
      subscriptionExpirationDateTime: '2026-12-10T10:00:00Z',
      changeType: 'created',
      resource: `Users/${mailbox}/Messages/${id}`,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Message',
        '@odata.id': `Users/${mailbox}/Messages/${id}`,
        '@odata.etag': 'W/"CQAAABYAAAA"',
        id,
      },
      clientState,
      tenantId: '00000000-0000-0000-0000-000000000001',
    })),
  };
}

/** A lifecycle notification collection, as Graph posts it. */
export function lifecycleNotification(
  subscriptionId: string,
  clientState: string,
  lifecycleEvent: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed',
): { value: unknown[] } {
  return {
    value: [
      {
        subscriptionId,
        subscriptionExpirationDateTime: '2026-12-10T10:00:00Z',
        tenantId: '00000000-0000-0000-0000-000000000001',
        clientState,
        lifecycleEvent,
      },
    ],
  };
}

/** Graph's validation handshake over HTTP, as Graph sends it: a POST with the token in the query, text/plain. */
export async function httpHandshake(
  url: string,
  validationToken: string,
): Promise<{ status: number; contentType: string; body: string }> {
  const res = await fetch(`${url}?validationToken=${encodeURIComponent(validationToken)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}
