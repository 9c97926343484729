#!/usr/bin/env node
/* global console, process, URL, fetch, setTimeout, AbortSignal */
// Seeds one client (its support agreement, notification settings and, optionally, contacts) into a running
// Support Desk through the admin API: PUT /api/clients/{clientId}, then PUT .../contacts/{email} per contact.
// Plain Node 20 (global fetch), no dependencies, so a pipeline can run it straight after a deployment.
//
//   SUPPORTDESK_ADMIN_KEY=... node scripts/seed-client.mjs \
//     --base-url https://func-xxxx.azurewebsites.net --client-id contoso --file examples/clients/contoso-blocker.json
//
// The client file is the body of PUT /api/clients/{clientId} (shaped like contract/client.example.json), plus:
// - `contacts` (optional): [{ "email", "name", "roles": ["requester" | "approver"], "active"? }], registered
//   one by one after the client and left out of the client body;
// - `clientId` (optional): used when --client-id is not given (then the file name without .json is used);
// - in `notifications.webhooks[]`, `secretRef` / `urlRef` (optional) instead of `secret` / `url`: the name of
//   an entry of the JSON object in $SUPPORTDESK_WEBHOOK_SECRETS (the same object whose entries Bicep stores
//   in Key Vault as `webhook-<name>`), so no real secret has to live in the repository.
//
// PUT is idempotent, so the script retries on network errors, 408, 429 and 5xx until --wait-seconds is spent
// (a freshly deployed Flex Consumption app may take a while to answer). It never prints the admin key or a
// webhook secret. Exit codes: 0 seeded; 1 the API refused or never answered; 2 bad arguments or input file.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `Usage: node scripts/seed-client.mjs --base-url <url> --file <client.json> [options]

  --base-url <url>              Base URL of the app, e.g. https://func-abc.azurewebsites.net (no /api)
  --file <path>                 Client JSON file (body of PUT /api/clients/{clientId}, plus optional contacts)
  --client-id <slug>            Client id; default: "clientId" in the file, else the file name without .json
  --admin-key <key>             Admin key; prefer the SUPPORTDESK_ADMIN_KEY environment variable
  --webhook-secrets-env <name>  Variable holding the JSON object for secretRef/urlRef (default SUPPORTDESK_WEBHOOK_SECRETS)
  --wait-seconds <n>            How long to wait for the app and retry transient failures (default 300)
  --retry-delay-ms <n>          Pause between attempts (default 5000)
  --no-wait                     Do not poll GET /api/health before seeding
  --dry-run                     Check and resolve the file, print what would be sent (secrets redacted), send nothing
  -h, --help                    This text`;

const CLIENT_ID = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;
const SECRET_NAME = /^[A-Za-z0-9-]{1,120}$/;

class UsageError extends Error {}

/** Every string that must never reach stdout or stderr. */
const secrets = new Set();
function redact(text) {
  let out = String(text);
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
const log = (message) => console.log(redact(message));
const warn = (message) => console.error(redact(message));

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'base-url': { type: 'string' },
      file: { type: 'string' },
      'client-id': { type: 'string' },
      'admin-key': { type: 'string' },
      'webhook-secrets-env': { type: 'string', default: 'SUPPORTDESK_WEBHOOK_SECRETS' },
      'wait-seconds': { type: 'string', default: '300' },
      'retry-delay-ms': { type: 'string', default: '5000' },
      'no-wait': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { help: true };

  const baseUrlText = values['base-url'];
  if (!baseUrlText) throw new UsageError('--base-url is required');
  let baseUrl;
  try {
    baseUrl = new URL(baseUrlText);
  } catch {
    throw new UsageError(`--base-url is not a URL: ${baseUrlText}`);
  }
  if (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:') throw new UsageError('--base-url must be http(s)');
  if (!values.file) throw new UsageError('--file is required');

  const adminKey = values['admin-key'] ?? process.env.SUPPORTDESK_ADMIN_KEY ?? '';
  if (!values['dry-run'] && adminKey.length === 0) {
    throw new UsageError('no admin key: set SUPPORTDESK_ADMIN_KEY (or pass --admin-key)');
  }
  if (adminKey) secrets.add(adminKey);

  const waitSeconds = Number(values['wait-seconds']);
  const retryDelayMs = Number(values['retry-delay-ms']);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError('--wait-seconds must be a number >= 0');
  if (!Number.isFinite(retryDelayMs) || retryDelayMs < 0)
    throw new UsageError('--retry-delay-ms must be a number >= 0');

  return {
    help: false,
    apiBase: `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}/api`,
    file: values.file,
    clientIdOption: values['client-id'],
    adminKey,
    secretsEnv: values['webhook-secrets-env'],
    deadline: Date.now() + waitSeconds * 1000,
    retryDelayMs,
    waitForHealth: !values['no-wait'],
    dryRun: values['dry-run'],
  };
}

function readSecretMap(variable) {
  const raw = process.env[variable];
  if (raw === undefined || raw.trim() === '') return {};
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Do not echo the value: it is full of secrets.
    throw new UsageError(`${variable} is not valid JSON (expected an object of name -> secret)`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`${variable} must be a JSON object of name -> secret`);
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new UsageError(`${variable}.${name} must be a string`);
    secrets.add(value);
  }
  return parsed;
}

/** Splits the file into the client body and its contacts, resolving secretRef / urlRef. */
function prepare(document, secretMap, secretsEnv) {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new UsageError('the client file must hold a JSON object');
  }
  const { contacts = [], clientId: _clientId, ...client } = document;
  if (!Array.isArray(contacts)) throw new UsageError('"contacts" must be an array');

  const missing = [];
  const webhooks = client.notifications?.webhooks;
  if (webhooks !== undefined && !Array.isArray(webhooks))
    throw new UsageError('"notifications.webhooks" must be an array');
  const resolvedWebhooks = (webhooks ?? []).map((webhook, index) => {
    if (webhook === null || typeof webhook !== 'object') return webhook;
    const resolved = { ...webhook };
    for (const field of ['secret', 'url']) {
      const refField = `${field}Ref`;
      if (!(refField in resolved)) continue;
      const name = resolved[refField];
      delete resolved[refField];
      if (typeof name !== 'string' || !SECRET_NAME.test(name)) {
        throw new UsageError(
          `notifications.webhooks[${index}].${refField} must be a name of letters, digits and hyphens`,
        );
      }
      if (field in webhook) throw new UsageError(`notifications.webhooks[${index}] has both ${field} and ${refField}`);
      if (typeof secretMap[name] === 'string') resolved[field] = secretMap[name];
      else missing.push(`notifications.webhooks[${index}].${refField} = "${name}"`);
    }
    if (typeof resolved.secret === 'string') secrets.add(resolved.secret);
    // A Slack or Teams webhook's URL is its credential (docs/chat-notifications.md): never printed either.
    if ((resolved.format === 'slack' || resolved.format === 'teams') && typeof resolved.url === 'string')
      secrets.add(resolved.url);
    return resolved;
  });
  if (missing.length > 0) {
    throw new UsageError(`not in ${secretsEnv}: ${missing.join(', ')}`);
  }
  const body =
    webhooks === undefined
      ? client
      : { ...client, notifications: { ...client.notifications, webhooks: resolvedWebhooks } };

  const contactRequests = contacts.map((contact, index) => {
    if (
      contact === null ||
      typeof contact !== 'object' ||
      typeof contact.email !== 'string' ||
      !contact.email.includes('@')
    ) {
      throw new UsageError(`contacts[${index}] needs an "email"`);
    }
    const { email, ...contactBody } = contact;
    return { email, body: contactBody };
  });
  return { body, contactRequests };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const transient = (status) => status === 408 || status === 429 || status >= 500;

/** Sends one request, retrying transient failures until the deadline. Returns the final Response. */
async function send(options, method, path, body) {
  let attempt = 0;
  for (;;) {
    attempt += 1;
    let outcome;
    try {
      const response = await fetch(`${options.apiBase}${path}`, {
        method,
        headers: {
          accept: 'application/json, application/problem+json',
          ...(options.adminKey ? { authorization: `Bearer ${options.adminKey}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      if (!transient(response.status)) return response;
      outcome = `HTTP ${response.status}`;
      await response.body?.cancel();
    } catch (error) {
      outcome = error instanceof Error ? (error.cause?.code ?? error.name) : 'error';
    }
    if (Date.now() + options.retryDelayMs > options.deadline) {
      throw new Error(`${method} ${path}: gave up after ${attempt} attempt(s), last: ${outcome}`);
    }
    warn(`${method} ${path}: ${outcome}, retrying (attempt ${attempt})`);
    await sleep(options.retryDelayMs);
  }
}

async function describeFailure(response) {
  const text = await response.text();
  let detail = text.slice(0, 2000);
  try {
    const problem = JSON.parse(text);
    const lines = [problem.title, problem.detail].filter(Boolean);
    for (const error of Array.isArray(problem.errors) ? problem.errors : []) {
      lines.push(
        `  ${[error.path ?? error.pointer ?? error.field, error.message ?? error.detail].filter(Boolean).join(': ')}`,
      );
    }
    if (lines.length > 0) detail = lines.join('\n');
  } catch {
    // not JSON: keep the raw text
  }
  return `HTTP ${response.status}\n${detail}`;
}

async function main(argv) {
  const options = readOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }

  let document;
  try {
    document = JSON.parse(await readFile(options.file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${options.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const clientId =
    options.clientIdOption ??
    (typeof document?.clientId === 'string' ? document.clientId : basename(options.file).replace(/\.json$/i, ''));
  if (!CLIENT_ID.test(clientId))
    throw new UsageError(`client id "${clientId}" is not a lowercase slug (a-z, 0-9, inner hyphens, at most 48)`);

  const secretMap = readSecretMap(options.secretsEnv);
  const { body, contactRequests } = prepare(document, secretMap, options.secretsEnv);
  const clientPath = `/clients/${encodeURIComponent(clientId)}`;

  if (options.dryRun) {
    log(`PUT ${options.apiBase}${clientPath}\n${JSON.stringify(body, null, 2)}`);
    for (const contact of contactRequests)
      log(
        `PUT ${options.apiBase}${clientPath}/contacts/${encodeURIComponent(contact.email)} ${JSON.stringify(contact.body)}`,
      );
    return 0;
  }

  if (options.waitForHealth) {
    const health = await send(options, 'GET', '/health');
    if (!health.ok) throw new Error(`GET /health: ${await describeFailure(health)}`);
    await health.body?.cancel();
  }

  const put = await send(options, 'PUT', clientPath, body);
  if (!put.ok) {
    warn(`PUT ${clientPath} refused: ${await describeFailure(put)}`);
    return 1;
  }
  await put.body?.cancel();
  log(`client ${clientId}: ${put.status === 201 ? 'created' : 'updated'} (HTTP ${put.status})`);

  for (const contact of contactRequests) {
    const path = `${clientPath}/contacts/${encodeURIComponent(contact.email)}`;
    const response = await send(options, 'PUT', path, contact.body);
    if (!response.ok) {
      warn(`PUT ${path} refused: ${await describeFailure(response)}`);
      return 1;
    }
    await response.body?.cancel();
    log(`contact ${contact.email}: ${response.status === 201 ? 'registered' : 'updated'}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (
      error instanceof UsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      warn(`seed-client: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      warn(`seed-client: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  },
);
