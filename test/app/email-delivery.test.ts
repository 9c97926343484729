import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import { EmailDeliveryIncompleteError, EmailDeliveryService } from '../../src/app/email-delivery';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { ticketCloudEvent, type CloudEvent } from '../../src/domain/events/cloud-event';
import type { EmailMessage, EmailSender } from '../../src/ports/email-sender';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryEmailReceipts } from '../support/in-memory/in-memory-email-receipts';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { looseEvent } from '../support/loose-event';
import { InMemoryMailStore } from '../support/in-memory/in-memory-mail-store';
import { ticketNamedBy } from '../../src/domain/mail/desk-message-id';

class FakeMailbox implements EmailSender {
  readonly sent: EmailMessage[] = [];
  readonly failFor = new Set<string>();

  send(message: EmailMessage): Promise<void> {
    if (this.failFor.has(message.to)) return Promise.reject(new Error('ACS said no'));
    this.sent.push(message);
    return Promise.resolve();
  }

  to(eventId: string): string[] {
    return this.sent.filter((m) => m.idempotencyKey.startsWith(`${eventId}|`)).map((m) => m.to);
  }
}

const clock = { now: () => new Date('2026-11-24T10:00:00Z') };
let mailbox: FakeMailbox;
let service: EmailDeliveryService;
let stores: { clients: InMemoryClientStore; tickets: InMemoryTicketStore; receipts: InMemoryEmailReceipts };
let ticketId: string;

beforeAll(async () => {
  // In-memory ports; the receipt store's contract runs on both implementations in test/ports/email-receipt-store.test.ts.
  const clients = new InMemoryClientStore();
  const tickets = new InMemoryTicketStore();
  const receipts = new InMemoryEmailReceipts();
  stores = { clients, tickets, receipts };
  const clientService = inMemoryClientService(clients, clock);
  await clientService.putClient('acme', clientBodySchema.parse(contractClient()));
  await clientService.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
  await clientService.putContact('acme', 'boss@acme.test', {
    name: 'Boss',
    roles: ['approver', 'requester'],
    active: true,
  });
  await clientService.putContact('acme', 'left@acme.test', { name: 'Left', roles: ['approver'], active: false });
  const created = await inMemoryTicketService(clients, tickets, clock).create(
    { kind: 'admin' },
    { clientId: 'acme', title: 'Down', description: 'd', severity: 'cat1', type: 'defect', reporter: 'jo@acme.test' },
  );
  ticketId = created.view.id;
});
beforeEach(() => {
  mailbox = new FakeMailbox();
  service = new EmailDeliveryService(stores.clients, stores.tickets, stores.receipts, mailbox, clock, 'lead@desk.test');
});

let seq = 100;
const event = (type: string, data: Record<string, unknown> = {}): CloudEvent =>
  ticketCloudEvent(
    { clientId: 'acme', ticketId, severity: 'cat1', title: 'Down', status: 'new' },
    looseEvent({ seq: ++seq, type, at: '2026-11-24T10:00:00.000Z', actor: 'admin', data }),
  );

describe('e-mail delivery', () => {
  it('mails a ticket event to the reporter, not to every contact of the client', async () => {
    const created = event('ticket.created', { reporter: 'jo@acme.test' });
    expect(await service.deliver(created)).toEqual({ sent: ['jo@acme.test'], alreadySent: [] });
    expect(mailbox.sent.map((m) => m.subject)).toEqual([`[${ticketId}] New ticket ${ticketId}: Down`]);
  });

  it('mails a creation from the event alone: the ticket is not read (nor mailed to whoever holds it by then)', async () => {
    let reads = 0;
    const counting = Object.create(stores.tickets) as InMemoryTicketStore;
    counting.get = (...args: Parameters<InMemoryTicketStore['get']>) => {
      reads += 1;
      return stores.tickets.get(...args);
    };
    const reading = new EmailDeliveryService(
      stores.clients,
      counting,
      stores.receipts,
      mailbox,
      clock,
      'lead@desk.test',
    );
    const created = event('ticket.created', { reporter: 'jo@acme.test' });
    expect(await reading.deliver(created)).toEqual({ sent: ['jo@acme.test'], alreadySent: [] });
    expect(reads).toBe(0);
    const commented = event('ticket.commented', { text: 'hi' });
    await reading.deliver(commented);
    expect(reads).toBe(1);
  });

  it('finds the reporter on the ticket when the event does not name them', async () => {
    const commented = event('ticket.commented', { text: 'hi' });
    await service.deliver(commented);
    expect(mailbox.to(commented.id)).toEqual(['jo@acme.test']);
  });

  it('mails approvals to the active approvers as well', async () => {
    const approved = event('ticket.approved', { mode: 'quote' });
    await service.deliver(approved);
    expect(mailbox.to(approved.id).sort()).toEqual(['boss@acme.test', 'jo@acme.test']);
  });

  it('never mails an internal note to a contact, and leaves handover notes out of their e-mail', async () => {
    const note = event('ticket.commented', { text: 'SSO cert expired, need L3', internal: true });
    expect(await service.deliver(note)).toEqual({ sent: [], alreadySent: [] });
    const escalated = event('ticket.escalated', { from: 'L1', to: 'L3', handoverNote: 'SSO cert expired, need L3' });
    await service.deliver(escalated);
    const mail = mailbox.sent.filter((m) => m.idempotencyKey.startsWith(`${escalated.id}|`));
    expect(mail.map((m) => m.to)).toEqual(['jo@acme.test']);
    expect(mail[0]?.text).toContain('escalated to L3');
    expect(JSON.stringify(mailbox.sent)).not.toContain('SSO cert expired');
  });

  it('mails the support lead about SLA breaches and the approvers and lead about the hour bank', async () => {
    const breached = event('sla.breached', { clock: 'resolve' });
    const low = event('hourbank.low-balance', { balance: 4 });
    await service.deliver(breached);
    await service.deliver(low);
    await service.deliver(event('sla.met'));
    expect(mailbox.to(breached.id)).toEqual(['lead@desk.test']);
    expect(mailbox.to(low.id)).toEqual(['boss@acme.test', 'lead@desk.test']);
    expect(mailbox.sent).toHaveLength(3);
  });

  it('never mails anyone twice for one event, however often and concurrently it is delivered', async () => {
    const created = event('ticket.approved', { mode: 'quote' });
    await Promise.allSettled(Array.from({ length: 5 }, () => service.deliver(created)));
    await service.deliver(created);
    expect(mailbox.to(created.id).sort()).toEqual(['boss@acme.test', 'jo@acme.test']);
    expect(await service.deliver(created)).toEqual({ sent: [], alreadySent: ['jo@acme.test', 'boss@acme.test'] });
  });

  it('fails for the recipients it could not mail, and mails only those when the event comes again', async () => {
    const created = event('ticket.approved', { mode: 'on-account' });
    mailbox.failFor.add('boss@acme.test');
    await expect(service.deliver(created)).rejects.toThrow(EmailDeliveryIncompleteError);
    expect(mailbox.to(created.id)).toEqual(['jo@acme.test']);
    mailbox.failFor.clear();
    expect(await service.deliver(created)).toEqual({ sent: ['boss@acme.test'], alreadySent: ['jo@acme.test'] });
    expect(mailbox.to(created.id)).toEqual(['jo@acme.test', 'boss@acme.test']);
  });

  it('mails a batch reading each client once, threading a ticket’s later mail onto its first', async () => {
    const reads: string[] = [];
    const counting = Object.create(stores.clients) as InMemoryClientStore;
    counting.listContacts = (id) => (reads.push(`contacts ${id}`), stores.clients.listContacts(id));
    counting.getClient = (id) => (reads.push(`client ${id}`), stores.clients.getClient(id));
    const threads = new InMemoryMailStore();
    const threadReads: number[] = [];
    const thread = threads.thread.bind(threads);
    threads.thread = (ref) => (threadReads.push(ref.number), thread(ref));
    const batched = new EmailDeliveryService(
      counting,
      stores.tickets,
      stores.receipts,
      mailbox,
      clock,
      'lead@desk.test',
      {
        store: threads,
        supportAddress: 'support@desk.test',
      },
    );
    const created = event('ticket.created', { reporter: 'jo@acme.test' });
    const approved = event('ticket.approved', { mode: 'on-account' });
    await batched.deliverAll([created, approved]);
    expect(reads.sort()).toEqual(['client acme', 'contacts acme']);
    // The creation reads no thread (nothing was mailed about the ticket before it); the next event does.
    expect(threadReads).toEqual([Number(ticketId.split('-')[1])]);
    const first = mailbox.sent.find((m) => m.idempotencyKey === `${created.id}|jo@acme.test`);
    const later = mailbox.sent.filter((m) => m.idempotencyKey.startsWith(`${approved.id}|`));
    expect(first?.threading?.references).toEqual([]);
    expect(later.map((m) => m.threading?.references)).toEqual(later.map(() => [first?.threading?.messageId]));
    // Each Message-ID names its ticket, so a reply to it finds the ticket (the store confirms it there).
    const ref = { clientId: 'acme', number: Number(ticketId.split('-')[1]) };
    for (const mail of [first, ...later]) {
      expect(mail?.threading?.messageId).toMatch(new RegExp(`^[0-9a-f]{32}\\.acme\\.${ref.number}@desk\\.test$`));
      expect(ticketNamedBy(mail?.threading?.messageId ?? '')).toEqual(ref);
      expect(await threads.findThread([mail?.threading?.messageId ?? ''])).toEqual(ref);
    }
  });

  it('confirms ticket mail by its thread row alone, and finds it sent when the event comes back', async () => {
    let realNow = new Date('2026-11-24T10:00:00Z').getTime();
    const receipts = new InMemoryEmailReceipts({ now: () => new Date(realNow) });
    let markedSent = 0;
    const markSent = receipts.markSent.bind(receipts);
    receipts.markSent = (...args) => ((markedSent += 1), markSent(...args));
    const threads = new InMemoryMailStore();
    const threaded = new EmailDeliveryService(stores.clients, stores.tickets, receipts, mailbox, clock, undefined, {
      store: threads,
      supportAddress: 'support@desk.test',
    });
    const approved = event('ticket.approved', { mode: 'on-account' });
    expect(await threaded.deliver(approved)).toEqual({ sent: ['jo@acme.test', 'boss@acme.test'], alreadySent: [] });
    // One receipt write per recipient (the claim): the thread row written anyway confirms it.
    expect(markedSent).toBe(0);
    // The batch came back at once (a batch-mate failed): the claims are fresh, the thread says sent.
    expect(await threaded.deliver(approved)).toEqual({ sent: [], alreadySent: ['jo@acme.test', 'boss@acme.test'] });
    // Long after, the claims have expired and are taken over: still not mailed twice.
    realNow += 3 * 60_000;
    expect(await threaded.deliver(approved)).toEqual({ sent: [], alreadySent: ['jo@acme.test', 'boss@acme.test'] });
    expect(mailbox.to(approved.id)).toEqual(['jo@acme.test', 'boss@acme.test']);
  });

  it('mails ticket mail again when its thread row could not be written, as when the send failed', async () => {
    const threads = new InMemoryMailStore();
    const addToThread = threads.addToThread.bind(threads);
    let failThread = true;
    threads.addToThread = (id, ref) => (failThread ? Promise.reject(new Error('table down')) : addToThread(id, ref));
    const threaded = new EmailDeliveryService(
      stores.clients,
      stores.tickets,
      new InMemoryEmailReceipts(),
      mailbox,
      clock,
      undefined,
      { store: threads, supportAddress: 'support@desk.test' },
    );
    const commented = event('ticket.commented', { text: 'on it' });
    await expect(threaded.deliver(commented)).rejects.toThrow(EmailDeliveryIncompleteError);
    failThread = false;
    expect(await threaded.deliver(commented)).toEqual({ sent: ['jo@acme.test'], alreadySent: [] });
    // The same Message-ID both times: the receiver's mail client shows one message.
    const ids = mailbox.sent
      .filter((m) => m.idempotencyKey.startsWith(`${commented.id}|`))
      .map((m) => m.threading?.messageId);
    expect(new Set(ids).size).toBe(1);
    expect(await threaded.deliver(commented)).toEqual({ sent: [], alreadySent: ['jo@acme.test'] });
  });

  it('holds a ticket’s later mail behind one that could not be sent, and fails the batch so it comes again', async () => {
    const failing = event('ticket.approved', { mode: 'on-account' });
    const later = event('ticket.commented', { text: 'on it' });
    mailbox.failFor.add('boss@acme.test');
    await expect(service.deliverAll([failing, later])).rejects.toThrow(EmailDeliveryIncompleteError);
    expect(mailbox.to(later.id)).toEqual([]);
    mailbox.failFor.clear();
    await service.deliverAll([failing, later]);
    expect(mailbox.to(failing.id)).toEqual(['jo@acme.test', 'boss@acme.test']);
    expect(mailbox.sent.at(-1)?.idempotencyKey).toBe(`${later.id}|jo@acme.test`);
  });
});
