import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, setUpClient, type ClientFixture } from './support/api-fixtures';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { rawMail, type TestMail } from '../support/mail/mail-builder';
import { until } from './support/until';
import { dropIntoInbox } from './support/inbox';

interface Ticket {
  id: string;
  title: string;
  channel: string;
  reporter: string;
  receivedAt: string;
  sla: { assess: { startedAt?: string } };
}

describe('e-mail in on the local host (inbox folder)', () => {
  let host: RunningLocalHost;
  let acme: ClientFixture;
  let inbox: string;
  let n = 0;

  beforeAll(async () => {
    host = await startLocalHost({
      clock: 'virtual',
      clockStart: '2026-12-07T09:00:00Z',
      env: { SUPPORTDESK_SUPPORT_ADDRESS: 'support@desk.example' },
    });
    acme = await setUpClient(host, 'acme', 'ACME');
    inbox = path.join(host.dataDir, 'mail', 'inbox');
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
  });

  /** Drops a mail into the inbox and waits until the host has taken it (moved it to done/). */
  const drop = (mail: TestMail | Buffer, name = `m${++n}.eml`) => dropIntoInbox(inbox, mail, name);

  async function tickets(): Promise<Ticket[]> {
    const res = await host.api('/tickets?clientId=acme&limit=200');
    expect(res.status).toBe(200);
    return (await bodyOf<{ items: Ticket[] }>(res)).items;
  }

  async function timeline(id: string) {
    const res = await host.api(`/tickets/${id}/timeline`);
    return (await bodyOf<{ items: { type: string; actor: string; data: Record<string, unknown> }[] }>(res)).items;
  }

  const sentMail = () => readdirSync(path.join(host.dataDir, 'mail')).filter((f) => f.endsWith('.eml'));

  it("a contact's mail becomes a ticket by e-mail whose clocks start at receipt; a reply to the desk's notification is a comment on it", async () => {
    await drop({
      from: `Rita <${acme.requester}>`,
      subject: 'Invoices fail',
      messageId: 'first@acme.example',
      text: '500 on save',
    });
    const [ticket] = await tickets();
    expect(ticket).toMatchObject({ id: 'ACME-1', title: 'Invoices fail', channel: 'email', reporter: acme.requester });
    expect(ticket?.receivedAt).toBe('2026-12-07T09:00:00.000Z');

    // The desk's notification of the new ticket, as the reporter's mail program receives it.
    const file = await until('the notification', () =>
      sentMail().find(
        (f) =>
          f.includes('ticket.created') || readFileSync(path.join(host.dataDir, 'mail', f), 'utf8').includes('[ACME-1]'),
      ),
    );
    const notification = readFileSync(path.join(host.dataDir, 'mail', file), 'utf8');
    const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(notification)?.[1]?.trim();
    expect(header('Subject')).toContain('[ACME-1]');
    expect(header('Reply-To')).toBe('support@desk.example');
    expect(header('Auto-Submitted')).toBe('auto-generated');
    expect(header('In-Reply-To')).toBe('<first@acme.example>');
    const messageId = header('Message-ID');
    // It names its ticket (docs/mail-in.md, "Threading"): found through the ticket's thread, no global index.
    expect(messageId).toMatch(/^<[0-9a-f]{32}\.acme\.1@desk\.example>$/);

    // The reply a mail program builds: In-Reply-To the notification; a subject without the token. Its
    // References hold only the notification, so the thread is found through the desk's id alone.
    await drop({
      from: acme.requester,
      subject: 'Re: Invoices fail',
      messageId: 'reply-1@acme.example',
      inReplyTo: messageId!.slice(1, -1),
      references: [messageId!.slice(1, -1)],
      text: 'It happens on every invoice.\n\nOn Mon, Dec 7, 2026 at 9:00 AM Support <support@desk.example> wrote:\n> Ticket created',
    });
    const events = await timeline('ACME-1');
    const comment = events.find((e) => e.type === 'ticket.commented');
    expect(comment).toMatchObject({
      actor: acme.requester,
      data: { channel: 'email', messageId: 'reply-1@acme.example' },
    });
    expect(comment?.data.text).toContain('> Ticket created');
    expect(await tickets()).toHaveLength(1);
  });

  it('a mail with only [ACME-1] in the subject threads too', async () => {
    await drop({ from: acme.approver, subject: 'About [ACME-1]', messageId: 'token@acme.example', text: 'Any news?' });
    const texts = (await timeline('ACME-1')).filter((e) => e.type === 'ticket.commented').map((e) => e.data.text);
    expect(texts).toContain('Any news?');
    expect(await tickets()).toHaveLength(1);
  });

  it('a stranger is quarantined, and staff accept it with its receipt time', async () => {
    await drop({
      from: 'someone@else.example',
      subject: 'Help please',
      messageId: 'stranger@else.example',
      text: 'Printer',
    });
    const list = await bodyOf<{ items: { id: string; reason: string; from: string; receivedAt: string }[] }>(
      await host.api('/mail/quarantine'),
    );
    const entry = list.items.find((m) => m.from === 'someone@else.example');
    expect(entry).toMatchObject({ reason: 'unknown-sender' });
    const moved = await host.api('/dev/clock', { method: 'POST', json: { advance: 'PT2H' } });
    expect(moved.status).toBe(200);
    const accepted = await host.api(`/mail/quarantine/${entry!.id}/accept`, {
      method: 'POST',
      json: { clientId: 'acme', reporter: acme.requester },
    });
    expect(accepted.status, await accepted.clone().text()).toBe(201);
    const { ticketId } = await bodyOf<{ ticketId: string }>(accepted);
    const ticket = (await tickets()).find((t) => t.id === ticketId);
    expect(ticket).toMatchObject({ title: 'Help please', channel: 'email', receivedAt: entry!.receivedAt });
    expect((await bodyOf<{ items: unknown[] }>(await host.api('/mail/quarantine'))).items).toHaveLength(0);
    // The contact chosen is told of the ticket, as of any other; the stranger is never mailed.
    await until('the accepted ticket mailed to its reporter', () =>
      sentMail().find((f) => f.startsWith(`${ticketId}.1_`)),
    );
    expect(sentMail().filter((f) => f.includes('else.example'))).toEqual([]);
    const unknown = await host.api(`/mail/quarantine/${'0'.repeat(64)}/discard`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    const bad = await host.api('/mail/quarantine/nope/accept', { method: 'POST', json: {} });
    expect(bad.status).toBe(400);
  });

  it('an out-of-office reply and a bounce create nothing and mail nobody', async () => {
    // What earlier tests caused is mailed first (moving the clock waits for the topic to settle).
    await host.api('/dev/clock', { method: 'POST', json: { advance: 'PT1M' } });
    const before = {
      tickets: (await tickets()).length,
      mail: sentMail(),
      events: (await timeline('ACME-1')).length,
    };
    await drop({
      from: acme.requester,
      subject: 'Automatic reply: [ACME-1] Invoices fail',
      messageId: 'ooo@acme.example',
      inReplyTo: 'first@acme.example',
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
      text: 'I am away.',
    });
    await drop({
      from: 'MAILER-DAEMON@mx.else.example',
      subject: 'Undelivered Mail Returned to Sender',
      messageId: 'bounce@mx.else.example',
      headers: { 'Return-Path': '<>' },
      text: 'Your message to gone@else.example could not be delivered.',
    });
    expect((await tickets()).length).toBe(before.tickets);
    expect((await timeline('ACME-1')).length).toBe(before.events);
    // Settle the topic (moving the clock waits for it), then nothing new was mailed.
    await host.api('/dev/clock', { method: 'POST', json: { advance: 'PT1M' } });
    expect(sentMail()).toEqual(before.mail);
  });

  it('20 copies of one message make one ticket; 50 mails dropped at once are all taken, none twice', async () => {
    const before = (await tickets()).length;
    const copy = rawMail({ from: acme.requester, subject: 'Copied', messageId: 'copy@acme.example' });
    for (let i = 0; i < 20; i++) writeFileSync(path.join(inbox, `copy-${i}.eml`), copy);
    for (let i = 0; i < 50; i++)
      writeFileSync(
        path.join(inbox, `bulk-${i}.eml`),
        rawMail({ from: acme.requester, subject: `Bulk ${i}`, messageId: `bulk-${i}@acme.example` }),
      );
    await until(
      'every file taken',
      () => (readdirSync(inbox).some((f) => f.endsWith('.eml')) ? undefined : true),
      120_000,
    );
    const all = await tickets();
    expect(all.filter((t) => t.title === 'Copied')).toHaveLength(1);
    const bulk = all.filter((t) => t.title.startsWith('Bulk ')).map((t) => t.title);
    expect(new Set(bulk).size).toBe(50);
    expect(bulk).toHaveLength(50);
    expect(all.length).toBe(before + 51);
  }, 180_000);
});
