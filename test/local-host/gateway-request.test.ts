import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { GatewayRequest, type GatewayRequestInit } from '../../local-host/gateway-request';

const principal = Buffer.from(
  JSON.stringify({ auth_typ: 'aad', claims: [], name_typ: 'name', role_typ: 'role' }),
).toString('base64');
const init: GatewayRequestInit = {
  method: 'POST',
  url: 'http://127.0.0.1:7071/api/tickets?clientId=acme&x=1',
  headers: {
    'content-type': 'application/json',
    'x-ms-client-principal': principal,
    'x-ms-client-principal-name': 'ada',
    'x-ms-client-principal-id': 'id-1',
    'x-ms-client-principal-idp': 'aad',
  },
  query: { clientId: 'acme', x: '1' },
  params: { id: 'ACME-1' },
  body: Buffer.from(JSON.stringify({ title: 'Printer on fire ✓' })),
};
const libraryRequest = (from: GatewayRequestInit) =>
  new HttpRequest({ ...from, body: from.body.length > 0 ? { bytes: from.body } : undefined });

describe('the local host’s GatewayRequest against the library’s HttpRequest', () => {
  it('answers method, URL, headers, query, params and user as the library does', () => {
    const ours = new GatewayRequest(init);
    const theirs = libraryRequest(init);
    expect([ours.method, ours.url, [...ours.headers], [...ours.query], ours.params, ours.user]).toEqual([
      theirs.method,
      theirs.url,
      [...theirs.headers],
      [...theirs.query],
      theirs.params,
      theirs.user,
    ]);
    expect(ours.user?.identityProvider).toBe('aad');
  });

  it('reads the body once, as text, JSON or bytes, and refuses a second read', async () => {
    for (const read of ['text', 'json', 'arrayBuffer'] as const) {
      const ours = new GatewayRequest(init);
      const theirs = libraryRequest(init);
      const [a, b] = [await ours[read](), await theirs[read]()];
      expect(read === 'arrayBuffer' ? Buffer.from(a as ArrayBuffer).equals(Buffer.from(b as ArrayBuffer)) : a).toEqual(
        read === 'arrayBuffer' ? true : b,
      );
      expect([ours.bodyUsed, theirs.bodyUsed]).toEqual([true, true]);
      await expect(ours.text()).rejects.toThrow(TypeError);
      await expect(theirs.text()).rejects.toThrow(TypeError);
    }
  });

  it('gives the body as a stream, a blob or a clone through the library, still readable once', async () => {
    const streamed = new GatewayRequest(init);
    const chunks: Uint8Array[] = [];
    for await (const chunk of streamed.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(init.body)).toBe(true);
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.text()).rejects.toThrow(TypeError);

    const cloned = new GatewayRequest(init).clone();
    expect(await cloned.json()).toEqual({ title: 'Printer on fire ✓' });
    expect(await (await new GatewayRequest(init).blob()).text()).toBe(init.body.toString('utf8'));
  });

  it('has no body stream for an empty body, like the library', () => {
    const empty = { ...init, method: 'GET', body: Buffer.alloc(0) };
    expect([new GatewayRequest(empty).body, libraryRequest(empty).body]).toEqual([null, null]);
  });
});
