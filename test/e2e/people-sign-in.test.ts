import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import {
  bodyOf,
  createTicket,
  expectProblem,
  putContact,
  setUpClient,
  type ClientFixture,
  type Problem,
  type TicketView,
  type TimelineEvent,
} from './support/api-fixtures';
import {
  asSession,
  createSession,
  linkIn,
  requestLink,
  signIn,
  signInMails,
  tokenFor,
  type BrowserSession,
  type SessionBody,
} from './support/sign-in';

/**
 * docs/product-spec.md §4 end to end on the local host: e-mail link sign-in read from the `.eml` the host wrote,
 * cookie sessions, CSRF and Origin checks, role visibility, expiry on the virtual clock, deactivation.
 */
let host: RunningLocalHost;
let acme: ClientFixture;
let beta: ClientFixture;
const multi = 'pat@several.example';

beforeAll(async () => {
  host = await startLocalHost({ clock: 'virtual', clockStart: '2026-11-23T09:00:00Z' });
  acme = await setUpClient(host, 'acme-si', 'ASI');
  beta = await setUpClient(host, 'beta-si', 'BSI');
  await putContact(host, acme.clientId, multi, { name: 'Pat Several', roles: ['requester'] }, 201);
  await putContact(host, beta.clientId, multi, { name: 'Pat Several', roles: ['approver'] }, 201);
}, 120_000);

afterAll(async () => {
  await host?.stop();
});

async function advance(duration: string): Promise<void> {
  const res = await host.api('/dev/clock', { method: 'POST', json: { advance: duration } });
  expect(res.status, await res.text()).toBe(200);
}

describe('sign-in links', () => {
  it('offers the e-mail link only, with no OIDC issuer configured', async () => {
    const options = await fetch(`${host.baseUrl}/api/sign-in/options`);
    expect(options.status).toBe(200);
    expect(await options.json()).toEqual({ emailLink: true, microsoft: false });
  });

  it('answers 202 with the same body for a known and an unknown address, and mails only the known one', async () => {
    const unknown = await requestLink(host, 'nobody@nowhere.example');
    const known = await requestLink(host, acme.requester);
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(await unknown.text()).toBe(await known.text());
    // The mail goes out just after the answer; whether there is one was decided before answering.
    const mails = await vi.waitFor(
      () => {
        const found = signInMails(host.dataDir, acme.requester);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(signInMails(host.dataDir, 'nobody@nowhere.example')).toHaveLength(0);
    const { url, token } = linkIn(mails[0]!);
    // The token rides in the fragment of a link to the app's own sign-in page.
    expect(`${url.origin}${url.pathname}`).toBe(`${host.baseUrl}/sign-in/link`);
    expect(url.search).toBe('');
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('does not mail an inactive contact', async () => {
    expect((await requestLink(host, acme.inactive)).status).toBe(202);
    expect(signInMails(host.dataDir, acme.inactive)).toHaveLength(0);
  });

  it('signs in once per link: a used, an expired and an unknown token get the same 400', async () => {
    const token = await tokenFor(host, acme.approver);
    const first = await createSession(host, token);
    expect(first.status, await first.clone().text()).toBe(201);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-sd=[^;]+; Path=\/; Secure; HttpOnly; SameSite=Lax/);

    const again = await expectProblem(await createSession(host, token), 400);
    const unknown = await expectProblem(await createSession(host, 'A'.repeat(43)), 400);
    expect(unknown).toEqual(again);

    const late = await tokenFor(host, acme.approver);
    await advance('PT15M1S');
    const expired = await expectProblem(await createSession(host, late), 400);
    expect(expired).toEqual(again);
  });

  it('keeps a token that is not used up by opening the link (only POST /api/sessions uses it)', async () => {
    const token = await tokenFor(host, acme.requester);
    const page = await fetch(`${host.baseUrl}/sign-in/link#token=${token}`);
    await page.arrayBuffer();
    expect((await createSession(host, token)).status).toBe(201);
  });
});

describe('a signed-in contact', () => {
  let rita: BrowserSession;

  beforeAll(async () => {
    rita = await signIn(host, acme.requester);
  });

  it('is told who they are, in POST /api/sessions and GET /api/sessions/current', async () => {
    expect(rita.body).toMatchObject({
      email: acme.requester,
      name: 'Rita Requester',
      staffRoles: [],
      contacts: [{ clientId: acme.clientId, roles: ['requester'] }],
    });
    const current = await asSession(host, rita, '/sessions/current');
    expect(current.status).toBe(200);
    expect(await bodyOf<SessionBody>(current)).toEqual(rita.body);
  });

  it('raises a ticket as themself through the portal, named on its timeline', async () => {
    const res = await asSession(host, rita, '/tickets', {
      method: 'POST',
      json: { clientId: acme.clientId, title: 'Portal ticket', description: 'Raised in the portal', severity: 'cat2' },
    });
    const ticket = await bodyOf<TicketView & { channel: string }>(res);
    expect(res.status).toBe(201);
    expect(ticket).toMatchObject({ reporter: acme.requester, channel: 'portal' });
    const events = await bodyOf<{ items: TimelineEvent[] }>(
      await asSession(host, rita, `/tickets/${ticket.id}/timeline`),
    );
    expect(events.items[0]).toMatchObject({ type: 'ticket.created', actor: acme.requester });
  });

  it('cannot raise a ticket as someone else, nor choose the channel', async () => {
    const asOther = await asSession(host, rita, '/tickets', {
      method: 'POST',
      json: { clientId: acme.clientId, title: 't', description: 'd', severity: 'cat2', reporter: acme.approver },
    });
    expect((await expectProblem(asOther, 403)).errors?.[0]?.field).toBe('reporter');
    const channel = await asSession(host, rita, '/tickets', {
      method: 'POST',
      json: { clientId: acme.clientId, title: 't', description: 'd', severity: 'cat2', channel: 'phone' },
    });
    expect((await expectProblem(channel, 403)).errors?.[0]?.field).toBe('channel');
  });

  it('cannot change anything without the CSRF token or from a foreign Origin', async () => {
    const body = { clientId: acme.clientId, title: 'CSRF', description: 'd', severity: 'cat2' };
    const before = await listAs(rita);
    expect(
      (await expectProblem(await asSession(host, rita, '/tickets', { method: 'POST', json: body, csrf: null }), 403))
        .errors?.[0]?.field,
    ).toBe('X-CSRF-Token');
    await expectProblem(
      await asSession(host, rita, '/tickets', { method: 'POST', json: body, csrf: 'x'.repeat(43) }),
      403,
    );
    const foreign = await asSession(host, rita, '/tickets', {
      method: 'POST',
      json: body,
      origin: 'https://evil.example',
    });
    expect((await expectProblem(foreign, 403)).errors?.[0]?.field).toBe('Origin');
    // Without an Origin header (some clients send none) the CSRF token alone suffices.
    expect((await asSession(host, rita, '/tickets', { method: 'POST', json: body, origin: null })).status).toBe(201);
    expect((await listAs(rita)).length).toBe(before.length + 1);
  });

  it("sees only the tickets they raised; an approver sees all of the client's; nobody sees another client's", async () => {
    const adams = await createTicket(host, {
      clientId: acme.clientId,
      severity: 'cat2',
      reporter: acme.approver,
      title: "Adam's",
    });
    const betas = await createTicket(host, {
      clientId: beta.clientId,
      severity: 'cat2',
      reporter: beta.requester,
      title: "Beta's",
    });
    const mine = await listAs(rita);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.reporter === acme.requester)).toBe(true);
    await expectProblem(await asSession(host, rita, `/tickets/${adams.id}`), 404);
    await expectProblem(await asSession(host, rita, `/tickets/${betas.id}`), 404);
    await expectProblem(await asSession(host, rita, `/tickets?clientId=${beta.clientId}`), 404);

    const adam = await signIn(host, acme.approver);
    const all = await listAs(adam);
    expect(all.map((t) => t.id)).toEqual(expect.arrayContaining([adams.id, ...mine.map((t) => t.id)]));
    expect(all.every((t) => t.clientId === acme.clientId)).toBe(true);
    expect((await asSession(host, adam, `/tickets/${mine[0]!.id}`)).status).toBe(200);
  });

  it('may belong to several clients: requester at one, approver at the other', async () => {
    const pat = await signIn(host, multi);
    expect(pat.body.contacts).toEqual([
      { clientId: acme.clientId, roles: ['requester'] },
      { clientId: beta.clientId, roles: ['approver'] },
    ]);
    const seen = await listAs(pat);
    // Every ticket of beta (approver there), none of acme's (raised by others).
    expect(seen.some((t) => t.clientId === beta.clientId)).toBe(true);
    expect(seen.filter((t) => t.clientId === acme.clientId)).toEqual([]);
    const raised = await asSession(host, pat, '/tickets', {
      method: 'POST',
      json: { clientId: acme.clientId, title: 'Pat at acme', description: 'd', severity: 'cat2' },
    });
    expect(raised.status).toBe(201);
  });

  it('is signed out by DELETE /api/sessions/current, server-side', async () => {
    const session = await signIn(host, acme.requester);
    await expectProblem(await asSession(host, session, '/sessions/current', { method: 'DELETE', csrf: null }), 403);
    const out = await asSession(host, session, '/sessions/current', { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-sd=; .*Max-Age=0/);
    await expectProblem(await asSession(host, session, '/sessions/current'), 401);
    await expectProblem(await asSession(host, session, '/tickets'), 401);
  });

  it('stops working at once when the contact is deactivated', async () => {
    const email = 'leaving@acme-si.example';
    await putContact(host, acme.clientId, email, { name: 'Lee Leaving', roles: ['requester'] }, 201);
    const lee = await signIn(host, email);
    expect((await asSession(host, lee, '/tickets')).status).toBe(200);
    await putContact(host, acme.clientId, email, { name: 'Lee Leaving', roles: ['requester'], active: false }, 200);
    await expectProblem(await asSession(host, lee, '/tickets'), 401);
    await expectProblem(await asSession(host, lee, '/sessions/current'), 401);
    // Re-activation does not revive the ended session.
    await putContact(host, acme.clientId, email, { name: 'Lee Leaving', roles: ['requester'] }, 200);
    await expectProblem(await asSession(host, lee, '/sessions/current'), 401);
  });

  it('ends after 12 idle hours', async () => {
    const session = await signIn(host, acme.approver);
    await advance('PT11H');
    expect((await asSession(host, session, '/sessions/current')).status).toBe(200);
    await advance('PT11H');
    expect((await asSession(host, session, '/sessions/current')).status).toBe(200);
    await advance('PT12H1M');
    await expectProblem(await asSession(host, session, '/sessions/current'), 401);
  });

  it('ends after 7 days however active', async () => {
    const session = await signIn(host, acme.approver);
    for (let day = 0; day < 7; day++) {
      expect((await asSession(host, session, '/sessions/current')).status).toBe(200);
      await advance('PT11H');
      expect((await asSession(host, session, '/sessions/current')).status).toBe(200);
      await advance('PT11H');
      expect((await asSession(host, session, '/sessions/current')).status).toBe(200);
      await advance('PT2H');
    }
    // Exactly 7 days after sign-in it still holds; a minute later it has ended.
    expect((await asSession(host, session, '/sessions/current')).status).toBe(200);
    await advance('PT1M');
    await expectProblem(await asSession(host, session, '/sessions/current'), 401);
  });
});

describe('staff registry', () => {
  const engineer = 'eve@desk.example';

  it("registers staff (admin only), lists them for staff, and ends a deactivated member's session", async () => {
    const put = await host.api(`/staff/${engineer}`, {
      method: 'PUT',
      json: { name: 'Eve Engineer', roles: ['engineer'] },
    });
    expect(put.status, await put.clone().text()).toBe(201);
    expect(
      (
        await host.api(`/staff/${engineer}`, {
          method: 'PUT',
          json: { name: 'Eve Engineer', roles: ['engineer', 'engineer'] },
        })
      ).status,
    ).toBe(200);
    await expectProblem(
      await host.api(`/staff/${engineer}`, { method: 'PUT', key: acme.key, json: { name: 'X', roles: ['lead'] } }),
      403,
    );
    const bad = await expectProblem(
      await host.api('/staff/not-an-address', { method: 'PUT', json: { name: '', roles: ['boss'] } }),
      400,
    );
    expect(bad.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['email']));

    // No OIDC issuer on this host: staff sign in by e-mail link too.
    const eve = await signIn(host, engineer);
    expect(eve.body).toMatchObject({ email: engineer, name: 'Eve Engineer', staffRoles: ['engineer'], contacts: [] });
    const list = await asSession(host, eve, '/staff');
    expect(list.status).toBe(200);
    expect((await bodyOf<{ items: { email: string; roles: string[] }[] }>(list)).items).toContainEqual(
      expect.objectContaining({ email: engineer, roles: ['engineer'] }),
    );
    // Staff see every client's tickets.
    expect((await listAs(eve)).map((t) => t.clientId)).toEqual(expect.arrayContaining([acme.clientId, beta.clientId]));

    const rita = await signIn(host, acme.requester);
    await expectProblem(await asSession(host, rita, '/staff'), 403);
    await expectProblem(await host.api('/staff', { key: acme.key }), 403);

    await host.api(`/staff/${engineer}`, {
      method: 'PUT',
      json: { name: 'Eve Engineer', roles: ['engineer'], active: false },
    });
    await expectProblem(await asSession(host, eve, '/staff'), 401);
    expect((await requestLink(host, engineer)).status).toBe(202);
  });
});

describe('throttling', () => {
  it('drops links for one address silently after five, and refuses an IP with 429 and Retry-After', async () => {
    await advance('PT15M');
    const before = signInMails(host.dataDir, acme.approver).length;
    for (let i = 0; i < 7; i++) expect((await requestLink(host, acme.approver)).status).toBe(202);
    await vi.waitFor(() => expect(signInMails(host.dataDir, acme.approver).length - before).toBe(5), {
      timeout: 10_000,
      interval: 20,
    });

    let refused: Response | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const res = await requestLink(host, `flood${i}@nowhere.example`);
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(202);
    }
    expect(refused).toBeDefined();
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(((await refused?.json()) as Problem).status).toBe(429);
    await advance(`PT${retryAfter}S`);
    expect((await requestLink(host, acme.approver)).status).toBe(202);
  });
});

describe('a person who is both staff and a client contact', () => {
  const dual = 'dana@acme-si.example';
  let dana: BrowserSession;
  let acmeTicket: TicketView;
  let betaTicket: TicketView;

  beforeAll(async () => {
    expect(
      (await host.api(`/staff/${dual}`, { method: 'PUT', json: { name: 'Dana Both', roles: ['engineer'] } })).status,
    ).toBe(201);
    await putContact(host, acme.clientId, dual, { name: 'Dana Both', roles: ['requester'] }, 201);
    acmeTicket = await createTicket(host, {
      clientId: acme.clientId,
      title: 'Dana sees this as a contact',
      severity: 'cat2',
      reporter: acme.approver,
    });
    betaTicket = await createTicket(host, {
      clientId: beta.clientId,
      title: 'Only staff see this',
      severity: 'cat2',
      reporter: beta.requester,
    });
    dana = await signIn(host, dual);
  });

  it('acts as staff by default, and as a contact of their client when the portal asks (X-Act-As: contact)', async () => {
    expect(dana.body).toMatchObject({
      staffRoles: ['engineer'],
      contacts: [{ clientId: acme.clientId, roles: ['requester'] }],
    });
    const asStaff = (await listAs(dana)).map((t) => t.id);
    expect(asStaff).toEqual(expect.arrayContaining([acmeTicket.id, betaTicket.id]));

    const asContact = await asSession(host, dana, '/tickets?limit=200', { headers: { 'x-act-as': 'contact' } });
    expect(asContact.status).toBe(200);
    const ids = (await bodyOf<{ items: TicketView[] }>(asContact)).items.map((t) => t.id);
    // A requester sees only their own tickets at their client: not Acme's other tickets, not Beta's.
    expect(ids).not.toContain(acmeTicket.id);
    expect(ids).not.toContain(betaTicket.id);
    await expectProblem(
      await asSession(host, dana, `/tickets/${betaTicket.id}`, { headers: { 'x-act-as': 'contact' } }),
      404,
    );
    expect(
      (await asSession(host, dana, `/tickets/${betaTicket.id}`, { headers: { 'x-act-as': 'staff' } })).status,
    ).toBe(200);

    // A ticket raised as a contact is theirs; staff-only work is refused in that role.
    const raised = await asSession(host, dana, '/tickets', {
      method: 'POST',
      headers: { 'x-act-as': 'contact' },
      json: { clientId: acme.clientId, title: 'Raised from the portal', description: 'As a contact', severity: 'cat2' },
    });
    expect(raised.status, await raised.clone().text()).toBe(201);
    expect((await bodyOf<TicketView>(raised)).reporter).toBe(dual);
    await expectProblem(await asSession(host, dana, '/staff', { headers: { 'x-act-as': 'contact' } }), 403);
    expect(
      (
        await asSession(host, dana, `/tickets?clientId=${acme.clientId}&limit=200`, {
          headers: { 'x-act-as': 'contact' },
        })
      ).status,
    ).toBe(200);
  });

  it('cannot take a role they do not hold, and a role that is not one is a 400 naming the header', async () => {
    const rita = await signIn(host, acme.requester);
    const refused = await expectProblem(
      await asSession(host, rita, '/tickets', { headers: { 'x-act-as': 'staff' } }),
      403,
    );
    expect(refused.errors?.map((e) => e.field)).toEqual(['X-Act-As']);
    const bogus = await expectProblem(
      await asSession(host, dana, '/tickets', { headers: { 'x-act-as': 'admin' } }),
      400,
    );
    expect(bogus.errors?.map((e) => e.field)).toEqual(['X-Act-As']);
  });
});

async function listAs(session: BrowserSession): Promise<TicketView[]> {
  const res = await asSession(host, session, '/tickets?limit=200');
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return (JSON.parse(text) as { items: TicketView[] }).items;
}
