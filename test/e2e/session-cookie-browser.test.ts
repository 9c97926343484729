import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { putContact, setUpClient } from './support/api-fixtures';
import { tokenFor } from './support/sign-in';

/**
 * Does a real browser keep the `__Host-sd` cookie (Secure, so normally HTTPS only) from the local host
 * on plain http://127.0.0.1? Chromium treats loopback as a secure context, so it should: this proves it
 * with Debian's Chromium, signing in from a page of the host's own origin as the sign-in page will.
 */
let host: RunningLocalHost;
let browser: Browser;

beforeAll(async () => {
  host = await startLocalHost();
  await setUpClient(host, 'cookie-co', 'CKE');
  await putContact(host, 'cookie-co', 'browser@cookie-co.example', { name: 'Bea Browser', roles: ['requester'] }, 201);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the session cookie in Chromium over http://127.0.0.1', () => {
  it('is stored, sent back on same-origin requests, HttpOnly to scripts, and cleared on sign-out', async () => {
    const token = await tokenFor(host, 'browser@cookie-co.example');
    const page = await browser.newPage();
    // A blank page of the host's origin (API responses carry a CSP that forbids scripts fetching from them).
    await page.route(`${host.baseUrl}/cookie-check`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>check</title>' }),
    );
    await page.goto(`${host.baseUrl}/cookie-check`);
    const result = await page.evaluate(async (t) => {
      const signIn = await fetch('/api/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: t }),
      });
      const session = (await signIn.json()) as { csrfToken: string };
      const current = await fetch('/api/sessions/current');
      const visibleToScript = (globalThis as unknown as { document: { cookie: string } }).document.cookie;
      const out = await fetch('/api/sessions/current', {
        method: 'DELETE',
        headers: { 'x-csrf-token': session.csrfToken },
      });
      const after = await fetch('/api/sessions/current');
      return { signIn: signIn.status, current: current.status, visibleToScript, out: out.status, after: after.status };
    }, token);
    expect(result).toEqual({ signIn: 201, current: 200, visibleToScript: '', out: 204, after: 401 });
    const cookies = await page.context().cookies(host.baseUrl);
    expect(cookies.filter((c) => c.name === '__Host-sd')).toEqual([]);
    await page.close();
  });
});
