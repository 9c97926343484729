import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { clientBody, createTicket, setUpClient, type ClientFixture } from '../support/api-fixtures';
import { accessibilityProblems, launchBrowser, watchPageErrors, type RunningBrowser } from './browser';
import { standInContext } from './stand-in-session';

/** Waits for a page to catch up with the API (a shared two-core machine can take seconds). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 200 });

/** Monday 1 June 2026, 10:00 in London (BST): inside the office calendar's 09:00–17:30. */
const monday10London = '2026-06-01T09:00:00Z';

/**
 * The portal and console pages against the real API on the local host, in Chromium, driven by role
 * and name, on the virtual clock (the browser's clock is set to it, so countdowns are meaningful).
 */
describe('portal and console pages over the API', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let acme: ClientFixture;
  let contact: BrowserContext;
  let staff: BrowserContext;
  const pageErrors: (() => string[])[] = [];

  const open = async (context: BrowserContext, path: string): Promise<Page> => {
    const page = await context.newPage();
    pageErrors.push(watchPageErrors(page));
    const now = (await (await host.api('/dev/clock')).json()) as { now: string };
    await page.clock.install({ time: new Date(now.now) });
    await page.goto(`${host.baseUrl}${path}`);
    return page;
  };
  const advance = async (duration: string) => {
    const res = await host.api('/dev/clock', { method: 'POST', json: { advance: duration } });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    [host, browser] = await Promise.all([
      startLocalHost({ clock: 'virtual', clockStart: monday10London }),
      launchBrowser(),
    ]);
    acme = await setUpClient(host, 'webacme', 'WA');
    contact = await standInContext(browser.browser, host.adminKey, {
      email: acme.requester,
      name: 'Rita Requester',
      staffRoles: [],
      contacts: [{ clientId: 'webacme', roles: ['requester'] }],
    });
    staff = await standInContext(browser.browser, host.adminKey, {
      email: 'eve@support.example',
      name: 'Eve Engineer',
      staffRoles: ['engineer', 'lead'],
      contacts: [],
    });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), host?.stop()]);
  });

  it('raises a ticket through the form, shows API errors beside their field, then the ticket with due times in the client timezone', async () => {
    const page = await open(contact, '/portal/new');
    await page.getByRole('heading', { name: 'Raise a ticket', level: 1 }).waitFor();
    const severity = page.getByRole('combobox', { name: 'Severity' });
    await poll(() => severity.locator('option').allTextContents()).toEqual([
      'Choose a severity',
      'Category 1 — covered by your agreement',
      'Category 2 — covered by your agreement',
      'Category 3 — not covered: will be quoted',
      'Category 4 — not covered: will be quoted',
    ]);
    expect(await accessibilityProblems(page)).toEqual([]);

    // Nothing filled in: the API's problem names each field, and the page puts it beside the field.
    await page.getByRole('button', { name: 'Raise ticket' }).click();
    const title = page.getByRole('textbox', { name: 'Title' });
    await poll(() => title.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await title.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeDefined();
    expect((await page.locator(`#${errorId}`).textContent())?.length).toBeGreaterThan(0);
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('correct the fields');
    expect(await accessibilityProblems(page)).toEqual([]);

    await title.fill('Invoices fail to save');
    await page.getByRole('textbox', { name: 'Description' }).fill('Saving an invoice answers 500 since this morning.');
    await severity.selectOption({ label: 'Category 2 — covered by your agreement' });
    await page.getByRole('combobox', { name: 'Type' }).selectOption('defect');
    await page.getByRole('button', { name: 'Raise ticket' }).click();

    await page.getByRole('heading', { name: /^WA-\d+: Invoices fail to save$/ }).waitFor();
    const sla = page.getByRole('table', { name: /Service level/ });
    // Received 10:00 BST; 4 h to assess and 8 h to resolve in 09:00–17:30 office hours, shown in London time.
    await expect(sla.getByRole('row', { name: /Assess/ }).textContent()).resolves.toMatch(/14:00 BST/);
    await expect(sla.getByRole('row', { name: /Resolve/ }).textContent()).resolves.toMatch(/Tue.*09:30 BST/);
    await expect(page.getByRole('list').filter({ hasText: 'Raised' }).textContent()).resolves.toContain('Raised');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('link', { name: 'My tickets' }).click();
    const link = page.getByRole('link', { name: /^WA-\d+$/ });
    await link.first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.close();
  });

  it('the raise-ticket form does not move when the severities arrive: a press on the file picker is not lost', async () => {
    // The severities come after the form is on the screen. Their explanation used to appear only then,
    // above the file picker, pushing it down under a press already under way.
    const page = await contact.newPage();
    pageErrors.push(watchPageErrors(page));
    let deliver!: () => void;
    const held = new Promise<void>((resolve) => (deliver = resolve));
    let asked!: () => void;
    const severitiesAsked = new Promise<void>((resolve) => (asked = resolve));
    await page.route('**/api/clients/webacme/severities', async (route) => {
      asked();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    await page.goto(`${host.baseUrl}/portal/new`);
    await page.getByRole('heading', { name: 'Raise a ticket', level: 1 }).waitFor();
    await severitiesAsked;
    const picker = page.getByLabel('Attach files');
    await picker.waitFor();
    const before = await picker.boundingBox();
    expect(before).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Raise ticket' }).isDisabled()).toBe(true);

    deliver();
    await poll(() => page.getByRole('combobox', { name: 'Severity' }).locator('option').count()).toBe(5);
    await page.getByRole('button', { name: 'Raise ticket' }).and(page.locator(':enabled')).waitFor();
    expect(await picker.boundingBox()).toEqual(before);
    await page.getByText('What the severities mean').click();
    await page.getByRole('term').filter({ hasText: 'Category 3 (not covered: quoted)' }).waitFor();
    await page.close();
  });

  it('orders the queue breached first, then soonest due, ticks the countdowns, and shows a new ticket without a reload', async () => {
    const late = await createTicket(
      host,
      { clientId: 'webacme', title: 'Late one', severity: 'cat2', reporter: acme.requester },
      { key: acme.key },
    );
    await advance('PT5H'); // 15:00 BST: Late one's assess clock (due 14:00) is breached
    const soon = await createTicket(
      host,
      { clientId: 'webacme', title: 'Urgent one', severity: 'cat1', reporter: acme.requester },
      { key: acme.key },
    );
    const quoted = await createTicket(
      host,
      { clientId: 'webacme', title: 'Quoted one', severity: 'cat3', type: 'enhancement', reporter: acme.requester },
      { key: acme.key },
    );

    const page = await open(staff, '/console?client=webacme');
    const rows = page.getByRole('table', { name: /tickets/ }).getByRole('row');
    await page.getByRole('link', { name: quoted.id }).waitFor();
    const order = async () => (await rows.allTextContents()).slice(1).map((r) => /WA-\d+/.exec(r)?.[0]);
    const ids = await order();
    expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(soon.id));
    expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(quoted.id));
    const row = (id: string) =>
      page.getByRole('row').filter({ has: page.getByRole('link', { name: id, exact: true }) });
    await expect(row(late.id).textContent()).resolves.toContain('Breached');
    await expect(row(soon.id).textContent()).resolves.toContain('Running');
    await expect(row(quoted.id).textContent()).resolves.toContain('No SLA');
    // Severities by the agreement's names, not their ids.
    await poll(() => row(soon.id).getByRole('cell').nth(3).textContent()).toBe('Category 1');

    const before = await row(soon.id).getByRole('cell').last().textContent();
    expect(before).toMatch(/left$/);
    await page.clock.runFor(2000);
    await poll(() => row(soon.id).getByRole('cell').last().textContent()).not.toBe(before);
    expect(await accessibilityProblems(page)).toEqual([]);

    const fresh = await createTicket(
      host,
      { clientId: 'webacme', title: 'Arrived while watching', severity: 'cat1', reporter: acme.requester },
      { key: acme.key },
    );
    await page.clock.runFor(11_000); // the queue polls every 10 s
    await page.getByRole('link', { name: fresh.id }).waitFor();
    await page.close();
  });

  it('shows the queue with its severities’ names at once: while they are on their way it shows nothing to press', async () => {
    // The names used to fill in after the rows: the Severity column widened, titles rewrapped, and the
    // links below moved under a press.
    const ticket = await createTicket(
      host,
      { clientId: 'webacme', title: 'Named severity', severity: 'cat2', reporter: acme.requester },
      { key: acme.key },
    );
    const page = await staff.newPage();
    pageErrors.push(watchPageErrors(page));
    let deliver!: () => void;
    const held = new Promise<void>((resolve) => (deliver = resolve));
    let asked!: () => void;
    const namesAsked = new Promise<void>((resolve) => (asked = resolve));
    await page.route('**/api/clients/webacme/severities', async (route) => {
      asked();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    const ticketsAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/tickets');
    await page.goto(`${host.baseUrl}/console?client=webacme`);
    await Promise.all([namesAsked, ticketsAnswered]);
    expect(await page.getByRole('status').filter({ hasText: 'Loading the queue…' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: /tickets/ }).count()).toBe(0);

    deliver();
    const link = page.getByRole('link', { name: ticket.id, exact: true });
    await link.waitFor();
    const row = page.getByRole('row').filter({ has: link });
    // Read as soon as the row is there, without waiting: the name came with it.
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('Category 2');
    await page.close();
  });

  it('works a ticket from the console: a button per allowed action, each with its form', async () => {
    const ticket = await createTicket(
      host,
      { clientId: 'webacme', title: 'Report export is slow', severity: 'cat2', reporter: acme.requester },
      { key: acme.key },
    );
    const page = await open(staff, `/console/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: `${ticket.id}: Report export is slow` }).waitFor();
    const buttons = async () =>
      (await page.getByRole('region', { name: 'Actions' }).getByRole('button').allTextContents()).sort();
    expect(await buttons()).toEqual([
      'Assess',
      'Assign',
      'Close',
      'Diagnose',
      'Escalate',
      'Log time',
      'Propose schedule',
    ]);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('button', { name: 'Assess' }).click();
    const assess = page.getByRole('form', { name: 'Assess' });
    await assess.getByRole('combobox', { name: 'Tier' }).selectOption('L2');
    await assess.getByRole('spinbutton', { name: 'Estimate (hours)' }).fill('3');
    expect(await accessibilityProblems(page)).toEqual([]);
    await assess.getByRole('button', { name: 'Submit' }).click();
    await poll(buttons).toEqual([
      'Assign',
      'Close',
      'Diagnose',
      'Escalate',
      'Log time',
      'Propose schedule',
      'Resolve',
      'Wait on client',
      'Wait on vendor',
    ]);

    await page.getByRole('button', { name: 'Wait on vendor' }).click();
    const vendor = page.getByRole('form', { name: 'Wait on vendor' });
    await vendor.getByRole('button', { name: 'Submit' }).click();
    // The API refuses the missing reference; the page shows its message beside the field.
    const reference = vendor.getByRole('textbox', { name: 'Vendor reference' });
    await poll(() => reference.getAttribute('aria-invalid')).toBe('true');
    await reference.fill('MSFT-123456');
    await vendor.getByRole('button', { name: 'Submit' }).click();
    await poll(buttons).toEqual([
      'Assign',
      'Close',
      'Diagnose',
      'Escalate',
      'Log time',
      'Propose schedule',
      'Resolve',
      'Resume',
    ]);
    await page.getByRole('table', { name: 'Resolution clock paused' }).waitFor();

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('form', { name: 'Resume' }).getByRole('button', { name: 'Submit' }).click();
    await poll(buttons).toEqual([
      'Assign',
      'Close',
      'Diagnose',
      'Escalate',
      'Log time',
      'Propose schedule',
      'Resolve',
      'Wait on client',
      'Wait on vendor',
    ]);
    await page.getByRole('button', { name: 'Resolve' }).click();
    const resolve = page.getByRole('form', { name: 'Resolve' });
    await resolve.getByRole('textbox', { name: 'Cause' }).fill('A missing index on the report table.');
    await resolve.getByRole('textbox', { name: 'Fix', exact: true }).fill('Index added in build 4.2.1.');
    await resolve.getByRole('button', { name: 'Submit' }).click();
    // Resolved: the desk may also record the client's confirmation, or reopen it, as the API allows staff.
    await poll(buttons).toEqual(['Assign', 'Close', 'Log time', 'Record confirmation', 'Reopen']);

    await page.getByRole('textbox', { name: 'Comment' }).fill('Deployed to production at 16:00.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByRole('region', { name: 'Timeline' }).getByText('Deployed to production at 16:00.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.close();

    // The contact sees the resolution, with the buttons to confirm or reopen.
    const portal = await open(contact, `/portal/tickets/${ticket.id}`);
    await portal.getByRole('button', { name: 'Confirm resolution' }).waitFor();
    await portal.getByRole('button', { name: 'Reopen' }).waitFor();
    await expect(portal.getByRole('region', { name: 'Resolution' }).textContent()).resolves.toContain(
      'A missing index on the report table.',
    );
    expect(await accessibilityProblems(portal)).toEqual([]);
    await portal.close();
  });

  it("offers a ticket's assessment the severities of the agreement it was received under, though the client's has since dropped its own", async () => {
    const dropper = await setUpClient(host, 'webdrop', 'WD');
    const ticket = await createTicket(host, {
      clientId: 'webdrop',
      title: 'Logo is blurred',
      severity: 'cat4',
      reporter: dropper.requester,
    });
    const withoutCat4 = clientBody('WD') as {
      agreement: { severities: { id: string }[]; alertSeverities: Record<string, string> };
    };
    withoutCat4.agreement.severities = withoutCat4.agreement.severities.filter((s) => s.id !== 'cat4');
    withoutCat4.agreement.alertSeverities = { Sev0: 'cat1' };
    expect((await host.api('/clients/webdrop', { method: 'PUT', json: withoutCat4 })).status).toBe(200);

    const page = await open(staff, `/console/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: `${ticket.id}: Logo is blurred` }).waitFor();
    await page.getByRole('button', { name: 'Assess' }).click();
    const severity = page.getByRole('form', { name: 'Assess' }).getByRole('combobox', { name: 'Severity' });
    // Not the first current severity, which the browser would pick for a value it lacks.
    await poll(() => severity.inputValue()).toBe('cat4');
    expect(await severity.locator('option:checked').textContent()).toBe('Category 4 (not covered: quote)');
    await page.close();
  });

  it('raised no CSP violation or uncaught error on any page', () => {
    expect(pageErrors.flatMap((problems) => problems())).toEqual([]);
  });
});
