import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { RecordingReceiver } from '../support/recording-receiver';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { mailTo } from './support/sign-in';

interface Received {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly contentType: string;
  readonly body: string;
  readonly event: { id: string; type: string; subject: string; sequence: string; data: Record<string, unknown> };
}

/** A webhook receiver on loopback that a test can stop (connection refused) and start again on the same port. */
class Receiver extends RecordingReceiver<Received> {
  constructor() {
    super('127.0.0.1', {
      record: (r) => ({
        id: String(r.headers['webhook-id']),
        timestamp: String(r.headers['webhook-timestamp']),
        signature: String(r.headers['webhook-signature']),
        contentType: String(r.headers['content-type']),
        body: r.body,
        event: JSON.parse(r.body) as Received['event'],
      }),
    });
  }

  get url(): string {
    return this.urlFor('/hooks/support');
  }

  ids(ticketId?: string): string[] {
    return this.received.map((r) => r.id).filter((id) => ticketId === undefined || id.startsWith(`${ticketId}.`));
  }
}

/** The receiver's check, from the Standard Webhooks spec: not the app's signing code. */
function verifies(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${r.id}.${r.timestamp}.${r.body}`).digest();
  return r.signature.split(' ').some((candidate) => {
    const [version, value = ''] = candidate.split(',');
    const given = Buffer.from(value, 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const secret = 'whsec_eydjMdng0uWHgiWATv9UuLkMZZJqalQ/';

describe('notifications end to end on the local host', () => {
  let host: RunningLocalHost;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    host = await startLocalHost({
      clock: 'virtual',
      clockStart: '2026-11-24T09:00:00Z',
      env: { SUPPORTDESK_SUPPORT_LEAD_EMAIL: 'lead@desk.test', SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    await host?.stop();
    await Promise.all(receivers.map((r) => r.stop()));
  });

  async function ok(res: Response, status = 200): Promise<unknown> {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  /** Waits, without sleeping, until the local topic's queues are empty and no deliverer runs. */
  const drain = async () => ok(await host.api('/dev/topic/drain', { method: 'POST' }));
  const advance = async (duration: string) => {
    await ok(await host.api('/dev/clock', { method: 'POST', json: { advance: duration } }));
    await drain();
  };
  const setBus = async (bus: 'up' | 'down') => ok(await host.api('/dev/faults', { method: 'POST', json: { bus } }));

  /** A client of its own whose one webhook is a fresh receiver, with a requester. */
  async function client(clientId: string, prefix: string, events: string[] = ['ticket.*', 'sla.*']): Promise<Receiver> {
    const receiver = new Receiver();
    await receiver.start();
    receivers.push(receiver);
    const body = {
      ...contractClient(),
      ticketPrefix: prefix,
      notifications: { webhooks: [{ url: receiver.url, secret, events }] },
    };
    await ok(await host.api(`/clients/${clientId}`, { method: 'PUT', json: body }), 201);
    await ok(
      await host.api(`/clients/${clientId}/contacts/${encodeURIComponent(`jo@${clientId}.test`)}`, {
        method: 'PUT',
        json: { name: 'Jo', roles: ['requester'] },
      }),
      201,
    );
    return receiver;
  }

  async function ticket(clientId: string, severity: string): Promise<string> {
    const body = {
      clientId,
      title: 'Checkout is down',
      description: 'Nothing works.',
      severity,
      type: 'defect',
      reporter: `jo@${clientId}.test`,
    };
    return ((await ok(await host.api('/tickets', { method: 'POST', json: body }), 201)) as { id: string }).id;
  }

  const comment = async (ticketId: string, text: string) =>
    ok(await host.api(`/tickets/${ticketId}/actions`, { method: 'POST', json: { action: 'comment', text } }));

  it('signs and delivers ticket.created to the client’s webhook, and e-mails the reporter', async () => {
    const receiver = await client('acme', 'ACME');
    const id = await ticket('acme', 'cat1');
    await drain();
    expect(receiver.ids(id)).toEqual([`${id}.1`]);
    const [created] = receiver.received;
    expect(created!.event).toMatchObject({ id: `${id}.1`, type: 'ticket.created', subject: id });
    expect(created!.contentType).toBe('application/cloudevents+json');
    expect(verifies(secret, created!)).toBe(true);
    expect(verifies('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', created!)).toBe(false);
    expect(Math.abs(Number(created!.timestamp) - Date.now() / 1000)).toBeLessThan(300);

    const mail = readdirSync(path.join(host.dataDir, 'mail')).filter((f) => f.startsWith(`${id}.1_`));
    expect(mail).toEqual([expect.stringMatching(new RegExp(`^${id}\\.1_jo@acme\\.test-[0-9a-f]{12}\\.eml$`))]);
    const eml = readFileSync(path.join(host.dataDir, 'mail', mail[0]!), 'utf8');
    expect(eml).toMatch(
      /^From: .+\r\nTo: jo@acme\.test\r\nSubject: \[ACME-\d+\] New ticket ACME-\d+: Checkout is down\r\nDate: .+\r\nMessage-ID: <.+>\r\n/,
    );
    // The client's mail says what happened in words: severity by name, due times in the client's
    // timezone, and no internal field or JSON.
    const [received] = mailTo(host.dataDir, 'jo@acme.test').filter((m) => m.file === mail[0]);
    expect(received?.text).toMatch(/Severity: (?!cat)\S/);
    expect(received?.text).toMatch(/Assessment due: \w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(Europe\/London\)/);
    expect(received?.text).not.toMatch(/[{}]|slaNextAt|dueAt|"/);
  });

  it('delivers sla.breached, signed, once the virtual clock passes the due time', async () => {
    const receiver = await client('sla', 'SLA');
    const id = await ticket('sla', 'cat1');
    await drain();
    await advance('PT4H');
    const types = receiver.received.filter((r) => r.id.startsWith(`${id}.`)).map((r) => r.event.type);
    expect(types).toContain('sla.breached');
    const breaches = receiver.received.filter((r) => r.id.startsWith(`${id}.`) && r.event.type === 'sla.breached');
    expect(breaches.map((r) => r.event.data.clock).sort()).toEqual(['assess', 'resolve']);
    for (const r of breaches) expect(verifies(secret, r)).toBe(true);
    // The timeline's order, each event once.
    const seqs = receiver.ids(id).map((x) => Number(x.split('.')[1]));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const lead = readdirSync(path.join(host.dataDir, 'mail')).filter((f) => f.includes('_lead@desk.test-'));
    expect(lead.length).toBeGreaterThanOrEqual(2);
  });

  it('shows a receiver a ticket’s events in the order they happened', async () => {
    const receiver = await client('order', 'ORD');
    const id = await ticket('order', 'cat3');
    for (let i = 1; i <= 4; i++) await comment(id, `step ${i}`);
    // And several at once: the timeline decides their order, the receiver must see that order.
    await Promise.all([5, 6, 7, 8, 9].map((i) => comment(id, `step ${i}`)));
    await drain();
    expect(receiver.ids(id)).toEqual(Array.from({ length: 10 }, (_, i) => `${id}.${i + 1}`));
    expect(receiver.received.slice(1, 5).map((r) => r.event.data.text)).toEqual([1, 2, 3, 4].map((i) => `step ${i}`));
    const timeline = (await ok(await host.api(`/tickets/${id}/timeline`))) as {
      items: { seq: number; data: { text?: string } }[];
    };
    expect(receiver.received.map((r) => r.event.data.text ?? null)).toEqual(
      timeline.items.map((e) => e.data.text ?? null),
    );
  });

  it('accepts tickets while the bus is down and delivers every event exactly once when it is back', async () => {
    const receiver = await client('bolt', 'BOLT');
    await setBus('down');
    let ids: string[];
    try {
      ids = [await ticket('bolt', 'cat3'), await ticket('bolt', 'cat4')];
      await comment(ids[0]!, 'while the bus is down');
      await drain();
      expect(receiver.received).toEqual([]);
    } finally {
      await setBus('up');
    }
    // The outbox sweep runs every five minutes: any five minutes hold exactly one run.
    await advance('PT5M');
    expect(receiver.ids(ids[0])).toEqual([`${ids[0]}.1`, `${ids[0]}.2`]);
    expect(receiver.ids(ids[1])).toEqual([`${ids[1]}.1`]);
    await advance('PT10M');
    const counts = new Map<string, number>();
    for (const id of receiver.ids()) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(3);
  });

  it('retries a receiver that is down with backoff, dead-letters the delivery, and replays it once when it is back', async () => {
    const receiver = await client('cove', 'COVE');
    await receiver.stop();
    const id = await ticket('cove', 'cat3');
    await drain();
    // Retries are due 1, 2, 4, 8, 16, 32 and 60 minutes after each failure, and the retry timer runs every
    // five minutes: each wait is at least the backoff and at least five minutes (one timer run), so every wait
    // makes exactly one attempt. The eighth failure gives it up.
    for (const wait of ['PT5M', 'PT5M', 'PT5M', 'PT8M', 'PT16M', 'PT32M', 'PT60M']) {
      const before = (await ok(await host.api('/deliveries/failed?clientId=cove'))) as { items: unknown[] };
      expect(before.items).toEqual([]);
      await advance(wait);
    }
    const failed = (await ok(await host.api('/deliveries/failed?clientId=cove'))) as {
      items: { id: string; eventId: string; attempts: number; state: string; lastError?: string }[];
    };
    expect(failed.items).toEqual([expect.objectContaining({ eventId: `${id}.1`, state: 'dead', attempts: 8 })]);
    expect(failed.items[0]!.lastError).toMatch(/ECONNREFUSED|fetch failed/);

    const forbidden = await host.api('/deliveries/failed', { key: 'not-the-admin-key-at-all-000000' });
    expect(forbidden.status).toBe(401);

    await receiver.start();
    const replayed = (await ok(await host.api(`/deliveries/${failed.items[0]!.id}/replay`, { method: 'POST' }))) as {
      state: string;
    };
    expect(replayed.state).toBe('delivered');
    expect(receiver.ids(id)).toEqual([`${id}.1`]);
    expect(verifies(secret, receiver.received[0]!)).toBe(true);
    expect((await host.api(`/deliveries/${failed.items[0]!.id}/replay`, { method: 'POST' })).status).toBe(409);
    await advance('PT5M');
    expect(receiver.ids(id)).toEqual([`${id}.1`]);
    expect(((await ok(await host.api('/deliveries/failed?clientId=cove'))) as { items: unknown[] }).items).toEqual([]);
  });
});

describe('notifications across a restart of the local host', () => {
  it('delivers, after a restart on the same data, the events written while the bus was down', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'supportdesk-e2e-restart-'));
    const receiver = new Receiver();
    await receiver.start();
    let host = await startLocalHost({
      clock: 'virtual',
      clockStart: '2026-11-24T09:00:00Z',
      dataDir,
      env: { SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    });
    try {
      const api = async (pathAndQuery: string, init: Parameters<RunningLocalHost['api']>[1], status: number) => {
        const res = await host.api(pathAndQuery, init);
        const text = await res.text();
        expect(res.status, text).toBe(status);
        return text ? (JSON.parse(text) as unknown) : undefined;
      };
      const body = {
        ...contractClient(),
        ticketPrefix: 'RESTART',
        notifications: { webhooks: [{ url: receiver.url, secret, events: ['*'] }] },
      };
      await api('/clients/restart', { method: 'PUT', json: body }, 201);
      await api(
        '/clients/restart/contacts/jo%40restart.test',
        { method: 'PUT', json: { name: 'Jo', roles: ['requester'] } },
        201,
      );
      await api('/dev/faults', { method: 'POST', json: { bus: 'down' } }, 200);
      const ticket = {
        clientId: 'restart',
        title: 'Down',
        description: 'd',
        severity: 'cat3',
        type: 'defect',
        reporter: 'jo@restart.test',
      };
      const { id } = (await api('/tickets', { method: 'POST', json: ticket }, 201)) as { id: string };
      await api(
        `/tickets/${id}/actions`,
        { method: 'POST', json: { action: 'comment', text: 'before the restart' } },
        200,
      );
      // A clean stop: Azurite writes its data to disk on a timer, so after a SIGKILL the last
      // seconds of writes (this ticket included) would be Azurite's loss, not the outbox's.
      await host.stop();

      host = await startLocalHost({
        clock: 'virtual',
        dataDir,
        env: { SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
      });
      // One outbox sweep (every five minutes) publishes what was written while the bus was down.
      await api('/dev/clock', { method: 'POST', json: { advance: 'PT5M' } }, 200);
      await api('/dev/topic/drain', { method: 'POST' }, 200);
      expect(receiver.ids(id)).toEqual([`${id}.1`, `${id}.2`]);
      expect(receiver.received.every((r) => verifies(secret, r))).toBe(true);
    } finally {
      await host.stop();
      await receiver.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000); // two host starts and a restart: slow when the machine is shared, not a measurement
});
