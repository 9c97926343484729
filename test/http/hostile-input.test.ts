import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import {
  act,
  clientBody,
  createTicket,
  expectProblem,
  fieldsOf,
  putContact,
  setUpClient,
  ticketBody,
  timeline,
  type ClientFixture,
  type Problem,
  type TicketView,
} from '../e2e/support/api-fixtures';

/**
 * Hostile input against one local host: whatever arrives, the answer is a 4xx RFC 9457 problem
 * (or a success for input that happens to be valid), never a 500 and never a stack trace; and
 * refused requests write nothing.
 */

/** Fixed seed and bounded runs for CI; `FUZZ_SEED` / `FUZZ_RUNS` explore further by hand. */
const runs = {
  numRuns: Number(process.env.FUZZ_RUNS ?? 120),
  seed: Number(process.env.FUZZ_SEED ?? 20261123),
  endOnFailure: true,
} as const;

/** A 4xx problem whose body says the same status, with no trace of the server's internals. */
async function expectCleanRefusal(res: Response, context: string): Promise<Problem> {
  const text = await res.text();
  const where = `${context} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, where).toBeGreaterThanOrEqual(400);
  expect(res.status, where).toBeLessThan(500);
  expect(res.headers.get('content-type'), where).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as Problem;
  expect(problem.status, where).toBe(res.status);
  expect(typeof problem.title, where).toBe('string');
  expectNoInternals(text, where);
  return problem;
}

function expectNoInternals(text: string, where: string): void {
  expect(text, where).not.toMatch(/\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|\/|node:)[^\s)]*:\d+:\d+/);
  expect(text, where).not.toContain('node_modules');
  expect(text, where).not.toMatch(/\b(?:TypeError|RangeError|SyntaxError|ReferenceError|RestError)\b/);
}

/** Either what the request asked for (a 2xx JSON answer) or a clean refusal. */
async function expectHandled(res: Response, context: string): Promise<'ok' | 'refused'> {
  if (res.status >= 200 && res.status < 300) {
    expect(res.headers.get('content-type'), context).toMatch(/^application\/json/);
    return 'ok';
  }
  await expectCleanRefusal(res, context);
  return 'refused';
}

interface Agreement {
  calendars: Record<string, unknown>;
  severities: { id: string; description: string; calendar?: string; assessWithin?: string; resolveWithin?: string }[];
}

// ---------------------------------------------------------------------------------------------
// Generators

const tricky = [
  '',
  ' ',
  '\u0000',
  'a\u2028b\u2029c',
  '{"x":"}"}\u2028{}',
  '\ud800',
  '\udfff',
  'a\ud83d',
  '🔥🧯'.repeat(5),
  'ｔｉｃｋｅｔ',
  '\u202e\u0041\u202c',
  'e\u0301\u0301\u0301',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "' or PartitionKey ne '",
  "x' or 1 eq 1 or 'x",
  '../../../etc/passwd',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  '{{7*7}}',
  '\\',
  '"',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'PT0S',
  '-PT1H',
  'P1Y',
  'P99999999W',
  'PT1H',
  'cat1',
  'L3',
  'closed',
  'tickets:write',
  'a@b.c',
  'requester@fuzz-co.example',
  'FUZZ-1',
  'whsec_AAAAAAAAAAAAAAAAAAAA',
  'Europe/London',
  'Etc/GMT+14',
  '24x7',
  '00:00-24:00',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...tricky) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }) },
  // Long: past every field's limit, some past the body limit.
  { weight: 1, arbitrary: fc.integer({ min: 201, max: 300_000 }).map((n) => 'x'.repeat(n)) },
  // Characters that JSON escapes six-fold.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => '\u0001'.repeat(n)) },
);

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      hostileString.filter((s) => s.length < 50),
      hostileScalar,
      { maxKeys: 4 },
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 800 }).map((depth) => nest(depth)) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 10_000 }, (_, i) => i)) },
);

function nest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Every path to a value inside a JSON document, the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  return paths;
}

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

/** A copy of `doc` with one place changed; `__proto__` and friends are added as own JSON keys. */
function mutate(doc: unknown, path: (string | number)[], mutation: Mutation): string {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown;
  const marker = '\u0000\u0001marker\u0001\u0000';
  let injected: string | undefined;
  if (path.length === 0) {
    if (mutation.kind === 'replace') return JSON.stringify(mutation.value) ?? 'null';
    if (mutation.kind === 'delete') return '';
  }
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<
    string | number,
    unknown
  >;
  const last = path[path.length - 1] ?? '';
  const target = path.length === 0 ? (copy as Record<string, unknown>) : parent;
  switch (mutation.kind) {
    case 'replace':
      target[last] = mutation.value;
      break;
    case 'delete':
      if (Array.isArray(target)) target.splice(Number(last), 1);
      else delete target[last];
      break;
    case 'add': {
      const node = path.length === 0 ? copy : parent[last];
      if (node && typeof node === 'object' && !Array.isArray(node)) {
        // Through a marker, so that `__proto__` becomes a key of the JSON text rather than a prototype.
        (node as Record<string, unknown>)[marker] = mutation.value;
        injected = JSON.stringify(mutation.key);
      } else {
        target[last] = { [mutation.key]: mutation.value };
      }
    }
  }
  const text = JSON.stringify(copy);
  return injected ? text.replace(JSON.stringify(marker), injected) : text;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: hostileValue.map((value): Mutation => ({ kind: 'replace', value })) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'delete' }) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        key: fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'kind', 'scopes', 'status', 'id'),
          hostileString.filter((s) => s.length < 40),
        ),
        value: hostileValue,
      })
      .map(({ key, value }): Mutation => ({ kind: 'add', key, value })),
  },
);

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Replacements that look like what they replace, so that they get past the schema and into the logic. */
function lookalike(original: unknown): fc.Arbitrary<unknown> {
  if (typeof original === 'string' && /^-?P/.test(original)) {
    return fc.oneof(
      fc.constantFrom(
        'P99999999W',
        'P9999999W',
        'PT999999999H',
        'P366D',
        'P367D',
        'P52W',
        'PT8784H',
        'PT0.001S',
        'PT1S',
        'PT0S',
        '-PT1H',
        'P1Y',
        'P1M',
        'PT1H30M',
        'P1DT1H',
        'P0D',
        'PT',
        'P',
      ),
      fc.integer({ min: 1, max: 10_000 }).map((n) => `PT${n}H`),
      fc.integer({ min: 1, max: 60 }).map((n) => `P${n}W`),
    );
  }
  if (typeof original === 'string' && /^\d\d:\d\d-\d\d:\d\d$/.test(original)) {
    return fc.oneof(
      fc.constantFrom(
        '00:00-24:00',
        '09:00-09:01',
        '23:59-24:00',
        '24:00-24:00',
        '12:00-11:00',
        '9:00-17:30',
        '09:00-17:30 ',
        '00:00-00:00',
        '01:00-03:00',
      ),
      fc
        .tuple(
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 61 }),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 61 }),
        )
        .map(([a, b, c2, d]) => `${pad2(a)}:${pad2(b)}-${pad2(c2)}:${pad2(d)}`),
    );
  }
  if (typeof original === 'string' && /@/.test(original)) {
    return fc.oneof(
      fc.emailAddress(),
      fc.constantFrom(
        'UPPER@FUZZ-CO.EXAMPLE',
        'requester@fuzz-co.example ',
        'a@b',
        '@fuzz-co.example',
        'requester@fuzz-co.example\u0000',
      ),
    );
  }
  if (typeof original === 'string') return hostileString;
  if (typeof original === 'number')
    return fc.oneof(
      fc.constantFrom(0, -1, 1e-9, 1e9, 1e308, 10_000, 10_001, 0.75, 1, 2 ** 53),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      hostileString,
    );
  if (typeof original === 'boolean') return fc.oneof(fc.constant(!original), fc.constantFrom('true', 0, 1, null));
  if (Array.isArray(original)) {
    const items = original as unknown[];
    return fc.oneof(
      fc.constant([]),
      fc.constant([...items, ...items]),
      fc.constant(items.slice(1)),
      fc.array(hostileScalar, { maxLength: 3 }),
    );
  }
  return hostileValue;
}

/** A valid document with one hostile change, as JSON text. */
function mutated(doc: unknown): fc.Arbitrary<string> {
  const paths = pathsOf(doc).filter((p) => p.length > 0);
  const at = (path: (string | number)[]) =>
    path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], doc);
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: paths.length }), mutationArb)
        .map(([i, m]) => mutate(doc, paths[i] ?? [], m)),
    },
    {
      weight: 3,
      arbitrary: fc
        .integer({ min: 0, max: paths.length - 1 })
        .chain((i) =>
          lookalike(at(paths[i] ?? [])).map((value) => mutate(doc, paths[i] ?? [], { kind: 'replace', value })),
        ),
    },
  );
}

const invalidJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    '{"clientId":"fuzz-co",}',
    "{'a':1}",
    '[1,2',
    'nul',
    'NaN',
    '{"a":1}{"b":2}',
    '\ufeff{}',
    '{"a":"\\x41"}',
    '{"a":01}',
    '{"a":"\u0000"}'.replace('\u0000', '\\u00'),
    '<xml/>',
    'undefined',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => !parses(s)),
  fc.integer({ min: 1000, max: 100_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth - 1)),
);

const deepJsonText: fc.Arbitrary<string> = fc
  .integer({ min: 1000, max: 100_000 })
  .chain((depth) =>
    fc.constantFrom('['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  );

/** A lone surrogate cannot be put in a URL at all (encodeURIComponent throws); a client could not send it. */
function encodable(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const randomJsonText = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));

/**
 * Strings a conforming client can send as a header value (RFC 9110 field-value: visible ASCII, space,
 * tab, obs-text). Control characters never reach the app: Node's HTTP parser refuses them first.
 */
const headerValue: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'binary-ascii', maxLength: 120 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 600 }),
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      'bearer  x',
      'Basic YWRtaW46YWRtaW4=',
      'Bearer sdk_000000000000_' + 'A'.repeat(43),
      'Bearer null',
      'Bearer ' + 'x'.repeat(5000),
      'Digest x',
      'Bearer\t\tx',
      ' Bearer x',
    ),
    fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
  )
  .filter((v) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v));

/** Path segments: raw (slashes, dots, percent signs), encoded, unicode, long. */
const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2F',
    '..%2F..%2Fclients',
    '%00',
    '%',
    '%E0%A4%A',
    '%ZZ',
    'FUZZ-0',
    'FUZZ-01',
    'FUZZ--1',
    'FUZZ-1%2F..',
    'fuzz-1',
    'FUZZ-99999999999',
    'FUZZ-1.json',
    '~prefix',
    '~apikey',
    'counter',
    'FUZZ-1%20',
    'A-1',
    'ZZ-1',
    '%F0%9F%94%A5-1',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s)),
  fc.string({
    unit: fc.constantFrom('A', 'Z', '-', '1', '9', '.', '%2F', '%2E', '~', '_'),
    minLength: 1,
    maxLength: 30,
  }),
  fc.integer({ min: 65, max: 8000 }).map((n) => 'A'.repeat(n)),
  fc.stringMatching(/^[A-Z][A-Z0-9]{1,11}-[1-9][0-9]{0,9}$/),
);

// ---------------------------------------------------------------------------------------------

describe('hostile input', () => {
  let host: RunningLocalHost;
  let c: ClientFixture;
  let ticketsCreated = 0;
  let ticketId = '';
  let clientUpdatedAt = '';
  const validCreate = () =>
    ticketBody({
      clientId: 'fuzz-co',
      severity: 'cat2',
      reporter: 'requester@fuzz-co.example',
      title: 'Fuzz',
      description: 'Fuzzing',
    });

  const postRaw = (
    route: string,
    body: string | undefined,
    init: { method?: string; headers?: Record<string, string>; key?: string | null } = {},
  ) =>
    host.api(route, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      ...(body === undefined ? {} : { body }),
      ...('key' in init ? { key: init.key } : {}),
    });

  beforeAll(async () => {
    // These tests send many wrong keys on purpose; the failed-authentication throttle is tested in test/security.
    host = await startLocalHost({ env: { SUPPORTDESK_AUTH_FAILURE_BUDGET: '1000000' } });
    c = await setUpClient(host, 'fuzz-co', 'FUZZ');
    ticketId = (await createTicket(host, { clientId: c.clientId, severity: 'cat2', reporter: c.requester })).id;
    ticketsCreated = 1;
    clientUpdatedAt = ((await (await host.api('/clients/fuzz-co')).json()) as { updatedAt: string }).updatedAt;
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('refuses hostile create-ticket bodies cleanly, and creates only from valid ones', async () => {
    const body = fc.oneof(
      { weight: 5, arbitrary: mutated(validCreate()) },
      { weight: 1, arbitrary: randomJsonText },
      { weight: 1, arbitrary: invalidJsonText },
      { weight: 1, arbitrary: deepJsonText },
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await postRaw('/tickets', text);
        if ((await expectHandled(res.clone(), `create ${text.slice(0, 120)}`)) === 'ok') {
          expect(res.status).toBe(201);
          const ticket = (await res.json()) as TicketView;
          ticketsCreated++;
          expect(ticket.id).toBe(`FUZZ-${ticketsCreated}`);
          // What was accepted is what is stored, unicode included.
          const sent = JSON.parse(text) as { title: string; description: string };
          expect(ticket.title).toBe(sent.title.trim());
          const read = (await (await host.api(`/tickets/${ticket.id}`)).json()) as TicketView;
          expect(read.description).toBe(sent.description.trim());
        }
      }),
      runs,
    );
  });

  it('refuses hostile put-client bodies cleanly; an accepted agreement always takes tickets', async () => {
    const body = fc.oneof(
      { weight: 6, arbitrary: mutated({ ...contractClient(), ticketPrefix: 'FZC' }) },
      { weight: 1, arbitrary: randomJsonText },
      { weight: 1, arbitrary: invalidJsonText },
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await postRaw('/clients/fuzz-client', text, { method: 'PUT' });
        if ((await expectHandled(res.clone(), `put-client ${text.slice(0, 200)}`)) === 'refused') return;
        accepted++;
        const client = (await res.json()) as { agreement: { severities: { id: string; covered: boolean }[] } };
        // The accepted agreement must work: one ticket at each of its severities.
        await putContact(
          host,
          'fuzz-client',
          'someone@fuzz-client.example',
          { name: 'Someone', roles: ['requester'] },
          accepted === 1 ? 201 : 200,
        );
        for (const severity of client.agreement.severities) {
          const created = await host.api('/tickets', {
            method: 'POST',
            json: {
              clientId: 'fuzz-client',
              title: 't',
              description: 'd',
              severity: severity.id,
              reporter: 'someone@fuzz-client.example',
            },
          });
          expect(created.status, `${severity.id} in ${text.slice(0, 300)}: ${await created.clone().text()}`).toBe(201);
          const ticket = (await created.json()) as TicketView;
          expect(ticket.sla.assess.status).toBe(severity.covered ? 'running' : 'not-applicable');
        }
      }),
      runs,
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('refuses hostile action bodies cleanly, and records exactly the accepted ones', async () => {
    const validActions: Record<string, unknown>[] = [
      { action: 'comment', text: 'hello' },
      { action: 'assess', tier: 'L2', severity: 'cat2', estimateHours: 2, quote: { hours: 1 } },
      { action: 'wait-vendor', vendorReference: 'V-1', note: 'n' },
      { action: 'approve', mode: 'quote', by: 'approver@fuzz-co.example' },
      { action: 'escalate', tier: 'L3', handoverNote: 'h' },
      { action: 'resolve', cause: 'c', fix: 'f' },
      { action: 'reject', by: 'requester@fuzz-co.example', reason: 'r' },
    ];
    const body = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...validActions).chain((a) => mutated(a)) },
      { weight: 1, arbitrary: randomJsonText },
      { weight: 1, arbitrary: invalidJsonText },
      {
        weight: 1,
        arbitrary: fc.record({ action: hostileString }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      },
    );
    const before = await timeline(host, ticketId);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (text, asClient) => {
        const res = await postRaw(`/tickets/${ticketId}/actions`, text, asClient ? { key: c.key } : {});
        if ((await expectHandled(res, `action ${text.slice(0, 200)}`)) === 'ok') accepted++;
      }),
      runs,
    );
    const after = await timeline(host, ticketId);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    const actionEvents = (events: typeof after) => events.filter((e) => !e.type.startsWith('sla.')).length;
    expect(actionEvents(after) - actionEvents(before)).toBe(accepted);
  });

  it('refuses hostile people bodies cleanly: sign-in links, sessions, staff', async () => {
    const cases: [method: string, route: fc.Arbitrary<string>, body: fc.Arbitrary<string>][] = [
      ['POST', fc.constant('/sign-in/links'), mutated({ email: c.requester })],
      ['POST', fc.constant('/sessions'), mutated({ token: 'A'.repeat(43) })],
      [
        'PUT',
        fc.oneof(
          fc.constant('/staff/fuzz.engineer@desk.example'),
          pathSegment.map((p) => `/staff/${p}`),
        ),
        mutated({ name: 'Fuzz Engineer', roles: ['engineer', 'lead'], active: true }),
      ],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...cases)
          .chain(([method, route, body]) =>
            fc.tuple(
              fc.constant(method),
              route,
              fc.oneof({ weight: 4, arbitrary: body }, randomJsonText, invalidJsonText),
            ),
          ),
        async ([method, route, text]) => {
          const res = await postRaw(route, text, { method, ...(route.startsWith('/staff') ? {} : { key: null }) });
          const outcome = await expectHandled(res.clone(), `${method} ${route} ${text.slice(0, 200)}`);
          // Nothing but a real link's token makes a session.
          if (route === '/sessions') expect(outcome).toBe('refused');
          if (outcome === 'ok' && route === '/sign-in/links') expect(res.status).toBe(202);
        },
      ),
      runs,
    );
  });

  it('refuses hostile assign, diagnose and schedule bodies and staff-raised tickets cleanly', async () => {
    await host.api('/staff/fuzz.engineer@desk.example', {
      method: 'PUT',
      json: { name: 'Fuzz Engineer', roles: ['engineer'] },
    });
    const validActions: Record<string, unknown>[] = [
      { action: 'assign', to: 'fuzz.engineer@desk.example' },
      { action: 'diagnose', cause: 'c', workaround: 'w', estimateHours: 3 },
      {
        action: 'propose-schedule',
        items: [
          { what: 'Hot fix', by: '2026-12-01' },
          { what: 'Build', by: '2026-12-02T10:00:00Z' },
        ],
      },
      { action: 'accept-schedule', by: 'approver@fuzz-co.example', note: 'ok' },
      { action: 'query-schedule', by: 'approver@fuzz-co.example', remark: 'later?' },
    ];
    const target = (await createTicket(host, { clientId: c.clientId, severity: 'cat2', reporter: c.requester })).id;
    ticketsCreated++;
    const before = await timeline(host, target);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...validActions).chain((a) => mutated(a)) }, randomJsonText),
        async (text) => {
          if (
            (await expectHandled(await postRaw(`/tickets/${target}/actions`, text), `action ${text.slice(0, 200)}`)) ===
            'ok'
          )
            accepted++;
        },
      ),
      runs,
    );
    const after = await timeline(host, target);
    expect(
      after.filter((e) => !e.type.startsWith('sla.')).length - before.filter((e) => !e.type.startsWith('sla.')).length,
    ).toBe(accepted);

    const phoned = { ...validCreate(), channel: 'phone', receivedAt: new Date(Date.now() - 3_600_000).toISOString() };
    await fc.assert(
      fc.asyncProperty(mutated(phoned), async (text) => {
        const res = await postRaw('/tickets', text);
        if ((await expectHandled(res.clone(), `create ${text.slice(0, 200)}`)) === 'ok') {
          ticketsCreated++;
          expect(((await res.json()) as TicketView).id).toBe(`FUZZ-${ticketsCreated}`);
        }
      }),
      runs,
    );
  });

  it('answers hostile assignee and reporter filters with a page or a clean 400', async () => {
    // Below Node's 16 KB request-line limit, which the HTTP parser enforces before any app code runs.
    const value = fc.oneof(
      hostileString.filter((v) => v.length < 300),
      fc.constantFrom('me', 'ME', 'me@', 'requester@fuzz-co.example'),
      fc.emailAddress(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('assignee', 'reporter'), value.filter(encodable), async (name, v) => {
        const res = await host.api(`/tickets?${name}=${encodeURIComponent(v)}`);
        await expectHandled(res, `${name}=${v.slice(0, 80)}`);
      }),
      { ...runs, numRuns: Math.min(runs.numRuns, 60) },
    );
  });

  it('refuses garbage Authorization headers with 401, on every authenticated route', async () => {
    const routes: [string, string, unknown][] = [
      ['GET', `/tickets/${'FUZZ-1'}`, undefined],
      ['GET', '/tickets', undefined],
      ['POST', '/tickets', validCreate()],
      ['POST', '/tickets/FUZZ-1/actions', { action: 'comment', text: 'x' }],
      ['GET', '/clients/fuzz-co', undefined],
      ['PUT', '/clients/fuzz-co', clientBody('FUZZ')],
      ['POST', '/clients/fuzz-co/api-keys', { name: 'k', scopes: ['tickets:read'] }],
    ];
    await fc.assert(
      fc.asyncProperty(headerValue, fc.constantFrom(...routes), async (authorization, [method, route, json]) => {
        const res = await fetch(`${host.baseUrl}/api${route}`, {
          method,
          headers: { authorization, ...(json ? { 'content-type': 'application/json' } : {}) },
          ...(json ? { body: JSON.stringify(json) } : {}),
        });
        const problem = await expectCleanRefusal(
          res,
          `${method} ${route} with Authorization ${JSON.stringify(authorization.slice(0, 80))}`,
        );
        expect(problem.status).toBe(401);
      }),
      runs,
    );
  });

  it('refuses garbage Idempotency-Key and If-Match headers without side effects', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (key) => {
        const res = await host.api('/tickets', {
          method: 'POST',
          json: { ...validCreate(), title: 'idem' },
          headers: { 'idempotency-key': key },
        });
        // Node trims header values; a key of visible ASCII is a fine key.
        const trimmed = key.trim();
        if (/^[\x21-\x7e]{1,200}$/.test(trimmed)) {
          // Always the same body: a new key creates, a known one replays.
          expect(res.status).toBe(201);
          if (res.headers.get('idempotent-replayed') !== 'true') ticketsCreated++;
        } else {
          const problem = await expectCleanRefusal(res, `idempotency-key ${JSON.stringify(key.slice(0, 80))}`);
          expect(problem.status).toBe(400);
          expect(fieldsOf(problem)).toContain('Idempotency-Key');
        }
      }),
      runs,
    );
    const before = (await timeline(host, ticketId)).length;
    await fc.assert(
      fc.asyncProperty(
        headerValue.filter((v) => !v.includes('*') && v.trim() !== ''),
        async (etag) => {
          const res = await host.api(`/tickets/${ticketId}/actions`, {
            method: 'POST',
            json: { action: 'comment', text: 'if-match' },
            headers: { 'if-match': etag },
          });
          const problem = await expectCleanRefusal(res, `if-match ${JSON.stringify(etag.slice(0, 80))}`);
          expect(problem.status).toBe(412);
        },
      ),
      runs,
    );
    expect((await timeline(host, ticketId)).length).toBe(before);
  });

  it('refuses wrong content types with 415 and invalid JSON text with 400', async () => {
    const wrongType = fc.oneof(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/json',
        'json',
        'application/',
        'application/jsonx',
        'application/javascript',
        '*/*',
        'application/octet-stream',
        '',
      ),
      fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).filter((t) => !/json/i.test(t)),
    );
    await fc.assert(
      fc.asyncProperty(
        wrongType,
        fc.constantFrom('/tickets', `/tickets/${ticketId}/actions`, '/clients/fuzz-co'),
        async (type, route) => {
          const method = route === '/clients/fuzz-co' ? 'PUT' : 'POST';
          const json =
            route === '/tickets'
              ? validCreate()
              : route === '/clients/fuzz-co'
                ? clientBody('FUZZ')
                : { action: 'comment', text: 'x' };
          const res = await host.api(route, {
            method,
            body: JSON.stringify(json),
            headers: type === '' ? {} : { 'content-type': type },
          });
          const problem = await expectCleanRefusal(res, `${route} as ${JSON.stringify(type)}`);
          expect(problem.status).toBe(415);
        },
      ),
      runs,
    );
    await fc.assert(
      fc.asyncProperty(
        invalidJsonText,
        fc.constantFrom('/tickets', `/tickets/${ticketId}/actions`, '/clients/fuzz-co'),
        async (text, route) => {
          const res = await postRaw(route, text, { method: route === '/clients/fuzz-co' ? 'PUT' : 'POST' });
          const problem = await expectCleanRefusal(res, `${route} ${text.slice(0, 80)}`);
          expect(problem.status).toBe(400);
        },
      ),
      { ...runs, numRuns: Math.ceil(runs.numRuns / 2) },
    );
  });

  it('answers random ids in paths with a 4xx problem, never the data of another ticket', async () => {
    await fc.assert(
      fc.asyncProperty(
        pathSegment,
        fc.constantFrom(
          '/tickets/{}',
          '/tickets/{}/timeline',
          '/tickets/{}/actions',
          '/clients/{}',
          '/clients/fuzz-co/contacts/{}',
          '/clients/{}/api-keys',
          '/clients/{}/contacts/a%40b.example',
        ),
        async (segment, template) => {
          const route = template.replace('{}', segment);
          const method =
            template.endsWith('/actions') || template.endsWith('/api-keys')
              ? 'POST'
              : template.includes('contacts')
                ? 'PUT'
                : 'GET';
          const json = template.endsWith('/actions')
            ? { action: 'comment', text: 'x' }
            : template.endsWith('/api-keys')
              ? { name: 'k', scopes: ['tickets:read'] }
              : method === 'PUT'
                ? { name: 'N', roles: ['requester'] }
                : undefined;
          let res: Response;
          try {
            res = await host.api(route, { method, ...(json ? { json } : {}) });
          } catch (error) {
            // A URL that fetch itself will not send is not a request the server sees.
            if (error instanceof TypeError && /Invalid URL|URL/i.test(error.message)) return;
            throw error;
          }
          // `.` and `..` segments are resolved by the URL parser: the request may reach another route.
          const intact = new URL(`${host.baseUrl}/api${route}`).pathname === `/api${route}`;
          if (!intact) {
            expect(res.status, `${method} ${route} → ${res.status}`).toBeLessThan(500);
            if (res.status >= 400) await expectCleanRefusal(res, `${method} ${route.slice(0, 200)}`);
            return;
          }
          if (res.status < 300) {
            // Only a well-formed id of an existing ticket (or a contact upsert, a key for a real client) may succeed.
            const ok = /^FUZZ-[1-9]\d*$/.test(segment) || segment === 'fuzz-co';
            expect(ok, `${method} ${route} → ${res.status}`).toBe(true);
            return;
          }
          await expectCleanRefusal(res, `${method} ${route.slice(0, 200)}`);
        },
      ),
      { ...runs, numRuns: Math.ceil(runs.numRuns * 1.5) },
    );
  });

  it('answers random list queries with a page or a clean 400', async () => {
    const key = fc.oneof(
      fc.constantFrom(
        'clientId',
        'status',
        'limit',
        'cursor',
        '__proto__',
        'constructor',
        'toString',
        'clientId[]',
        '',
      ),
      hostileString.filter((k) => k.length < 30),
    );
    const value = fc.oneof(
      fc.constantFrom(
        'fuzz-co',
        'FUZZ-CO',
        'fuzz-client',
        'nobody',
        'new',
        'closed',
        'open',
        '0',
        '1',
        '200',
        '201',
        '-1',
        '1e3',
        '2.5',
        '0x10',
        ' 5',
        'NaN',
        'b286MQ',
        'bzox',
        'bzo5OTk5OTk5OTk',
        "' or 1 eq 1",
      ),
      hostileString.filter((v) => v.length < 300),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 4 }), fc.boolean(), async (pairs, asClient) => {
        const query = new URLSearchParams(pairs).toString();
        const res = await host.api(`/tickets?${query}`, asClient ? { key: c.key } : {});
        if ((await expectHandled(res.clone(), `list ?${query.slice(0, 200)}`)) === 'ok') {
          const page = (await res.json()) as { items: TicketView[] };
          expect(Array.isArray(page.items)).toBe(true);
          if (asClient) expect(page.items.every((t) => t.clientId === 'fuzz-co')).toBe(true);
        }
      }),
      runs,
    );
  });

  it('creates one ticket for concurrent retries with one Idempotency-Key', async () => {
    const before = ticketsCreated;
    const body = { ...validCreate(), title: 'Retried in a storm' };
    const same = await Promise.all(
      Array.from({ length: 12 }, () =>
        host.api('/tickets', { method: 'POST', json: body, headers: { 'idempotency-key': 'storm-1' } }),
      ),
    );
    expect(same.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 201));
    const ids = new Set(await Promise.all(same.map(async (r) => ((await r.json()) as TicketView).id)));
    expect(ids.size).toBe(1);
    ticketsCreated++;
    expect([...ids][0]).toBe(`FUZZ-${before + 1}`);
    // One key, different bodies at once: one ticket, the others refused as a different request.
    const mixed = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        host.api('/tickets', {
          method: 'POST',
          json: { ...body, title: `Storm ${i}` },
          headers: { 'idempotency-key': 'storm-2' },
        }),
      ),
    );
    const statuses = mixed.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(7);
    for (const r of mixed.filter((m) => m.status === 422)) await expectCleanRefusal(r, 'mixed storm');
    ticketsCreated++;
  });

  it('refuses oversized bodies with 413, with and without Content-Length', async () => {
    for (const size of [300 * 1024, 9 * 1024 * 1024]) {
      for (const route of ['/tickets', `/tickets/${ticketId}/actions`, '/clients/fuzz-co']) {
        const method = route === '/clients/fuzz-co' ? 'PUT' : 'POST';
        const padded = JSON.stringify({ ...validCreate(), description: 'x'.repeat(size) });
        const res = await postRaw(route, padded, { method });
        expect((await expectCleanRefusal(res, `${size} bytes to ${route}`)).status).toBe(413);
        let remaining = Math.ceil(size / 65_536);
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(new Uint8Array(65_536).fill(0x20));
            if (--remaining <= 0) controller.close();
          },
        });
        const chunked = await fetch(`${host.baseUrl}/api${route}`, {
          method,
          headers: { authorization: `Bearer ${host.adminKey}`, 'content-type': 'application/json' },
          body: stream,
          duplex: 'half',
        });
        expect((await expectCleanRefusal(chunked, `${size} chunked bytes to ${route}`)).status).toBe(413);
      }
    }
  });

  it('refuses agreements whose clocks could never fall due, before reserving anything', async () => {
    const cases: [string, (agreement: Agreement) => void, string][] = [
      [
        '24x7 target beyond the last date',
        (a) => (a.severities[0]!.assessWithin = 'P99999999W'),
        'agreement.severities.0.assessWithin',
      ],
      [
        'office target of two centuries',
        (a) => (a.severities[1]!.resolveWithin = 'P9999999W'),
        'agreement.severities.1.resolveWithin',
      ],
      [
        'a minute a week for a year',
        (a) => {
          a.calendars.sparse = { weekly: { mon: ['09:00-09:01'] } };
          a.severities[1]!.calendar = 'sparse';
          a.severities[1]!.resolveWithin = 'P300D';
        },
        'agreement.severities.1.calendar',
      ],
    ];
    for (const [name, change, field] of cases) {
      const body = clientBody('LIMIT') as { agreement: Agreement };
      change(body.agreement);
      const problem = await expectCleanRefusal(
        await host.api('/clients/limit-co', { method: 'PUT', json: body }),
        name,
      );
      expect(problem.status, name).toBe(400);
      expect(fieldsOf(problem), name).toContain(field);
    }
    await expectProblem(await host.api('/clients/limit-co'), 404);
    // The prefix was not reserved by the refused requests.
    expect((await host.api('/clients/limit-other', { method: 'PUT', json: clientBody('LIMIT') })).status).toBe(201);
  });

  it('refuses a client too large to store with a 4xx, not a storage failure', async () => {
    const body = clientBody('HUGE') as { agreement: Agreement };
    body.agreement.severities[0]!.description = 'A very long description. '.repeat(4000);
    const problem = await expectCleanRefusal(
      await host.api('/clients/huge-co', { method: 'PUT', json: body }),
      'huge client',
    );
    expect(problem.status).toBe(422);
    await expectProblem(await host.api('/clients/huge-co'), 404);
    body.agreement.severities[0]!.description = 'Short again.';
    expect((await host.api('/clients/huge-co', { method: 'PUT', json: body })).status).toBe(201);
  });

  it('refuses a follow-up that would make the ticket too large to store, and the ticket stays usable', async () => {
    const { id } = await createTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester });
    ticketsCreated++;
    await act(host, id, { action: 'close', reason: 'done' });
    const task = '\u0001'.repeat(5000); // six characters each as JSON
    let recorded = 0;
    for (;;) {
      const res = await host.api(`/tickets/${id}/actions`, { method: 'POST', json: { action: 'follow-up', task } });
      if (res.status === 200) {
        recorded++;
        expect(recorded).toBeLessThan(100);
        continue;
      }
      expect((await expectCleanRefusal(res, `follow-up ${recorded + 1}`)).status).toBe(422);
      break;
    }
    expect(recorded).toBeGreaterThan(5);
    const read = await host.api(`/tickets/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as TicketView).followUps).toHaveLength(recorded);
    await act(host, id, { action: 'comment', text: 'still open to comments' });
  });

  it('was not changed by anything it refused', async () => {
    // The counter moved only for the tickets that were created.
    const next = await createTicket(host, { clientId: c.clientId, severity: 'cat1', reporter: c.requester });
    expect(next.id).toBe(`FUZZ-${ticketsCreated + 1}`);
    // No prototype was polluted: a read-only key still cannot write, and a ticket has only its own fields.
    await expectProblem(await host.api('/tickets', { method: 'POST', json: validCreate(), key: c.readOnlyKey }), 403);
    await expectProblem(await host.api('/clients/fuzz-co', { key: c.key }), 403);
    expect(Object.keys(next)).not.toContain('polluted');
    expect(Object.keys(next)).not.toContain('isAdmin');
    const health = await host.api('/health', { key: null });
    expect(await health.json()).toEqual({ status: 'ok' });
    // Every request to replace the client was refused: it is as it was set up.
    const client = (await (await host.api('/clients/fuzz-co')).json()) as { ticketPrefix: string; updatedAt: string };
    expect(client.ticketPrefix).toBe('FUZZ');
    expect(client.updatedAt).toBe(clientUpdatedAt);
    await act(host, next.id, { action: 'comment', text: 'still works' });
  });
});
