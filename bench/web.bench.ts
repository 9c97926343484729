/**
 * The web app's weight and speed, each against a static page served by the same local host in the same
 * run (the machine is shared and noisy: only ratios mean something).
 *
 * - JavaScript shipped per page: every script the page loads, gzip-compressed (as served).
 * - Navigation to a usable **Raise a ticket** form (the **Raise ticket** button enabled, severities
 *   loaded), against a static HTML form with the same button.
 * - Navigation to a rendered **Queue** of 500 tickets (500 rows in the table), against a static HTML
 *   table of 500 rows.
 * - Navigation to a rendered **hour bank** with a statement of 200 lines and its usage chart (Chart.js,
 *   loaded by that page only), against a static HTML statement of 200 rows.
 *
 * Run: npm run bench:web. Starts its own local host (and Azurite) and Chromium; stops both. The pages
 * run with the admin key sent as a header and `GET /api/sessions/current` answered by the bench (a
 * contact, then a staff member): sign-in is not what is measured. Settings: WEB_RUNS (default 5).
 */
import { gzipSync } from 'node:zlib';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../test/e2e/web/browser';
import { setUpClientQuietly, setUpHourBankQuietly } from './web-bench-fixtures';
import { repoRoot, startLocalHost } from '../test/support/local-host';

const runs = Number(process.env.WEB_RUNS ?? 5);
const queueSize = 500;
const statementSize = 200;
const portalBudgetBytes = 120 * 1024;
const staticDir = path.join(repoRoot, 'dist/web/bench-static');

function writeStaticPages(): void {
  rmSync(staticDir, { recursive: true, force: true });
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(
    path.join(staticDir, 'form.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static form</title></head><body><main><h1>Raise a ticket</h1><form>
<label for="t">Title</label><input id="t"><label for="d">Description</label><textarea id="d"></textarea>
<label for="s">Severity</label><select id="s"><option>Category 1</option><option>Category 2</option></select>
<button type="submit">Raise ticket</button></form></main></body></html>`,
  );
  const rows = Array.from(
    { length: queueSize },
    (_, i) =>
      `<tr><td><a href="#">Q-${i + 1}</a></td><td>client</td><td>Ticket ${i + 1}</td><td>cat2</td><td>New</td><td>Unassigned</td><td>Running</td><td>3h 59m left</td></tr>`,
  ).join('');
  const statement = Array.from(
    { length: statementSize },
    (_, i) =>
      `<tr><td>2 Dec 2026, 10:${String(i % 60).padStart(2, '0')}</td><td>Call-off</td><td>-0.5</td><td>${1000 - i / 2} h</td><td>BW-${(i % 50) + 1} · Work item ${i + 1} · by admin</td></tr>`,
  ).join('');
  writeFileSync(
    path.join(staticDir, 'statement.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static statement</title></head><body><main><h1>Hour bank</h1><h2>Statement</h2><table class="statement"><tbody>${statement}</tbody></table></main></body></html>`,
  );
  writeFileSync(
    path.join(staticDir, 'queue.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static queue</title></head><body><main><h1>Queue</h1><table class="queue"><tbody>${rows}</tbody></table></main></body></html>`,
  );
}

async function timeTo(context: BrowserContext, url: string, ready: (page: Page) => Promise<void>): Promise<number> {
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  const elapsed = performance.now() - started;
  await page.close();
  return elapsed;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function javascriptShipped(
  context: BrowserContext,
  url: string,
  ready: (page: Page) => Promise<void>,
): Promise<number> {
  const page = await context.newPage();
  const sizes = new Map<string, Promise<number>>();
  page.on('response', (response) => {
    if (/\.js(\?|$)/.test(response.url()))
      sizes.set(
        response.url(),
        response.body().then((b) => gzipSync(b, { level: 9 }).length),
      );
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const total = (await Promise.all(sizes.values())).reduce((a, b) => a + b, 0);
  await page.close();
  return total;
}

async function main(): Promise<void> {
  writeStaticPages();
  const host = await startLocalHost();
  const browser = await launchBrowser();
  try {
    const fixture = await setUpClientQuietly(host, 'benchweb', 'BW', queueSize);
    await setUpHourBankQuietly(host, 'benchweb', 'BW', statementSize);
    const contact = {
      email: fixture.requester,
      name: 'Rita Requester',
      staffRoles: [],
      contacts: [{ clientId: 'benchweb', roles: ['requester', 'approver'] }],
      csrfToken: 'bench',
    };
    const staff = {
      email: 'eng@support.example',
      name: 'Eve Engineer',
      staffRoles: ['engineer', 'lead'],
      contacts: [],
      csrfToken: 'bench',
    };
    const contextFor = async (session: unknown) => {
      const context = await browser.newContext();
      await context.setExtraHTTPHeaders({ authorization: `Bearer ${host.adminKey}` });
      await context.route('**/api/sessions/current', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(session) }),
      );
      return context;
    };
    const portal = await contextFor(contact);
    const consoleContext = await contextFor(staff);
    const plain = await browser.newContext();

    const formReady = (page: Page) =>
      page.getByRole('button', { name: 'Raise ticket' }).and(page.locator(':enabled')).waitFor();
    const queueReady = (page: Page) =>
      page
        .locator('table.queue tbody tr')
        .nth(queueSize - 1)
        .waitFor();

    // The whole statement rendered and the chart drawn (the canvas is an image named with its figures).
    const hourBankReady = async (page: Page) => {
      await page
        .getByRole('table', { name: /Every purchase, call-off and adjustment/ })
        .locator('tbody tr')
        .nth(statementSize - 1)
        .waitFor();
      await page.getByRole('img', { name: /Bar chart of hours purchased and called off/ }).waitFor();
    };

    const pages: [string, BrowserContext, string, (page: Page) => Promise<void>][] = [
      ['sign-in', plain, '/sign-in', (p) => p.getByRole('button', { name: 'Send sign-in link' }).waitFor()],
      ['portal: raise a ticket', portal, '/portal/new', formReady],
      ['portal: tickets', portal, '/portal', (p) => p.getByRole('table').waitFor()],
      ['portal: hour bank (with the chart)', portal, '/portal/hour-bank', hourBankReady],
      ['console: queue', consoleContext, '/console', queueReady],
    ];
    console.log(`\nJavaScript shipped per page (gzip), budget for the portal ${portalBudgetBytes / 1024} KB`);
    const shipped: Record<string, number> = {};
    for (const [name, context, url, ready] of pages) {
      shipped[name] = await javascriptShipped(context, `${host.baseUrl}${url}`, ready);
      console.log(`  ${name.padEnd(36)} ${(shipped[name] / 1024).toFixed(1).padStart(7)} KB`);
    }
    const portalMax = Math.max(
      ...Object.entries(shipped)
        .filter(([n]) => n.startsWith('portal'))
        .map(([, v]) => v),
    );
    console.log(
      `  portal, heaviest page: ${(portalMax / 1024).toFixed(1)} KB — ${portalMax <= portalBudgetBytes ? 'within' : 'OVER'} the budget`,
    );

    const measure = async (
      name: string,
      appContext: BrowserContext,
      appUrl: string,
      appReady: (p: Page) => Promise<void>,
      staticUrl: string,
      staticReady: (p: Page) => Promise<void>,
    ) => {
      const app: number[] = [];
      const baseline: number[] = [];
      await timeTo(appContext, `${host.baseUrl}${appUrl}`, appReady); // warm the host's file cache and Azurite
      for (let i = 0; i < runs; i++) {
        baseline.push(await timeTo(plain, `${host.baseUrl}${staticUrl}`, staticReady));
        app.push(await timeTo(appContext, `${host.baseUrl}${appUrl}`, appReady));
      }
      const a = median(app);
      const b = median(baseline);
      console.log(
        `  ${name.padEnd(36)} app ${a.toFixed(0).padStart(6)} ms   static ${b.toFixed(0).padStart(5)} ms   ratio ${(a / b).toFixed(1)}×`,
      );
    };
    writeStaticPages(); // again: a test run meanwhile may have rebuilt dist/web
    console.log(`\nNavigation to usable (median of ${runs}, cold page each time)`);
    await measure('usable Raise a ticket form', portal, '/portal/new', formReady, '/bench-static/form.html', (p) =>
      p.getByRole('button', { name: 'Raise ticket' }).waitFor(),
    );
    await measure(
      `queue of ${queueSize} tickets rendered`,
      consoleContext,
      '/console',
      queueReady,
      '/bench-static/queue.html',
      (p) =>
        p
          .locator('table.queue tbody tr')
          .nth(queueSize - 1)
          .waitFor(),
    );
    await measure(
      `hour bank, ${statementSize} lines + chart`,
      portal,
      '/portal/hour-bank',
      hourBankReady,
      '/bench-static/statement.html',
      (p) =>
        p
          .locator('table.statement tbody tr')
          .nth(statementSize - 1)
          .waitFor(),
    );
  } finally {
    await browser.close();
    await host.stop();
    rmSync(staticDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
