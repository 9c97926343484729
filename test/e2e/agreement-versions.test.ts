import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { bodyOf, expectProblem, type TicketView, type TimelineEvent } from './support/api-fixtures';

/** Tickets, clients and timeline pages over HTTP on the local host with the virtual clock (docs/agreement-versions.md). */
type Ticket = TicketView & {
  readonly agreementVersion: number;
  readonly sla: Record<'assess' | 'resolve', { fraction?: number }>;
};

const reporter = 'jo@pin.example';
const clientBody = (calendars?: Record<string, unknown>) => {
  const base = contractClient();
  const agreement = base.agreement as Record<string, unknown>;
  return {
    ...base,
    ticketPrefix: 'PIN',
    notifications: { webhooks: [] },
    agreement: calendars ? { ...agreement, calendars } : agreement,
  };
};
/** The office open one hour on Mondays only: every cat2 due instant moves by weeks. */
const mondayMornings = { office: { weekly: { mon: ['09:00-10:00'] } }, always: { weekly: '24x7' } };

describe('agreement versions, idempotent actions and timeline pages over HTTP', () => {
  let host: RunningLocalHost;
  let clientKey: string;
  beforeAll(async () => {
    // Tuesday 24 November 2026, 10:00 in London (GMT, so also 10:00Z).
    host = await startLocalHost({ clock: 'virtual', clockStart: '2026-11-24T10:00:00Z' });
    expect((await host.api('/clients/pin', { method: 'PUT', json: clientBody() })).status).toBe(201);
    expect(
      (
        await host.api(`/clients/pin/contacts/${reporter}`, {
          method: 'PUT',
          json: { name: 'Jo', roles: ['requester', 'approver'] },
        })
      ).status,
    ).toBe(201);
    clientKey = (
      await bodyOf<{ key: string }>(
        await host.api('/clients/pin/api-keys', {
          method: 'POST',
          json: { name: 'portal', scopes: ['tickets:read', 'tickets:write'] },
        }),
      )
    ).key;
  });
  afterAll(async () => {
    await host?.stop();
  });

  const raise = async (title: string): Promise<Ticket> => {
    const res = await host.api('/tickets', {
      method: 'POST',
      json: { clientId: 'pin', title, description: 'd', severity: 'cat2', type: 'defect', reporter },
    });
    expect(res.status).toBe(201);
    return bodyOf<Ticket>(res);
  };
  const moveClockTo = async (now: string) =>
    expect((await host.api('/dev/clock', { method: 'POST', json: { now } })).status).toBe(200);
  const timeline = async (id: string, query = '', key?: string) =>
    bodyOf<{ items: TimelineEvent[]; nextCursor?: string }>(
      await host.api(`/tickets/${id}/timeline${query}`, key ? { key } : {}),
    );
  const slaSummary = async (id: string) =>
    (await timeline(id)).items
      .filter((e) => e.type.startsWith('sla.'))
      .map(
        (e) =>
          `${e.type} ${String(e.data.clock)} ${typeof e.data.fraction === 'number' ? e.data.fraction : ''} ${e.at}`,
      );

  it("replacing the calendar leaves a running ticket's due instants and fired warning alone; a new ticket follows the new agreement", async () => {
    expect((await bodyOf<{ agreementVersion: number }>(await host.api('/clients/pin'))).agreementVersion).toBe(1);
    const running = await raise('received under version 1');
    expect(running.agreementVersion).toBe(1);
    expect(running.sla.assess.dueAt).toBe('2026-11-24T14:00:00.000Z');

    // The 75 % warning of assess fires at 13:00 (3 of 4 office hours).
    await moveClockTo('2026-11-24T13:05:00Z');
    expect(await slaSummary(running.id)).toEqual(['sla.warning assess 0.75 2026-11-24T13:00:00.000Z']);

    const replaced = await host.api('/clients/pin', { method: 'PUT', json: clientBody(mondayMornings) });
    expect(replaced.status).toBe(200);
    expect((await bodyOf<{ agreementVersion: number }>(replaced)).agreementVersion).toBe(2);
    // The same agreement again is no new version.
    expect(
      (
        await bodyOf<{ agreementVersion: number }>(
          await host.api('/clients/pin', { method: 'PUT', json: clientBody(mondayMornings) }),
        )
      ).agreementVersion,
    ).toBe(2);
    expect((await bodyOf<{ agreementVersion: number }>(await host.api('/clients/pin'))).agreementVersion).toBe(2);

    const read = await bodyOf<Ticket>(await host.api(`/tickets/${running.id}`));
    expect(read.agreementVersion).toBe(1);
    expect(read.sla.assess.dueAt).toBe(running.sla.assess.dueAt);
    expect(read.sla.resolve.dueAt).toBe(running.sla.resolve.dueAt);
    expect(read.sla.assess.fraction).toBeGreaterThan(0.75);

    const later = await raise('received under version 2');
    expect(later.agreementVersion).toBe(2);
    // Four Monday hours from Tuesday 24th: 30 Nov, 7, 14 and 21 Dec.
    expect(later.sla.assess.dueAt).toBe('2026-12-21T10:00:00.000Z');

    // The running ticket breaches when version 1 says; the new one stays quiet.
    await moveClockTo('2026-11-24T14:30:00Z');
    expect(await slaSummary(running.id)).toEqual([
      'sla.warning assess 0.75 2026-11-24T13:00:00.000Z',
      'sla.breached assess  2026-11-24T14:00:00.000Z',
    ]);
    expect(await slaSummary(later.id)).toEqual([]);
    const listed = await bodyOf<{ items: Ticket[] }>(await host.api('/tickets?clientId=pin'));
    expect(listed.items.map((t) => [t.id, t.agreementVersion, t.sla.assess.dueAt])).toEqual(
      expect.arrayContaining([
        [running.id, 1, '2026-11-24T14:00:00.000Z'],
        [later.id, 2, '2026-12-21T10:00:00.000Z'],
      ]),
    );
  });

  it('an action repeated with its Idempotency-Key is applied once and answered as the first time; another body is 422', async () => {
    const ticket = await raise('idempotent action');
    const act = (text: string, key = 'retry-1') =>
      host.api(`/tickets/${ticket.id}/actions`, {
        method: 'POST',
        json: { action: 'comment', text },
        headers: { 'Idempotency-Key': key },
      });
    const first = await act('Any news?');
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBeTruthy();
    const firstBody = await first.text();
    const again = await act('Any news?');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(firstBody);
    expect((await timeline(ticket.id)).items.filter((e) => e.type === 'ticket.commented')).toHaveLength(1);
    const other = await expectProblem(await act('Something else'), 422);
    expect(other.errors?.map((e) => e.field) ?? [other.detail]).toContain('Idempotency-Key');
    expect((await timeline(ticket.id)).items.filter((e) => e.type === 'ticket.commented')).toHaveLength(1);
  });

  it('pages a timeline of 200+ comments; a client key never sees internal notes', async () => {
    const ticket = await raise('long conversation');
    // A few at a time: without If-Match, concurrent comments are all applied, in some order.
    for (let i = 1; i <= 210; i += 6) {
      const batch = Array.from({ length: 6 }, (_, j) => i + j).map((n) =>
        host.api(`/tickets/${ticket.id}/actions`, {
          method: 'POST',
          json: { action: 'comment', text: `note ${n}`, ...(n % 5 === 0 ? { internal: true } : {}) },
        }),
      );
      expect((await Promise.all(batch)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    }
    const readAll = async (limit: number, key?: string) => {
      const pages: TimelineEvent[][] = [];
      let query = `?limit=${limit}`;
      for (;;) {
        const page = await timeline(ticket.id, query, key);
        pages.push(page.items);
        if (!page.nextCursor) return pages;
        query = `?limit=${limit}&cursor=${encodeURIComponent(page.nextCursor)}`;
      }
    };
    const staff = await readAll(60);
    expect(staff.map((p) => p.length)).toEqual([60, 60, 60, 31]);
    expect(staff.flat().map((e) => e.seq)).toEqual(Array.from({ length: 211 }, (_, i) => i + 1));

    const client = await readAll(50, clientKey);
    const seen = client.flat();
    expect(seen).toHaveLength(211 - 42);
    const noteNumbers = seen
      .filter((e) => e.type === 'ticket.commented')
      .map((e) => Number(String(e.data.text).replace('note ', '')));
    expect(noteNumbers).toHaveLength(168);
    expect(noteNumbers.filter((n) => n % 5 === 0)).toEqual([]);
    expect(client.slice(0, -1).every((p) => p.length === 50)).toBe(true);

    // Without `limit`, a page of 100 and a cursor; a cursor this API did not issue is a 400 naming it.
    const first = await timeline(ticket.id);
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).toBeTruthy();
    const bad = await expectProblem(await host.api(`/tickets/${ticket.id}/timeline?cursor=nonsense`), 400);
    expect(bad.errors?.map((e) => e.field)).toEqual(['cursor']);
  });
});
