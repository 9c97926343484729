import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpResponse, type HttpResponseInit } from '@azure/functions';
import type { FunctionRegistry, RegisteredFunction } from './functions-core-shim';
import { securityHeaders } from '../src/http/security-headers';
import { writeProblem } from './host-responses';
import { createInvocationContext } from './invocation-context';
import { compileRoute, type RouteMatcher } from './route-template';
import { GatewayRequest } from './gateway-request';

/** The host's own ceiling on request bodies; the app enforces its smaller per-API limit itself. */
const maxGatewayBodyBytes = 8 * 1024 * 1024;

interface HttpRoute {
  readonly fn: RegisteredFunction;
  readonly template: string;
  readonly methods: readonly string[] | undefined;
  readonly match: RouteMatcher;
}

/** Values for non-trigger input bindings, by binding type (e.g. `durableClient`). */
export type InputBindingProviders = Readonly<Record<string, () => unknown>>;

/** Something the local host answers itself before the app's functions (durable webhooks, dev clock). */
export type HostRoute = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean>;

export interface HttpGatewayOptions {
  readonly registry: FunctionRegistry;
  /** host.json `extensions.http.routePrefix` (`readRoutePrefix`); `''` serves routes from `/`. */
  readonly routePrefix: string;
  readonly inputBindings?: InputBindingProviders;
  readonly hostRoutes?: readonly HostRoute[];
  readonly log: (line: string) => void;
}

/**
 * Serves every `httpTrigger` registration the way the Functions host does: the route template and
 * methods from the registration, an `HttpRequest` (a `GatewayRequest` over the body already read) and an
 * `InvocationContext` built by `@azure/functions` itself, and the handler's `HttpResponseInit` written back.
 */
export class HttpGateway {
  readonly #routes: HttpRoute[];

  constructor(private readonly options: HttpGatewayOptions) {
    this.#routes = options.registry.byTriggerType('httpTrigger').map((fn) => {
      const template = typeof fn.trigger.route === 'string' ? fn.trigger.route : fn.name;
      return {
        fn,
        template,
        methods: (fn.trigger.methods as string[] | undefined)?.map((m) => m.toUpperCase()),
        match: compileRoute(template),
      };
    });
    // Literal segments beat parameters, as in the host (`tickets/openapi` before `tickets/{id}`).
    this.#routes.sort((a, b) => specificity(b.template) - specificity(a.template));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    addSecurityHeadersOnWrite(res);
    // As Azure's front end does: the caller's address is appended, so the last entry is trustworthy.
    const remote = req.socket.remoteAddress ?? 'unknown';
    const forwarded = req.headers['x-forwarded-for'];
    req.headers['x-forwarded-for'] = forwarded
      ? `${Array.isArray(forwarded) ? forwarded.join(', ') : forwarded}, ${remote}`
      : remote;
    let status = 500;
    try {
      const body = await readBody(req);
      if (body === 'too-large') {
        status = 413;
        return writeProblem(res, 413, 'Payload too large', `Bodies are limited to ${maxGatewayBodyBytes} bytes.`);
      }
      for (const route of this.options.hostRoutes ?? []) {
        if (await route(req, res, body)) {
          status = res.statusCode;
          return;
        }
      }
      status = await this.#invoke(req, res, url, body);
    } catch (error) {
      this.options.log(
        `error ${req.method} ${redactedPath(url)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent) writeProblem(res, 500, 'Internal error', 'The local host could not complete the request.');
      status = 500;
    } finally {
      this.options.log(
        `${req.method} ${redactedPath(url)}${redactedQuery(url)} ${status} ${(performance.now() - started).toFixed(1)}ms`,
      );
    }
  }

  async #invoke(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<number> {
    // host.json's routePrefix, as the Functions host applies it; an empty prefix serves from `/`.
    const prefix = this.options.routePrefix ? `/${this.options.routePrefix}` : '';
    if (prefix && !url.pathname.startsWith(`${prefix}/`)) {
      writeProblem(res, 404, 'Not found', `No route ${url.pathname}.`);
      return 404;
    }
    const path = url.pathname.slice(prefix.length);
    const method = (req.method ?? 'GET').toUpperCase();
    const allowed = new Set<string>();
    for (const route of this.#routes) {
      const params = route.match(path);
      if (!params) continue;
      if (route.methods && !route.methods.includes(method)) {
        // A catch-all (the pages' `{*path}`) matches every path; only a real route makes a wrong method a 405.
        if (!isCatchAll(route.template)) route.methods.forEach((m) => allowed.add(m));
        continue;
      }
      return this.#call(route.fn, req, res, url, body, params);
    }
    if (allowed.size > 0) {
      res.setHeader('allow', [...allowed].sort().join(', '));
      writeProblem(res, 405, 'Method not allowed', `${method} is not allowed on ${url.pathname}.`);
      return 405;
    }
    writeProblem(res, 404, 'Not found', `No route ${url.pathname}.`);
    return 404;
  }

  async #call(
    fn: RegisteredFunction,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
    params: Record<string, string>,
  ): Promise<number> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    // As Azure's front end does: the peer's address goes last in X-Forwarded-For, where the app reads it.
    const peer = req.socket.remoteAddress;
    if (peer) headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${peer}` : peer;
    const request = new GatewayRequest({
      method: req.method ?? 'GET',
      url: url.toString(),
      headers,
      query: Object.fromEntries(url.searchParams.entries()),
      params,
      body,
    });
    const context = createInvocationContext(fn, (type) => this.options.inputBindings?.[type]?.(), this.options.log);
    const result = (await fn.handler(request, context)) as HttpResponseInit | HttpResponse | undefined;
    return writeResult(res, result);
  }
}

async function writeResult(res: ServerResponse, result: HttpResponseInit | HttpResponse | undefined): Promise<number> {
  if (result instanceof HttpResponse) {
    const bytes = Buffer.from(await result.arrayBuffer());
    res.writeHead(result.status, Object.fromEntries(result.headers.entries()));
    res.end(bytes);
    return result.status;
  }
  const init = result ?? {};
  const status = init.status ?? 200;
  const headers = new Headers(init.headers);
  // A text payload stays a string: Node then sends the head and the body in one write, not two.
  let payload: Buffer | string;
  if (init.jsonBody !== undefined) {
    payload = JSON.stringify(init.jsonBody);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (typeof init.body === 'string') {
    payload = init.body;
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
  } else if (init.body instanceof Uint8Array) {
    payload = Buffer.from(init.body);
  } else if (init.body instanceof ArrayBuffer) {
    payload = Buffer.from(new Uint8Array(init.body));
  } else {
    payload = Buffer.alloc(0);
  }
  res.writeHead(status, Object.fromEntries(headers.entries()));
  res.end(payload);
  return status;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxGatewayBodyBytes) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxGatewayBodyBytes) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Query parameters that may carry a secret are logged as `***` (keys belong in headers, but not every caller knows). */
const secretParameter = /key|token|code|secret|sig|password|session/i;

/**
 * The path as logged: a segment that starts with `~` is a secret that authorises the whole URL (the
 * Durable Task routes' key segment, as the Functions host puts its system key in the path) and is shown
 * as `~***`.
 */
function redactedPath(url: URL): string {
  return url.pathname.replace(/\/~[^/]*/g, '/~***');
}

function redactedQuery(url: URL): string {
  if (!url.search) return '';
  const shown = new URLSearchParams();
  for (const [name, value] of url.searchParams) shown.append(name, secretParameter.test(name) ? '***' : value);
  return `?${shown.toString()}`;
}

/**
 * Every response the local host writes — the app's, its own routes', the Durable API's — gets the
 * security headers the Azure deployment's responses get (src/http/security-headers.ts), decided when the
 * head is written, so the content type is known.
 */
function addSecurityHeadersOnWrite(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = (...args: unknown[]) => {
    const given = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null) as
      Record<string, unknown> | unknown[] | undefined;
    const givenNames = new Map<string, unknown>();
    if (Array.isArray(given))
      for (let i = 0; i + 1 < given.length; i += 2) givenNames.set(String(given[i]).toLowerCase(), given[i + 1]);
    else if (given) for (const [name, value] of Object.entries(given)) givenNames.set(name.toLowerCase(), value);
    const contentType = (givenNames.get('content-type') ?? res.getHeader('content-type')) as string | undefined;
    const headers = securityHeaders(contentType, (name) => givenNames.has(name) || res.hasHeader(name));
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    return writeHead(...args);
  };
}

const specificity = (route: string): number =>
  route.split('/').filter((s) => !s.startsWith('{')).length * 100 + route.split('/').length;

const isCatchAll = (route: string): boolean => /^\{\*[^}]+\}$/.test(route.replace(/^\/+|\/+$/g, ''));
