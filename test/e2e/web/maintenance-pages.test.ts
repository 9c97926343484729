import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { setUpClient, type ClientFixture } from '../support/api-fixtures';
import { signInByEmailLink } from './browser-sign-in';
import { accessibilityProblems, launchBrowser, watchPageErrors, type RunningBrowser } from './browser';
import { standInContext } from './stand-in-session';

/**
 * The maintenance plan's pages in Chromium, by role and name: a lead's console page per client
 * (backlog, schedules with their next occurrences), and the approver's portal page (upcoming checks,
 * backlog); a requester is not offered the plan. The host runs on the virtual clock, so the
 * occurrences are the same on every run.
 */
describe('maintenance plan pages', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let c: ClientFixture;
  let lead: BrowserContext;
  const errors: (() => string[])[] = [];

  beforeAll(async () => {
    // Monday 4 January 2027, 09:00 in London.
    [host, browser] = await Promise.all([
      startLocalHost({ clock: 'virtual', clockStart: '2027-01-04T09:00:00Z' }),
      launchBrowser(),
    ]);
    c = await setUpClient(host, 'mplan', 'MP');
    // The admin key acts as a lead; the page is shown the session a lead would have.
    lead = await standInContext(browser.browser, host.adminKey, {
      email: 'lena@desk.example',
      name: 'Lena Lead',
      staffRoles: ['lead'],
      contacts: [],
    });
  }, 180_000);
  afterAll(async () => {
    for (const e of errors) expect(e()).toEqual([]);
    await Promise.all([browser?.close(), host?.stop()]);
  });

  async function leadPage(): Promise<Page> {
    const page = await lead.newPage();
    errors.push(watchPageErrors(page));
    await page.goto(`${host.baseUrl}/console/clients/${c.clientId}`);
    await page.getByRole('link', { name: 'Maintenance plan' }).click();
    await page.getByRole('heading', { name: 'Maintenance plan: Acme Ltd', level: 1 }).waitFor();
    return page;
  }

  it('a lead adds an item and creates a schedule, and sees its next five occurrences in the client’s timezone', async () => {
    const page = await leadPage();

    await page.getByRole('button', { name: 'Add item' }).click();
    const itemForm = page.getByRole('form', { name: 'Add item' });
    await itemForm.getByRole('textbox', { name: 'Title' }).fill('Upgrade the database server');
    await itemForm.getByRole('spinbutton', { name: 'Estimate (hours)' }).fill('3.3');
    await itemForm.getByRole('button', { name: 'Submit' }).click();
    // The API's field error beside the field.
    await itemForm.getByText('must be in steps of 0.25').waitFor();
    expect(await itemForm.getByRole('spinbutton', { name: 'Estimate (hours)' }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await itemForm.getByRole('spinbutton', { name: 'Estimate (hours)' }).fill('3.5');
    await itemForm.getByRole('button', { name: 'Submit' }).click();
    const items = page.getByRole('table', { name: 'Maintenance items' });
    await items.getByRole('row', { name: /Upgrade the database server Proposed 3.5 h Hour bank/ }).waitFor();

    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByRole('textbox', { name: 'Title' }).fill('Monthly patching');
    await form.getByRole('combobox', { name: 'Repeats' }).selectOption({ label: 'Another rule (RRULE below)' });
    await form.getByRole('textbox', { name: 'RRULE (another rule)' }).fill('FREQ=HOURLY');
    await form.getByLabel('Start').fill('2027-01-05T10:00');
    await form.getByRole('spinbutton', { name: 'Lead days' }).fill('2');
    await form.getByRole('textbox', { name: 'Checklist' }).fill('Backups verified\nPatches applied');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    // An hourly rule is refused, and the refusal is shown beside the RRULE field.
    const rrule = form.getByRole('textbox', { name: 'RRULE (another rule)' });
    await expect.poll(() => rrule.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#schedule-new-rrule-error').textContent()).toMatch(/FREQ/);

    await rrule.fill('FREQ=MONTHLY;BYDAY=1TU');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “Monthly patching”.' }).waitFor();
    const schedule = page.getByRole('article', { name: 'Monthly patching' });
    await schedule.getByText('Every month on the first Tuesday, from 2027-01-05 10:00 (Europe/London)').waitFor();
    // First Tuesdays at 10:00 London time: GMT until the last Sunday of March, BST from April.
    expect(await schedule.getByRole('list', { name: 'Next occurrences of Monthly patching' }).innerText()).toBe(
      [
        'Tue, 5 Jan 2027, 10:00 GMT',
        'Tue, 2 Feb 2027, 10:00 GMT',
        'Tue, 2 Mar 2027, 10:00 GMT',
        'Tue, 6 Apr 2027, 10:00 BST',
        'Tue, 4 May 2027, 10:00 BST',
      ].join('\n'),
    );
    expect(await accessibilityProblems(page)).toEqual([]);

    // Pausing it: nothing previewed, and the page says why.
    await schedule.getByRole('button', { name: 'Edit Monthly patching' }).click();
    const edit = page.getByRole('form', { name: 'Edit Monthly patching' });
    expect(await edit.getByRole('textbox', { name: 'RRULE (another rule)' }).inputValue()).toBe(
      'FREQ=MONTHLY;BYDAY=1TU',
    );
    await edit.getByRole('checkbox', { name: 'Active (clear to pause)' }).uncheck();
    await edit.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.getByText('None while paused.').waitFor();
    expect(await schedule.getByText('Paused', { exact: true }).count()).toBe(1);
    const api = (await (await host.api(`/clients/${c.clientId}/maintenance/schedules/monthly-patching`)).json()) as {
      active: boolean;
      checklist: string[];
      leadDays: number;
    };
    expect(api).toMatchObject({ active: false, checklist: ['Backups verified', 'Patches applied'], leadDays: 2 });

    // Resumed with a rule in words.
    await schedule.getByRole('button', { name: 'Edit Monthly patching' }).click();
    await edit.getByRole('combobox', { name: 'Repeats' }).selectOption({ label: 'Every day' });
    await edit.getByRole('checkbox', { name: 'Active (clear to pause)' }).check();
    await edit.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.getByText(/^Every day, from 2027-01-05 10:00/).waitFor();
    await expect
      .poll(() =>
        schedule.getByRole('list', { name: 'Next occurrences of Monthly patching' }).getByRole('listitem').count(),
      )
      .toBe(5);
    await page.close();
  });

  it('the approver sees the upcoming checks and the backlog in the portal; a requester is not offered the plan', async () => {
    const approver = await signInByEmailLink(host, browser, c.approver, '/portal', { errors });
    await approver.getByRole('link', { name: 'Maintenance plan' }).click();
    await approver.getByRole('heading', { name: 'Maintenance plan', level: 1 }).waitFor();
    const checks = approver.getByRole('table', { name: /^Scheduled checks/ });
    await checks.waitFor();
    expect(await checks.getByRole('row').count()).toBe(6);
    expect(await checks.getByRole('row').nth(1).innerText()).toBe(
      'Tue, 5 Jan 2027, 10:00 GMT\tMonthly patching\tEvery day',
    );
    await approver
      .getByRole('table', { name: 'Maintenance items' })
      .getByRole('row', { name: /Upgrade the database server/ })
      .waitFor();
    expect(await accessibilityProblems(approver)).toEqual([]);

    const requester = await signInByEmailLink(host, browser, c.requester, '/portal', { errors });
    const nav = requester.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Raise a ticket' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Maintenance plan' }).count()).toBe(0);
    await requester.goto(`${host.baseUrl}/portal/maintenance`);
    await requester.getByText("The maintenance plan is shown to a client's approvers.").waitFor();
    expect(await requester.getByRole('table').count()).toBe(0);
    // And the API refuses the requester's session outright.
    const refused = await requester.evaluate(async (clientId) => {
      const res = await fetch(`/api/clients/${clientId}/maintenance/items`, { headers: { 'x-act-as': 'contact' } });
      return res.status;
    }, c.clientId);
    expect(refused).toBe(403);
  });
});
