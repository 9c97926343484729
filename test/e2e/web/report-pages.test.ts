import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { bodyOf, setUpClient, type TicketView } from '../support/api-fixtures';
import { accessibilityProblems, launchBrowser, watchPageErrors, type RunningBrowser } from './browser';

/**
 * The console's Reports page and the approver's SLA report in the portal, in real Chromium.
 *
 * Sign-in sessions are not on main yet (people work, docs/product-spec.md §4), so the browser context sends the admin
 * key on every request and `GET /api/sessions/current` is answered in the browser with the session a
 * lead (or an approver) would have. Everything else — pages, report API, figures — is the real thing.
 */
describe('report pages', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let breached: TicketView;

  beforeAll(async () => {
    [host, browser] = await Promise.all([
      startLocalHost({ clock: 'virtual', clockStart: '2026-11-02T09:00:00Z' }),
      launchBrowser(),
    ]);
    await setUpClient(host, 'acme', 'ACME');
    const raise = async (title: string) =>
      bodyOf<TicketView>(
        await host.api('/tickets', {
          method: 'POST',
          json: {
            clientId: 'acme',
            title,
            description: 'd',
            severity: 'cat2',
            type: 'defect',
            reporter: 'requester@acme.example',
          },
        }),
      );
    // Mon 2 Nov 09:00 (London = UTC): A is assessed after an hour (met); B never is (breached at 13:00).
    const a = await raise('A: assessed in time');
    breached = await raise('B: nobody looked');
    await host.api('/dev/clock', { method: 'POST', json: { now: '2026-11-02T10:00:00Z' } });
    expect(
      (await host.api(`/tickets/${a.id}/actions`, { method: 'POST', json: { action: 'assess', tier: 'L1' } })).status,
    ).toBe(200);
    await host.api('/dev/clock', { method: 'POST', json: { now: '2026-11-03T09:00:00Z' } });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), host?.stop()]);
  });

  async function signedInAs(session: {
    staffRoles: string[];
    contacts: { clientId: string; roles: string[] }[];
  }): Promise<BrowserContext> {
    const context = await browser.newContext();
    await context.setExtraHTTPHeaders({ authorization: `Bearer ${host.adminKey}` });
    await context.route('**/api/sessions/current', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ email: 'lee@desk.example', name: 'Lee', csrfToken: 'x', ...session }),
      }),
    );
    return context;
  }

  it('console Reports: a chart named with its figures, the same figures as tables, breaches linking to their tickets', async () => {
    const context = await signedInAs({ staffRoles: ['lead'], contacts: [] });
    const page = await context.newPage();
    const problems = watchPageErrors(page);
    await page.goto(`${host.baseUrl}/console`);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Client' }).fill('acme');
    await page.getByRole('textbox', { name: 'From', exact: true }).fill('2026-10');
    await page.getByRole('textbox', { name: 'To', exact: true }).fill('2026-11');
    await page.getByRole('button', { name: 'Show report' }).click();

    // Assess: A met, B breached → 50 %; resolve: both breached at 17:00 Monday → 0 %. October: nothing judged.
    const chart = page.getByRole('img', { name: /^Line chart of SLA achievement by month/ });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toBe(
      'Line chart of SLA achievement by month, 2026-10 to 2026-11: 2026-10: assess none judged, resolve none judged; 2026-11: assess 50%, resolve 0%.',
    );
    const achievement = page.getByRole('table', { name: /SLA achievement by month/ });
    expect(await achievement.getByRole('row').allInnerTexts()).toEqual([
      'Month\tAssess\tResolve',
      '2026-10\t—\t—',
      '2026-11\t50%\t0%',
    ]);
    const figures = page.getByRole('table', { name: 'Tickets and clocks by month of receipt and severity' });
    await expect(figures.getByRole('row', { name: /2026-11 cat2 2 1 \/ 1 \/ 0 50% 60/ }).count()).resolves.toBe(1);
    const breaches = page.getByRole('table', { name: 'Breached clocks with their tickets' });
    expect(await breaches.getByRole('link', { name: breached.id }).count()).toBe(2); // assess and resolve
    const hours = page.getByRole('table', { name: 'Hours called off and purchased by month' });
    expect(await hours.getByRole('row').count()).toBe(3);
    await expect(
      page
        .getByRole('img', {
          name: /^Bar chart of hours purchased and called off by month: 2026-10: 0 purchased, 0 called off; 2026-11/,
        })
        .count(),
    ).resolves.toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);

    // A link from a breach opens the ticket's console page.
    await breaches.getByRole('link', { name: breached.id }).first().click();
    await page.waitForURL(`**/console/tickets/${breached.id}`);

    // The API's field error is shown beside the field.
    await page.goto(`${host.baseUrl}/console/reports?client=acme&from=2026-11&to=2026-10`);
    await page.getByRole('form', { name: 'Report period' }).getByText('must not be before from (2026-11)').waitFor();
    expect(await page.getByRole('textbox', { name: 'To', exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('portal SLA report: an approver sees their client’s report', async () => {
    const context = await signedInAs({ staffRoles: [], contacts: [{ clientId: 'acme', roles: ['approver'] }] });
    const page = await context.newPage();
    const problems = watchPageErrors(page);
    await page.goto(`${host.baseUrl}/portal`);
    await page.getByRole('link', { name: 'SLA report' }).click();
    await page.getByRole('heading', { name: 'SLA report', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'From', exact: true }).fill('2026-11');
    await page.getByRole('textbox', { name: 'To', exact: true }).fill('2026-11');
    await page.getByRole('button', { name: 'Show report' }).click();
    await page
      .getByRole('img', {
        name: 'Line chart of SLA achievement by month, 2026-11 to 2026-11: 2026-11: assess 50%, resolve 0%.',
      })
      .waitFor();
    const breaches = page.getByRole('table', { name: 'Breached clocks with their tickets' });
    expect(await breaches.getByRole('link', { name: breached.id }).first().getAttribute('href')).toBe(
      `/portal/tickets/${breached.id}`,
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(problems()).toEqual([]);
    await context.close();
  });
});
