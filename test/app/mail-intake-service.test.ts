import { beforeEach, describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../src/adapters/mail/postal-mime-parser';
import type { ClientService } from '../../src/app/client-service';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import { MailIntakeService, mailKeyOf } from '../../src/app/mail-intake-service';
import type { Principal } from '../../src/app/principal';
import type { TicketService } from '../../src/app/ticket-service';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import type { MailAttachmentSink } from '../../src/ports/mail-attachments';
import { transportKeepsRawMail } from '../../src/ports/raw-mail-archive';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { deskMessageId } from '../../src/domain/mail/desk-message-id';
import { InMemoryMailStore } from '../support/in-memory/in-memory-mail-store';
import { InMemoryPeopleStore } from '../support/in-memory/in-memory-people-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { rawMail } from '../support/mail/mail-builder';

let now = new Date('2026-12-07T10:00:00Z');
const clock: Clock = { now: () => now };
const admin: Principal = { kind: 'admin' };
const staff: Principal = { kind: 'staff', email: 'eve@desk.test', name: 'Eve', roles: ['engineer'] };
let tickets: TicketService;
let intake: MailIntakeService;
let store: InMemoryMailStore;
let clients: ClientService;

/** What the intake handed on as the ticket's files. */
let attached: { target: { clientId: string; number: number }; files: string[]; by: string }[];
const attachmentsTaken: MailAttachmentSink = {
  attach: (target, parts, by) => {
    attached.push({ target, files: parts.map((p) => `${p.filename}:${Buffer.from(p.content).toString()}`), by });
    return Promise.resolve();
  },
};

beforeEach(async () => {
  attached = [];
  now = new Date('2026-12-07T10:00:00Z');
  const clientStore = new InMemoryClientStore();
  const people = new InMemoryPeopleStore();
  clients = inMemoryClientService(clientStore, clock, people);
  tickets = inMemoryTicketService(clientStore, new InMemoryTicketStore(), clock, { people });
  store = new InMemoryMailStore();
  intake = new MailIntakeService(
    new PostalMimeParser(),
    store,
    transportKeepsRawMail,
    attachmentsTaken,
    clientStore,
    people,
    tickets,
    { supportAddress: 'support@desk.test' },
  );
  await clients.putClient('acme', clientBodySchema.parse(contractClient()));
  await clients.putClient('globex', clientBodySchema.parse({ ...contractClient(), ticketPrefix: 'GLOBEX' }));
  await clients.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
  await clients.putContact('acme', 'ann@acme.test', { name: 'Ann', roles: ['approver'], active: true });
  await clients.putContact('acme', 'kim@acme.test', { name: 'Kim', roles: ['requester'], active: true });
  await clients.putContact('acme', 'old@acme.test', { name: 'Old', roles: ['requester'], active: false });
  await clients.putContact('acme', 'both@acme.test', { name: 'Both', roles: ['requester'], active: true });
  await clients.putContact('globex', 'both@acme.test', { name: 'Both', roles: ['requester'], active: true });
});

const receivedAt = new Date('2026-12-07T09:30:00Z');

async function timeline(ticketId: string) {
  return (await tickets.timelinePage(admin, ticketId, { after: 0, limit: 500 })).items;
}

describe('a new mail from an active contact of one client', () => {
  it('raises a ticket by e-mail, received when the mailbox received it, at the last covered severity', async () => {
    const outcome = await intake.take(
      rawMail({
        from: 'Jo <JO@acme.test>',
        subject: 'Fwd: RE: Invoices fail',
        messageId: 'm1@acme.test',
        text: '500 on save',
      }),
      receivedAt,
    );
    expect(outcome).toEqual({ kind: 'ticket', ticketId: 'ACME-1' });
    const { view } = await tickets.get(admin, 'ACME-1');
    expect(view).toMatchObject({
      title: 'Invoices fail',
      description: '500 on save',
      reporter: 'jo@acme.test',
      channel: 'email',
      receivedAt: receivedAt.toISOString(),
      severity: 'cat2',
    });
    expect((await timeline('ACME-1'))[0]).toMatchObject({ type: 'ticket.created', actor: 'jo@acme.test' });
  });

  it("takes the agreement's intakeSeverity when it has one", async () => {
    const body = contractClient() as { agreement: Record<string, unknown> };
    await clients.putClient(
      'acme',
      clientBodySchema.parse({ ...body, agreement: { ...body.agreement, intakeSeverity: 'cat1' } }),
    );
    await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Down', messageId: 'm2@acme.test' }), receivedAt);
    expect((await tickets.get(admin, 'ACME-1')).view.severity).toBe('cat1');
  });

  it("hands the mail's attachments on as the new ticket's files, from its sender", async () => {
    const boundary = 'b1';
    const raw = Buffer.from(
      [
        'From: jo@acme.test',
        'To: support@desk.test',
        'Subject: Screenshot of the error',
        'Message-ID: <att1@acme.test>',
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary=${boundary}`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'See the log.',
        `--${boundary}`,
        'Content-Type: text/plain; name=app.log',
        'Content-Disposition: attachment; filename=app.log',
        '',
        'ERROR 500',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
    expect(await intake.take(raw, receivedAt)).toEqual({ kind: 'ticket', ticketId: 'ACME-1' });
    expect(attached).toEqual([
      { target: { clientId: 'acme', number: 1 }, files: ['app.log:ERROR 500'], by: 'jo@acme.test' },
    ]);
  });

  it('refuses an intakeSeverity that is not a covered severity of the agreement, naming the field', () => {
    const body = contractClient() as { agreement: Record<string, unknown> };
    for (const intakeSeverity of ['cat3', 'nope']) {
      const parsed = clientBodySchema.safeParse({ ...body, agreement: { ...body.agreement, intakeSeverity } });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['agreement.intakeSeverity']);
    }
  });

  it('turns an HTML-only mail into text, scripts dropped', async () => {
    await intake.take(
      rawMail({
        from: 'jo@acme.test',
        subject: 'Look',
        messageId: 'h@acme.test',
        html: '<p>It <b>fails</b></p><script>alert("x")</script><img src=x onerror=alert(1)>',
      }),
      receivedAt,
    );
    const { view } = await tickets.get(admin, 'ACME-1');
    expect(view.description).toBe('It fails');
  });

  it('20 copies of one message, taken at once, make one ticket', async () => {
    const raw = rawMail({ from: 'jo@acme.test', subject: 'Once', messageId: 'same@acme.test' });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => intake.take(raw, receivedAt)));
    expect(outcomes.filter((o) => o.kind === 'ticket')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'duplicate' || o.kind === 'ticket')).toHaveLength(20);
    const page = await tickets.list(admin, { clientId: 'acme' });
    expect(page.items.map((t) => t.id)).toEqual(['ACME-1']);
  });

  it('a take that stopped after recording its decision is finished by the next take, once', async () => {
    const raw = rawMail({ from: 'jo@acme.test', subject: 'Crash', messageId: 'crash@acme.test' });
    const key = mailKeyOf('crash@acme.test');
    await store.record({
      key,
      messageId: 'crash@acme.test',
      receivedAt: receivedAt.toISOString(),
      decision: { kind: 'ticket', clientId: 'acme', reporter: 'jo@acme.test' },
      state: 'pending',
    });
    expect(await intake.take(raw, new Date('2026-12-07T09:45:00Z'))).toEqual({ kind: 'ticket', ticketId: 'ACME-1' });
    expect((await tickets.get(admin, 'ACME-1')).view.receivedAt).toBe(receivedAt.toISOString());
    expect(await intake.take(raw, receivedAt)).toMatchObject({ kind: 'duplicate', ticketId: 'ACME-1' });
  });
});

describe('a reply', () => {
  it('threads by In-Reply-To on a Message-ID of the ticket as a comment by email, visible to the client', async () => {
    await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Broken', messageId: 'first@acme.test' }), receivedAt);
    const outcome = await intake.take(
      rawMail({
        from: 'jo@acme.test',
        subject: 'Re: Broken',
        messageId: 'second@acme.test',
        inReplyTo: 'first@acme.test',
        text: 'Still broken.\n\nOn Mon, 7 Dec 2026 at 10:00, Support <support@desk.test> wrote:\n> What do you see?\n> Tell us.',
      }),
      receivedAt,
    );
    expect(outcome).toEqual({ kind: 'comment', ticketId: 'ACME-1', muted: false });
    const comment = (await timeline('ACME-1')).find((e) => e.type === 'ticket.commented');
    expect(comment).toMatchObject({ actor: 'jo@acme.test', data: { channel: 'email', messageId: 'second@acme.test' } });
    const data = comment?.data as { text: string; quotedFrom?: number };
    // Stored whole; where the quote begins is only a mark for folding it when shown.
    expect(data.text).toContain('> What do you see?');
    expect(data.text.slice(0, data.quotedFrom)).toBe('Still broken.\n\n');
    const { items } = await tickets.timelinePage(
      { kind: 'contact', email: 'jo@acme.test', name: 'Jo', memberships: [{ clientId: 'acme', roles: ['requester'] }] },
      'ACME-1',
      { after: 0, limit: 100 },
    );
    expect(items.map((e) => e.type)).toContain('ticket.commented');
  });

  it("threads on the desk's Message-ID naming the ticket only when it is in the thread and the sender may read it", async () => {
    await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Broken', messageId: 'a@acme.test' }), receivedAt);
    const sent = deskMessageId('f'.repeat(32), { clientId: 'acme', number: 1 }, 'desk.test');
    await store.addToThread(sent, { clientId: 'acme', number: 1 });
    const reply = (from: string, messageId: string, inReplyTo: string) =>
      intake.take(rawMail({ from, subject: 'Re: Broken', messageId, inReplyTo }), receivedAt);
    expect(await reply('jo@acme.test', 'r1@acme.test', sent)).toEqual({
      kind: 'comment',
      ticketId: 'ACME-1',
      muted: false,
    });
    // An id of the same shape the desk never sent names the ticket in vain.
    const forged = deskMessageId('0'.repeat(32), { clientId: 'acme', number: 1 }, 'desk.test');
    expect(await reply('jo@acme.test', 'r2@acme.test', forged)).toEqual({ kind: 'ticket', ticketId: 'ACME-2' });
    // A real one, from a requester who may not read the ticket: their own ticket instead.
    expect(await reply('kim@acme.test', 'r3@acme.test', sent)).toEqual({ kind: 'ticket', ticketId: 'ACME-3' });
    expect((await timeline('ACME-1')).filter((e) => e.type === 'ticket.commented')).toHaveLength(1);
  });

  it('threads with only [ACME-1] in the subject when the sender may read the ticket', async () => {
    await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Broken', messageId: 'a@acme.test' }), receivedAt);
    expect(
      await intake.take(rawMail({ from: 'jo@acme.test', subject: 'more on [ACME-1]', messageId: 'b@x' }), receivedAt),
    ).toEqual({ kind: 'comment', ticketId: 'ACME-1', muted: false });
    // An approver reads every ticket of the client.
    expect(
      await intake.take(rawMail({ from: 'ann@acme.test', subject: 'Re: [ACME-1]', messageId: 'c@x' }), receivedAt),
    ).toMatchObject({ kind: 'comment', ticketId: 'ACME-1' });
  });

  it("a requester naming someone else's ticket raises their own instead (they may not read it)", async () => {
    await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Broken', messageId: 'a@acme.test' }), receivedAt);
    const outcome = await intake.take(
      rawMail({ from: 'kim@acme.test', subject: 'Re: [ACME-1] Broken', messageId: 'k@acme.test' }),
      receivedAt,
    );
    expect(outcome).toEqual({ kind: 'ticket', ticketId: 'ACME-2' });
    expect((await timeline('ACME-1')).map((e) => e.type)).toEqual(['ticket.created']);
  });

  it('past 10 mails per ticket and sender in 10 minutes, replies are recorded but muted (the loop guard)', async () => {
    await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Loop', messageId: 'l0@acme.test' }), receivedAt);
    const outcomes = [];
    for (let i = 1; i <= 12; i++) {
      now = new Date(Date.parse('2026-12-07T10:00:00Z') + i * 1000);
      outcomes.push(
        await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Re: [ACME-1]', messageId: `l${i}@x` }), now),
      );
    }
    expect(outcomes.map((o) => (o.kind === 'comment' ? o.muted : o.kind))).toEqual([
      ...Array<boolean>(10).fill(false),
      true,
      true,
    ]);
    const muted = (await timeline('ACME-1')).filter((e) => e.type === 'ticket.commented' && e.data.muted === true);
    expect(muted).toHaveLength(2);
    // Ten minutes later the window has passed.
    now = new Date('2026-12-07T10:11:00Z');
    expect(
      await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Re: [ACME-1]', messageId: 'late@x' }), now),
    ).toMatchObject({
      muted: false,
    });
  });
});

describe('quarantine', () => {
  it.each([
    ['stranger@else.test', 'unknown-sender'],
    ['old@acme.test', 'inactive-contact'],
    ['both@acme.test', 'ambiguous-client'],
  ] as const)('%s is quarantined as %s; nothing is raised', async (from, reason) => {
    const outcome = await intake.take(rawMail({ from, subject: 'Help', messageId: `${from}-q` }), receivedAt);
    expect(outcome).toMatchObject({ kind: 'quarantined', reason });
    expect((await tickets.list(admin, {})).items).toHaveLength(0);
    expect((await intake.quarantine(staff)).map((q) => q.reason)).toEqual([reason]);
  });

  it('staff accept a quarantined mail as a ticket of the client and contact they choose, with its receipt time', async () => {
    const outcome = await intake.take(
      rawMail({ from: 'New Person <new@acme.test>', subject: 'Re: Printer', messageId: 'q1@x', text: 'Jams' }),
      receivedAt,
    );
    if (outcome.kind !== 'quarantined') throw new Error(outcome.kind);
    now = new Date('2026-12-20T10:00:00Z');
    const { ticketId } = await intake.accept(staff, outcome.id, { clientId: 'acme', reporter: 'jo@acme.test' });
    expect((await tickets.get(admin, ticketId)).view).toMatchObject({
      title: 'Printer',
      description: 'Jams',
      reporter: 'jo@acme.test',
      channel: 'email',
      receivedAt: receivedAt.toISOString(),
    });
    expect((await timeline(ticketId))[0]?.actor).toBe('eve@desk.test');
    expect(await intake.quarantine(staff)).toEqual([]);
    // A reply to that mail now threads onto the accepted ticket.
    expect(
      await intake.take(
        rawMail({ from: 'jo@acme.test', subject: 'Re: Printer', messageId: 'q2@x', inReplyTo: 'q1@x' }),
        now,
      ),
    ).toMatchObject({ kind: 'comment', ticketId });
  });

  it('accepting for a reporter who is not an active contact is refused, naming the field; discard removes it', async () => {
    const outcome = await intake.take(rawMail({ from: 'x@else.test', subject: 'Hi', messageId: 'q3@x' }), receivedAt);
    if (outcome.kind !== 'quarantined') throw new Error(outcome.kind);
    await expect(intake.accept(staff, outcome.id, { clientId: 'acme', reporter: 'x@else.test' })).rejects.toMatchObject(
      {
        kind: 'unprocessable',
        field: 'reporter',
      },
    );
    const contact: Principal = { kind: 'contact', email: 'jo@acme.test', name: 'Jo', memberships: [] };
    await expect(intake.quarantine(contact)).rejects.toMatchObject({ kind: 'forbidden' });
    await intake.discard(staff, outcome.id);
    expect(await intake.quarantine(staff)).toEqual([]);
    await expect(intake.discard(staff, outcome.id)).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('automatic mail', () => {
  it.each<Record<string, string>>([
    { 'Auto-Submitted': 'auto-replied' },
    { 'X-Autoreply': 'yes' },
    { Precedence: 'bulk' },
    { 'List-Id': '<news.acme.test>' },
    { 'Return-Path': '<>' },
  ])('%o from a contact raises nothing and comments nothing', async (headers) => {
    await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Broken', messageId: 'orig@acme.test' }), receivedAt);
    const outcome = await intake.take(
      rawMail({
        from: 'jo@acme.test',
        subject: 'Out of office: [ACME-1]',
        messageId: 'ooo@acme.test',
        inReplyTo: 'orig@acme.test',
        headers,
      }),
      receivedAt,
    );
    expect(outcome.kind).toBe('ignored');
    expect((await timeline('ACME-1')).map((e) => e.type)).toEqual(['ticket.created']);
    expect((await tickets.list(admin, {})).items).toHaveLength(1);
  });

  it("a bounce of the desk's own mail is a staff-only mail.bounced on its ticket", async () => {
    await intake.take(rawMail({ from: 'jo@acme.test', subject: 'Broken', messageId: 'orig@acme.test' }), receivedAt);
    await store.addToThread('sent-1@desk.test', { clientId: 'acme', number: 1 });
    const bounce = rawMail({
      from: 'MAILER-DAEMON@mx.acme.test',
      subject: 'Undelivered Mail Returned to Sender',
      messageId: 'bounce@mx',
      text: 'This is the mail system.\n\n--- original headers ---\nMessage-ID: <sent-1@desk.test>\nSubject: [ACME-1] Ticket commented\n',
    });
    expect(await intake.take(bounce, receivedAt)).toEqual({ kind: 'bounce', ticketId: 'ACME-1' });
    expect(await intake.take(bounce, receivedAt)).toMatchObject({ kind: 'duplicate' });
    const events = await timeline('ACME-1');
    expect(events.filter((e) => e.type === 'mail.bounced')).toHaveLength(1);
    const contact: Principal = {
      kind: 'contact',
      email: 'jo@acme.test',
      name: 'Jo',
      memberships: [{ clientId: 'acme', roles: ['requester'] }],
    };
    const seen = (await tickets.timelinePage(contact, 'ACME-1', { after: 0, limit: 100 })).items;
    expect(seen.map((e) => e.type)).toEqual(['ticket.created']);
  });

  it("mail from the desk's own address is never taken", async () => {
    expect(
      await intake.take(rawMail({ from: 'support@desk.test', subject: 'x', messageId: 'own@desk' }), receivedAt),
    ).toMatchObject({
      kind: 'ignored',
    });
  });
});

describe('hostile mail', () => {
  it('10,001 MIME parts: quarantined as unreadable, with its sender and subject', async () => {
    const parts = Array.from({ length: 10_001 }, () => '--b\r\n\r\nx').join('\r\n');
    const raw = Buffer.from(
      `From: jo@acme.test\r\nSubject: parts\r\nMessage-ID: <parts@x>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${parts}\r\n--b--\r\n`,
    );
    expect(await intake.take(raw, receivedAt)).toMatchObject({ kind: 'quarantined', reason: 'unreadable' });
    expect((await intake.quarantine(staff))[0]).toMatchObject({
      from: 'jo@acme.test',
      subject: 'parts',
      messageId: 'parts@x',
    });
  });

  it('a 30 MB mail: quarantined as too-large without being parsed', async () => {
    const head = 'From: jo@acme.test\r\nSubject: big\r\nMessage-ID: <big@x>\r\nContent-Type: text/plain\r\n\r\n';
    const raw = Buffer.concat([Buffer.from(head), Buffer.alloc(30 * 1024 * 1024, 0x61)]);
    expect(await intake.take(raw, receivedAt)).toMatchObject({ kind: 'quarantined', reason: 'too-large' });
    expect((await intake.quarantine(staff))[0]).toMatchObject({ subject: 'big', sizeBytes: raw.byteLength, text: '' });
  });

  it('an encoded subject hiding a line break and a header makes a one-line title', async () => {
    const encoded = `=?UTF-8?B?${Buffer.from('Hi\r\nBcc: victim@else.test').toString('base64')}?=`;
    await intake.take(rawMail({ from: 'jo@acme.test', subject: encoded, messageId: 'inj@x' }), receivedAt);
    expect((await tickets.get(admin, 'ACME-1')).view.title).toBe('Hi Bcc: victim@else.test');
  });

  it('broken encodings and garbage bytes are a clear outcome, never a throw', async () => {
    const raw = Buffer.from(
      'From: jo@acme.test\r\nSubject: =?x-unknown?Q?=ZZ?=\r\nMessage-ID: <enc@x>\r\nContent-Type: text/plain; charset=nonsense\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64\xff\xfe',
      'latin1',
    );
    expect(['ticket', 'quarantined']).toContain((await intake.take(raw, receivedAt)).kind);
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(['quarantined', 'ignored']).toContain((await intake.take(garbage, receivedAt)).kind);
  });
});
