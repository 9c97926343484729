import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureFired } from '../alerts/support/alert-fixtures';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import {
  act,
  clientBody,
  createKey,
  createTicket,
  putContact,
  setUpClient,
  timeline,
  type ClientFixture,
} from './support/api-fixtures';

/**
 * Every character a person can type into any stored text field is stored as typed, and no text of
 * one client can stop another client's writes. U+2028 and U+2029 once did both: a title holding one
 * failed its create with a 500 and left Azurite refusing every later transaction of every tenant
 * (local-host/azurite-batch-guard.cjs explains why).
 */

/** Line and paragraph separators, NEL, CR LF, a multipart boundary, braces that look like JSON, and more. */
const nasty = 'A\u2028B\u2029C \u0085 {"x":"}"} \r\n--batch_x\r\n--changeset_y\r\n \u200b\ufeff\u202e end';
/** The two separators alone, which every free-text field must accept. */
const separators = 'line\u2028separator\u2029paragraph';

describe('stored text with line separators and other characters', () => {
  let host: RunningLocalHost;
  let a: ClientFixture;
  let b: ClientFixture;
  let otherWrites = 0;

  /** A write of ANOTHER client still succeeds: no text of client a may break it. */
  async function otherClientCanWrite(after: string): Promise<void> {
    otherWrites++;
    const res = await host.api('/tickets', {
      method: 'POST',
      json: {
        clientId: b.clientId,
        title: `after ${after}`,
        description: 'd',
        severity: 'cat2',
        reporter: b.requester,
      },
    });
    expect(res.status, `another client's create after ${after}: ${await res.clone().text()}`).toBe(201);
  }

  beforeAll(async () => {
    host = await startLocalHost();
    a = await setUpClient(host, 'sep-a', 'SEPA');
    b = await setUpClient(host, 'sep-b', 'SEPB');
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('keeps separators in a ticket created by staff and by a client key, exactly as sent', async () => {
    for (const [text, key] of [
      [separators, undefined],
      [nasty, undefined],
      [separators, a.key],
      [nasty, a.key],
    ] as const) {
      const ticket = await createTicket(
        host,
        { clientId: a.clientId, severity: 'cat2', reporter: a.requester, title: text, description: `${text}\n${text}` },
        key ? { key } : {},
      );
      expect(ticket.title).toBe(text.trim());
      const read = (await (await host.api(`/tickets/${ticket.id}`)).json()) as { title: string; description: string };
      expect(read).toMatchObject({ title: text.trim(), description: `${text}\n${text}`.trim() });
      await otherClientCanWrite(`a create with ${JSON.stringify(text)}`);
    }
  });

  it('keeps separators in every text an action stores, through a ticket’s whole life', async () => {
    const { id } = await createTicket(host, { clientId: a.clientId, severity: 'cat2', reporter: a.requester });
    const steps: Record<string, unknown>[] = [
      { action: 'comment', text: separators },
      { action: 'comment', text: nasty, internal: true },
      { action: 'assess', severity: 'cat2', tier: 'L1' },
      { action: 'wait-client', note: separators },
      { action: 'resume', note: nasty },
      { action: 'wait-vendor', vendorReference: separators, note: nasty },
      { action: 'resume' },
      { action: 'escalate', tier: 'L2', handoverNote: nasty },
      { action: 'diagnose', cause: separators, workaround: nasty },
      { action: 'propose-schedule', items: [{ what: separators, by: '2030-01-01' }] },
      { action: 'resolve', cause: separators, workaround: nasty, fix: separators, hotfixReference: separators },
      { action: 'reject', by: a.requester, reason: nasty },
      { action: 'resolve', cause: nasty },
      { action: 'close', reason: separators },
      { action: 'follow-up', task: nasty },
    ];
    for (const step of steps) {
      await act(host, id, step);
      await otherClientCanWrite(`${String(step.action)} with separators`);
    }
    const stored = JSON.stringify(await timeline(host, id));
    // Every text sent is in the timeline as it was sent (the JSON form is compared, so nothing is folded).
    for (const text of [separators, nasty.trim()]) expect(stored).toContain(JSON.stringify(text).slice(1, -1));
  });

  it('keeps separators in names, hour-bank references, time-entry notes and alert payloads', async () => {
    await putContact(host, a.clientId, 'sep@sep-a.example', { name: separators, roles: ['requester'] }, 201);
    await otherClientCanWrite('a contact name');
    const staff = await host.api('/staff/sep.engineer@desk.example', {
      method: 'PUT',
      json: { name: separators, roles: ['engineer'] },
    });
    expect(staff.status).toBe(201);
    await otherClientCanWrite('a staff name');
    const renamed = await host.api(`/clients/${a.clientId}`, {
      method: 'PUT',
      json: { ...clientBody(a.prefix), name: separators },
    });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    await otherClientCanWrite('a client name');

    const purchase = await host.api(`/clients/${a.clientId}/hour-bank/purchases`, {
      method: 'POST',
      json: { hours: 10, reference: separators },
    });
    expect(purchase.status, await purchase.clone().text()).toBe(201);
    const adjust = await host.api(`/clients/${a.clientId}/hour-bank/adjustments`, {
      method: 'POST',
      json: { hours: 1, reason: nasty },
    });
    expect(adjust.status, await adjust.clone().text()).toBe(201);
    const { id } = await createTicket(host, { clientId: a.clientId, severity: 'cat2', reporter: a.requester });
    const entry = await host.api(`/tickets/${id}/time-entries`, { method: 'POST', json: { hours: 0.5, note: nasty } });
    expect(entry.status, await entry.clone().text()).toBe(201);
    await otherClientCanWrite('hour-bank texts');
    const statement = await (await host.api(`/clients/${a.clientId}/hour-bank/statement.csv`)).text();
    expect(statement).toContain(separators);
    const entries = await (await host.api(`/tickets/${id}/time-entries`)).text();
    expect(entries).toContain(JSON.stringify(nasty.trim()).slice(1, -1));

    const alertsKey = await createKey(host, a.clientId, ['alerts:write'], 'sep-monitoring');
    const payload = azureFired() as { data: { essentials: Record<string, unknown> } };
    payload.data.essentials.alertRule = separators;
    payload.data.essentials.description = nasty;
    const alert = await host.api('/alerts/azure-monitor', { method: 'POST', json: payload, key: alertsKey });
    expect(alert.status, await alert.clone().text()).toBe(202);
    await otherClientCanWrite('an alert payload');
    const raised = (await (await host.api(`/tickets?clientId=${a.clientId}&limit=200`)).json()) as {
      items: { title: string }[];
    };
    expect(raised.items.some((t) => t.title.includes(separators))).toBe(true);
    expect(otherWrites).toBeGreaterThan(20);
  });
});
