import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { act, createTicket, putContact, setUpClient, type ClientFixture } from '../support/api-fixtures';
import { signInByEmailLink } from './browser-sign-in';
import { accessibilityProblems, launchBrowser, watchPageErrors, type RunningBrowser } from './browser';
import { standInContext } from './stand-in-session';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 200 });

/**
 * The search box of the console and the portal in Chromium, by role and name: results link to the
 * tickets, the count is announced in a status, matched words are marked; a requester signed in for real
 * finds their own ticket and not another requester's.
 */
describe('the search box in the console and the portal', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let c: ClientFixture;
  let own: string;
  let others: string;
  const errors: (() => string[])[] = [];

  beforeAll(async () => {
    [host, browser] = await Promise.all([startLocalHost(), launchBrowser()]);
    c = await setUpClient(host, 'websearch', 'WS');
    await putContact(host, c.clientId, 'other@websearch.example', { name: 'Otto Other', roles: ['requester'] }, 201);
    own = (
      await createTicket(host, {
        clientId: c.clientId,
        severity: 'cat2',
        reporter: c.requester,
        title: 'Scanner offline',
      })
    ).id;
    others = (
      await createTicket(host, {
        clientId: c.clientId,
        severity: 'cat2',
        reporter: 'other@websearch.example',
        title: 'Scanner in the lobby',
      })
    ).id;
    await act(host, own, { action: 'comment', text: 'The <b>quokka</b> firmware needs a reset' });
    // The index follows the outbox: wait until the API finds both.
    const found = async (q: string) =>
      ((await (await host.api(`/search?q=${q}`)).json()) as { items: unknown[] }).items;
    while ((await found('scanner')).length < 2 || (await found('quokka')).length < 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
  }, 180_000);
  afterAll(async () => {
    for (const e of errors) expect(e()).toEqual([]);
    await Promise.all([browser?.close(), host?.stop()]);
  });

  async function searchFor(page: Page, words: string): Promise<void> {
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill(words);
    await page.getByRole('searchbox', { name: 'Search tickets' }).press('Enter');
  }

  it('console: finds tickets of every client, marks the matched word, and links to the ticket', async () => {
    const staff = await standInContext(browser.browser, host.adminKey, {
      email: 'eve@support.example',
      name: 'Eve Engineer',
      staffRoles: ['engineer'],
      contacts: [],
    });
    const page = await staff.newPage();
    errors.push(watchPageErrors(page));
    await page.goto(`${host.baseUrl}/console`);
    await page.getByRole('search', { name: 'Tickets' }).waitFor();
    await searchFor(page, 'quokka');
    await page.getByRole('status').filter({ hasText: '1 ticket match “quokka”.' }).waitFor();
    const link = page.getByRole('link', { name: `${own}: Scanner offline` });
    await link.waitFor();
    // The comment's markup is shown as text, never rendered.
    expect(await page.locator('.search-results .snippet').first().textContent()).toContain('<b>quokka</b> firmware');
    expect(await page.locator('.search-results mark').allTextContents()).toEqual(['quokka']);
    expect(await accessibilityProblems(page)).toEqual([]);

    await searchFor(page, 'scanner');
    await poll(() => page.locator('.search-results li').count()).toBe(2);
    await page.getByRole('link', { name: `${own}: Scanner offline` }).click();
    await page.waitForURL((u) => u.pathname === `/console/tickets/${own}`);
  });

  it("portal: a requester finds their own ticket and not another requester's", async () => {
    const page = await signInByEmailLink(host, browser, c.requester, '/portal', { errors });

    await searchFor(page, 'scanner');
    await page.getByRole('status').filter({ hasText: '1 ticket match “scanner”.' }).waitFor();
    expect(await page.locator('.search-results li a').allTextContents()).toEqual([`${own}: Scanner offline`]);
    await searchFor(page, 'lobby');
    await page.getByRole('status').filter({ hasText: 'No tickets match “lobby”.' }).waitFor();
    expect(others).toMatch(/^WS-/);
    await searchFor(page, 'scanner');
    await page.getByRole('link', { name: `${own}: Scanner offline` }).click();
    await page.waitForURL((u) => u.pathname === `/portal/tickets/${own}`);
  });
});
