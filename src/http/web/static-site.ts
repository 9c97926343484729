import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { findAppRoot } from '../../config/app-root';
import { apiRoutePrefix } from '../api-route';
import { HttpProblem, problemResponse } from '../problem';
import { immutableCache, pageSecurityHeaders, pageSecurityHeadersWith, revalidateCache } from './page-headers';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
const compressible = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);

interface StaticFile {
  readonly bytes: Buffer;
  readonly gzipped: Buffer | undefined;
  readonly contentType: string;
  readonly cacheControl: string;
}

/**
 * Serves the built web app (`npm run build` → `dist/web`) from the Functions app itself, so pages and
 * API share one origin in Azure and on the local host. Files are read and gzipped once per process;
 * paths that are not files are the single-page app's own routes and get index.html. Paths under
 * `/api` never fall back to the page: an unknown API route stays a 404 problem.
 */
export class StaticSite {
  readonly #files = new Map<string, StaticFile>();

  readonly #headers: Readonly<Record<string, string>>;

  /** `blobOrigin`: where attachments are uploaded to and shown from (allowed by the pages' CSP). */
  constructor(
    readonly root: string,
    blobOrigin?: string,
  ) {
    this.#headers = blobOrigin ? pageSecurityHeadersWith(blobOrigin) : pageSecurityHeaders;
  }

  serve(request: HttpRequest, requestedPath: string): HttpResponseInit {
    const relative = requestedPath.replace(/^\/+/, '');
    if (relative === apiRoutePrefix || relative.startsWith(`${apiRoutePrefix}/`)) {
      return problemResponse(new HttpProblem(404, 'Not found', `No route /${relative}.`), `/${relative}`);
    }
    const index = this.#file('index.html');
    if (!index) {
      return problemResponse(
        new HttpProblem(503, 'Pages not built', 'The web app has not been built: run `npm run build`.'),
        `/${relative}`,
      );
    }
    const file = relative === '' ? index : this.#file(relative);
    if (file) return this.#respond(request, file);
    // A missing asset is a 404, not the page: a stale hashed name must not be answered with HTML.
    if (relative.startsWith('assets/') || /\.[a-z0-9]+$/i.test(relative)) {
      return {
        status: 404,
        headers: {
          ...this.#headers,
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': revalidateCache,
        },
        body: 'Not found',
      };
    }
    return this.#respond(request, index);
  }

  #respond(request: HttpRequest, file: StaticFile): HttpResponseInit {
    const gzip = file.gzipped && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
    const body = gzip ? file.gzipped : file.bytes;
    return {
      status: 200,
      headers: {
        ...this.#headers,
        'content-type': file.contentType,
        'cache-control': file.cacheControl,
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      },
      body: request.method === 'HEAD' ? undefined : body,
    };
  }

  #file(relative: string): StaticFile | undefined {
    const known = this.#files.get(relative);
    if (known) return known;
    const loaded = this.#load(relative);
    // Only found files are remembered: a build that finishes later is picked up.
    if (loaded) this.#files.set(relative, loaded);
    return loaded;
  }

  #load(relative: string): StaticFile | undefined {
    const full = path.resolve(this.root, relative);
    if (!full.startsWith(`${this.root}${path.sep}`) || !existsSync(full) || !statSync(full).isFile()) return undefined;
    const ext = path.extname(full).toLowerCase();
    const bytes = readFileSync(full);
    return {
      bytes,
      gzipped: compressible.has(ext) ? gzipSync(bytes, { level: 9 }) : undefined,
      contentType: contentTypes[ext] ?? 'application/octet-stream',
      cacheControl: relative.startsWith('assets/') ? immutableCache : revalidateCache,
    };
  }
}

let site: StaticSite | undefined;

/** The site built into `dist/web` below the app root (the repo, or the deployment package). */
export function builtSite(blobOrigin?: string): StaticSite {
  site ??= new StaticSite(path.join(findAppRoot(__dirname), 'dist', 'web'), blobOrigin);
  return site;
}
