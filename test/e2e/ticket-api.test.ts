import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { repoRoot, startLocalHost, type RunningLocalHost } from '../support/local-host';
import {
  act,
  bodyOf,
  clientBody,
  createTicket,
  expectProblem,
  fieldsOf,
  getTicket,
  HOUR,
  listAll,
  ms,
  postAction,
  postTicket,
  putContact,
  setUpClient,
  ticketBody,
  timeline,
  type TicketView,
} from './support/api-fixtures';

/**
 * The HTTP contract of docs/product-spec.md §2, end to end through one local host (functions on Azurite).
 * Every test sets up its own client (own id and ticket prefix), so none depends on another's order.
 */
describe('ticket API over HTTP', () => {
  let host: RunningLocalHost;
  beforeAll(async () => {
    // These tests send many wrong keys on purpose; the failed-authentication throttle is tested in test/security.
    host = await startLocalHost({ env: { SUPPORTDESK_AUTH_FAILURE_BUDGET: '1000000' } });
  });
  afterAll(async () => {
    await host?.stop();
  });

  describe('clients, contacts and keys', () => {
    it('creates the contract example client, shows it with the webhook secret masked, and replaces it', async () => {
      const example = contractClient();
      const first = await host.api('/clients/acme', { method: 'PUT', json: example });
      expect(first.status).toBe(201);
      expect(first.headers.get('location')).toBe('/api/clients/acme');

      const got = await host.api('/clients/acme');
      expect(got.status).toBe(200);
      const shown = await bodyOf<
        Record<string, unknown> & {
          notifications: { webhooks: { url: string; secrets: string[]; events: string[] }[] };
        }
      >(got);
      expect(shown.id).toBe('acme');
      expect(shown.name).toBe(example.name);
      expect(shown.ticketPrefix).toBe('ACME');
      expect(shown.timezone).toBe('Europe/London');
      const agreement = shown.agreement as { severities: { id: string }[]; calendars: Record<string, unknown> };
      expect(agreement.severities.map((s) => s.id)).toEqual(['cat1', 'cat2', 'cat3', 'cat4']);
      expect(Object.keys(agreement.calendars).sort()).toEqual(['always', 'office']);
      const secret = (example.notifications as { webhooks: { secret: string }[] }).webhooks[0]?.secret ?? '';
      expect(secret.length).toBeGreaterThan(20);
      const [hook] = shown.notifications.webhooks;
      expect(hook?.url).toBe('https://example.invalid/hooks/support');
      expect(hook?.secrets).toEqual([`${secret.slice(0, 10)}…`]);
      expect(JSON.stringify(shown)).not.toContain(secret.slice(10));

      const again = await host.api('/clients/acme', { method: 'PUT', json: { ...example, name: 'Acme Limited' } });
      expect(again.status).toBe(200);
      const replaced = await bodyOf<{ name: string; createdAt: string; updatedAt: string }>(
        await host.api('/clients/acme'),
      );
      expect(replaced.name).toBe('Acme Limited');
      expect(replaced.createdAt).toBe(shown.createdAt);

      // The contract's first ticket number.
      await putContact(host, 'acme', 'it@acme.example', { name: 'IT', roles: ['requester'] }, 201);
      const ticket = await createTicket(host, { clientId: 'acme', severity: 'cat2', reporter: 'it@acme.example' });
      expect(ticket.id).toBe('ACME-1');
      const second = await createTicket(host, { clientId: 'acme', severity: 'cat1', reporter: 'it@acme.example' });
      expect(second.id).toBe('ACME-2');
    });

    const examplesDir = path.join(repoRoot, 'examples/clients');
    const examples = (() => {
      try {
        return readdirSync(examplesDir)
          .filter((f) => f.endsWith('.json'))
          .sort();
      } catch {
        return [];
      }
    })();

    it.skipIf(examples.length === 0)(
      'accepts every example client and raises a ticket at each of its severities',
      async () => {
        expect(examples.length).toBeGreaterThanOrEqual(3);
        for (const [index, file] of examples.entries()) {
          const body = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as Record<string, unknown> & {
            ticketPrefix: string;
            agreement: {
              severities: { id: string; covered: boolean; assessWithin?: string; resolveWithin?: string }[];
            };
          };
          // Ticket prefixes are unique across clients; the acme example would collide with the contract's `acme`.
          const prefix = `EX${index}${body.ticketPrefix}`.slice(0, 12);
          const clientId = `example-${path.basename(file, '.json')}`;
          const res = await host.api(`/clients/${clientId}`, {
            method: 'PUT',
            json: { ...body, ticketPrefix: prefix },
          });
          expect(res.status, `${file}: ${await res.clone().text()}`).toBe(201);
          const stored = await bodyOf<{ agreement: { severities: { id: string }[] } }>(
            await host.api(`/clients/${clientId}`),
          );
          expect(stored.agreement.severities.map((s) => s.id)).toEqual(body.agreement.severities.map((s) => s.id));

          await putContact(
            host,
            clientId,
            `someone@${clientId}.example`,
            { name: 'Someone', roles: ['requester'] },
            201,
          );
          for (const severity of body.agreement.severities) {
            const ticket = await createTicket(host, {
              clientId,
              severity: severity.id,
              reporter: `someone@${clientId}.example`,
            });
            expect(ticket.id.startsWith(`${prefix}-`)).toBe(true);
            if (severity.covered) {
              expect(ticket.sla.assess).toMatchObject({ target: severity.assessWithin, status: 'running' });
              expect(ticket.sla.resolve).toMatchObject({ target: severity.resolveWithin, status: 'running' });
              expect(ms(ticket.sla.assess.dueAt)).toBeGreaterThan(ms(ticket.receivedAt));
              expect(ms(ticket.sla.resolve.dueAt)).toBeGreaterThanOrEqual(ms(ticket.sla.assess.dueAt));
            } else {
              expect(ticket.sla.assess.status).toBe('not-applicable');
              expect(ticket.sla.resolve.status).toBe('not-applicable');
            }
          }
        }
      },
    );

    it('lets an agreement drop a severity tickets still have: they keep it, under the version they were received under', async () => {
      const c = await setUpClient(host, 'replace-co', 'REPL');
      const ticket = await createTicket(host, { clientId: c.clientId, severity: 'cat4', reporter: c.requester });
      const withoutCat4 = clientBody('REPL') as {
        agreement: { severities: { id: string }[]; alertSeverities: Record<string, string> };
      };
      withoutCat4.agreement.severities = withoutCat4.agreement.severities.filter((s) => s.id !== 'cat4');
      withoutCat4.agreement.alertSeverities = { Sev0: 'cat1' };
      const replaced = await host.api('/clients/replace-co', { method: 'PUT', json: withoutCat4 });
      expect(replaced.status, await replaced.clone().text()).toBe(200);

      // The ticket keeps its severity and its clocks.
      const read = (await getTicket(host, ticket.id)).ticket as TicketView & { agreementVersion: number };
      expect(read).toMatchObject({ severity: 'cat4', agreementVersion: 1 });
      expect([read.sla.assess.dueAt, read.sla.resolve.dueAt]).toEqual([
        ticket.sla.assess.dueAt,
        ticket.sla.resolve.dueAt,
      ]);
      // Its page asks for the severities of its own version; the form for a new ticket gets the current ones.
      type Form = { agreementVersion: number; severities: { id: string }[] };
      const current = await bodyOf<Form>(await host.api('/clients/replace-co/severities'));
      expect(current.agreementVersion).toBe(2);
      expect(current.severities.map((s) => s.id)).not.toContain('cat4');
      const its = await bodyOf<Form>(
        await host.api(`/clients/replace-co/severities?agreementVersion=${read.agreementVersion}`),
      );
      expect(its.agreementVersion).toBe(1);
      expect(its.severities.map((s) => s.id)).toContain('cat4');
      expect(
        fieldsOf(await expectProblem(await host.api('/clients/replace-co/severities?agreementVersion=9'), 404)),
      ).toEqual(['agreementVersion']);
      expect(
        fieldsOf(await expectProblem(await host.api('/clients/replace-co/severities?agreementVersion=0'), 400)),
      ).toEqual(['agreementVersion']);

      // No new ticket can have it.
      expect(
        fieldsOf(
          await expectProblem(
            await postTicket(host, { clientId: c.clientId, severity: 'cat4', reporter: c.requester }),
            400,
          ),
        ),
      ).toContain('severity');
      // The old ticket is worked under its own agreement, where cat4 still is (uncovered: quoted).
      const unquoted = await expectProblem(
        await postAction(host, ticket.id, { action: 'assess', severity: 'cat4', tier: 'L1' }),
        422,
      );
      expect(fieldsOf(unquoted)).toEqual(['quote']);
      const assessed = (
        await act(host, ticket.id, { action: 'assess', severity: 'cat4', tier: 'L1', quote: { hours: 2 } })
      ).ticket;
      expect(assessed).toMatchObject({ severity: 'cat4', status: 'awaiting-approval' });
      expect((await listAll(host, 'clientId=replace-co')).map((t) => t.id)).toEqual([ticket.id]);
      expect((await act(host, ticket.id, { action: 'close', reason: "won't fix" })).ticket.status).toBe('closed');
    });

    it('registers contacts (201 then 200) and creates client keys shown once', async () => {
      await host.api('/clients/keys-co', { method: 'PUT', json: clientBody('KEYS') });
      const first = await host.api('/clients/keys-co/contacts/Pat%40Keys.example', {
        method: 'PUT',
        json: { name: 'Pat', roles: ['requester'] },
      });
      expect(first.status).toBe(201);
      const contact = await bodyOf<{ email: string; roles: string[]; active: boolean }>(first);
      expect(contact).toMatchObject({ email: 'pat@keys.example', roles: ['requester'], active: true });
      const second = await host.api('/clients/keys-co/contacts/pat%40keys.example', {
        method: 'PUT',
        json: { name: 'Pat', roles: ['requester', 'approver'] },
      });
      expect(second.status).toBe(200);
      expect((await bodyOf<{ roles: string[] }>(second)).roles).toEqual(['requester', 'approver']);
      await expectProblem(
        await host.api('/clients/no-such-co/contacts/a%40b.example', {
          method: 'PUT',
          json: { name: 'A', roles: ['requester'] },
        }),
        404,
      );

      const res = await host.api('/clients/keys-co/api-keys', {
        method: 'POST',
        json: { name: 'portal', scopes: ['tickets:read', 'tickets:write'] },
      });
      expect(res.status).toBe(201);
      const created = await bodyOf<Record<string, unknown> & { id: string; key: string }>(res);
      expect(created.id).toMatch(/\S/);
      expect(created.key).toMatch(/^sdk_/);
      expect(created.scopes).toEqual(['tickets:read', 'tickets:write']);
      expect(created).not.toHaveProperty('hash');
      const another = await bodyOf<{ id: string; key: string }>(
        await host.api('/clients/keys-co/api-keys', {
          method: 'POST',
          json: { name: 'portal', scopes: ['tickets:read'] },
        }),
      );
      expect(another.key).not.toBe(created.key);
      expect(another.id).not.toBe(created.id);
      // The key works, and nothing that reads the client gives it back.
      expect((await host.api('/tickets?limit=1', { key: created.key })).status).toBe(200);
      expect(await (await host.api('/clients/keys-co')).text()).not.toContain(created.key);
      await expectProblem(
        await host.api('/clients/no-such-co/api-keys', {
          method: 'POST',
          json: { name: 'x', scopes: ['tickets:read'] },
        }),
        404,
      );
      const badScope = await expectProblem(
        await host.api('/clients/keys-co/api-keys', { method: 'POST', json: { name: 'x', scopes: ['admin'] } }),
        400,
      );
      expect(fieldsOf(badScope).some((f) => f.startsWith('scopes'))).toBe(true);
    });

    it('makes one API key per Idempotency-Key: a retry gets the same key back without its secret, never a second key', async () => {
      await setUpClient(host, 'idem-keys', 'IDK');
      const post = (name: string, key = 'create-key-1') =>
        host.api('/clients/idem-keys/api-keys', {
          method: 'POST',
          json: { name, scopes: ['tickets:read'] },
          headers: { 'idempotency-key': key },
        });
      const first = await post('integration');
      expect(first.status).toBe(201);
      const created = await bodyOf<{ id: string; key: string }>(first);
      expect(created.key).toMatch(/^sdk_/);

      const retry = await post('integration');
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      const replayed = await bodyOf<Record<string, unknown>>(retry);
      expect(replayed).toMatchObject({
        id: created.id,
        name: 'integration',
        scopes: ['tickets:read'],
        clientId: 'idem-keys',
      });
      // The secret is kept nowhere: the first answer was the only one to carry it.
      expect(replayed).not.toHaveProperty('key');
      expect(replayed).not.toHaveProperty('hash');

      const misused = await expectProblem(await post('another name'), 422);
      expect(fieldsOf(misused)).toEqual(['Idempotency-Key']);
      const listed = await bodyOf<{ items: { id: string }[] }>(await host.api('/clients/idem-keys/api-keys'));
      // setUpClient's own keys, and one from this test.
      expect(listed.items.filter((k) => k.id === created.id)).toHaveLength(1);
      expect((await host.api('/tickets?limit=1', { key: created.key })).status).toBe(200);
      expect((await post('integration', 'create-key-2')).status).toBe(201);
      expect((await bodyOf<{ items: unknown[] }>(await host.api('/clients/idem-keys/api-keys'))).items).toHaveLength(
        listed.items.length + 1,
      );
    });
  });

  describe('creating tickets', () => {
    it('answers 201 with Location, ETag, consecutive ids and running clocks', async () => {
      const c = await setUpClient(host, 'create-co', 'CRT');
      const res = await postTicket(host, {
        clientId: c.clientId,
        severity: 'cat1',
        reporter: c.requester,
        title: 'Checkout is down',
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe('/api/tickets/CRT-1');
      const etag = res.headers.get('etag');
      expect(etag).toMatch(/^"[^"]+"$/);
      const cat1 = await bodyOf<TicketView>(res);
      expect(cat1).toMatchObject({
        id: 'CRT-1',
        number: 1,
        clientId: 'create-co',
        title: 'Checkout is down',
        severity: 'cat1',
        type: 'defect',
        status: 'new',
        tier: 'L1',
        reporter: c.requester,
      });
      // cat1 runs 24x7: due exactly 1 h and 4 h after receipt.
      expect(cat1.sla.assess).toMatchObject({ target: 'PT1H', status: 'running' });
      expect(cat1.sla.resolve).toMatchObject({ target: 'PT4H', status: 'running' });
      expect(ms(cat1.sla.assess.dueAt) - ms(cat1.receivedAt)).toBe(1 * HOUR);
      expect(ms(cat1.sla.resolve.dueAt) - ms(cat1.receivedAt)).toBe(4 * HOUR);

      const read = await host.api('/tickets/CRT-1');
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe(etag);
      expect((await bodyOf<TicketView>(read)).title).toBe('Checkout is down');

      // cat2 runs on office hours: never sooner than 4 h of real time.
      const cat2 = await createTicket(host, { clientId: c.clientId, severity: 'cat2', reporter: c.approver });
      expect(cat2.id).toBe('CRT-2');
      expect(cat2.sla.assess).toMatchObject({ target: 'PT4H', status: 'running' });
      expect(cat2.sla.resolve).toMatchObject({ target: 'PT8H', status: 'running' });
      expect(ms(cat2.sla.assess.dueAt) - ms(cat2.receivedAt)).toBeGreaterThanOrEqual(4 * HOUR);
      expect(ms(cat2.sla.resolve.dueAt)).toBeGreaterThan(ms(cat2.sla.assess.dueAt));

      const cat3 = await createTicket(host, {
        clientId: c.clientId,
        severity: 'cat3',
        reporter: c.requester,
        type: 'enhancement',
      });
      expect(cat3.id).toBe('CRT-3');
      expect(cat3.type).toBe('enhancement');
      expect(cat3.sla.assess).toMatchObject({ status: 'not-applicable', target: null, dueAt: null });
      expect(cat3.sla.resolve).toMatchObject({ status: 'not-applicable', target: null, dueAt: null });

      const created = await timeline(host, 'CRT-1');
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ seq: 1, type: 'ticket.created', actor: 'admin' });
    });

    it('refuses an unknown severity (400 naming severity) and unregistered or inactive reporters (naming reporter), creating nothing', async () => {
      const c = await setUpClient(host, 'refuse-co', 'REF');
      const badSeverity = await expectProblem(
        await postTicket(host, { clientId: c.clientId, severity: 'cat9', reporter: c.requester }),
        400,
      );
      expect(fieldsOf(badSeverity)).toContain('severity');

      for (const reporter of ['stranger@refuse-co.example', c.inactive]) {
        const res = await postTicket(host, { clientId: c.clientId, severity: 'cat1', reporter });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(fieldsOf(await expectProblem(res, res.status))).toContain('reporter');
      }
      // Another client's contact is not this client's contact.
      const other = await setUpClient(host, 'refuse-other', 'REFO');
      const foreign = await postTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: other.requester });
      expect(fieldsOf(await expectProblem(foreign, foreign.status))).toContain('reporter');

      const missing = await expectProblem(
        await host.api('/tickets', { method: 'POST', json: { clientId: c.clientId, title: 'x' } }),
        400,
      );
      expect(fieldsOf(missing)).toEqual(expect.arrayContaining(['description', 'severity']));
      // Only a signed-in contact may leave the reporter out (they are the reporter); a key or staff must name one.
      const noReporter = await expectProblem(
        await host.api('/tickets', {
          method: 'POST',
          json: { clientId: c.clientId, title: 'x', description: 'd', severity: 'cat1' },
        }),
        400,
      );
      expect(fieldsOf(noReporter)).toEqual(['reporter']);

      // None of the refused requests used a number.
      expect((await createTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester })).id).toBe(
        'REF-1',
      );
    });

    it('honours Idempotency-Key: same key and body replays, another body is 422, and numbering is not disturbed', async () => {
      const c = await setUpClient(host, 'idem-co', 'IDEM');
      const body = { clientId: c.clientId, severity: 'cat2', reporter: c.requester, title: 'Printer on fire' };
      const headers = { 'idempotency-key': 'req-7f3a' };
      const first = await postTicket(host, body, { headers });
      expect(first.status).toBe(201);
      const created = await bodyOf<TicketView>(first);
      expect(created.id).toBe('IDEM-1');

      const replay = await postTicket(host, body, { headers });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('location')).toBe('/api/tickets/IDEM-1');
      const replayed = await bodyOf<TicketView>(replay);
      expect(replayed.id).toBe('IDEM-1');
      expect(replayed.receivedAt).toBe(created.receivedAt);

      const conflict = await expectProblem(
        await postTicket(host, { ...body, title: 'Printer still on fire' }, { headers }),
        422,
      );
      expect(fieldsOf(conflict)).toContain('Idempotency-Key');

      // The key belongs to its caller: a client key with the same key header gets its own ticket.
      const viaKey = await createTicket(host, body, { headers, key: c.key });
      expect(viaKey.id).toBe('IDEM-2');
      expect((await createTicket(host, body)).id).toBe('IDEM-3');
      expect((await listAll(host, `clientId=${c.clientId}`)).map((t) => t.id).sort()).toEqual([
        'IDEM-1',
        'IDEM-2',
        'IDEM-3',
      ]);

      await expectProblem(await postTicket(host, body, { headers: { 'idempotency-key': 'x'.repeat(201) } }), 400);
    });
  });

  describe('lifecycle through actions', () => {
    it('walks a covered ticket from new to closed, with follow-up, and records every event in order', async () => {
      const c = await setUpClient(host, 'life-co', 'LIFE');
      const { id } = await createTicket(host, { clientId: c.clientId, severity: 'cat2', reporter: c.requester });

      // Illegal before assessment.
      const early = await expectProblem(await postAction(host, id, { action: 'resolve', cause: 'too early' }), 409);
      expect(early.detail).toMatch(/new/);
      await expectProblem(await postAction(host, id, { action: 'confirm', by: c.requester }, { key: c.key }), 409);

      const assessed = await act(host, id, {
        action: 'assess',
        tier: 'L2',
        estimateHours: 3,
        timeframe: 'today',
        note: 'reproduced',
      });
      expect(assessed.ticket).toMatchObject({ status: 'in-progress', tier: 'L2' });
      expect(assessed.ticket.sla.assess.status).toBe('met');
      expect(assessed.ticket.sla.resolve.status).toBe('running');
      await expectProblem(await postAction(host, id, { action: 'assess', tier: 'L2' }), 409);

      const waitingClient = await act(host, id, { action: 'wait-client', note: 'Which browser?' });
      expect(waitingClient.ticket.status).toBe('waiting-on-client');
      expect(waitingClient.ticket.sla.resolve.status).toBe('paused');
      expect(waitingClient.ticket.sla.assess.status).toBe('met');
      // Staff actions are the desk's, not the client's.
      await expectProblem(await postAction(host, id, { action: 'resume' }, { key: c.key }), 403);

      const resumed = await act(host, id, { action: 'resume', note: 'answered' });
      expect(resumed.ticket.status).toBe('in-progress');
      expect(resumed.ticket.sla.resolve.status).toBe('running');

      const waitingVendor = await act(host, id, {
        action: 'wait-vendor',
        vendorReference: 'MSFT-12345',
        note: 'Raised with vendor',
      });
      expect(waitingVendor.ticket).toMatchObject({ status: 'waiting-on-vendor', vendorReference: 'MSFT-12345' });
      expect(waitingVendor.ticket.sla.resolve.status).toBe('paused');
      await expectProblem(await postAction(host, id, { action: 'wait-client', note: 'both?' }), 409);
      expect((await act(host, id, { action: 'resume' })).ticket.status).toBe('in-progress');

      const escalated = await act(host, id, { action: 'escalate', tier: 'L3', handoverNote: 'Heap dump attached' });
      expect(escalated.ticket.tier).toBe('L3');
      for (const tier of ['L1', 'L2', 'L3']) {
        const down = await expectProblem(
          await postAction(host, id, { action: 'escalate', tier, handoverNote: 'back' }),
          422,
        );
        expect(fieldsOf(down)).toContain('tier');
      }
      expect((await getTicket(host, id)).ticket.tier).toBe('L3');

      const resolved = await act(host, id, { action: 'resolve', cause: 'Null pointer', fix: 'Patched in 2.3.1' });
      expect(resolved.ticket.status).toBe('resolved');
      expect(resolved.ticket.resolution).toMatchObject({ cause: 'Null pointer', fix: 'Patched in 2.3.1', by: 'admin' });
      expect(resolved.ticket.sla.resolve.status).toBe('met');

      const rejected = await act(
        host,
        id,
        { action: 'reject', by: c.requester, reason: 'Still fails on Safari' },
        { key: c.key },
      );
      expect(rejected.ticket.status).toBe('in-progress');
      expect(rejected.ticket.sla.resolve.status).toBe('running');

      expect(
        (await act(host, id, { action: 'resolve', cause: 'Safari quirk', workaround: 'Use Firefox' })).ticket.status,
      ).toBe('resolved');
      const closed = await act(host, id, { action: 'confirm', by: c.approver, note: 'Works now' }, { key: c.key });
      expect(closed.ticket.status).toBe('closed');

      const commented = await act(host, id, { action: 'comment', by: c.requester, text: 'Thanks!' }, { key: c.key });
      expect(commented.ticket.status).toBe('closed');
      const followed = await act(host, id, { action: 'follow-up', task: 'Add a Safari test to CI' });
      expect(followed.ticket.followUps).toEqual([
        expect.objectContaining({ task: 'Add a Safari test to CI', by: 'admin' }),
      ]);
      await expectProblem(await postAction(host, id, { action: 'resume' }), 409);
      await expectProblem(
        await postAction(host, id, { action: 'reject', by: c.requester, reason: 'again' }, { key: c.key }),
        409,
      );

      const events = await timeline(host, id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.map((e) => (e.type === 'sla.met' ? `sla.met:${String(e.data.clock)}` : e.type))).toEqual([
        'ticket.created',
        'ticket.assessed',
        'sla.met:assess',
        'ticket.waiting',
        'ticket.resumed',
        'ticket.waiting',
        'ticket.resumed',
        'ticket.escalated',
        'ticket.resolved',
        'sla.met:resolve',
        'ticket.reopened',
        'ticket.resolved',
        'ticket.closed',
        'ticket.commented',
        'ticket.follow-up-recorded',
      ]);
      const at = events.map((e) => ms(e.at));
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(events.find((e) => e.type === 'ticket.escalated')?.data).toMatchObject({
        from: 'L2',
        to: 'L3',
        handoverNote: 'Heap dump attached',
      });
      expect(events.find((e) => e.type === 'ticket.reopened')).toMatchObject({
        actor: c.requester,
        data: { reason: 'Still fails on Safari' },
      });
      expect(events.find((e) => e.type === 'ticket.closed')?.actor).toBe(c.approver);
      expect(events.filter((e) => e.type === 'ticket.waiting').map((e) => e.data.on)).toEqual(['client', 'vendor']);
    });

    it('quotes uncovered work, which an approver approves through a client key', async () => {
      const c = await setUpClient(host, 'quote-co', 'QUO');
      const { id } = await createTicket(host, {
        clientId: c.clientId,
        severity: 'cat3',
        reporter: c.requester,
        type: 'enhancement',
      });
      const noQuote = await expectProblem(await postAction(host, id, { action: 'assess', tier: 'L1' }), 422);
      expect(fieldsOf(noQuote)).toContain('quote');

      const quoted = await act(host, id, { action: 'assess', tier: 'L2', quote: { hours: 6, note: 'Two screens' } });
      expect(quoted.ticket).toMatchObject({ status: 'awaiting-approval', quote: { hours: 6, note: 'Two screens' } });
      expect(quoted.ticket.sla.resolve.status).toBe('not-applicable');

      // Without a contact, or with a requester-only one, a client key cannot approve.
      const anonymous = await postAction(host, id, { action: 'approve', mode: 'quote' }, { key: c.key });
      expect(anonymous.status).toBeGreaterThanOrEqual(400);
      expect(anonymous.status).toBeLessThan(500);
      await expectProblem(anonymous, anonymous.status);
      const requester = await expectProblem(
        await postAction(host, id, { action: 'approve', mode: 'quote', by: c.requester }, { key: c.key }),
        403,
      );
      expect(fieldsOf(requester)).toContain('by');
      const inactive = await postAction(host, id, { action: 'approve', mode: 'quote', by: c.inactive }, { key: c.key });
      expect(fieldsOf(await expectProblem(inactive, inactive.status))).toContain('by');
      expect(inactive.status).toBeLessThan(500);
      expect((await getTicket(host, id)).ticket.status).toBe('awaiting-approval');

      const approved = await act(
        host,
        id,
        { action: 'approve', mode: 'quote', by: c.approver, note: 'Go ahead' },
        { key: c.key },
      );
      expect(approved.ticket.status).toBe('in-progress');
      expect(approved.ticket.approval).toMatchObject({ decision: 'quote', by: c.approver });
      await expectProblem(
        await postAction(host, id, { action: 'approve', mode: 'quote', by: c.approver }, { key: c.key }),
        409,
      );
      const types = (await timeline(host, id)).map((e) => e.type);
      expect(types).toEqual(['ticket.created', 'ticket.assessed', 'ticket.approved']);
    });

    it('closes a declined quote, and lets staff close a ticket', async () => {
      const c = await setUpClient(host, 'decline-co', 'DEC');
      const { id } = await createTicket(host, { clientId: c.clientId, severity: 'cat4', reporter: c.requester });
      await act(host, id, { action: 'assess', tier: 'L1', quote: { hours: 2 } });
      const declined = await act(
        host,
        id,
        { action: 'decline', by: c.approver, reason: 'Not this year' },
        { key: c.key },
      );
      expect(declined.ticket.status).toBe('closed');
      expect(declined.ticket.approval).toMatchObject({ decision: 'declined', by: c.approver });

      const other = await createTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester });
      await expectProblem(await postAction(host, other.id, { action: 'close', reason: 'dup' }, { key: c.key }), 403);
      const closed = await act(host, other.id, { action: 'close', reason: 'Duplicate of DEC-1' });
      expect(closed.ticket.status).toBe('closed');
      expect(closed.ticket.sla.assess.status).toBe('met');
      expect(closed.ticket.sla.resolve.status).toBe('met');
      await expectProblem(await postAction(host, other.id, { action: 'close', reason: 'again' }), 409);
      expect((await timeline(host, other.id)).map((e) => e.type)).toEqual([
        'ticket.created',
        'ticket.closed',
        'sla.met',
        'sla.met',
      ]);
    });

    it('refuses a stale If-Match with 412 and accepts the current ETag, which then changes', async () => {
      const c = await setUpClient(host, 'etag-co', 'ETAG');
      const { id } = await createTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester });
      const { etag: first } = await getTicket(host, id);
      const assessed = await act(host, id, { action: 'assess', tier: 'L1' }, { headers: { 'if-match': first } });
      expect(assessed.etag).not.toBe(first);
      expect((await getTicket(host, id)).etag).toBe(assessed.etag);

      const stale = await expectProblem(
        await postAction(host, id, { action: 'wait-client', note: 'logs?' }, { headers: { 'if-match': first } }),
        412,
      );
      expect(stale.title).toMatch(/precondition/i);
      expect((await getTicket(host, id)).ticket.status).toBe('in-progress');
      await expectProblem(
        await postAction(host, id, { action: 'comment', text: 'hi' }, { headers: { 'if-match': '"not-an-etag"' } }),
        412,
      );

      const waited = await act(
        host,
        id,
        { action: 'wait-client', note: 'logs?' },
        { headers: { 'if-match': assessed.etag } },
      );
      expect(waited.ticket.status).toBe('waiting-on-client');
      expect(waited.etag).not.toBe(assessed.etag);
      expect((await timeline(host, id)).map((e) => e.type)).toEqual([
        'ticket.created',
        'ticket.assessed',
        'sla.met',
        'ticket.waiting',
      ]);
    });
  });

  describe('authorization', () => {
    it('answers 401 without a key or with an unknown one', async () => {
      const c = await setUpClient(host, 'auth-co', 'AUTH');
      const { id } = await createTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester });
      const unknownKeys = [
        null,
        'nonsense',
        `sdk_${'0'.repeat(12)}_${'A'.repeat(43)}`,
        `${host.adminKey}x`,
        c.key.slice(0, -1),
      ];
      for (const key of unknownKeys) {
        for (const [route, init] of [
          [`/tickets/${id}`, {}],
          [
            '/tickets',
            { method: 'POST', json: ticketBody({ clientId: c.clientId, severity: 'cat1', reporter: c.requester }) },
          ],
          [`/tickets/${id}/actions`, { method: 'POST', json: { action: 'comment', text: 'x' } }],
          ['/clients/auth-co', {}],
        ] as const) {
          const res = await host.api(route, { ...init, key });
          await expectProblem(res, 401);
          expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        }
      }
      const raw = await fetch(`${host.baseUrl}/api/tickets/${id}`, {
        headers: { authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` },
      });
      await expectProblem(raw, 401);
      expect((await timeline(host, id)).map((e) => e.type)).toEqual(['ticket.created']);
      expect((await listAll(host, `clientId=${c.clientId}`)).map((t) => t.id)).toEqual([id]);
    });

    it("hides another client's tickets behind 404, never 403 and never the data", async () => {
      const a = await setUpClient(host, 'tenant-a', 'TENA');
      const b = await setUpClient(host, 'tenant-b', 'TENB');
      const secretTitle = 'Tenant B payroll export leaks salaries';
      const bTicket = await createTicket(host, {
        clientId: b.clientId,
        severity: 'cat1',
        reporter: b.requester,
        title: secretTitle,
      });
      const aTicket = await createTicket(host, { clientId: a.clientId, severity: 'cat2', reporter: a.requester });

      const notFound = async (res: Response) => {
        const text = await res.text();
        expect(res.status, text).toBe(404);
        expect(text).not.toContain(secretTitle);
        expect(text).not.toContain(b.requester);
      };
      await notFound(await host.api(`/tickets/${bTicket.id}`, { key: a.key }));
      await notFound(await host.api(`/tickets/${bTicket.id}/timeline`, { key: a.key }));
      await notFound(await postAction(host, bTicket.id, { action: 'comment', text: 'peek' }, { key: a.key }));
      await notFound(await postAction(host, bTicket.id, { action: 'confirm', by: a.approver }, { key: a.key }));
      await notFound(
        await postTicket(host, { clientId: b.clientId, severity: 'cat1', reporter: b.requester }, { key: a.key }),
      );
      await notFound(await host.api(`/tickets?clientId=${b.clientId}`, { key: a.key }));
      // The same answer as for a ticket that does not exist at all.
      const missing = await host.api(`/tickets/${b.prefix}-999`, { key: a.key });
      expect(missing.status).toBe(404);
      const existing = await host.api(`/tickets/${bTicket.id}`, { key: a.key });
      expect(Object.keys(await bodyOf<object>(existing)).sort()).toEqual(
        Object.keys(await bodyOf<object>(missing)).sort(),
      );

      // Nothing happened to B's ticket, and A's key still works on A's own ticket.
      expect((await timeline(host, bTicket.id)).map((e) => e.type)).toEqual(['ticket.created']);
      expect((await listAll(host, `clientId=${b.clientId}`)).map((t) => t.id)).toEqual([bTicket.id]);
      expect((await getTicket(host, aTicket.id, a.key)).ticket.id).toBe(aTicket.id);
      expect((await timeline(host, aTicket.id)).length).toBe(1);
    });

    it('enforces key scopes: 403 without tickets:write or tickets:read', async () => {
      const c = await setUpClient(host, 'scope-co', 'SCO');
      const { id } = await createTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester });
      await expectProblem(
        await postTicket(
          host,
          { clientId: c.clientId, severity: 'cat1', reporter: c.requester },
          { key: c.readOnlyKey },
        ),
        403,
      );
      await expectProblem(
        await postAction(host, id, { action: 'comment', by: c.requester, text: 'hi' }, { key: c.readOnlyKey }),
        403,
      );
      expect((await getTicket(host, id, c.readOnlyKey)).ticket.id).toBe(id);
      await expectProblem(await host.api(`/tickets/${id}`, { key: c.alertsKey }), 403);
      await expectProblem(await host.api('/tickets', { key: c.alertsKey }), 403);
      await expectProblem(
        await postTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester }, { key: c.alertsKey }),
        403,
      );
      // A key with write scope raises tickets for its client; nothing else was created.
      expect(
        (await createTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester }, { key: c.key }))
          .id,
      ).toBe('SCO-2');
      expect((await timeline(host, id)).map((e) => e.type)).toEqual(['ticket.created']);
    });

    it('lets a client key list only its own tickets', async () => {
      const a = await setUpClient(host, 'list-a', 'LSA');
      const b = await setUpClient(host, 'list-b', 'LSB');
      for (let i = 0; i < 3; i++)
        await createTicket(host, { clientId: a.clientId, severity: 'cat2', reporter: a.requester });
      for (let i = 0; i < 2; i++)
        await createTicket(host, { clientId: b.clientId, severity: 'cat1', reporter: b.requester });
      const own = await listAll(host, 'limit=200', a.key);
      expect(own.map((t) => t.id).sort()).toEqual(['LSA-1', 'LSA-2', 'LSA-3']);
      expect(new Set(own.map((t) => t.clientId))).toEqual(new Set(['list-a']));
      expect((await listAll(host, 'clientId=list-a', a.key)).length).toBe(3);
      // The admin key sees both.
      const all = await listAll(host, 'limit=200');
      expect(all.map((t) => t.id)).toEqual(expect.arrayContaining(['LSA-1', 'LSA-3', 'LSB-1', 'LSB-2']));
    });

    it('keeps admin routes from client keys (403)', async () => {
      const c = await setUpClient(host, 'admin-co', 'ADM');
      const checks: [string, RequestInit & { json?: unknown }][] = [
        ['/clients/admin-co', { method: 'PUT', json: clientBody('ADM') }],
        ['/clients/admin-co', {}],
        ['/clients/other-co', { method: 'PUT', json: clientBody('OTHR') }],
        [
          '/clients/admin-co/contacts/x%40admin-co.example',
          { method: 'PUT', json: { name: 'X', roles: ['approver'] } },
        ],
        [
          '/clients/admin-co/api-keys',
          { method: 'POST', json: { name: 'mine', scopes: ['tickets:read', 'tickets:write', 'alerts:write'] } },
        ],
      ];
      for (const [route, init] of checks) {
        await expectProblem(await host.api(route, { ...init, key: c.key }), 403);
      }
      await expectProblem(await host.api('/clients/other-co'), 404);
      const contact = await postTicket(host, {
        clientId: c.clientId,
        severity: 'cat1',
        reporter: 'x@admin-co.example',
      });
      expect(contact.status).toBe(422);
    });
  });

  describe('listing', () => {
    it('lists soonest due first, filters by status and pages with a cursor', async () => {
      const c = await setUpClient(host, 'order-co', 'ORD');
      const cat2 = await createTicket(host, { clientId: c.clientId, severity: 'cat2', reporter: c.requester });
      const cat1 = await createTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester });
      const cat3 = await createTicket(host, { clientId: c.clientId, severity: 'cat3', reporter: c.requester });
      const ordered = await listAll(host, `clientId=${c.clientId}`);
      expect(ordered.map((t) => t.id)).toEqual([cat1.id, cat2.id, cat3.id]);

      await act(host, cat2.id, { action: 'assess', tier: 'L1' });
      expect((await listAll(host, `clientId=${c.clientId}&status=in-progress`)).map((t) => t.id)).toEqual([cat2.id]);
      expect((await listAll(host, `clientId=${c.clientId}&status=new`)).map((t) => t.id)).toEqual([cat1.id, cat3.id]);
      expect(await listAll(host, `clientId=${c.clientId}&status=closed`)).toEqual([]);
      await expectProblem(await host.api(`/tickets?clientId=${c.clientId}&status=open`), 400);

      for (let i = 0; i < 4; i++)
        await createTicket(host, { clientId: c.clientId, severity: i % 2 ? 'cat1' : 'cat4', reporter: c.requester });
      const everything = (await listAll(host, `clientId=${c.clientId}&limit=200`)).map((t) => t.id);
      expect(everything).toHaveLength(7);
      const paged: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await host.api(
          `/tickets?clientId=${c.clientId}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.status).toBe(200);
        const page = await bodyOf<{ items: TicketView[]; nextCursor?: string }>(res);
        expect(page.items.length).toBeLessThanOrEqual(3);
        paged.push(...page.items.map((t) => t.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(paged).toEqual(everything);
      await expectProblem(await host.api(`/tickets?clientId=${c.clientId}&cursor=bogus`), 400);
      await expectProblem(await host.api(`/tickets?clientId=${c.clientId}&limit=0`), 400);
    });
  });

  describe('OpenAPI', () => {
    it('documents every route of docs/product-spec.md §2 that exists, with request schemas', async () => {
      const res = await host.api('/openapi.json', { key: null });
      expect(res.status).toBe(200);
      const doc = await bodyOf<{
        openapi: string;
        paths: Record<
          string,
          Record<
            string,
            {
              requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
              parameters?: { name: string; in: string }[];
            }
          >
        >;
      }>(res);
      expect(doc.openapi).toMatch(/^3\.1\./);
      // Both ways in are described: bearer credentials, and the session cookie with its headers.
      const schemes = (
        doc as unknown as {
          components: { securitySchemes: Record<string, { type: string; name?: string; description: string }> };
        }
      ).components.securitySchemes;
      expect(schemes.session).toMatchObject({ type: 'apiKey', name: '__Host-sd' });
      expect(schemes.session?.description).toMatch(/X-CSRF-Token[\s\S]*X-Act-As/);
      // Every route of docs/product-spec.md §2 with the example values used to find out whether it exists yet.
      const specRoutes: [method: string, route: string, concrete: string, hasBody: boolean][] = [
        ['get', '/api/health', '/health', false],
        ['put', '/api/clients/{clientId}', '/clients/nobody', true],
        ['get', '/api/clients/{clientId}', '/clients/nobody', false],
        ['put', '/api/clients/{clientId}/contacts/{email}', '/clients/nobody/contacts/a%40b.example', true],
        ['post', '/api/clients/{clientId}/api-keys', '/clients/nobody/api-keys', true],
        ['post', '/api/tickets', '/tickets', true],
        ['get', '/api/tickets/{ticketId}', '/tickets/NONE-1', false],
        ['get', '/api/tickets', '/tickets', false],
        ['post', '/api/tickets/{ticketId}/actions', '/tickets/NONE-1/actions', true],
        ['get', '/api/tickets/{ticketId}/timeline', '/tickets/NONE-1/timeline', false],
        ['post', '/api/tickets/{ticketId}/time-entries', '/tickets/NONE-1/time-entries', true],
        ['get', '/api/clients/{clientId}/hour-bank', '/clients/nobody/hour-bank', false],
        ['post', '/api/clients/{clientId}/hour-bank/purchases', '/clients/nobody/hour-bank/purchases', true],
        ['post', '/api/alerts/{source}', '/alerts/azure-monitor', true],
        ['get', '/api/openapi.json', '/openapi.json', false],
      ];
      // These exist since the first API version; the rest are checked once the host answers them.
      const required = new Set([
        '/api/health',
        '/api/clients/{clientId}',
        '/api/clients/{clientId}/contacts/{email}',
        '/api/clients/{clientId}/api-keys',
        '/api/tickets',
        '/api/tickets/{ticketId}',
        '/api/tickets/{ticketId}/actions',
        '/api/tickets/{ticketId}/timeline',
        '/api/openapi.json',
      ]);
      let documented = 0;
      for (const [method, route, concrete, hasBody] of specRoutes) {
        const probe = await host.api(concrete, { method: method.toUpperCase(), ...(hasBody ? { json: {} } : {}) });
        const text = await probe.text();
        const exists = probe.status !== 405 && !(probe.status === 404 && text.includes('No route'));
        if (required.has(route))
          expect(exists, `${method} ${route} → ${probe.status} ${text.slice(0, 100)}`).toBe(true);
        if (!exists) continue;
        const operation = doc.paths[route]?.[method];
        expect(operation, `${method} ${route} is served but not documented`).toBeDefined();
        if (hasBody)
          expect(
            operation?.requestBody?.content['application/json']?.schema,
            `${method} ${route} request schema`,
          ).toBeDefined();
        documented++;
      }
      expect(documented).toBeGreaterThanOrEqual(specRoutes.filter(([, route]) => required.has(route)).length);
      const requestSchema = (route: string, method: string) =>
        doc.paths[route]?.[method]?.requestBody?.content['application/json']?.schema;
      const putClient = requestSchema('/api/clients/{clientId}', 'put');
      expect(putClient?.required).toEqual(expect.arrayContaining(['name', 'ticketPrefix', 'timezone', 'agreement']));
      expect(requestSchema('/api/clients/{clientId}/contacts/{email}', 'put')?.required).toEqual(
        expect.arrayContaining(['name', 'roles']),
      );
      expect(requestSchema('/api/clients/{clientId}/api-keys', 'post')?.required).toEqual(
        expect.arrayContaining(['name', 'scopes']),
      );
      const create = requestSchema('/api/tickets', 'post');
      expect(create?.required).toEqual(expect.arrayContaining(['clientId', 'title', 'description', 'severity']));
      expect(Object.keys(create?.properties ?? {})).toEqual(
        expect.arrayContaining(['reporter', 'channel', 'receivedAt']),
      );
      const actions = JSON.stringify(requestSchema('/api/tickets/{ticketId}/actions', 'post') ?? {});
      for (const action of [
        'assess',
        'approve',
        'decline',
        'wait-client',
        'wait-vendor',
        'resume',
        'escalate',
        'resolve',
        'confirm',
        'reject',
        'close',
        'comment',
      ]) {
        expect(actions).toContain(`"${action}"`);
      }
      const headerNames = (route: string, method: string) =>
        (doc.paths[route]?.[method]?.parameters ?? [])
          .filter((p) => p.in === 'header')
          .map((p) => p.name.toLowerCase());
      expect(headerNames('/api/tickets', 'post')).toContain('idempotency-key');
      expect(headerNames('/api/tickets/{ticketId}/actions', 'post')).toContain('if-match');
    });
  });
});
