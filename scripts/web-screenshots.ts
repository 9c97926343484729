/**
 * Screenshots of the portal and the console for the README (docs/screenshots/), taken in Chromium
 * from a local host with a few example tickets. Run: npx tsx scripts/web-screenshots.ts (after
 * `npm run build`). The pages run with the admin key and a stand-in session, like bench:web.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../test/e2e/web/browser';
import { standInContext } from '../test/e2e/web/stand-in-session';
import { repoRoot, startLocalHost } from '../test/support/local-host';
import { setUpClientQuietly } from '../bench/web-bench-fixtures';

async function main(): Promise<void> {
  const out = path.join(repoRoot, 'docs/screenshots');
  mkdirSync(out, { recursive: true });
  const host = await startLocalHost({ clock: 'virtual', clockStart: '2026-06-01T09:00:00Z' });
  const browser = await launchBrowser();
  try {
    const { requester } = await setUpClientQuietly(host, 'acme', 'ACME', 6);
    await host.api('/dev/clock', { method: 'POST', json: { advance: 'PT5H' } });
    await setUpClientQuietly(host, 'globex', 'GLX', 3);
    const contact = await standInContext(browser.browser, host.adminKey, {
      email: requester,
      name: 'Rita Requester',
      staffRoles: [],
      contacts: [{ clientId: 'acme', roles: ['requester', 'approver'] }],
    });
    const staff = await standInContext(browser.browser, host.adminKey, {
      email: 'eve@support.example',
      name: 'Eve Engineer',
      staffRoles: ['engineer', 'lead'],
      contacts: [],
    });
    const shoot = async (context: typeof contact, url: string, ready: string, file: string) => {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1200, height: 800 });
      const now = (await (await host.api('/dev/clock')).json()) as { now: string };
      await page.clock.install({ time: new Date(now.now) });
      await page.goto(`${host.baseUrl}${url}`);
      await page.getByText(ready).first().waitFor({ state: 'attached' });
      await page.screenshot({ path: path.join(out, file), fullPage: false });
      await page.close();
    };
    await shoot(contact, '/portal/new', 'Category 1 — covered by your agreement', 'portal-raise-ticket.png');
    await shoot(contact, '/portal/tickets/ACME-2', 'Service level', 'portal-ticket.png');
    await shoot(staff, '/console', 'GLX-1', 'console-queue.png');
    await shoot(staff, '/console/tickets/ACME-2', 'Actions', 'console-ticket.png');
    console.log(`screenshots in ${out}`);
  } finally {
    await browser.close();
    await host.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
