import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackIssuer, type LoopbackIssuer } from '../support/loopback-issuer';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import {
  act,
  bodyOf,
  createTicket,
  expectProblem,
  fieldsOf,
  postAction,
  setUpClient,
  type ClientFixture,
  type TicketView,
  type TimelineEvent,
} from './support/api-fixtures';
import { asSession, mailTo, requestLink, signIn, signInMails, type BrowserSession } from './support/sign-in';

/**
 * Staff on the local host with Entra ID configured against a real OpenID Provider on loopback (its own
 * RSA keys, discovery, JWKS, authorization and token endpoints): bearer JWTs, "Sign in with Microsoft",
 * then the work staff do — assignment, tickets raised on a contact's behalf, the diagnose/schedule workflow.
 */
let idp: LoopbackIssuer;
let host: RunningLocalHost;
let acme: ClientFixture;
const engineer = 'eng@desk.example';
const engineer2 = 'eng2@desk.example';
const lead = 'lead@desk.example';
const tokens: Record<string, string> = {};

interface Ticket extends TicketView {
  readonly channel?: string;
  readonly assignee?: string;
  readonly diagnosis?: { cause: string; workaround?: string; estimateHours?: number; by: string };
  readonly schedule?: { status: string; items: { what: string; by: string }[]; answeredBy?: string; remark?: string };
}

beforeAll(async () => {
  idp = await startLoopbackIssuer();
  host = await startLocalHost({
    env: {
      SUPPORTDESK_STAFF_OIDC_ISSUER: idp.issuer,
      SUPPORTDESK_STAFF_OIDC_AUDIENCE: idp.clientId,
      SUPPORTDESK_STAFF_OIDC_CLIENT_ID: idp.clientId,
      SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET: idp.clientSecret,
    },
  });
  acme = await setUpClient(host, 'acme-staff', 'AST');
  for (const [email, name, roles] of [
    [engineer, 'Eve Engineer', ['engineer']],
    [engineer2, 'Ed Engineer', ['engineer']],
    [lead, 'Liz Lead', ['lead']],
  ] as const) {
    const res = await host.api(`/staff/${email}`, { method: 'PUT', json: { name, roles } });
    expect(res.status).toBe(201);
    tokens[email] = await idp.token({ preferred_username: email, name });
  }
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await idp?.stop();
});

const asStaff = (email: string) => tokens[email] ?? '';

describe('Entra ID bearer tokens', () => {
  it('authenticate a registered engineer, by preferred_username or by email', async () => {
    const res = await host.api('/staff', { key: asStaff(engineer) });
    expect(res.status, await res.clone().text()).toBe(200);
    const byEmail = await idp.token({ email: engineer });
    expect((await host.api('/staff', { key: byEmail })).status).toBe(200);
  });

  it('are refused (401) for a wrong audience, an expired token, one not yet valid, a foreign key and an unregistered person', async () => {
    const cases = {
      'wrong audience': await idp.token({ preferred_username: engineer }, { audience: 'api://someone-else' }),
      expired: await idp.token({ preferred_username: engineer }, { expiresInSeconds: -3600 }),
      'not yet valid': await idp.token({ preferred_username: engineer }, { notBeforeInSeconds: 3600 }),
      'foreign key': await idp.token({ preferred_username: engineer }, { foreignKey: true }),
      unregistered: await idp.token({ preferred_username: 'stranger@desk.example' }),
      tampered: `${asStaff(engineer).slice(0, -4)}AAAA`,
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await host.api('/staff', { key: token });
      expect(res.status, name).toBe(401);
      expect(res.headers.get('content-type'), name).toMatch(/^application\/problem\+json/);
    }
  });

  it('are refused once the person is deactivated', async () => {
    const temp = 'temp@desk.example';
    await host.api(`/staff/${temp}`, { method: 'PUT', json: { name: 'Tim Temp', roles: ['engineer'] } });
    const token = await idp.token({ preferred_username: temp });
    expect((await host.api('/staff', { key: token })).status).toBe(200);
    await host.api(`/staff/${temp}`, { method: 'PUT', json: { name: 'Tim Temp', roles: ['engineer'], active: false } });
    expect((await host.api('/staff', { key: token })).status).toBe(401);
  });

  it('replace e-mail links for staff (contacts still get them)', async () => {
    expect((await requestLink(host, engineer)).status).toBe(202);
    expect(signInMails(host.dataDir, engineer)).toHaveLength(0);
    expect((await signIn(host, acme.requester)).body.contacts).toHaveLength(1);
  });
});

describe('Sign in with Microsoft (authorization code with PKCE)', () => {
  it('is offered on the sign-in page when an issuer is configured', async () => {
    const options = await fetch(`${host.baseUrl}/api/sign-in/options`);
    expect(options.status).toBe(200);
    expect(await options.json()).toEqual({ emailLink: true, microsoft: true });
  });

  /** Drives the browser's redirects by hand; returns the callback response. */
  async function roundTrip(
    options: { keepStateCookie?: boolean } = {},
  ): Promise<{ callback: Response; callbackUrl: string; stateCookie: string }> {
    const start = await fetch(`${host.baseUrl}/api/sign-in/oidc`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.href.startsWith(`${idp.issuer}/authorize`)).toBe(true);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${host.baseUrl}/api/sign-in/oidc/callback`);
    const stateCookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(stateCookie).toMatch(/^__Host-sd-oidc=/);
    const atIdp = await fetch(authorize, { redirect: 'manual' });
    expect(atIdp.status).toBe(302);
    const callbackUrl = atIdp.headers.get('location') ?? '';
    const callback = await fetch(callbackUrl, {
      redirect: 'manual',
      headers: options.keepStateCookie === false ? {} : { cookie: stateCookie },
    });
    return { callback, callbackUrl, stateCookie };
  }

  it('signs an active engineer in with the same cookie session and sends them to the console', async () => {
    idp.signInAs({ preferred_username: engineer, sub: 'entra-eve' });
    const { callback, callbackUrl, stateCookie } = await roundTrip();
    expect(callback.status, await callback.clone().text()).toBe(302);
    expect(callback.headers.get('location')).toBe('/console');
    const cookie = callback.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-sd=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax/);
    const current = await fetch(`${host.baseUrl}/api/sessions/current`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(current.status).toBe(200);
    expect(await current.json()).toMatchObject({ email: engineer, staffRoles: ['engineer'] });
    // The same callback again: the round trip was used up.
    const replay = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: stateCookie } });
    expect(replay.status).toBe(403);
  });

  it('refuses a callback the browser did not start, and an account that is not active staff', async () => {
    idp.signInAs({ preferred_username: engineer });
    expect((await roundTrip({ keepStateCookie: false })).callback.status).toBe(403);
    idp.signInAs({ preferred_username: 'stranger@desk.example', email: 'stranger@desk.example' });
    const { callback } = await roundTrip();
    expect(callback.status).toBe(403);
    expect(callback.headers.get('set-cookie')).toBeNull();
  });
});

describe('assignment', () => {
  let ticket: Ticket;

  beforeAll(async () => {
    ticket = await createTicket(host, {
      clientId: acme.clientId,
      severity: 'cat2',
      reporter: acme.requester,
      title: 'Assign me',
    });
  });

  it('a contact cannot assign, not even to an engineer', async () => {
    const rita = await signIn(host, acme.approver);
    const res = await asSession(host, rita, `/tickets/${ticket.id}/actions`, {
      method: 'POST',
      json: { action: 'assign', to: engineer },
    });
    await expectProblem(res, 403);
    await expectProblem(await postAction(host, ticket.id, { action: 'assign', to: engineer }, { key: acme.key }), 403);
  });

  it('an engineer takes an unassigned ticket for themself, but cannot give it to others', async () => {
    await expectProblem(
      await postAction(host, ticket.id, { action: 'assign', to: engineer2 }, { key: asStaff(engineer) }),
      403,
    );
    const { ticket: taken } = await act(
      host,
      ticket.id,
      { action: 'assign', to: engineer },
      { key: asStaff(engineer) },
    );
    expect((taken as Ticket).assignee).toBe(engineer);
    // Someone else's ticket is not there for the taking.
    await expectProblem(
      await postAction(host, ticket.id, { action: 'assign', to: engineer2 }, { key: asStaff(engineer2) }),
      409,
    );
  });

  it('a lead assigns any active engineer, and nobody else', async () => {
    const refused = await expectProblem(
      await postAction(host, ticket.id, { action: 'assign', to: lead }, { key: asStaff(lead) }),
      422,
    );
    expect(fieldsOf(refused)).toEqual(['to']);
    const { ticket: moved } = await act(host, ticket.id, { action: 'assign', to: engineer2 }, { key: asStaff(lead) });
    expect((moved as Ticket).assignee).toBe(engineer2);
    const events = await bodyOf<{ items: TimelineEvent[] }>(await host.api(`/tickets/${ticket.id}/timeline`));
    expect(
      events.items
        .filter((e) => e.type === 'ticket.assigned')
        .map((e) => [e.actor, e.data.assignee, e.data.previousAssignee]),
    ).toEqual([
      [engineer, engineer, undefined],
      [lead, engineer2, engineer],
    ]);
  });

  it("puts the ticket in the assignee's own queue and mails them", async () => {
    const mine = await bodyOf<{ items: Ticket[] }>(await host.api('/tickets?assignee=me', { key: asStaff(engineer2) }));
    expect(mine.items.map((t) => t.id)).toEqual([ticket.id]);
    const previous = await bodyOf<{ items: Ticket[] }>(
      await host.api('/tickets?assignee=me', { key: asStaff(engineer) }),
    );
    expect(previous.items).toEqual([]);
    const byEmail = await bodyOf<{ items: Ticket[] }>(
      await host.api(`/tickets?assignee=${encodeURIComponent(engineer2)}`),
    );
    expect(byEmail.items.map((t) => t.id)).toEqual([ticket.id]);
    expect((await host.api('/dev/topic/drain', { method: 'POST' })).status).toBe(200);
    const mails = mailTo(host.dataDir, engineer2).filter((m) => /assigned/i.test(m.headers.subject ?? ''));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.headers.subject).toContain(ticket.id);
  });
});

describe("tickets staff raise on a contact's behalf", () => {
  const body = (extra: Record<string, unknown>) => ({
    clientId: acme.clientId,
    title: 'Phoned in',
    description: 'Called the desk',
    severity: 'cat1',
    reporter: acme.requester,
    ...extra,
  });

  it('say how they came in, and start their clocks at the real receipt', async () => {
    const missing = await expectProblem(
      await host.api('/tickets', { method: 'POST', key: asStaff(engineer), json: body({}) }),
      400,
    );
    expect(fieldsOf(missing)).toEqual(['channel']);
    const receivedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const res = await host.api('/tickets', {
      method: 'POST',
      key: asStaff(engineer),
      json: body({ channel: 'phone', receivedAt }),
    });
    const ticket = await bodyOf<Ticket>(res);
    expect(res.status).toBe(201);
    expect(ticket).toMatchObject({ channel: 'phone', receivedAt, reporter: acme.requester });
    // cat1: 24x7, assess within 1 h — counted from the call two hours ago, so already breached.
    expect(ticket.sla.assess.dueAt).toBe(new Date(Date.parse(receivedAt) + 3_600_000).toISOString());
    expect(ticket.sla.assess.status).toBe('breached');
    const events = await bodyOf<{ items: TimelineEvent[] }>(await host.api(`/tickets/${ticket.id}/timeline`));
    expect(events.items[0]).toMatchObject({
      type: 'ticket.created',
      actor: engineer,
      data: { channel: 'phone', receivedAt },
    });
  });

  it('refuse a receipt in the future or more than 7 days back, and a channel from anyone but staff', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      fieldsOf(
        await expectProblem(
          await host.api('/tickets', {
            method: 'POST',
            key: asStaff(engineer),
            json: body({ channel: 'email', receivedAt: future }),
          }),
          422,
        ),
      ),
    ).toEqual(['receivedAt']);
    const old = new Date(Date.now() - 8 * 24 * 3_600_000).toISOString();
    expect(
      fieldsOf(
        await expectProblem(
          await host.api('/tickets', {
            method: 'POST',
            key: asStaff(engineer),
            json: body({ channel: 'in-person', receivedAt: old }),
          }),
          422,
        ),
      ),
    ).toEqual(['receivedAt']);
    expect(
      fieldsOf(
        await expectProblem(
          await host.api('/tickets', { method: 'POST', key: acme.key, json: body({ channel: 'phone' }) }),
          403,
        ),
      ),
    ).toEqual(['channel']);
    const viaApi = await bodyOf<Ticket>(await host.api('/tickets', { method: 'POST', key: acme.key, json: body({}) }));
    expect(viaApi.channel).toBe('api');
  });
});

describe('the client-management workflow', () => {
  let ticket: Ticket;
  let approver: BrowserSession;
  let requester: BrowserSession;

  beforeAll(async () => {
    ticket = await createTicket(host, {
      clientId: acme.clientId,
      severity: 'cat2',
      reporter: acme.requester,
      title: 'Invoices slow',
    });
    approver = await signIn(host, acme.approver);
    requester = await signIn(host, acme.requester);
  });

  it('staff diagnose, and the reporter reads the diagnosis', async () => {
    await act(
      host,
      ticket.id,
      { action: 'diagnose', cause: 'Missing index on invoices', workaround: 'Filter by month', estimateHours: 6 },
      { key: asStaff(engineer) },
    );
    const seen = await bodyOf<Ticket>(await asSession(host, requester, `/tickets/${ticket.id}`));
    expect(seen.diagnosis).toMatchObject({
      cause: 'Missing index on invoices',
      workaround: 'Filter by month',
      estimateHours: 6,
      by: engineer,
    });
    await expectProblem(
      await asSession(host, requester, `/tickets/${ticket.id}/actions`, {
        method: 'POST',
        json: { action: 'diagnose', cause: 'I know!' },
      }),
      403,
    );
  });

  it('staff propose a schedule; a requester cannot answer it; an approver queries, then accepts the next one', async () => {
    await act(
      host,
      ticket.id,
      {
        action: 'propose-schedule',
        items: [
          { what: 'Hot fix 4.2.1', by: '2026-12-04' },
          { what: 'Build 4.3', by: '2026-12-18' },
        ],
      },
      { key: asStaff(engineer) },
    );
    await expectProblem(
      await asSession(host, requester, `/tickets/${ticket.id}/actions`, {
        method: 'POST',
        json: { action: 'accept-schedule' },
      }),
      403,
    );
    const queried = await asSession(host, approver, `/tickets/${ticket.id}/actions`, {
      method: 'POST',
      json: { action: 'query-schedule', remark: 'We need the hot fix by Wednesday' },
    });
    expect(queried.status, await queried.clone().text()).toBe(200);
    expect((await bodyOf<Ticket>(queried)).schedule).toMatchObject({
      status: 'queried',
      answeredBy: acme.approver,
      remark: 'We need the hot fix by Wednesday',
    });
    await act(
      host,
      ticket.id,
      { action: 'propose-schedule', items: [{ what: 'Hot fix 4.2.1', by: '2026-12-02' }] },
      { key: asStaff(engineer) },
    );
    const accepted = await asSession(host, approver, `/tickets/${ticket.id}/actions`, {
      method: 'POST',
      json: { action: 'accept-schedule' },
    });
    expect((await bodyOf<Ticket>(accepted)).schedule).toMatchObject({
      status: 'accepted',
      items: [{ what: 'Hot fix 4.2.1', by: '2026-12-02' }],
    });
    await expectProblem(
      await asSession(host, approver, `/tickets/${ticket.id}/actions`, {
        method: 'POST',
        json: { action: 'accept-schedule' },
      }),
      409,
    );
    const events = await bodyOf<{ items: TimelineEvent[] }>(await host.api(`/tickets/${ticket.id}/timeline`));
    expect(events.items.map((e) => [e.type, e.actor]).filter(([type]) => type !== 'ticket.created')).toEqual([
      ['ticket.diagnosed', engineer],
      ['ticket.schedule-proposed', engineer],
      ['ticket.schedule-queried', acme.approver],
      ['ticket.schedule-proposed', engineer],
      ['ticket.schedule-accepted', acme.approver],
    ]);
  });
});
