import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import type { TestMail } from '../../support/mail/mail-builder';
import { setUpClient, type ClientFixture } from '../support/api-fixtures';
import { signInByEmailLink } from './browser-sign-in';
import { accessibilityProblems, launchBrowser, type RunningBrowser } from './browser';
import { dropIntoInbox } from '../support/inbox';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 200 });

/**
 * Issue 28 in Chromium: the console's quarantine page (list as text, accept with client and reporter,
 * discard after a confirmation, the count in the navigation) and quoted mail text folded on the console
 * and portal ticket pages. By role and name, axe-clean, no CSP violation.
 */
describe('mail in the pages', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let acme: ClientFixture;
  let lead: Page;
  const leadEmail = 'lee@support.example';
  const errors: (() => string[])[] = [];
  let inbox: string;
  let n = 0;

  beforeAll(async () => {
    [host, browser] = await Promise.all([
      startLocalHost({
        clock: 'virtual',
        clockStart: '2026-12-07T09:00:00Z',
        env: { SUPPORTDESK_SUPPORT_ADDRESS: 'support@desk.example' },
      }),
      launchBrowser(),
    ]);
    acme = await setUpClient(host, 'acme', 'ACME');
    const staffPut = await host.api(`/staff/${leadEmail}`, {
      method: 'PUT',
      json: { name: 'Lee Lead', roles: ['lead'], active: true },
    });
    expect(staffPut.status, await staffPut.text()).toBe(201);
    inbox = path.join(host.dataDir, 'mail', 'inbox');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), host?.stop()]);
  });

  /** Drops a mail into the local host's inbox and waits until it was taken. */
  const drop = (mail: TestMail) => dropIntoInbox(inbox, mail, `w${++n}.eml`);

  const quarantined = async () =>
    (
      (await (await host.api('/mail/quarantine')).json()) as {
        items: { id: string; subject: string; receivedAt: string }[];
      }
    ).items;

  it('lists quarantined mail as plain text, with its count in the console navigation', async () => {
    await drop({
      from: 'Sam Stranger <sam@stranger.example>',
      subject: 'Invoices <b>fail</b> for us',
      messageId: 'sam-1@stranger.example',
      text: 'Hello,\n<img src=x onerror="document.title=\'pwned\'"> <b>not bold</b>\nThanks',
    });
    // Received an hour later by the mailbox, on the host's virtual clock.
    await host.api('/dev/clock', { method: 'POST', json: { advance: 'PT1H' } });
    await drop({
      from: 'Spam <offers@spam.example>',
      subject: 'Cheap offers',
      messageId: 'spam-1@spam.example',
      text: 'Buy now',
    });
    expect(await quarantined()).toHaveLength(2);

    lead = await signInByEmailLink(host, browser, leadEmail, '/console', { errors });
    const nav = lead.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Quarantine (2)' }).click();
    await lead.waitForURL((u) => u.pathname === '/console/quarantine');
    await lead.getByRole('heading', { level: 1, name: 'Quarantined mail' }).waitFor();
    const list = lead.getByRole('list', { name: 'Quarantined mail' });
    await poll(() => list.getByRole('listitem').count()).toBe(2);
    // Newest first.
    const headings = await list.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings).toEqual(['Cheap offers', 'Invoices <b>fail</b> for us']);

    const sam = list.getByRole('article', { name: 'Invoices <b>fail</b> for us' });
    await sam.getByText('Sam Stranger <sam@stranger.example>').waitFor();
    await sam.getByText('The sender is no contact of any client').waitFor();
    // The body is text: its markup is shown as characters and never becomes elements.
    const body = sam.getByRole('region', { name: 'Text of the mail “Invoices <b>fail</b> for us”' });
    expect(await body.textContent()).toContain('<img src=x onerror="document.title=\'pwned\'"> <b>not bold</b>');
    expect(await sam.locator('img, b').count()).toBe(0);
    expect(await lead.title()).not.toContain('pwned');
    expect(await accessibilityProblems(lead)).toEqual([]);
  });

  it('accepts a mail as a ticket of the client and contact chosen, received when the mailbox received it', async () => {
    const mail = (await quarantined()).find((m) => m.subject.startsWith('Invoices'))!;
    // Time moves on before anyone looks: the ticket must still be dated when the mail arrived.
    await host.api('/dev/clock', { method: 'POST', json: { advance: 'PT3H' } });
    const sam = lead.getByRole('article', { name: 'Invoices <b>fail</b> for us' });
    const open = sam.getByRole('button', { name: 'Accept as ticket' });
    expect(await open.getAttribute('aria-expanded')).toBe('false');
    await open.click();
    expect(await open.getAttribute('aria-expanded')).toBe('true');
    const form = sam.getByRole('form', { name: 'Accept “Invoices <b>fail</b> for us” as a ticket' });

    // A client that does not exist: said beside Client.
    const clientBox = form.getByRole('textbox', { name: 'Client' });
    await clientBox.fill('nosuch');
    await clientBox.press('Tab');
    await poll(() => clientBox.getAttribute('aria-invalid')).toBe('true');
    await poll(async () => {
      const described = ((await clientBox.getAttribute('aria-describedby')) ?? '').split(' ');
      const errorId = described.find((id) => id.endsWith('-error'));
      return errorId ? lead.locator(`#${errorId}`).textContent() : '';
    }).toMatch(/nosuch/);

    await clientBox.fill('acme');
    await clientBox.press('Tab');
    const reporter = form.getByRole('combobox', { name: 'Reporter' });
    await poll(() => reporter.isEnabled()).toBe(true);
    // Active contacts only.
    const options = await reporter.locator('option').allTextContents();
    expect(options[0]).toBe('Choose a contact');
    expect(options.slice(1).sort()).toEqual([`Adam Approver <${acme.approver}>`, `Rita Requester <${acme.requester}>`]);
    await reporter.selectOption(acme.approver);
    expect(await accessibilityProblems(lead)).toEqual([]);
    await form.getByRole('button', { name: 'Raise ticket' }).click();

    const status = lead.getByRole('status').filter({ hasText: 'was raised from' });
    await status.waitFor();
    const ticketId = /(ACME-\d+)/.exec((await status.textContent()) ?? '')?.[1] ?? '';
    expect(ticketId).toMatch(/^ACME-\d+$/);
    const ticket = (await (await host.api(`/tickets/${ticketId}`)).json()) as Record<string, unknown>;
    expect(ticket).toMatchObject({
      title: 'Invoices <b>fail</b> for us',
      reporter: acme.approver,
      channel: 'email',
      receivedAt: mail.receivedAt,
    });
    expect(mail.receivedAt).toBe('2026-12-07T09:00:00.000Z');
    // It left the quarantine: one left, and the navigation says so.
    await poll(() => lead.getByRole('list', { name: 'Quarantined mail' }).getByRole('listitem').count()).toBe(1);
    await lead.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quarantine (1)' }).waitFor();
    await status.getByRole('link', { name: `Open ${ticketId}` }).waitFor();
  });

  it('discards a mail only after it is confirmed', async () => {
    const spam = lead.getByRole('article', { name: 'Cheap offers' });
    await spam.getByRole('button', { name: 'Discard' }).click();
    const question = spam.getByRole('group', { name: /Discard “Cheap offers” from Spam <offers@spam.example>\?/ });
    await question.waitFor();
    expect(await accessibilityProblems(lead)).toEqual([]);
    // Keeping it changes nothing.
    await question.getByRole('button', { name: 'Keep it' }).click();
    expect(await quarantined()).toHaveLength(1);
    await spam.getByRole('button', { name: 'Discard' }).click();
    await question.getByRole('button', { name: 'Discard mail' }).click();
    await lead.getByRole('status').filter({ hasText: '“Cheap offers” was discarded.' }).waitFor();
    await lead.getByText('No mail is waiting.').waitFor();
    expect(await quarantined()).toEqual([]);
    await lead.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quarantine (0)' }).waitFor();
    expect(await accessibilityProblems(lead)).toEqual([]);
  });

  describe('quoted text of a mail reply is folded on the ticket pages', () => {
    let ticketId = '';
    const own = 'The export still fails after the update.';
    const quoted = '> What do you see when you export?';

    beforeAll(async () => {
      await drop({
        from: `Rita <${acme.requester}>`,
        subject: 'Export fails',
        messageId: 'export-1@acme.example',
        text: 'The export fails.',
      });
      const tickets = (await (await host.api('/tickets?clientId=acme&limit=50')).json()) as {
        items: { id: string; title: string }[];
      };
      ticketId = tickets.items.find((t) => t.title === 'Export fails')!.id;
      await drop({
        from: `Rita <${acme.requester}>`,
        subject: `Re: [${ticketId}] Export fails`,
        messageId: 'export-2@acme.example',
        inReplyTo: 'export-1@acme.example',
        text: `${own}\n\nOn Mon, 7 Dec 2026 at 10:00, Support <support@desk.example> wrote:\n${quoted}\n> Tell us.`,
      });
      const timeline = (await (await host.api(`/tickets/${ticketId}/timeline`)).json()) as {
        items: { type: string; data: { text?: string; quotedFrom?: number } }[];
      };
      const comment = timeline.items.find((e) => e.type === 'ticket.commented');
      // Stored whole, with the mark.
      expect(comment?.data.text).toContain(quoted);
      expect(comment?.data.quotedFrom).toBeGreaterThan(0);
    }, 60_000);

    async function expectFolded(page: Page): Promise<void> {
      const timeline = page.getByRole('region', { name: 'Timeline' });
      await timeline.getByText(own).waitFor();
      const toggle = timeline.getByRole('button', { name: 'Show quoted text' });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await timeline.getByText(quoted).isVisible()).toBe(false);
      expect(await accessibilityProblems(page)).toEqual([]);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await poll(() => timeline.getByText(quoted).isVisible()).toBe(true);
      // Text, never markup: the quoted `>` lines are characters.
      expect(await timeline.getByText(quoted).textContent()).toContain('> Tell us.');
      await toggle.click();
      await poll(() => timeline.getByText(quoted).isVisible()).toBe(false);
    }

    it('in the console', async () => {
      await lead.goto(`${host.baseUrl}/console/tickets/${ticketId}`);
      await expectFolded(lead);
    });

    it('in the portal', async () => {
      const contact = await signInByEmailLink(host, browser, acme.requester, '/portal', { errors });
      await contact.goto(`${host.baseUrl}/portal/tickets/${ticketId}`);
      await expectFolded(contact);
    });
  });

  it('met no Content-Security-Policy violation and no uncaught error', () => {
    expect(errors.flatMap((e) => e())).toEqual([]);
  });
});
