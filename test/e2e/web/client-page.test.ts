import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { setUpClient, type ClientFixture } from '../support/api-fixtures';
import { accessibilityProblems, launchBrowser, watchPageErrors, type RunningBrowser } from './browser';
import { standInContext, standInLead } from './stand-in-session';

/**
 * The console's client page (`/console/clients/{id}`) in Chromium, by role and name. It is built from
 * four answers (agreement, contacts, API keys, hour bank) and appears whole: nothing to press until
 * every part has arrived. The lead's journeys on it (keys, purchases, adjustments) run with real
 * sign-in in `sign-in-flows.test.ts`.
 */
describe('console client page', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let c: ClientFixture;
  let lead: BrowserContext;
  const errors: (() => string[])[] = [];

  beforeAll(async () => {
    [host, browser] = await Promise.all([startLocalHost({ clock: 'virtual' }), launchBrowser()]);
    c = await setUpClient(host, 'cpage', 'CP');
    // The admin key acts as a lead; the page is shown the session a lead would have.
    lead = await standInContext(browser.browser, host.adminKey, standInLead);
  }, 180_000);
  afterAll(async () => {
    for (const e of errors) expect(e()).toEqual([]);
    await Promise.all([browser?.close(), host?.stop()]);
  });

  it('shows the client whole: while a part is on its way the page says so and offers nothing to press', async () => {
    // On a slow connection the contacts can arrive after the rest. Shown as they came, they pushed
    // Create API key, Record purchase and Adjust balance down: a press under way when they arrived
    // (pointer down on the button, up on what moved there) was lost, or landed on what moved there.
    const page: Page = await lead.newPage();
    errors.push(watchPageErrors(page));
    let deliver!: () => void;
    const held = new Promise<void>((resolve) => (deliver = resolve));
    let asked!: () => void;
    const contactsAsked = new Promise<void>((resolve) => (asked = resolve));
    await page.route(`**/api/clients/${c.clientId}/contacts`, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      asked();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    // The other three parts have answered, so what is missing is the contacts alone.
    const answered = (suffix: string) =>
      page.waitForResponse((r) => r.request().method() === 'GET' && r.url().endsWith(`/api/clients/cpage${suffix}`));
    const othersAnswered = Promise.all([answered(''), answered('/api-keys'), answered('/hour-bank')]);
    await page.goto(`${host.baseUrl}/console/clients/${c.clientId}`);
    await Promise.all([contactsAsked, othersAnswered]);
    await page.getByRole('heading', { name: 'Acme Ltd (cpage)', level: 1 }).waitFor();
    const main = page.getByRole('main');
    const loading = page.getByRole('status').filter({ hasText: 'Loading the client…' });
    expect(await main.getByRole('button').count()).toBe(0);
    expect(await main.getByRole('region').count()).toBe(0);
    expect(await loading.count()).toBe(1);

    deliver();
    const contacts = page.getByRole('region', { name: 'Contacts' });
    await contacts.getByRole('row', { name: /Rita Requester/ }).waitFor();
    expect(await loading.count()).toBe(0);
    expect(
      await page.getByRole('region', { name: 'Agreement' }).getByRole('table', { name: 'Severities' }).count(),
    ).toBe(1);
    const keys = page.getByRole('region', { name: 'API keys' });
    expect(await keys.getByRole('button', { name: 'Create API key' }).count()).toBe(1);
    expect(await keys.getByRole('button', { name: /^Revoke / }).count()).toBe(3);
    const bank = page.getByRole('region', { name: 'Hour bank' });
    expect(await bank.getByRole('button', { name: 'Record purchase' }).count()).toBe(1);
    expect(await bank.getByRole('button', { name: 'Adjust balance' }).count()).toBe(1);
    expect(await bank.getByRole('link', { name: 'Download statement (CSV)' }).count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.close();
  });
});
