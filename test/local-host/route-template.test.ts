import { describe, expect, it } from 'vitest';
import { compileRoute } from '../../local-host/route-template';

describe('Azure Functions route templates', () => {
  it('matches literal segments and captures parameters, decoded', () => {
    const match = compileRoute('clients/{clientId}/contacts/{email}');
    expect(match('/clients/acme/contacts/jo%40acme.test')).toEqual({ clientId: 'acme', email: 'jo@acme.test' });
    expect(match('/clients/acme/contacts')).toBeUndefined();
    expect(match('/clients/acme/contacts/a/b')).toBeUndefined();
  });

  it('supports optional, constrained and catch-all parameters', () => {
    expect(compileRoute('items/{id?}')('/items')).toEqual({});
    expect(compileRoute('items/{id:int}')('/items/42')).toEqual({ id: '42' });
    expect(compileRoute('files/{*rest}')('/files/a/b/c')).toEqual({ rest: 'a/b/c' });
  });

  it('keeps a malformed escape as it came rather than throwing', () => {
    expect(compileRoute('tickets/{ticketId}')('/tickets/%E0%A4%A')).toEqual({ ticketId: '%E0%A4%A' });
  });
});
