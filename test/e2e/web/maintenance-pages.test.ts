import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { setUpClient, type ClientFixture } from '../support/api-fixtures';
import { mailTo } from '../support/sign-in';
import { signInByEmailLink } from './browser-sign-in';
import { accessibilityProblems, launchBrowser, watchPageErrors, type RunningBrowser } from './browser';
import { standInContext, standInLead } from './stand-in-session';

/**
 * The maintenance plan's pages in Chromium, by role and name: a lead's console page per client
 * (backlog, schedules with their next occurrences), and the approver's portal page (upcoming checks,
 * backlog); a requester is not offered the plan. The host runs on the virtual clock, so the
 * occurrences are the same on every run. The console's plan appears whole (nothing to press until every
 * part has arrived), and the tests wait for the section they act on before pressing its buttons.
 */
describe('maintenance plan pages', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let c: ClientFixture;
  let lead: BrowserContext;
  let approver: Page;
  const errors: (() => string[])[] = [];

  beforeAll(async () => {
    // Monday 4 January 2027, 09:00 in London.
    [host, browser] = await Promise.all([
      startLocalHost({ clock: 'virtual', clockStart: '2027-01-04T09:00:00Z' }),
      launchBrowser(),
    ]);
    c = await setUpClient(host, 'mplan', 'MP');
    // The admin key acts as a lead; the page is shown the session a lead would have.
    lead = await standInContext(browser.browser, host.adminKey, standInLead);
  }, 180_000);
  afterAll(async () => {
    for (const e of errors) expect(e()).toEqual([]);
    await Promise.all([browser?.close(), host?.stop()]);
  });

  /**
   * A draft release of one new backlog item, made over the API (the page under test is elsewhere);
   * its path below `/api`.
   */
  async function draftRelease(title: string, item: Record<string, unknown>, start: string, end: string) {
    const created = await host.api(`/clients/${c.clientId}/maintenance/items`, { method: 'POST', json: item });
    const { id: itemId } = (await created.json()) as { id: string };
    const draft = await host.api(`/clients/${c.clientId}/maintenance/releases`, {
      method: 'POST',
      json: { title, window: { start, end }, itemIds: [itemId] },
    });
    expect(draft.status).toBe(201);
    const { id: releaseId } = (await draft.json()) as { id: string };
    return `/clients/${c.clientId}/maintenance/releases/${releaseId}`;
  }

  async function leadPage(): Promise<Page> {
    const page = await lead.newPage();
    errors.push(watchPageErrors(page));
    await page.goto(`${host.baseUrl}/console/clients/${c.clientId}`);
    await page.getByRole('link', { name: 'Maintenance plan' }).click();
    await page.getByRole('heading', { name: 'Maintenance plan: Acme Ltd', level: 1 }).waitFor();
    return page;
  }

  it('shows the plan whole: while a part of it is on its way the page says so and offers nothing to press', async () => {
    // On a slow connection the backlog can arrive after the rest of the plan. Shown as it came, it
    // pushed every button below it down: a press under way when it arrived (pointer down on the
    // button, up on what moved there) was lost, or landed on whatever moved under the pointer.
    const page = await lead.newPage();
    errors.push(watchPageErrors(page));
    let deliver!: () => void;
    const held = new Promise<void>((resolve) => (deliver = resolve));
    let asked!: () => void;
    const backlogAsked = new Promise<void>((resolve) => (asked = resolve));
    await page.route(`**/api/clients/${c.clientId}/maintenance/items`, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      asked();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    await page.goto(`${host.baseUrl}/console/clients/${c.clientId}/maintenance`);
    await page.getByRole('heading', { name: 'Maintenance plan: Acme Ltd', level: 1 }).waitFor();
    await backlogAsked;
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    expect(await page.getByRole('status').filter({ hasText: 'Loading the maintenance plan…' }).count()).toBe(1);

    deliver();
    const backlog = page.getByRole('region', { name: 'Backlog' });
    await backlog.getByText('No items in the backlog.').waitFor();
    expect(await backlog.getByRole('button', { name: 'Add item' }).count()).toBe(1);
    expect(
      await page.getByRole('region', { name: 'Releases' }).getByRole('button', { name: 'New release' }).count(),
    ).toBe(1);
    expect(
      await page.getByRole('region', { name: 'Schedules' }).getByRole('button', { name: 'New schedule' }).count(),
    ).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'Loading the maintenance plan…' }).count()).toBe(0);
    await page.close();
  });

  it('a lead adds an item and creates a schedule, and sees its next five occurrences in the client’s timezone', async () => {
    const page = await leadPage();

    // As a user does, wait for the backlog to be on the screen before pressing its button.
    const backlog = page.getByRole('region', { name: 'Backlog' });
    await backlog.getByText('No items in the backlog.').waitFor();
    await backlog.getByRole('button', { name: 'Add item' }).click();
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

  it('a lead saving a schedule another lead changed since the page showed it is told so beside the form', async () => {
    const path = `/clients/${c.clientId}/maintenance/schedules/monthly-patching`;
    const page = await leadPage();
    const schedule = page.getByRole('article', { name: 'Monthly patching' });
    await schedule.getByText(/ · raised 2 days ahead · /).waitFor();
    await schedule.getByRole('button', { name: 'Edit Monthly patching' }).click();
    const edit = page.getByRole('form', { name: 'Edit Monthly patching' });
    await edit.getByRole('spinbutton', { name: 'Lead days' }).fill('5');
    // Meanwhile another lead has it raised three days ahead.
    const current = (await (await host.api(path)).json()) as Record<string, unknown>;
    const fields = ['title', 'rrule', 'start', 'onHoliday', 'active', 'checklist'];
    const body = Object.fromEntries(fields.map((field) => [field, current[field]]));
    expect((await host.api(path, { method: 'PUT', json: { ...body, leadDays: 3 } })).status).toBe(200);

    await edit.getByRole('button', { name: 'Save schedule' }).click();
    await edit
      .getByRole('alert')
      .filter({ hasText: 'Someone changed this schedule while you were looking at it' })
      .waitFor();
    // Nothing of this save applied; the page shows the schedule as it is now, the form what was typed.
    expect(await (await host.api(path)).json()).toMatchObject({ leadDays: 3 });
    await schedule.getByText(/ · raised 3 days ahead · /).waitFor();
    expect(await edit.getByRole('spinbutton', { name: 'Lead days' }).inputValue()).toBe('5');
    expect(await accessibilityProblems(page)).toEqual([]);
    // Saved again, it applies over the version now shown.
    await edit.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.getByText(/ · raised 5 days ahead · /).waitFor();
    expect(await (await host.api(path)).json()).toMatchObject({ leadDays: 5 });
    await page.close();
  });

  it('a lead drafts a release of backlog items with a window, and proposes it to the approvers', async () => {
    const page = await leadPage();
    const releases = page.getByRole('region', { name: 'Releases' });
    await releases.getByText('No releases yet.').waitFor();
    await releases.getByRole('button', { name: 'New release' }).click();
    const form = page.getByRole('form', { name: 'New release' });
    await form.getByRole('textbox', { name: 'Title' }).fill('January release');
    await form.getByLabel('Window start').fill('2027-01-20T18:00');
    await form.getByLabel('Window end').fill('2027-01-20T17:00');
    await form
      .getByRole('group', { name: 'Items' })
      .getByRole('checkbox', { name: /Upgrade the database server/ })
      .check();
    await form.getByRole('button', { name: 'Save draft' }).click();
    // The API's refusal of the window beside the field it names.
    await expect.poll(() => form.getByLabel('Window end').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#release-new-window-end-error').textContent()).toMatch(/after/);

    await form.getByLabel('Window end').fill('2027-01-20T22:00');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Drafted “January release”.' }).waitFor();
    const release = page.getByRole('article', { name: 'January release' });
    await release.getByText('Draft · window 2027-01-20 18:00 to 22:00 (Europe/London)').waitFor();
    expect(await release.getByRole('list', { name: 'Items in January release' }).innerText()).toBe(
      'Upgrade the database server (3.5 h)',
    );
    // The item is planned now.
    await page
      .getByRole('table', { name: 'Maintenance items' })
      .getByRole('row', { name: /Upgrade the database server Planned/ })
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    await release.getByRole('button', { name: 'Propose January release' }).click();
    await release.getByText(/^Awaiting approval · window/).waitFor();
    expect(await release.getByRole('button', { name: 'Propose January release' }).count()).toBe(0);
    await page.close();
  });

  it('the approver approves the release and sees the upcoming checks and the backlog in the portal; a requester is not offered the plan', async () => {
    approver = await signInByEmailLink(host, browser, c.approver, '/portal', { errors });
    await approver.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Maintenance plan' }).waitFor();
    // The proposal's e-mail links to the release in the portal: the page opens on it.
    const proposal = () =>
      mailTo(host.dataDir, c.approver).find((m) =>
        /Maintenance release for your approval/.test(m.headers.subject ?? ''),
      );
    await expect.poll(proposal, { timeout: 30_000 }).toBeDefined();
    const link = /https?:\/\/\S+\/portal\/maintenance\/releases\/[A-Za-z0-9]+/.exec(proposal()!.text)?.[0];
    expect(link).toBeDefined();
    await approver.goto(link!);
    await approver.getByRole('heading', { name: 'Maintenance plan', level: 1 }).waitFor();
    await expect.poll(() => approver.locator(':focus').textContent()).toBe('January release');
    const waiting = approver.getByRole('region', { name: 'Releases awaiting your approval' });
    const release = waiting.getByRole('article', { name: 'January release' });
    await release.getByText('Awaiting approval · window 2027-01-20 18:00 to 22:00 (Europe/London)').waitFor();
    expect(await accessibilityProblems(approver)).toEqual([]);
    await release.getByRole('button', { name: 'Approve January release' }).click();
    await release.getByRole('textbox', { name: 'Comment (optional)' }).fill('Fine by us, after 18:00 only.');
    await release.getByRole('button', { name: 'Approve', exact: true }).click();
    await approver.getByRole('status').filter({ hasText: 'Approved “January release”.' }).waitFor();
    const upcoming = approver.getByRole('region', { name: 'Upcoming releases' }).getByRole('article', {
      name: 'January release',
    });
    await upcoming.getByText(/^Approved · window/).waitFor();
    expect(await upcoming.getByRole('list', { name: 'Answers to January release' }).innerText()).toMatch(
      /^Approved by approver@mplan\.example on .*: Fine by us, after 18:00 only\.$/,
    );
    expect(await approver.getByRole('button', { name: 'Approve January release' }).count()).toBe(0);
    const api = (await (await host.api(`/clients/${c.clientId}/maintenance/releases`)).json()) as {
      releases: { status: string; ticketId?: string }[];
    };
    expect(api.releases).toMatchObject([{ status: 'approved' }]);
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

  it('a lead marks the approved release done with its notes', async () => {
    // The desk's messages about a release link to /console/maintenance/releases/{id}, which asks for the
    // client (release ids are the client's own) and opens its plan on the release.
    const { releases } = (await (await host.api(`/clients/${c.clientId}/maintenance/releases`)).json()) as {
      releases: { id: string; title: string }[];
    };
    const january = releases.find((r) => r.title === 'January release')!;
    const page = await lead.newPage();
    errors.push(watchPageErrors(page));
    await page.goto(`${host.baseUrl}/console/maintenance/releases/${january.id}`);
    await page.getByRole('heading', { name: `Release ${january.id}`, level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Client id' }).fill(c.clientId);
    await page.getByRole('button', { name: 'Open release' }).click();
    await page.getByRole('heading', { name: 'Maintenance plan: Acme Ltd', level: 1 }).waitFor();
    await expect.poll(() => page.locator(':focus').textContent()).toBe('January release');
    const release = page.getByRole('article', { name: 'January release' });
    await release.getByText(/^Approved · window/).waitFor();
    await release.getByRole('button', { name: 'Mark January release done' }).click();
    await release.getByRole('textbox', { name: 'Release notes' }).fill('The database server runs version 16.');
    await release.getByRole('button', { name: 'Mark done' }).click();
    await release.getByText(/^Done · window/).waitFor();
    await release.getByText('The database server runs version 16.').waitFor();
    expect(await release.getByRole('button').count()).toBe(0);
    await page
      .getByRole('table', { name: 'Maintenance items' })
      .getByRole('row', { name: /Upgrade the database server Done/ })
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.close();
  });

  it('the approver queries a release with a comment; the lead sees it and proposes it again', async () => {
    const february = await draftRelease(
      'February release',
      { title: 'Rotate the TLS certificates', estimateHours: 1 },
      '2027-02-17T18:00',
      '2027-02-17T20:00',
    );
    const propose = await host.api(`${february}/actions`, { method: 'POST', json: { action: 'propose' } });
    expect(propose.status).toBe(200);

    await approver.goto(`${host.baseUrl}/portal/maintenance`);
    const release = approver
      .getByRole('region', { name: 'Releases awaiting your approval' })
      .getByRole('article', { name: 'February release' });
    await release.getByRole('button', { name: 'Query February release' }).click();
    const query = release.getByRole('form', { name: 'Query February release' });
    // A query without saying what should change is refused, beside the field.
    await query.getByRole('button', { name: 'Send query' }).click();
    await expect
      .poll(() => query.getByRole('textbox', { name: 'What should change' }).getAttribute('aria-invalid'))
      .toBe('true');
    await query.getByRole('textbox', { name: 'What should change' }).fill('Please start at 19:00, after the backups.');
    await query.getByRole('button', { name: 'Send query' }).click();
    await approver.getByRole('status').filter({ hasText: 'Sent your query about “February release”.' }).waitFor();
    await approver
      .getByRole('region', { name: 'Upcoming releases' })
      .getByRole('article', { name: 'February release' })
      .getByText(/^Queried · window/)
      .waitFor();
    expect(await accessibilityProblems(approver)).toEqual([]);

    const page = await leadPage();
    const queried = page.getByRole('article', { name: 'February release' });
    expect(await queried.getByRole('list', { name: 'Answers to February release' }).innerText()).toMatch(
      /^Queried by approver@mplan\.example on .*: Please start at 19:00, after the backups\.$/,
    );
    await queried.getByRole('button', { name: 'Edit February release' }).click();
    const edit = queried.getByRole('form', { name: 'Edit February release' });
    await edit.getByLabel('Window start').fill('2027-02-17T19:00');
    await edit.getByLabel('Window end').fill('2027-02-17T21:00');
    await edit.getByRole('button', { name: 'Save release' }).click();
    await queried.getByText('Queried · window 2027-02-17 19:00 to 21:00 (Europe/London)').waitFor();
    await queried.getByRole('button', { name: 'Propose February release' }).click();
    await queried.getByText(/^Awaiting approval · window 2027-02-17 19:00/).waitFor();
    await page.close();
  });

  it('an approver answering a release the lead changed since is told so beside the form, and approves what is shown', async () => {
    const path = await draftRelease(
      'March release',
      { title: 'Upgrade the database driver' },
      '2027-03-17T18:00',
      '2027-03-17T20:00',
    );
    expect((await host.api(`${path}/actions`, { method: 'POST', json: { action: 'propose' } })).status).toBe(200);

    await approver.goto(`${host.baseUrl}/portal/maintenance`);
    const release = approver
      .getByRole('region', { name: 'Releases awaiting your approval' })
      .getByRole('article', { name: 'March release' });
    await release.getByText('Awaiting approval · window 2027-03-17 18:00 to 20:00 (Europe/London)').waitFor();
    await release.getByRole('button', { name: 'Approve March release' }).click();
    await release.getByRole('textbox', { name: 'Comment (optional)' }).fill('Evening is fine.');
    // Meanwhile the lead moves the window: a new round, which this approver has not seen.
    const moved = await host.api(`${path}/actions`, {
      method: 'POST',
      json: { action: 'edit', window: { start: '2027-03-17T21:00', end: '2027-03-17T23:00' } },
    });
    expect(moved.status).toBe(200);

    await release.getByRole('button', { name: 'Approve', exact: true }).click();
    await release
      .getByRole('alert')
      .filter({ hasText: 'Someone changed this release while you were looking at it' })
      .waitFor();
    expect(await (await host.api(path)).json()).toMatchObject({ status: 'proposed', round: 2 });
    // The page shows the release as it is now; the comment is kept, and approving again approves that.
    await release.getByText('Awaiting approval · window 2027-03-17 21:00 to 23:00 (Europe/London)').waitFor();
    expect(await release.getByRole('textbox', { name: 'Comment (optional)' }).inputValue()).toBe('Evening is fine.');
    expect(await accessibilityProblems(approver)).toEqual([]);
    await release.getByRole('button', { name: 'Approve', exact: true }).click();
    await approver.getByRole('status').filter({ hasText: 'Approved “March release”.' }).waitFor();
    expect(await (await host.api(path)).json()).toMatchObject({ status: 'approved', round: 2 });
  });

  it('a lead records a failed check on a maintenance ticket, and the fail becomes a backlog item', async () => {
    // The daily schedule's 6 January occurrence is raised two days ahead, at 10:00 on the 4th.
    expect((await host.api('/dev/clock', { method: 'POST', json: { now: '2027-01-04T10:30:00Z' } })).status).toBe(200);
    const raised = async () => {
      const res = await host.api(`/tickets?clientId=${c.clientId}&limit=100`);
      const { items } = (await res.json()) as { items: { id: string; type: string; title: string }[] };
      return items.filter((t) => t.type === 'maintenance' && t.title.startsWith('Monthly patching'));
    };
    await expect.poll(async () => (await raised()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const [ticket] = await raised();

    const page = await lead.newPage();
    errors.push(watchPageErrors(page));
    await page.goto(`${host.baseUrl}/console/tickets/${ticket!.id}`);
    const answers = page.getByRole('table', { name: 'Checklist answers' });
    await answers.getByRole('row', { name: 'Backups verified Not yet' }).waitFor();
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const form = page.getByRole('form', { name: 'Check' });
    const backups = form.getByRole('group', { name: 'Backups verified' });
    await backups.getByRole('radio', { name: 'Fail' }).check();
    await backups.getByRole('textbox', { name: 'Note on “Backups verified”' }).fill('Last night’s backup is empty');
    await backups.getByRole('checkbox', { name: 'Add a fail to the backlog as an item' }).check();
    await form.getByRole('group', { name: 'Patches applied' }).getByRole('radio', { name: 'Pass' }).check();
    await form.getByRole('button', { name: 'Record checks' }).click();
    await answers
      .getByRole('row', { name: /^Backups verified Fail Last night’s backup is empty · in the backlog/ })
      .waitFor();
    await answers.getByRole('row', { name: /^Patches applied Pass/ }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // The fail becomes an item from the outbox: deliver what the topic holds, then it is in the backlog.
    expect((await host.api('/dev/topic/drain', { method: 'POST' })).status).toBe(200);
    await page.getByRole('link', { name: 'in the backlog' }).click();
    await page.getByRole('heading', { name: 'Maintenance plan: Acme Ltd', level: 1 }).waitFor();
    await page
      .getByRole('table', { name: 'Maintenance items' })
      .getByRole('row', { name: /Backups verified/ })
      .waitFor();
    await page.close();
  });

  it('a lead saving a release another lead changed since the page showed it is told so beside the form; nothing is overwritten', async () => {
    const path = await draftRelease(
      'June release',
      { title: 'Renew the domain names' },
      '2027-06-10T18:00',
      '2027-06-10T20:00',
    );

    const page = await leadPage();
    const release = page.getByRole('article', { name: 'June release' });
    await release.getByRole('button', { name: 'Edit June release' }).click();
    const edit = release.getByRole('form', { name: 'Edit June release' });
    await edit.getByLabel('Window start').fill('2027-06-10T19:00');
    await edit.getByLabel('Window end').fill('2027-06-10T21:00');
    // Meanwhile another lead changes the release's notes.
    const other = await host.api(`${path}/actions`, {
      method: 'POST',
      json: { action: 'edit', notes: 'Ann: renew for five years.' },
    });
    expect(other.status).toBe(200);

    await edit.getByRole('button', { name: 'Save release' }).click();
    await edit
      .getByRole('alert')
      .filter({ hasText: 'Someone changed this release while you were looking at it' })
      .waitFor();
    // Nothing of this save applied: the other lead's notes stand and the window is as it was.
    const after = (await (await host.api(path)).json()) as { notes: string; window: { start: string } };
    expect(after).toMatchObject({ notes: 'Ann: renew for five years.', window: { start: '2027-06-10T18:00' } });
    expect(await accessibilityProblems(page)).toEqual([]);

    // The page now shows the release as it is; saving again (the form kept what was typed) applies.
    await expect.poll(() => edit.getByLabel('Window start').inputValue()).toBe('2027-06-10T19:00');
    await edit.getByRole('button', { name: 'Save release' }).click();
    await release.getByText(/window 2027-06-10 19:00 to 21:00/).waitFor();
    const saved = (await (await host.api(path)).json()) as { window: { start: string } };
    expect(saved.window.start).toBe('2027-06-10T19:00');
    await page.close();
  });
});
