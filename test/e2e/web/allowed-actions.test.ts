import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { act, createTicket, setUpClient, type ClientFixture } from '../support/api-fixtures';
import { signInByEmailLink } from './browser-sign-in';
import { launchBrowser, type RunningBrowser } from './browser';

/** Monday 1 June 2026, 10:00 in London (BST). */
const monday10London = '2026-06-01T09:00:00Z';

/**
 * The action each button of a ticket page takes, written here independently of the pages: a button
 * the table does not know fails the test, so a page cannot show an action the server did not offer.
 * "Log time" books time through its own endpoint and "Attach files" uploads a file: neither is a lifecycle action.
 */
const consoleButtons: Readonly<Record<string, string>> = {
  Assess: 'assess',
  Assign: 'assign',
  'Wait on client': 'wait-client',
  'Wait on vendor': 'wait-vendor',
  Resume: 'resume',
  Escalate: 'escalate',
  Resolve: 'resolve',
  Close: 'close',
  Diagnose: 'diagnose',
  'Propose schedule': 'propose-schedule',
  'Record follow-up': 'follow-up',
  'Record approval': 'approve',
  'Record decline': 'decline',
  'Record confirmation': 'confirm',
  Reopen: 'reject',
  'Record schedule acceptance': 'accept-schedule',
  'Record schedule query': 'query-schedule',
  'Add comment': 'comment',
};
const portalButtons: Readonly<Record<string, string>> = {
  'Approve quote': 'approve',
  'Approve on account': 'approve',
  Decline: 'decline',
  'Accept schedule': 'accept-schedule',
  'Query schedule': 'query-schedule',
  'Confirm resolution': 'confirm',
  Reopen: 'reject',
  'Add comment': 'comment',
};
const notActions = new Set(['Log time', 'Attach files']);

/**
 * With real sign-in (so the API answers as each person, not as a stand-in), every ticket page shows
 * exactly the actions its `allowedActions` lists for that person: a requester, an approver and an
 * engineer (not a lead), on tickets in each state of the lifecycle.
 */
describe('ticket pages show exactly the allowedActions the API gives the caller', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let acme: ClientFixture;
  const engineer = 'ed@support.example';
  const errors: (() => string[])[] = [];
  const pages = new Map<string, Page>();
  const tickets = new Map<string, string>();

  const signIn = (email: string, expectPath: string): Promise<Page> =>
    signInByEmailLink(host, browser, email, expectPath, { errors, followHostClock: true });

  beforeAll(async () => {
    [host, browser] = await Promise.all([
      startLocalHost({ clock: 'virtual', clockStart: monday10London }),
      launchBrowser(),
    ]);
    acme = await setUpClient(host, 'allowco', 'ALW');
    for (const [email, name] of [
      [engineer, 'Ed Engineer'],
      ['olga@support.example', 'Olga Other'],
    ] as const) {
      const put = await host.api(`/staff/${email}`, {
        method: 'PUT',
        json: { name, roles: ['engineer'], active: true },
      });
      expect(put.status, await put.text()).toBe(201);
    }
    const raise = (title: string, severity = 'cat2') =>
      createTicket(host, { clientId: 'allowco', title, severity, reporter: acme.requester }, { key: acme.key });

    const fresh = await raise('Fresh');
    tickets.set('new', fresh.id);
    const quoted = await raise('Quoted', 'cat3');
    await act(host, quoted.id, { action: 'assess', tier: 'L2', quote: { hours: 4 } });
    tickets.set('awaiting-approval', quoted.id);
    const scheduled = await raise('Scheduled');
    await act(host, scheduled.id, { action: 'assess', tier: 'L1' });
    await act(host, scheduled.id, { action: 'assign', to: 'olga@support.example' });
    await act(host, scheduled.id, { action: 'propose-schedule', items: [{ what: 'Hot fix', by: '2026-06-10' }] });
    tickets.set('in-progress, assigned to another, schedule proposed', scheduled.id);
    const vendor = await raise('At the vendor');
    await act(host, vendor.id, { action: 'assess', tier: 'vendor' });
    await act(host, vendor.id, { action: 'wait-vendor', vendorReference: 'MS-1' });
    tickets.set('waiting-on-vendor at the last tier', vendor.id);
    const resolved = await raise('Resolved');
    await act(host, resolved.id, { action: 'assess', tier: 'L1' });
    await act(host, resolved.id, { action: 'resolve', cause: 'A missing index.' });
    tickets.set('resolved', resolved.id);
    const closed = await raise('Closed');
    await act(host, closed.id, { action: 'close', reason: 'Duplicate' });
    tickets.set('closed', closed.id);

    pages.set('requester', await signIn(acme.requester, '/portal'));
    pages.set('approver', await signIn(acme.approver, '/portal'));
    pages.set('engineer', await signIn(engineer, '/console'));
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), host?.stop()]);
  });

  /** The ticket as the page's own session reads it (the context's cookie), and the actions its buttons take. */
  async function shownAndAllowed(who: string, ticketId: string) {
    const page = pages.get(who)!;
    const area = who === 'engineer' ? 'console' : 'portal';
    const labels = area === 'console' ? consoleButtons : portalButtons;
    const res = await page.request.get(`${host.baseUrl}/api/tickets/${ticketId}`, {
      headers: { 'x-act-as': area === 'console' ? 'staff' : 'contact' },
    });
    expect(res.status(), await res.text()).toBe(200);
    const { allowedActions, title } = (await res.json()) as { allowedActions: string[]; title: string };
    await page.goto(`${host.baseUrl}/${area}/tickets/${ticketId}`);
    await page.getByRole('heading', { name: `${ticketId}: ${title}`, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Timeline' }).waitFor();
    // A button's name: its text, or for the file picker (an input) its label.
    const names: string[] = await page
      .getByRole('main')
      .getByRole('button')
      .evaluateAll((buttons) =>
        buttons.map((b): string => {
          const button = b as unknown as {
            textContent: string | null;
            labels?: ArrayLike<{ textContent: string | null }> | null;
          };
          const label = button.labels && button.labels.length > 0 ? button.labels[0] : undefined;
          return (label ? label.textContent : button.textContent) ?? '';
        }),
      );
    const unknown = names.filter((n) => !(n in labels) && !notActions.has(n));
    expect(unknown, `buttons that take no known action on ${area}`).toEqual([]);
    const shown = [...new Set(names.flatMap((n) => (n in labels ? [labels[n]!] : [])))].sort();
    return { shown, allowed: [...allowedActions].sort() };
  }

  for (const who of ['requester', 'approver', 'engineer']) {
    it(`${who}: every ticket page shows exactly the ticket's allowedActions`, async () => {
      for (const [state, ticketId] of tickets) {
        const { shown, allowed } = await shownAndAllowed(who, ticketId);
        expect(shown, `${who} on ${state}`).toEqual(allowed);
      }
    });
  }

  it('gives each person the actions of their role: the lists above are not all alike', async () => {
    const resolved = tickets.get('resolved')!;
    const scheduled = tickets.get('in-progress, assigned to another, schedule proposed')!;
    expect((await shownAndAllowed('requester', resolved)).allowed).toEqual(['comment', 'confirm', 'reject']);
    expect((await shownAndAllowed('requester', tickets.get('awaiting-approval')!)).allowed).toEqual(['comment']);
    expect((await shownAndAllowed('approver', tickets.get('awaiting-approval')!)).allowed).toEqual([
      'approve',
      'comment',
      'decline',
    ]);
    expect((await shownAndAllowed('approver', scheduled)).allowed).toEqual([
      'accept-schedule',
      'comment',
      'query-schedule',
    ]);
    // An engineer who is not a lead takes only unassigned tickets; nobody escalates past the last tier.
    const engineerOnScheduled = (await shownAndAllowed('engineer', scheduled)).allowed;
    expect(engineerOnScheduled).not.toContain('assign');
    expect(engineerOnScheduled).toContain('resolve');
    const engineerAtVendor = (await shownAndAllowed('engineer', tickets.get('waiting-on-vendor at the last tier')!))
      .allowed;
    expect(engineerAtVendor).toContain('resume');
    expect(engineerAtVendor).not.toContain('escalate');
    expect((await shownAndAllowed('engineer', tickets.get('closed')!)).allowed).toEqual(['comment', 'follow-up']);
  });

  it('raised no CSP violation or uncaught error', () => {
    expect(errors.flatMap((e) => e())).toEqual([]);
  });
});
