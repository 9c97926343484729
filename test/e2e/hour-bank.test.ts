import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { createKey, putContact } from './support/api-fixtures';

interface Entry {
  seq: number;
  kind: string;
  hours: number;
  at: string;
  by: string;
  balanceAfter: number;
  ticketId?: string;
  reference?: string;
  reason?: string;
  note?: string;
  workedOn?: string;
}
interface Bank {
  balanceHours: number;
  purchasedHours: number;
  calledOffHours: number;
  lowBalanceHours: number;
  overdraftHours: number;
  entries: Entry[];
}
interface HookEvent {
  id: string;
  type: string;
  source: string;
  data: { entry: number; balanceHours: number; ticketId?: string };
}

/** RFC 4180 reader, written for the test (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('the hour bank end to end on the local host', () => {
  let host: RunningLocalHost;
  let hook: Server;
  const received: HookEvent[] = [];
  let ticketId: string;

  beforeAll(async () => {
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as HookEvent);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks`;
    host = await startLocalHost({
      clock: 'virtual',
      clockStart: '2026-11-24T09:00:00Z',
      env: { SUPPORTDESK_SUPPORT_LEAD_EMAIL: 'lead@desk.test', SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    });
    const body = {
      ...contractClient(),
      ticketPrefix: 'HBK',
      notifications: { webhooks: [{ url, secret: 'whsec_eydjMdng0uWHgiWATv9UuLkMZZJqalQ/', events: ['hourbank.*'] }] },
    };
    await ok(await host.api('/clients/hbank', { method: 'PUT', json: body }), 201);
    await putContact(host, 'hbank', 'boss@hbank.test', { name: 'Boss', roles: ['approver'] }, 201);
    await putContact(host, 'hbank', 'jo@hbank.test', { name: 'Jo', roles: ['requester'] }, 201);
    const ticket = {
      clientId: 'hbank',
      title: 'Invoices fail',
      description: 'd',
      severity: 'cat2',
      type: 'defect',
      reporter: 'jo@hbank.test',
    };
    ticketId = ((await ok(await host.api('/tickets', { method: 'POST', json: ticket }), 201)) as { id: string }).id;
  });
  afterAll(async () => {
    await host?.stop();
    hook?.closeAllConnections();
    await new Promise((resolve) => hook?.close(resolve));
  });

  async function ok(res: Response, status = 200): Promise<unknown> {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : text;
  }
  const buy = async (hours: number, reference: string) =>
    ok(await host.api('/clients/hbank/hour-bank/purchases', { method: 'POST', json: { hours, reference } }), 201);
  const book = async (hours: number, note = 'work') =>
    ok(await host.api(`/tickets/${ticketId}/time-entries`, { method: 'POST', json: { hours, note } }), 201) as Promise<{
      balanceAfter: number;
    }>;
  const bank = async (query = '', key?: string) =>
    ok(await host.api(`/clients/hbank/hour-bank${query}`, key ? { key } : {})) as Promise<Bank>;
  const drain = async () => ok(await host.api('/dev/topic/drain', { method: 'POST' }));
  const types = () => received.map((e) => e.type);
  const alerts = () =>
    received
      .filter((e) => e.type === 'hourbank.low-balance' || e.type === 'hourbank.exhausted')
      .map((e) => [e.type, e.data.balanceHours]);

  it('buy 10 h, book 6 h: low-balance once, at the crossing below 5 h', async () => {
    await buy(10, 'PO-1001');
    for (let i = 0; i < 6; i++) await book(1, `step ${i + 1}`);
    await drain();
    expect(alerts()).toEqual([['hourbank.low-balance', 4]]);
    const low = received.find((e) => e.type === 'hourbank.low-balance');
    // It came with the sixth call-off, which took the balance from 5 h to 4 h (entry 1 is the purchase).
    expect(low?.data.entry).toBe(7);
    expect(low?.source).toBe('/clients/hbank/hour-bank');
    expect((await bank()).balanceHours).toBe(4);
  });

  it('book to zero: exhausted once; buy 5 h: both re-armed, so each fires again at the next crossing', async () => {
    for (let i = 0; i < 4; i++) await book(1);
    await drain();
    expect(alerts()).toEqual([
      ['hourbank.low-balance', 4],
      ['hourbank.exhausted', 0],
    ]);
    await buy(5, 'PO-1002');
    await drain();
    expect(alerts()).toHaveLength(2);
    await book(1);
    await book(4);
    await drain();
    expect(alerts()).toEqual([
      ['hourbank.low-balance', 4],
      ['hourbank.exhausted', 0],
      ['hourbank.low-balance', 4],
      ['hourbank.exhausted', 0],
    ]);
    expect(types().filter((t) => t === 'hourbank.called-off')).toHaveLength(12);
    expect(types().filter((t) => t === 'hourbank.purchased')).toHaveLength(2);
    expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
  });

  it('e-mails approvers and the support lead about purchases, low balance and exhaustion only', () => {
    const mail = readdirSync(path.join(host.dataDir, 'mail')).filter((f) => f.startsWith('hbank.hour-bank.'));
    const to = (who: string) => mail.filter((f) => f.includes(`_${who}-`)).length;
    // 2 purchases + 2 low-balance + 2 exhausted, each to both; nothing for the 12 call-offs, nothing to the requester.
    expect(to('boss@hbank.test')).toBe(6);
    expect(to('lead@desk.test')).toBe(6);
    expect(to('jo@hbank.test')).toBe(0);
    expect(mail).toHaveLength(12);
  });

  it('refuses a booking past the overdraft with 409 and writes nothing; refuses bad hours with 400 naming the field', async () => {
    const before = await bank();
    const refused = await host.api(`/tickets/${ticketId}/time-entries`, {
      method: 'POST',
      json: { hours: 0.25, note: 'one more' },
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    for (const body of [
      { hours: 0.3, note: 'x' },
      { hours: 0, note: 'x' },
      { hours: 24.25, note: 'x' },
      { hours: 1, note: 'x', workedOn: '2026-11-25' },
    ]) {
      const res = await host.api(`/tickets/${ticketId}/time-entries`, { method: 'POST', json: body });
      const problem = (await ok(res, 400)) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field)).toEqual([body.workedOn ? 'workedOn' : 'hours']);
    }
    expect(await bank()).toEqual(before);
  });

  it('replays a purchase retried with the same Idempotency-Key instead of buying twice', async () => {
    const send = () =>
      host.api('/clients/hbank/hour-bank/purchases', {
        method: 'POST',
        json: { hours: 2, reference: 'PO-1003' },
        headers: { 'idempotency-key': 'po-1003' },
      });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect((await bank()).balanceHours).toBe(2);
  });

  it('shows hours booked on the ticket and the balance on the client', async () => {
    const ticket = (await ok(await host.api(`/tickets/${ticketId}`))) as { hoursBooked: number };
    expect(ticket.hoursBooked).toBe(15);
    const entries = (await ok(await host.api(`/tickets/${ticketId}/time-entries`))) as {
      items: { hours: number; billing: string }[];
    };
    expect(entries.items).toHaveLength(12);
    expect(entries.items.every((e) => e.billing === 'hour-bank')).toBe(true);
    const client = (await ok(await host.api('/clients/hbank'))) as {
      hourBank: { balanceHours: number; purchasedHours: number };
    };
    expect(client.hourBank).toMatchObject({ balanceHours: 2, purchasedHours: 17 });
  });

  it('the statement CSV matches the JSON, row for row, with a header', async () => {
    const json = await bank();
    const res = await host.api('/clients/hbank/hour-bank/statement.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      'entry',
      'at',
      'kind',
      'hours',
      'balanceAfter',
      'ticket',
      'reference',
      'reason',
      'note',
      'workedOn',
      'by',
    ]);
    expect(rows).toEqual(
      json.entries.map((e) => [
        String(e.seq),
        e.at,
        e.kind,
        String(e.hours),
        String(e.balanceAfter),
        e.ticketId ?? '',
        e.reference ?? '',
        e.reason ?? '',
        e.note ?? '',
        e.workedOn ?? '',
        e.by,
      ]),
    );
    expect(rows.map((r) => Number(r[4]))).toEqual(json.entries.map((e) => e.balanceAfter));
  });

  it('neutralises formulas in statement text cells (CSV injection)', async () => {
    await ok(
      await host.api('/clients/hbank/hour-bank/adjustments', {
        method: 'POST',
        json: { hours: -0.5, reason: '=HYPERLINK("http://evil.example","x")' },
      }),
      201,
    );
    const text = await (await host.api('/clients/hbank/hour-bank/statement.csv')).text();
    const last = parseCsv(text).at(-1)!;
    expect(last[2]).toBe('adjustment');
    expect(last[3]).toBe('-0.5');
    expect(last[7]).toBe('\'=HYPERLINK("http://evil.example","x")');
  });

  it("filters entries by dates in the client's time zone", async () => {
    expect((await bank('?from=2026-11-25')).entries).toEqual([]);
    expect((await bank('?from=2026-11-24&to=2026-11-24')).entries.length).toBe((await bank()).entries.length);
    await ok(await host.api('/clients/hbank/hour-bank?from=2026-11-24&to=yesterday'), 400);
  });

  it('lets a client key with tickets:read read its own bank; others are refused', async () => {
    const reader = await createKey(host, 'hbank', ['tickets:read'], 'reader');
    const alertsOnly = await createKey(host, 'hbank', ['alerts:write'], 'alerts');
    expect((await bank('', reader)).balanceHours).toBe(1.5);
    expect((await host.api('/clients/hbank/hour-bank/statement.csv', { key: reader })).status).toBe(200);
    expect((await host.api('/clients/hbank/hour-bank', { key: alertsOnly })).status).toBe(403);
    expect(
      (
        await host.api('/clients/hbank/hour-bank/purchases', {
          key: reader,
          method: 'POST',
          json: { hours: 1, reference: 'x' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await host.api(`/tickets/${ticketId}/time-entries`, {
          key: reader,
          method: 'POST',
          json: { hours: 1, note: 'x' },
        })
      ).status,
    ).toBe(403);
    await ok(
      await host.api('/clients/other', { method: 'PUT', json: { ...contractClient(), ticketPrefix: 'OTH' } }),
      201,
    );
    const otherKey = await createKey(host, 'other', ['tickets:read'], 'other');
    expect((await host.api('/clients/hbank/hour-bank', { key: otherKey })).status).toBe(404);
    expect((await host.api(`/tickets/${ticketId}/time-entries`, { key: otherKey })).status).toBe(404);
  });
});
