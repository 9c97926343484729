import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticSite } from '../../../src/http/web/static-site';

const get = (urlPath: string, headers: Record<string, string> = {}, method = 'GET') =>
  new HttpRequest({ method, url: `http://localhost/${urlPath}`, headers });
const header = (res: HttpResponseInit, name: string) => new Headers(res.headers).get(name);
const text = (res: HttpResponseInit) => Buffer.from(res.body as Uint8Array).toString('utf8');

describe('StaticSite (the pages served by the Functions app)', () => {
  let root: string;
  let site: StaticSite;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'static-site-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(root, 'assets/index-abc123.js'), 'console.log("app");'.repeat(50));
    writeFileSync(path.join(root, 'favicon.svg'), '<svg/>');
    writeFileSync(path.join(os.tmpdir(), 'secret-outside.txt'), 'secret');
    site = new StaticSite(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('answers page routes with index.html, revalidated on every load, under the CSP', () => {
    for (const page of ['', 'portal', 'portal/tickets/ACME-1', 'console', 'sign-in/link']) {
      const res = site.serve(get(page), page);
      expect(res.status, page).toBe(200);
      expect(text(res)).toContain('<title>app</title>');
      expect(header(res, 'content-type')).toBe('text/html; charset=utf-8');
      expect(header(res, 'cache-control')).toBe('no-cache');
      expect(header(res, 'content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
      expect(header(res, 'content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(header(res, 'x-content-type-options')).toBe('nosniff');
    }
  });

  it('with attachments in Blob Storage, lets pages reach exactly that endpoint (uploads, thumbnails)', () => {
    const withBlobs = new StaticSite(root, 'http://127.0.0.1:10000');
    const csp = header(withBlobs.serve(get('portal'), 'portal'), 'content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:10000;");
    expect(csp).toContain("img-src 'self' data: http://127.0.0.1:10000;");
    expect(csp).toContain("default-src 'self';");
    expect(header(site.serve(get('portal'), 'portal'), 'content-security-policy')).toContain("connect-src 'self';");
  });

  it('serves hashed assets with a year-long immutable cache, gzipped when the browser accepts it', () => {
    const plain = site.serve(get('assets/index-abc123.js'), 'assets/index-abc123.js');
    expect(plain.status).toBe(200);
    expect(header(plain, 'content-type')).toBe('text/javascript; charset=utf-8');
    expect(header(plain, 'cache-control')).toBe('public, max-age=31536000, immutable');
    expect(header(plain, 'content-encoding')).toBeNull();
    const gzipped = site.serve(
      get('assets/index-abc123.js', { 'accept-encoding': 'gzip, br' }),
      'assets/index-abc123.js',
    );
    expect(header(gzipped, 'content-encoding')).toBe('gzip');
    expect(header(gzipped, 'vary')).toBe('accept-encoding');
    expect(gunzipSync(gzipped.body as Uint8Array).toString()).toBe(text(plain));
    expect((gzipped.body as Uint8Array).length).toBeLessThan((plain.body as Uint8Array).length);
  });

  it('gives unhashed files a revalidated cache', () => {
    const res = site.serve(get('favicon.svg'), 'favicon.svg');
    expect(res.status).toBe(200);
    expect(header(res, 'cache-control')).toBe('no-cache');
  });

  it('answers a missing asset with 404, never with the page', () => {
    for (const missing of ['assets/index-old999.js', 'robots.txt']) {
      const res = site.serve(get(missing), missing);
      expect(res.status, missing).toBe(404);
      expect(text(res)).not.toContain('<title>app</title>');
    }
  });

  it('leaves /api to the API: an unknown API path is a 404 problem, not the page', () => {
    const res = site.serve(get('api/nope'), 'api/nope');
    expect(res.status).toBe(404);
    expect(header(res, 'content-type')).toBe('application/problem+json');
    expect(text(res)).toContain('No route /api/nope');
  });

  it('never serves a file outside its folder', () => {
    for (const escape of ['../secret-outside.txt', '..%2fsecret-outside.txt', 'assets/../../secret-outside.txt']) {
      const res = site.serve(get('x'), escape);
      expect(text(res), escape).not.toContain('secret');
    }
  });

  it('answers HEAD without a body', () => {
    const res = site.serve(get('', {}, 'HEAD'), '');
    expect(res.status).toBe(200);
    expect(res.body).toBeUndefined();
  });

  it('says the pages are not built instead of failing when dist/web is missing', () => {
    const res = new StaticSite(path.join(root, 'nothing-here')).serve(get('portal'), 'portal');
    expect(res.status).toBe(503);
    expect(text(res)).toContain('npm run build');
  });
});
