import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exeBytes, logBytes, pngBytes } from '../../support/attachment-files';
import { startLocalHost, type RunningLocalHost } from '../../support/local-host';
import { setUpClient, type ClientFixture } from '../support/api-fixtures';
import { signInByEmailLink } from './browser-sign-in';
import { accessibilityProblems, launchBrowser, type RunningBrowser } from './browser';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 200 });

/**
 * docs/product-spec.md §9 in Chromium with real sign-in: the browser PUTs files straight to the local host's Azurite
 * (CORS, CSP `connect-src`), the console shows a thumbnail from it (`img-src`), and refusals are shown
 * beside the field. Any CSP violation fails the test.
 */
describe('attachments in the pages', () => {
  let host: RunningLocalHost;
  let browser: RunningBrowser;
  let acme: ClientFixture;
  const engineer = 'eve@support.example';
  const errors: (() => string[])[] = [];
  let contact: Page;
  let ticketId = '';

  const signIn = (email: string, expectPath: string): Promise<Page> =>
    signInByEmailLink(host, browser, email, expectPath, { errors });

  beforeAll(async () => {
    [host, browser] = await Promise.all([startLocalHost(), launchBrowser()]);
    acme = await setUpClient(host, 'fileco', 'FIL');
    const staffPut = await host.api(`/staff/${engineer}`, {
      method: 'PUT',
      json: { name: 'Eve Engineer', roles: ['engineer'], active: true },
    });
    expect(staffPut.status, await staffPut.text()).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), host?.stop()]);
  });

  it('a contact attaches a PNG while raising a ticket', async () => {
    contact = await signIn(acme.requester, '/portal');
    await contact.goto(`${host.baseUrl}/portal/new`);
    await contact.getByRole('textbox', { name: 'Title' }).fill('Invoices fail to save');
    await contact.getByRole('textbox', { name: 'Description' }).fill('See the screenshot.');
    await poll(() => contact.getByRole('combobox', { name: 'Severity' }).locator('option').count()).toBe(5);
    await contact
      .getByRole('combobox', { name: 'Severity' })
      .selectOption({ label: 'Category 2 — covered by your agreement' });
    await contact
      .getByLabel('Attach files')
      .setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: Buffer.from(pngBytes(40, 30)) });
    await contact.getByRole('list', { name: 'Files to attach' }).getByText('screenshot.png').waitFor();
    await contact.getByRole('button', { name: 'Raise ticket' }).click();
    const heading = contact.getByRole('heading', { name: /^FIL-\d+: Invoices fail to save$/ });
    await heading.waitFor();
    ticketId = /^(FIL-\d+)/.exec((await heading.textContent()) ?? '')?.[1] ?? '';
    const files = contact.getByRole('list', { name: 'Files' });
    await files.getByRole('link', { name: 'screenshot.png' }).waitFor();
    await contact.getByText('not scanned for malware: no scanner is configured').waitFor();
    expect(await accessibilityProblems(contact)).toEqual([]);
  });

  it('attaches a log on the ticket page; refuses a renamed .exe with its real type and a 26 MB file before upload', async () => {
    const picker = contact.getByLabel('Attach files');
    await picker.setInputFiles({ name: 'server.log', mimeType: 'text/plain', buffer: Buffer.from(logBytes()) });
    const files = contact.getByRole('list', { name: 'Files' });
    await files.getByRole('link', { name: 'server.log' }).waitFor();

    await picker.setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: Buffer.from(exeBytes()) });
    await poll(() => picker.getAttribute('aria-invalid')).toBe('true');
    const errorId = ((await picker.getAttribute('aria-describedby')) ?? '')
      .split(' ')
      .find((id) => id.endsWith('-error'));
    await poll(() => contact.locator(`#${errorId}`).textContent()).toMatch(/application\/x-msdownload/);

    const requests: string[] = [];
    contact.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/attachments')) requests.push(r.url());
    });
    await picker.setInputFiles({
      name: 'huge.zip',
      mimeType: 'application/zip',
      buffer: Buffer.alloc(26 * 1024 * 1024, 0x50),
    });
    await poll(() => contact.locator(`#${errorId}`).textContent()).toMatch(/huge\.zip is over 25 MB/);
    expect(requests).toEqual([]);
    expect(await files.getByRole('listitem').count()).toBe(2);
  });

  it('the engineer sees the thumbnail and downloads the log', async () => {
    const staff = await signIn(engineer, '/console');
    await staff.goto(`${host.baseUrl}/console/tickets/${ticketId}`);
    const thumbnail = staff.getByRole('img', { name: 'Thumbnail of screenshot.png' });
    await thumbnail.waitFor();
    // Loaded from the blob endpoint through the API's redirect (CSP img-src allows exactly that origin).
    const loadedWidth = () =>
      thumbnail.evaluate((element) => {
        const img = element as unknown as { complete: boolean; naturalWidth: number };
        return img.complete ? img.naturalWidth : 0;
      });
    await poll(loadedWidth).toBe(40);
    const [download] = await Promise.all([
      staff.waitForEvent('download'),
      staff.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'server.log' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('server.log');
    expect(new Uint8Array(readFileSync(await download.path()))).toEqual(logBytes());
  });

  it('met no Content-Security-Policy violation and no uncaught error', () => {
    expect(errors.flatMap((e) => e())).toEqual([]);
  });
});
