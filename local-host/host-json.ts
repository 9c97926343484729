import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The HTTP route prefix the Functions host applies to every HTTP registration, read from the app's
 * host.json exactly as the host reads it (`extensions.http.routePrefix`, default `api`), so both hosts
 * serve the same paths. An empty prefix means routes start at `/`.
 */
export function readRoutePrefix(appRoot: string): string {
  const hostJson = JSON.parse(readFileSync(path.join(appRoot, 'host.json'), 'utf8')) as {
    extensions?: { http?: { routePrefix?: unknown } };
  };
  const prefix = hostJson.extensions?.http?.routePrefix;
  return typeof prefix === 'string' ? prefix.replace(/^\/+|\/+$/g, '') : 'api';
}
