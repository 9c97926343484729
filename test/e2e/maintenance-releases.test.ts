import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { asSession, mailTo, signIn, type BrowserSession } from './support/sign-in';

interface ReleaseBody {
  id: string;
  status: string;
  round: number;
  ticketId?: string;
  items: { id: string; status: string }[];
}

async function ok<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** Publishes what the relay left and lets every subscription's deliverer run (mails written as .eml). */
async function drain(host: RunningLocalHost): Promise<void> {
  expect((await host.api('/dev/topic/drain', { method: 'POST' })).status).toBe(200);
}

const subjects = (host: RunningLocalHost, to: string, about: RegExp): string[] =>
  mailTo(host.dataDir, to)
    .map((m) => m.headers.subject ?? '')
    .filter((s) => about.test(s));

/**
 * The journey over HTTP on the local host (virtual clock): a follow-up becomes an item, goes into
 * a release, is proposed (the approver is e-mailed a link), approved by the approver with their own
 * session, worked with 2 h logged on the release's ticket (the bank drops by 2 h), completed, and the
 * release notes arrive by e-mail once.
 */
describe('maintenance releases end to end', () => {
  let host: RunningLocalHost;
  let boss: BrowserSession;
  let jo: BrowserSession;
  const lead = 'lead@desk.test';

  beforeAll(async () => {
    host = await startLocalHost({
      clock: 'virtual',
      clockStart: '2027-03-01T09:00:00Z',
      env: { SUPPORTDESK_SUPPORT_LEAD_EMAIL: lead },
    });
    await ok(
      await host.api('/clients/rel', {
        method: 'PUT',
        json: { ...contractClient(), ticketPrefix: 'REL', notifications: { webhooks: [] } },
      }),
      201,
    );
    for (const [email, roles] of [
      ['boss@rel.example', ['approver']],
      ['jo@rel.example', ['requester']],
    ] as const) {
      await ok(await host.api(`/clients/rel/contacts/${email}`, { method: 'PUT', json: { name: email, roles } }), 201);
    }
    await ok(
      await host.api('/clients/rel/hour-bank/purchases', { method: 'POST', json: { hours: 10, reference: 'PO-7' } }),
      201,
    );
    boss = await signIn(host, 'boss@rel.example');
    jo = await signIn(host, 'jo@rel.example');
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('follow-up → item → release → proposed → approved by the approver → 2 h logged → done, notes mailed once', async () => {
    // Jo's ticket is closed with a follow-up; the topic turns it into an item.
    const ticket = await ok<{ id: string }>(
      await host.api('/tickets', {
        method: 'POST',
        json: {
          clientId: 'rel',
          title: 'Invoices fail',
          description: '500 on save',
          severity: 'cat2',
          type: 'defect',
          reporter: 'jo@rel.example',
        },
      }),
      201,
    );
    const act = (json: Record<string, unknown>) => host.api(`/tickets/${ticket.id}/actions`, { method: 'POST', json });
    await ok(await act({ action: 'close', reason: 'Fixed by the hot fix' }));
    await ok(await act({ action: 'follow-up', task: 'Upgrade the PDF library' }));
    await drain(host);
    const { items } = await ok<{ items: { id: string; status: string }[] }>(
      await host.api('/clients/rel/maintenance/items'),
    );
    const itemId = `fu-${ticket.id.toLowerCase()}-1`;
    expect(items.map((i) => [i.id, i.status])).toEqual([[itemId, 'proposed']]);

    // A window that ends before it starts is refused, naming the field.
    const bad = await host.api('/clients/rel/maintenance/releases', {
      method: 'POST',
      json: { title: 'March', window: { start: '2027-03-20T18:00', end: '2027-03-20T17:00' }, itemIds: [itemId] },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await bad.json())).toContain('"field":"window.end"');

    const draft = await ok<ReleaseBody>(
      await host.api('/clients/rel/maintenance/releases', {
        method: 'POST',
        json: { title: 'March', window: { start: '2027-03-20T18:00', end: '2027-03-20T22:00' }, itemIds: [itemId] },
      }),
      201,
    );
    expect(draft).toMatchObject({ id: 'r1', status: 'draft', items: [{ id: itemId, status: 'planned' }] });
    const release = (action: string, json: Record<string, unknown> = {}) =>
      host.api('/clients/rel/maintenance/releases/r1/actions', { method: 'POST', json: { action, ...json } });

    // Drafts are the desk's: the approver does not see one yet.
    expect((await asSession(host, boss, '/clients/rel/maintenance/releases/r1')).status).toBe(404);
    await ok(await release('propose'));
    await drain(host);
    const proposal = mailTo(host.dataDir, 'boss@rel.example').filter((m) =>
      /Maintenance release for your approval/.test(m.headers.subject ?? ''),
    );
    expect(proposal).toHaveLength(1);
    expect(proposal[0]!.text).toContain(`${host.baseUrl}/portal/maintenance/releases/r1`);

    // Requesters may neither read the plan nor answer; the approver reads it and approves with their session.
    expect((await asSession(host, jo, '/clients/rel/maintenance/releases')).status).toBe(403);
    expect(
      (
        await asSession(host, jo, '/clients/rel/maintenance/releases/r1/actions', {
          method: 'POST',
          json: { action: 'approve' },
        })
      ).status,
    ).toBe(403);
    const listed = await ok<{ releases: ReleaseBody[] }>(
      await asSession(host, boss, '/clients/rel/maintenance/releases'),
    );
    expect(listed.releases.map((r) => [r.id, r.status])).toEqual([['r1', 'proposed']]);
    const approved = await ok<ReleaseBody>(
      await asSession(host, boss, '/clients/rel/maintenance/releases/r1/actions', {
        method: 'POST',
        json: { action: 'approve', comment: 'Go ahead' },
      }),
    );
    expect(approved.status).toBe('approved');
    expect(approved.ticketId).toMatch(/^REL-\d+$/);
    const work = await ok<{ type: string; channel: string }>(await host.api(`/tickets/${approved.ticketId}`));
    expect(work).toMatchObject({ type: 'maintenance', channel: 'release' });

    // 2 h logged on the release's ticket come off the hour bank.
    const balance = async () =>
      (await ok<{ balanceHours: number }>(await host.api('/clients/rel/hour-bank'))).balanceHours;
    const before = await balance();
    await ok(
      await host.api(`/tickets/${approved.ticketId}/time-entries`, {
        method: 'POST',
        json: { hours: 2, note: 'Upgraded the PDF library' },
      }),
      201,
    );
    expect(await balance()).toBe(before - 2);

    const done = await ok<ReleaseBody>(await release('complete', { notes: 'The PDF library is now 5.1.' }));
    expect(done).toMatchObject({ status: 'done', items: [{ id: itemId, status: 'done' }] });
    // Delivered, then delivered again (a redelivery, the sweep): each person still has one mail.
    await drain(host);
    await drain(host);
    for (const to of ['boss@rel.example', 'jo@rel.example']) {
      const notes = mailTo(host.dataDir, to).filter((m) => /Maintenance release done/.test(m.headers.subject ?? ''));
      expect(notes, to).toHaveLength(1);
      expect(notes[0]!.text).toContain('The PDF library is now 5.1.');
    }
    expect(subjects(host, lead, /Maintenance release approved/)).toHaveLength(1);
    expect(subjects(host, 'boss@rel.example', /Maintenance release for your approval/)).toHaveLength(1);
    const backlog = await ok<{ items: { id: string; status: string }[] }>(
      await host.api('/clients/rel/maintenance/items'),
    );
    expect(backlog.items.map((i) => [i.id, i.status])).toEqual([[itemId, 'done']]);
  });

  it('answers a release with its ETag; an edit with a stale If-Match is 412 naming If-Match, nothing applied', async () => {
    const item = await ok<{ id: string }>(
      await host.api('/clients/rel/maintenance/items', { method: 'POST', json: { title: 'Rotate the keys' } }),
      201,
    );
    const created = await host.api('/clients/rel/maintenance/releases', {
      method: 'POST',
      json: { title: 'April', window: { start: '2027-04-10T18:00', end: '2027-04-10T22:00' }, itemIds: [item.id] },
    });
    const { id } = await ok<ReleaseBody>(created, 201);
    const path = `/clients/rel/maintenance/releases/${id}`;
    const read = await host.api(path);
    await ok(read);
    const etag = read.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(created.headers.get('etag')).toBe(etag);

    // Two leads edit from the same read: the first applies and answers a new ETag; the second is refused.
    const edit = (title: string, ifMatch: string) =>
      host.api(`${path}/actions`, {
        method: 'POST',
        json: { action: 'edit', title },
        headers: { 'if-match': ifMatch },
      });
    const first = await edit('April (Ann)', etag!);
    expect(await ok<{ title: string }>(first)).toMatchObject({ title: 'April (Ann)' });
    const newer = first.headers.get('etag');
    expect(newer).toMatch(/^"[^"]+"$/);
    expect(newer).not.toBe(etag);

    const stale = await edit('April (Bo)', etag!);
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await stale.json())).toContain('"field":"If-Match"');
    const after = await host.api(path);
    expect(await ok<{ title: string }>(after)).toMatchObject({ title: 'April (Ann)' });
    expect(after.headers.get('etag')).toBe(newer);
    // A list carries each release's ETag in its body, so a page showing it can send If-Match.
    const { releases } = await ok<{ releases: { id: string; etag: string }[] }>(
      await host.api('/clients/rel/maintenance/releases'),
    );
    expect(releases.find((r) => r.id === id)?.etag).toBe(newer);

    // The ETag the first edit answered is current; without If-Match an edit applies as before.
    expect((await edit('April (Bo, again)', newer!)).status).toBe(200);
    const unconditional = await host.api(`${path}/actions`, {
      method: 'POST',
      json: { action: 'edit', title: 'April' },
    });
    expect(await ok<{ title: string }>(unconditional)).toMatchObject({ title: 'April' });

    // The OpenAPI document (and so the web's generated types) describes the header and the 412.
    const doc = await ok<{
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: object }>>;
    }>(await host.api('/openapi.json', { key: null }));
    const actions = doc.paths['/api/clients/{clientId}/maintenance/releases/{releaseId}/actions']?.post;
    expect(actions?.parameters).toContainEqual(expect.objectContaining({ name: 'If-Match', in: 'header' }));
    expect(Object.keys(actions?.responses ?? {})).toContain('412');
  });
});
