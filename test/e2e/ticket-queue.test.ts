import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import {
  act,
  bodyOf,
  expectProblem,
  fieldsOf,
  listAll,
  setUpClient,
  ticketBody,
  type NewTicket,
  type TicketView,
} from './support/api-fixtures';

/**
 * The queue over HTTP (docs/ticket-queue.md): order, filters, repeated statuses, the keyset cursor while
 * tickets change, closed tickets left out by default. A virtual clock, so "overdue" is exact.
 */
const start = Date.parse('2026-11-23T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(start - h * 3_600_000).toISOString();

describe('the ticket queue over HTTP', () => {
  let host: RunningLocalHost;
  beforeAll(async () => {
    host = await startLocalHost({ clock: 'virtual', clockStart: new Date(start).toISOString() });
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
  });

  /** Staff (here the admin key) raise a ticket received by phone some hours ago: its clocks start then. */
  async function raised(t: NewTicket, receivedHoursAgo: number): Promise<TicketView> {
    const res = await host.api('/tickets', {
      method: 'POST',
      json: { ...ticketBody(t), channel: 'phone', receivedAt: hoursAgo(receivedHoursAgo) },
    });
    const text = await res.text();
    expect(res.status, text).toBe(201);
    return JSON.parse(text) as TicketView;
  }

  async function page(query: string): Promise<{ items: TicketView[]; nextCursor?: string }> {
    const res = await host.api(`/tickets?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return bodyOf(res);
  }

  it('lists breached first (most overdue first), then soonest due, then no running clock oldest first, numbers in numeric order; closed left out', async () => {
    const c = await setUpClient(host, 'queue-order', 'QOR');
    const r = c.requester;
    // cat1: 24x7, assess within 1 h. cat3/cat4: no clock.
    const breachedLittle = await raised({ clientId: c.clientId, severity: 'cat1', reporter: r }, 2); // QOR-1, due 1 h ago
    const noClockNew = await raised({ clientId: c.clientId, severity: 'cat3', reporter: r }, 24); // QOR-2
    const breachedMost = await raised({ clientId: c.clientId, severity: 'cat1', reporter: r }, 6); // QOR-3, due 5 h ago
    const dueSoon = await raised({ clientId: c.clientId, severity: 'cat1', reporter: r }, 0); // QOR-4, due in 1 h
    const noClockOld = await raised({ clientId: c.clientId, severity: 'cat4', reporter: r }, 72); // QOR-5
    const closed = await raised({ clientId: c.clientId, severity: 'cat1', reporter: r }, 3); // QOR-6
    await act(host, closed.id, { action: 'close', reason: 'duplicate' });
    // Eight more, all due at the same instant as QOR-1: QOR-7 … QOR-14, in numeric (not text) order after QOR-1.
    const same: TicketView[] = [];
    for (let i = 0; i < 8; i++) same.push(await raised({ clientId: c.clientId, severity: 'cat1', reporter: r }, 2));

    const order = (await listAll(host, `clientId=${c.clientId}&limit=200`)).map((t) => t.id);
    expect(order).toEqual([
      breachedMost.id,
      breachedLittle.id,
      ...same.map((t) => t.id),
      dueSoon.id,
      noClockOld.id,
      noClockNew.id,
    ]);
    expect(order).not.toContain(closed.id);
    expect(order.indexOf('QOR-7')).toBeLessThan(order.indexOf('QOR-10'));

    expect((await listAll(host, `clientId=${c.clientId}&status=closed`)).map((t) => t.id)).toEqual([closed.id]);
    const withClosed = (await listAll(host, `clientId=${c.clientId}&status=new&status=closed&limit=200`)).map(
      (t) => t.id,
    );
    expect(withClosed).toEqual([...order, closed.id]);
  });

  it("filters by repeated status, reporter and assignee, and merges the clients' queues for staff", async () => {
    const a = await setUpClient(host, 'queue-merge-a', 'QMA');
    const b = await setUpClient(host, 'queue-merge-b', 'QMB');
    const a1 = await raised({ clientId: a.clientId, severity: 'cat1', reporter: a.requester }, 4); // due 3 h ago
    const b1 = await raised({ clientId: b.clientId, severity: 'cat1', reporter: b.approver }, 3); // due 2 h ago
    const a2 = await raised({ clientId: a.clientId, severity: 'cat1', reporter: a.approver }, 0.5); // due in 30 min
    const b2 = await raised({ clientId: b.clientId, severity: 'cat4', reporter: b.requester }, 1); // no clock
    await act(host, a2.id, { action: 'assess', tier: 'L1' }); // in-progress; resolve due in 3.5 h

    const merged = (await listAll(host, 'limit=200')).map((t) => t.id).filter((id) => /^QM[AB]-/.test(id));
    expect(merged).toEqual([a1.id, b1.id, a2.id, b2.id]);
    // Paged across clients, one at a time: the same order, each once.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await page(`limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      paged.push(...p.items.map((t) => t.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(paged.filter((id) => /^QM[AB]-/.test(id))).toEqual(merged);
    expect(new Set(paged).size).toBe(paged.length);

    expect((await listAll(host, `clientId=${a.clientId}&status=in-progress`)).map((t) => t.id)).toEqual([a2.id]);
    expect((await listAll(host, `clientId=${a.clientId}&status=new`)).map((t) => t.id)).toEqual([a1.id]);
    expect((await listAll(host, `clientId=${a.clientId}&status=new&status=in-progress`)).map((t) => t.id)).toEqual([
      a1.id,
      a2.id,
    ]);
    expect((await listAll(host, `reporter=${encodeURIComponent(b.approver)}`)).map((t) => t.id)).toEqual([b1.id]);
    // A client key sees only its own client.
    expect((await listAll(host, 'limit=200', b.key)).map((t) => t.id)).toEqual([b1.id, b2.id]);
    expect(await listAll(host, `clientId=${a.clientId}&assignee=${encodeURIComponent('nobody@desk.example')}`)).toEqual(
      [],
    );
    expect(
      fieldsOf(await expectProblem(await host.api(`/tickets?clientId=${a.clientId}&status=new&status=open`), 400)),
    ).toContain('status');
    expect(fieldsOf(await expectProblem(await host.api(`/tickets?clientId=${a.clientId}&limit=201`), 400))).toContain(
      'limit',
    );
    expect(
      fieldsOf(
        await expectProblem(
          await host.api(
            `/tickets?clientId=${a.clientId}&cursor=${Buffer.from('{"v":1,"p":"zz","c":"x"}').toString('base64url')}`,
          ),
          400,
        ),
      ),
    ).toContain('cursor');
  });

  it('keeps the cursor correct while tickets change: every unchanged ticket appears exactly once, in order', async () => {
    const c = await setUpClient(host, 'queue-cursor', 'QCU');
    const made: TicketView[] = [];
    for (let i = 0; i < 12; i++)
      made.push(
        await raised({ clientId: c.clientId, severity: i % 3 === 0 ? 'cat4' : 'cat1', reporter: c.requester }, 12 - i),
      );
    const before = (await listAll(host, `clientId=${c.clientId}&limit=200`)).map((t) => t.id);
    expect(before).toHaveLength(12);

    const first = await page(`clientId=${c.clientId}&limit=4`);
    const seen = first.items.map((t) => t.id);
    // Between pages: one already shown moves back (assessed: its resolve clock is later), one not yet shown
    // is closed, and a new, most overdue ticket arrives (before the cursor: not shown on later pages).
    await act(host, seen[0]!, { action: 'assess', tier: 'L1' });
    const closedLater = before[6]!;
    await act(host, closedLater, { action: 'close', reason: 'gone' });
    await raised({ clientId: c.clientId, severity: 'cat1', reporter: c.requester }, 40);
    let cursor = first.nextCursor;
    while (cursor) {
      const p = await page(`clientId=${c.clientId}&limit=4&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...p.items.map((t) => t.id));
      cursor = p.nextCursor;
    }
    const unchanged = before.filter((id) => id !== seen[0] && id !== closedLater);
    for (const id of unchanged)
      expect(
        seen.filter((s) => s === id),
        id,
      ).toHaveLength(1);
    expect(seen).not.toContain(closedLater);
    expect(seen.filter((id) => unchanged.includes(id))).toEqual(unchanged);
  });
});
