import type { Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import type { RunningLocalHost } from '../../support/local-host';
import { linkIn, signInMails } from '../support/sign-in';
import { watchPageErrors, type RunningBrowser } from './browser';

/**
 * Signs a person in as they would: a fresh browser context, **Email**, **Send sign-in link**, the link
 * from the mail the local host wrote, **Sign in**; resolves on `expectPath`. The page's errors are
 * watched from the start (`errors`). `followHostClock` gives the page the host's (virtual) clock.
 */
export async function signInByEmailLink(
  host: RunningLocalHost,
  browser: RunningBrowser,
  email: string,
  expectPath: string,
  options: { readonly errors: (() => string[])[]; readonly followHostClock?: boolean },
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  options.errors.push(watchPageErrors(page));
  if (options.followHostClock) {
    const now = (await (await host.api('/dev/clock')).json()) as { now: string };
    await page.clock.install({ time: new Date(now.now) });
  }
  const before = signInMails(host.dataDir, email).length;
  await page.goto(`${host.baseUrl}/sign-in`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('button', { name: 'Send sign-in link' }).click();
  await page.getByRole('status').filter({ hasText: 'sign-in link is on its way' }).waitFor();
  // vi.waitFor, not expect.poll: callers sign in from beforeAll too.
  await vi.waitFor(() => expect(signInMails(host.dataDir, email).length).toBe(before + 1), {
    timeout: 30_000,
    interval: 100,
  });
  const mails = signInMails(host.dataDir, email);
  await page.goto(linkIn(mails[mails.length - 1]!).url.href);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === expectPath);
  return page;
}
