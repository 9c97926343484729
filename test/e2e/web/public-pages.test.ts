import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { bodyOf, setUpClient } from '../support/api-fixtures';
import { accessibilityProblems, launchBrowser, watchPageErrors, type RunningBrowser } from './browser';

/**
 * The pages served by the same local host as the API (docs/product-spec.md §7): one origin, pages at `/`, the API
 * under `/api`, a CSP without inline scripts, and the sign-in pages in real Chromium.
 */
describe('web app on the local host', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  beforeAll(async () => {
    [host, browser] = await Promise.all([startLocalHost(), launchBrowser()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), host?.stop()]);
  });

  it('serves the app at / with its hashed assets, and the API under /api on the same origin', async () => {
    const page = await fetch(`${host.baseUrl}/portal/tickets/ACME-1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/<style|style=/);
    const script = /<script[^>]+src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${host.baseUrl}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const health = await fetch(`${host.baseUrl}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const unknown = await fetch(`${host.baseUrl}/api/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    // The Durable client API stays on its reserved path.
    expect(
      (await fetch(`${host.baseUrl}/runtime/webhooks/durabletask/instances/none`)).headers.get('content-type'),
    ).not.toContain('text/html');
  });

  it('sends someone who is not signed in to the sign-in page, which is accessible and CSP-clean', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchPageErrors(page);
    await page.goto(`${host.baseUrl}/console`);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.getByRole('textbox', { name: 'Email' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Send sign-in link' }).isEnabled()).resolves.toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.goto(`${host.baseUrl}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('does not use the e-mailed token when the link is opened, only when Sign in is pressed', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchPageErrors(page);
    const calls: { method: string; url: string; body: string | null }[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/'))
        calls.push({ method: request.method(), url: request.url(), body: request.postData() });
    });
    const token = 'k9Zt-opened-by-a-mail-scanner';
    await page.goto(`${host.baseUrl}/sign-in/link#token=${token}`);
    const button = page.getByRole('button', { name: 'Sign in' });
    await button.waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(calls.some((c) => c.url.includes(token))).toBe(false);

    const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/sessions');
    await button.click();
    expect(JSON.parse((await posted).postData() ?? '{}')).toEqual({ token });
    expect(calls.some((c) => c.url.includes(token))).toBe(false);
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('gives the ticket form what it needs of the client: names, descriptions, coverage and timezone, to that client only', async () => {
    const acme = await setUpClient(host, 'webform', 'WEBF');
    const other = await setUpClient(host, 'webother', 'WEBO');
    const res = await host.api('/clients/webform/severities', { key: acme.key });
    expect(res.status).toBe(200);
    const form = await bodyOf<{
      clientId: string;
      timezone: string;
      severities: { id: string; name: string; description: string; covered: boolean }[];
    }>(res);
    expect(form.clientId).toBe('webform');
    expect(form.timezone).toBe('Europe/London');
    expect(form.severities.map((s) => [s.id, s.covered])).toEqual([
      ['cat1', true],
      ['cat2', true],
      ['cat3', false],
      ['cat4', false],
    ]);
    expect(form.severities.every((s) => s.name && s.description)).toBe(true);
    expect(Object.keys(form)).not.toContain('agreement');
    expect((await host.api('/clients/webform/severities', { key: other.key })).status).toBe(404);
    expect((await host.api('/clients/webform/severities', { key: null })).status).toBe(401);
  });
});
