import { describe, expect, it } from 'vitest';
import { deskMessageId, ticketNamedBy } from '../../../src/domain/mail/desk-message-id';

const hash = '0123456789abcdef0123456789abcdef';

describe('desk Message-IDs', () => {
  it('name their ticket and read back', () => {
    const id = deskMessageId(hash, { clientId: 'acme-eu', number: 42 }, 'desk.example');
    expect(id).toBe(`${hash}.acme-eu.42@desk.example`);
    expect(ticketNamedBy(id)).toEqual({ clientId: 'acme-eu', number: 42 });
    expect(ticketNamedBy(deskMessageId(hash, { clientId: 'a', number: 9999999999 }, 'x'))).toEqual({
      clientId: 'a',
      number: 9999999999,
    });
  });

  it('old desk ids and anyone else’s name no ticket', () => {
    for (const id of [
      `${hash}@desk.example`, // before ids named their ticket
      'CAFbx1=abc@mail.gmail.com',
      `${hash}.acme.0@desk.example`, // no ticket 0
      `${hash}.acme.01@desk.example`,
      `${hash}.Acme.1@desk.example`, // client ids are lower-case
      `${hash}.-acme.1@desk.example`,
      `${hash}.acme-.1@desk.example`,
      `${hash.slice(1)}.acme.1@desk.example`,
      `${hash.toUpperCase()}.acme.1@desk.example`,
      `${hash}.acme.1`,
      `${hash}.acme.1@`,
      `x${hash}.acme.1@desk.example`,
    ])
      expect(ticketNamedBy(id), id).toBeUndefined();
  });
});
