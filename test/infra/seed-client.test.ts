/**
 * scripts/seed-client.mjs against a throwaway HTTP server standing in for the app's admin API.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/bicep';

const script = join(repoRoot, 'scripts/seed-client.mjs');
const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=';

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

type Handler = (request: Recorded, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let recorded: Recorded[] = [];
let handler: Handler = (_request, response) => response.writeHead(200).end('{}');

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const entry: Recorded = {
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      recorded.push(entry);
      handler(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  recorded = [];
  handler = (_request, response) => response.writeHead(200).end('{}');
});

const dir = mkdtempSync(join(tmpdir(), 'seed-client-'));
function clientFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const client = {
  name: 'Acme Ltd',
  ticketPrefix: 'ACME',
  timezone: 'Europe/London',
  agreement: { severities: [] },
  notifications: { webhooks: [{ url: 'https://example.invalid/hook', secretRef: 'teams', events: ['ticket.*'] }] },
  contacts: [{ email: 'ann@acme.example', name: 'Ann', roles: ['approver'] }],
};

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { env: { PATH: process.env.PATH ?? '', SUPPORTDESK_ADMIN_KEY: ADMIN_KEY, SUPPORTDESK_WEBHOOK_SECRETS: JSON.stringify({ teams: WEBHOOK_SECRET }), ...env }, timeout: 15_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const fast = ['--retry-delay-ms', '20', '--wait-seconds', '5'];

describe('seed-client.mjs', () => {
  it('waits for health, PUTs the client with the admin key, then registers the contacts', async () => {
    handler = (request, response) => response.writeHead(request.method === 'PUT' && request.url === '/api/clients/acme' ? 201 : 200).end('{}');
    const file = clientFile('acme.json', client);
    const result = await run(['--base-url', `${baseUrl}/`, '--file', file, ...fast]);

    expect(result.code, result.stderr).toBe(0);
    expect(recorded.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/health',
      'PUT /api/clients/acme',
      'PUT /api/clients/acme/contacts/ann%40acme.example',
    ]);
    expect(recorded.slice(1).every((r) => r.authorization === `Bearer ${ADMIN_KEY}`)).toBe(true);
    const { contacts: _contacts, ...expectedBody } = client;
    expect(recorded[1]?.body).toEqual({
      ...expectedBody,
      notifications: { webhooks: [{ url: 'https://example.invalid/hook', secret: WEBHOOK_SECRET, events: ['ticket.*'] }] },
    });
    expect(recorded[2]?.body).toEqual({ name: 'Ann', roles: ['approver'] });
    expect(result.stdout).toMatch(/client acme: created/);
    expect(result.stdout + result.stderr).not.toContain(ADMIN_KEY);
    expect(result.stdout + result.stderr).not.toContain(WEBHOOK_SECRET);
  });

  it('takes the client id from --client-id over the file name', async () => {
    const result = await run(['--base-url', baseUrl, '--file', clientFile('contoso-blocker.json', client), '--client-id', 'contoso', '--no-wait', ...fast]);
    expect(result.code, result.stderr).toBe(0);
    expect(recorded[0]?.url).toBe('/api/clients/contoso');
  });

  it('retries transient failures (503) until the app answers', async () => {
    let failures = 2;
    handler = (request, response) => {
      if (request.method === 'PUT' && failures > 0) {
        failures -= 1;
        response.writeHead(503).end();
      } else {
        response.writeHead(200).end('{}');
      }
    };
    const result = await run(['--base-url', baseUrl, '--file', clientFile('acme.json', client), '--no-wait', ...fast]);
    expect(result.code, result.stderr).toBe(0);
    expect(recorded.filter((r) => r.url === '/api/clients/acme')).toHaveLength(3);
  });

  it('fails with the problem details when the API refuses the client, without retrying', async () => {
    handler = (request, response) => {
      if (request.method === 'PUT') {
        response
          .writeHead(400, { 'content-type': 'application/problem+json' })
          .end(JSON.stringify({ title: 'Validation failed', errors: [{ path: 'agreement.severities', message: 'too few' }] }));
      } else response.writeHead(200).end('{}');
    };
    const result = await run(['--base-url', baseUrl, '--file', clientFile('acme.json', client), '--no-wait', ...fast]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HTTP 400/);
    expect(result.stderr).toMatch(/agreement\.severities: too few/);
    expect(recorded).toHaveLength(1);
    expect(result.stderr).not.toContain(WEBHOOK_SECRET);
  });

  it('never prints a chat webhook URL given inline, which is its credential, and sends it with its format', async () => {
    const slackUrl = 'https://hooks.slack.example/services/T0/B0/chat-credential';
    const chat = { ...client, notifications: { webhooks: [{ url: slackUrl, format: 'slack', events: ['sla.*'] }] } };
    const dry = await run(['--base-url', baseUrl, '--file', clientFile('chat.json', chat), '--dry-run', ...fast]);
    expect(dry.code).toBe(0);
    expect(dry.stdout + dry.stderr).not.toContain('chat-credential');
    const sent = await run(['--base-url', baseUrl, '--file', clientFile('chat.json', chat), '--no-wait', ...fast]);
    expect(sent.code).toBe(0);
    const put = recorded.find((r) => r.method === 'PUT' && r.url.startsWith('/api/clients/'));
    expect(put?.body).toMatchObject({ notifications: { webhooks: [{ url: slackUrl, format: 'slack' }] } });
  });

  it('refuses before sending anything when a secretRef is not in SUPPORTDESK_WEBHOOK_SECRETS', async () => {
    const result = await run(['--base-url', baseUrl, '--file', clientFile('acme.json', client), ...fast], { SUPPORTDESK_WEBHOOK_SECRETS: '{}' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/secretRef = "teams"/);
    expect(recorded).toEqual([]);
  });

  it('refuses without an admin key, and with a client id that is not a slug', async () => {
    const file = clientFile('acme.json', client);
    expect((await run(['--base-url', baseUrl, '--file', file], { SUPPORTDESK_ADMIN_KEY: '' })).code).toBe(2);
    expect((await run(['--base-url', baseUrl, '--file', file, '--client-id', 'Not A Slug'])).code).toBe(2);
    expect(recorded).toEqual([]);
  });

  it('gives up with exit code 1 when the app never answers', async () => {
    handler = (_request, response) => response.writeHead(503).end();
    const result = await run(['--base-url', baseUrl, '--file', clientFile('acme.json', client), '--retry-delay-ms', '20', '--wait-seconds', '0.2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/gave up/);
  });
});
