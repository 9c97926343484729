import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { act, createTicket, setUpClient, type ClientFixture } from '../support/api-fixtures';
import { signInByEmailLink } from './browser-sign-in';
import { accessibilityProblems, launchBrowser, type RunningBrowser } from './browser';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 200 });
/** Monday 1 June 2026, 10:00 in London (BST). */
const monday10London = '2026-06-01T09:00:00Z';

/**
 * docs/product-spec.md §7's journeys in Chromium with real sign-in: each person asks for a link on the sign-in page,
 * the test opens the link from the `.eml` the local host wrote, and presses **Sign in**.
 */
describe('signed-in journeys through the pages', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let acme: ClientFixture;
  const engineer = 'eve@support.example';
  const errors: (() => string[])[] = [];
  let contact: Page;
  let staff: Page;
  let raisedId = '';

  const signIn = (email: string, expectPath: string): Promise<Page> =>
    signInByEmailLink(host, browser, email, expectPath, { errors, followHostClock: true });

  beforeAll(async () => {
    [host, browser] = await Promise.all([
      startLocalHost({ clock: 'virtual', clockStart: monday10London }),
      launchBrowser(),
    ]);
    acme = await setUpClient(host, 'flowco', 'FLO');
    const staffPut = await host.api(`/staff/${engineer}`, {
      method: 'PUT',
      json: { name: 'Eve Engineer', roles: ['engineer'], active: true },
    });
    expect(staffPut.status, await staffPut.text()).toBe(201);
    const bought = await host.api('/clients/flowco/hour-bank/purchases', {
      method: 'POST',
      json: { hours: 10, reference: 'PO-4711' },
    });
    expect(bought.status, await bought.text()).toBe(201);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), host?.stop()]);
  });

  it('a contact signs in from the e-mailed link, raises a ticket through the form and sees its due times', async () => {
    contact = await signIn(acme.requester, '/portal');
    await contact.getByRole('link', { name: 'Raise a ticket' }).first().click();
    await contact.getByRole('heading', { name: 'Raise a ticket', level: 1 }).waitFor();
    await contact.getByRole('textbox', { name: 'Title' }).fill('Invoices fail to save');
    await contact.getByRole('textbox', { name: 'Description' }).fill('Saving an invoice answers 500.');
    await poll(() => contact.getByRole('combobox', { name: 'Severity' }).locator('option').count()).toBe(5);
    await contact
      .getByRole('combobox', { name: 'Severity' })
      .selectOption({ label: 'Category 2 — covered by your agreement' });
    await contact.getByRole('button', { name: 'Raise ticket' }).click();
    const heading = contact.getByRole('heading', { name: /^FLO-\d+: Invoices fail to save$/ });
    await heading.waitFor();
    raisedId = /^(FLO-\d+)/.exec((await heading.textContent()) ?? '')?.[1] ?? '';
    const sla = contact.getByRole('table', { name: /Service level/ });
    await expect(sla.getByRole('row', { name: /Assess/ }).textContent()).resolves.toMatch(/14:00 BST/);
    await expect(sla.getByRole('row', { name: /Resolve/ }).textContent()).resolves.toMatch(/Tue.*09:30 BST/);
    expect(await accessibilityProblems(contact)).toEqual([]);
  });

  it('an engineer signs in, finds it in the queue at its place, assesses, assigns, logs time and resolves', async () => {
    // A breached ticket comes before it; one due later comes after it.
    const late = await createTicket(
      host,
      { clientId: 'flowco', title: 'Older, breached', severity: 'cat1', reporter: acme.requester },
      { key: acme.key },
    );
    const res = await host.api('/dev/clock', { method: 'POST', json: { advance: 'PT2H' } });
    expect(res.status).toBe(200);
    const later = await createTicket(
      host,
      { clientId: 'flowco', title: 'Due later', severity: 'cat2', reporter: acme.requester },
      { key: acme.key },
    );

    staff = await signIn(engineer, '/console');
    await staff.getByRole('link', { name: raisedId, exact: true }).waitFor();
    const ids = (
      await staff
        .getByRole('table', { name: /tickets/ })
        .getByRole('row')
        .allTextContents()
    )
      .slice(1)
      .map((r) => /FLO-\d+/.exec(r)?.[0]);
    expect(ids).toEqual([late.id, raisedId, later.id]);
    expect(await accessibilityProblems(staff)).toEqual([]);

    await staff.getByRole('link', { name: raisedId, exact: true }).click();
    await staff.getByRole('button', { name: 'Assess' }).click();
    await staff.getByRole('form', { name: 'Assess' }).getByRole('combobox', { name: 'Tier' }).selectOption('L2');
    await staff.getByRole('form', { name: 'Assess' }).getByRole('button', { name: 'Submit' }).click();
    await staff.getByRole('button', { name: 'Resolve' }).waitFor();

    await staff.getByRole('button', { name: 'Assign' }).click();
    await staff.getByRole('form', { name: 'Assign' }).getByRole('button', { name: 'Submit' }).click();
    await poll(() => staff.getByRole('definition').allTextContents()).toContain(engineer);

    await staff.getByRole('button', { name: 'Log time' }).click();
    await staff.getByRole('form', { name: 'Log time' }).getByRole('spinbutton', { name: 'Hours' }).fill('1.5');
    await staff
      .getByRole('form', { name: 'Log time' })
      .getByRole('textbox', { name: 'Note' })
      .fill('Reproduced and patched');
    await staff.getByRole('form', { name: 'Log time' }).getByRole('button', { name: 'Submit' }).click();
    await poll(() => staff.getByRole('form', { name: 'Log time' }).count()).toBe(0);

    await staff.getByRole('button', { name: 'Resolve' }).click();
    await staff.getByRole('form', { name: 'Resolve' }).getByRole('textbox', { name: 'Cause' }).fill('A missing index.');
    await staff.getByRole('form', { name: 'Resolve' }).getByRole('button', { name: 'Submit' }).click();
    await poll(() => staff.getByRole('definition').allTextContents()).toContain('Resolved');
    expect(await accessibilityProblems(staff)).toEqual([]);
  });

  it('the contact confirms the resolution and the ticket closes', async () => {
    await contact.reload();
    await contact.getByRole('button', { name: 'Confirm resolution' }).click();
    await poll(() => contact.getByRole('definition').allTextContents()).toContain('Closed');
    expect(await accessibilityProblems(contact)).toEqual([]);
  });

  it('an approver approves a quote on account, seeing its effect, and the balance drops when the work is booked', async () => {
    const quoted = await createTicket(
      host,
      {
        clientId: 'flowco',
        title: 'Add an export button',
        severity: 'cat3',
        type: 'enhancement',
        reporter: acme.requester,
      },
      { key: acme.key },
    );
    await act(host, quoted.id, { action: 'assess', tier: 'L2', quote: { hours: 2, note: 'Button and CSV writer' } });

    const approver = await signIn(acme.approver, '/portal');
    await approver.goto(`${host.baseUrl}/portal/tickets/${quoted.id}`);
    const effect = approver.getByText(/Approving on account draws 2 h from your hour bank/);
    await effect.waitFor();
    expect(await effect.textContent()).toContain('from 8.5 h to 6.5 h');
    expect(await accessibilityProblems(approver)).toEqual([]);
    await approver.getByRole('button', { name: 'Approve on account' }).click();
    await poll(() => approver.getByRole('definition').allTextContents()).toContain('In progress');

    const booked = await host.api(`/tickets/${quoted.id}/time-entries`, {
      method: 'POST',
      json: { hours: 2, note: 'Export button built' },
    });
    expect(booked.status, await booked.text()).toBe(201);
    await approver.getByRole('link', { name: 'Hour bank' }).click();
    await approver.getByRole('heading', { name: 'Statement' }).waitFor();
    await poll(() => approver.locator('#balance').textContent()).toBe('6.5 h');
    const chart = approver.getByRole('img', { name: /hours purchased and called off by month/ });
    await chart.waitFor();
    const table = approver.getByRole('table', { name: 'Hours purchased and called off by month' });
    await expect(table.textContent()).resolves.toContain('10 h');
    await expect(approver.getByRole('link', { name: 'Download statement (CSV)' }).getAttribute('href')).resolves.toBe(
      '/api/clients/flowco/hour-bank/statement.csv',
    );
    expect(await accessibilityProblems(approver)).toEqual([]);
  });

  it('a lead manages the client: creates and revokes an API key, records a purchase and an adjustment', async () => {
    const lead = 'lea@support.example';
    const put = await host.api(`/staff/${lead}`, {
      method: 'PUT',
      json: { name: 'Lea Lead', roles: ['lead'], active: true },
    });
    expect(put.status, await put.text()).toBe(201);
    const page = await signIn(lead, '/console');
    await page.goto(`${host.baseUrl}/console/clients/flowco`);
    // As a user does, wait for the keys to be on the screen before pressing the section's button (the
    // page appears whole, so nothing arrives later to move it).
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByRole('table', { name: /^Keys/ }).waitFor();

    await keys.getByRole('button', { name: 'Create API key' }).click();
    const create = page.getByRole('form', { name: 'Create API key' });
    await create.getByRole('textbox', { name: 'Key name' }).fill('ci-bot');
    await create.getByRole('checkbox', { name: 'tickets:read' }).check();
    await create.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'New key' });
    await shown.waitFor();
    const key = ((await shown.locator('code').textContent()) ?? '').trim();
    expect((await host.api('/tickets?clientId=flowco', { key })).status).toBe(200);
    await page.getByRole('button', { name: 'Revoke ci-bot' }).click();
    await poll(() => page.getByRole('row', { name: /ci-bot/ }).textContent()).toMatch(/Revoked/);
    expect((await host.api('/tickets?clientId=flowco', { key })).status).toBe(401);

    const hours = async () => Number(((await page.locator('#balance').textContent()) ?? '').replace(' h', ''));
    await poll(hours).toBeGreaterThan(0);
    const before = await hours();
    await page.getByRole('button', { name: 'Record purchase' }).click();
    const buy = page.getByRole('form', { name: 'Record purchase' });
    await buy.getByRole('spinbutton', { name: 'Hours' }).fill('5');
    await buy.getByRole('textbox', { name: 'Reference' }).fill('PO-5');
    await buy.getByRole('button', { name: 'Submit' }).click();
    await poll(hours).toBe(before + 5);
    // The purchase form closes after the balance is shown, and Adjust balance beside it moves back.
    await buy.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Adjust balance' }).click();
    const adjust = page.getByRole('form', { name: 'Adjust balance' });
    await adjust.getByRole('spinbutton', { name: 'Hours (negative to deduct)' }).fill('-0.5');
    await adjust.getByRole('textbox', { name: 'Reason' }).fill('Double-booked call');
    await adjust.getByRole('button', { name: 'Submit' }).click();
    await poll(hours).toBe(before + 4.5);
    const bank = await bodyOfBank();
    expect(bank.entries.slice(-2).map((e) => [e.kind, e.hours])).toEqual([
      ['purchase', 5],
      ['adjustment', -0.5],
    ]);
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  async function bodyOfBank(): Promise<{ entries: { kind: string; hours: number }[] }> {
    const res = await host.api('/clients/flowco/hour-bank');
    expect(res.status).toBe(200);
    return (await res.json()) as { entries: { kind: string; hours: number }[] };
  }

  it('a person who is both staff and a contact sees in the portal what a contact sees, and everything in the console', async () => {
    const dora = 'dora@flowco.example';
    expect(
      (
        await host.api(`/staff/${dora}`, {
          method: 'PUT',
          json: { name: 'Dora Both', roles: ['engineer'], active: true },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await host.api(`/clients/flowco/contacts/${dora}`, {
          method: 'PUT',
          json: { name: 'Dora Both', roles: ['requester'] },
        })
      ).status,
    ).toBe(201);
    const other = await setUpClient(host, 'otherflow', 'OFL');
    const elsewhere = await createTicket(
      host,
      { clientId: 'otherflow', title: 'Another client entirely', severity: 'cat2', reporter: other.requester },
      { key: other.key },
    );
    const colleague = await createTicket(
      host,
      { clientId: 'flowco', title: 'Raised by a colleague', severity: 'cat2', reporter: acme.requester },
      { key: acme.key },
    );
    const own = await createTicket(
      host,
      { clientId: 'flowco', title: 'Raised by Dora', severity: 'cat2', reporter: dora },
      { key: acme.key },
    );

    // Staff first: the console's queue holds every client's tickets.
    const page = await signIn(dora, '/console');
    const queue = page.locator('table.queue');
    await queue.getByRole('link', { name: elsewhere.id }).waitFor();
    await queue.getByRole('link', { name: colleague.id }).waitFor();

    // The portal, from the same session: as a requester of flowco, their own ticket only.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tickets' }).click();
    const portalTable = page.getByRole('table', { name: 'Tickets of flowco' });
    await portalTable.getByRole('link', { name: own.id }).waitFor();
    expect(await portalTable.locator('tbody tr td:first-child').allTextContents()).toEqual([own.id]);
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('raised no CSP violation or uncaught error', () => {
    expect(errors.flatMap((e) => e())).toEqual([]);
  });
});
