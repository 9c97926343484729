import { expect } from 'vitest';
import { contractClient } from '../../support/contract';
import type { RunningLocalHost } from '../../support/local-host';

/** The parts of the API's JSON the tests read. */
export interface ClockView {
  readonly target: string | null;
  readonly dueAt: string | null;
  readonly status: 'running' | 'paused' | 'met' | 'breached' | 'not-applicable';
  readonly stoppedAt?: string;
}

export interface TicketView {
  readonly id: string;
  readonly number: number;
  readonly clientId: string;
  readonly title: string;
  readonly description: string;
  readonly severity: string;
  readonly type: string;
  readonly status: string;
  readonly tier: string;
  readonly reporter: string;
  readonly receivedAt: string;
  readonly sla: { readonly assess: ClockView; readonly resolve: ClockView };
  readonly quote?: { readonly hours: number; readonly note?: string };
  readonly approval?: { readonly decision: string; readonly by: string };
  readonly vendorReference?: string;
  readonly resolution?: { readonly cause: string; readonly fix?: string; readonly by: string };
  readonly followUps: readonly { readonly task: string; readonly by: string }[];
}

export interface TimelineEvent {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly actor: string;
  readonly data: Record<string, unknown>;
}

export interface Problem {
  readonly type?: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly { readonly field: string; readonly pointer: string; readonly message: string }[];
}

export type Host = RunningLocalHost;
type ApiInit = Parameters<RunningLocalHost['api']>[1];

export async function bodyOf<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Asserts an RFC 9457 problem with this status and returns it. */
export async function expectProblem(res: Response, status: number): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as Problem;
  expect(problem.status).toBe(status);
  expect(typeof problem.title).toBe('string');
  return problem;
}

export const fieldsOf = (problem: Problem): string[] => (problem.errors ?? []).map((e) => e.field);

/** The contract example client with another ticket prefix (prefixes are unique across clients). */
export function clientBody(ticketPrefix: string): Record<string, unknown> {
  return { ...contractClient(), ticketPrefix };
}

export interface ClientFixture {
  readonly clientId: string;
  readonly prefix: string;
  readonly requester: string;
  readonly approver: string;
  readonly inactive: string;
  /** `tickets:read` + `tickets:write` */
  readonly key: string;
  /** `tickets:read` only */
  readonly readOnlyKey: string;
  /** `alerts:write` only */
  readonly alertsKey: string;
}

/**
 * A client on the contract agreement (cat1 24x7 1 h/4 h, cat2 office 4 h/8 h, cat3 and cat4 uncovered),
 * with a requester, an approver, an inactive contact and three client keys.
 */
export async function setUpClient(host: Host, clientId: string, prefix: string): Promise<ClientFixture> {
  const put = await host.api(`/clients/${clientId}`, { method: 'PUT', json: clientBody(prefix) });
  expect(put.status, await put.clone().text()).toBe(201);
  const domain = `${clientId}.example`;
  const contacts = {
    requester: `requester@${domain}`,
    approver: `approver@${domain}`,
    inactive: `gone@${domain}`,
  };
  await putContact(host, clientId, contacts.requester, { name: 'Rita Requester', roles: ['requester'] }, 201);
  await putContact(host, clientId, contacts.approver, { name: 'Adam Approver', roles: ['approver'] }, 201);
  await putContact(
    host,
    clientId,
    contacts.inactive,
    { name: 'Gina Gone', roles: ['requester', 'approver'], active: false },
    201,
  );
  return {
    clientId,
    prefix,
    ...contacts,
    key: await createKey(host, clientId, ['tickets:read', 'tickets:write']),
    readOnlyKey: await createKey(host, clientId, ['tickets:read']),
    alertsKey: await createKey(host, clientId, ['alerts:write']),
  };
}

export async function putContact(
  host: Host,
  clientId: string,
  email: string,
  body: unknown,
  status: 200 | 201,
): Promise<void> {
  const res = await host.api(`/clients/${clientId}/contacts/${encodeURIComponent(email)}`, {
    method: 'PUT',
    json: body,
  });
  expect(res.status, await res.text()).toBe(status);
}

export async function createKey(
  host: Host,
  clientId: string,
  scopes: string[],
  name = `key-${scopes.join('+')}`,
): Promise<string> {
  const res = await host.api(`/clients/${clientId}/api-keys`, { method: 'POST', json: { name, scopes } });
  const body = await bodyOf<{ id: string; key: string }>(res);
  expect(res.status).toBe(201);
  return body.key;
}

export interface NewTicket {
  readonly clientId: string;
  readonly severity: string;
  readonly reporter: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string;
}

export function ticketBody(t: NewTicket): Record<string, unknown> {
  return {
    clientId: t.clientId,
    title: t.title ?? `Ticket at ${t.severity}`,
    description: t.description ?? 'Something is broken.',
    severity: t.severity,
    ...(t.type ? { type: t.type } : {}),
    reporter: t.reporter,
  };
}

export function postTicket(host: Host, t: NewTicket, init: ApiInit = {}): Promise<Response> {
  return host.api('/tickets', { method: 'POST', json: ticketBody(t), ...init });
}

/** Creates a ticket and asserts 201. */
export async function createTicket(host: Host, t: NewTicket, init: ApiInit = {}): Promise<TicketView> {
  const res = await postTicket(host, t, init);
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text) as TicketView;
}

export function postAction(
  host: Host,
  ticketId: string,
  action: Record<string, unknown>,
  init: ApiInit = {},
): Promise<Response> {
  return host.api(`/tickets/${ticketId}/actions`, { method: 'POST', json: action, ...init });
}

/** Takes an action, asserts 200 and returns the ticket after it with its ETag. */
export async function act(
  host: Host,
  ticketId: string,
  action: Record<string, unknown>,
  init: ApiInit = {},
): Promise<{ ticket: TicketView; etag: string }> {
  const res = await postAction(host, ticketId, action, init);
  const text = await res.text();
  expect(res.status, `${String(action.action)}: ${text}`).toBe(200);
  const etag = res.headers.get('etag');
  expect(etag).toMatch(/^"[^"]+"$/);
  return { ticket: JSON.parse(text) as TicketView, etag: etag ?? '' };
}

export async function getTicket(
  host: Host,
  ticketId: string,
  key?: string,
): Promise<{ ticket: TicketView; etag: string }> {
  const res = await host.api(`/tickets/${ticketId}`, key === undefined ? {} : { key });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return { ticket: JSON.parse(text) as TicketView, etag: res.headers.get('etag') ?? '' };
}

export async function timeline(host: Host, ticketId: string): Promise<TimelineEvent[]> {
  const res = await host.api(`/tickets/${ticketId}/timeline`);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return (JSON.parse(text) as { items: TimelineEvent[] }).items;
}

export async function listAll(host: Host, query: string, key?: string): Promise<TicketView[]> {
  const res = await host.api(`/tickets?${query}`, key === undefined ? {} : { key });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return (JSON.parse(text) as { items: TicketView[] }).items;
}

export const HOUR = 3_600_000;
export const ms = (iso: string | null | undefined): number => Date.parse(iso ?? '');
