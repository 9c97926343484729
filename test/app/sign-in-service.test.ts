import { describe, expect, it } from 'vitest';
import { PersonDirectory } from '../../src/app/person-directory';
import { SignInService } from '../../src/app/sign-in-service';
import type { Membership } from '../../src/domain/people/membership';
import type { EmailSender } from '../../src/ports/email-sender';
import type { PeopleStore } from '../../src/ports/people-store';
import type { SignInStore } from '../../src/ports/sign-in-store';

/** Records every storage call the request makes, by kind, in order. */
function recording(): { store: SignInStore; people: PeopleStore; calls: string[] } {
  const calls: string[] = [];
  const hits = new Map<string, number>();
  const contact: Membership = {
    email: 'jo@acme.test',
    clientId: 'acme',
    name: 'Jo',
    roles: ['requester'],
    active: true,
  };
  const store = {
    hit: (bucket: string, key: string) => {
      calls.push(`hit ${bucket.split('|')[0]}`);
      const n = (hits.get(`${bucket}|${key}`) ?? 0) + 1;
      hits.set(`${bucket}|${key}`, n);
      return Promise.resolve(n);
    },
    addToken: () => {
      calls.push('addToken');
      return Promise.resolve();
    },
  } as unknown as SignInStore;
  const people = {
    getStaff: () => {
      calls.push('getStaff');
      return Promise.resolve(undefined);
    },
    memberships: (email: string) => {
      calls.push('memberships');
      return Promise.resolve(email === contact.email ? [contact] : []);
    },
  } as unknown as PeopleStore;
  return { store, people, calls };
}

describe('asking for a sign-in link', () => {
  it('does the same storage work for a registered and an unknown address, and does not wait for the mail', async () => {
    const { store, people, calls } = recording();
    const sent: string[] = [];
    // A mail service that never answers: the request must complete all the same.
    const mail: EmailSender = {
      send: (message) => {
        sent.push(message.to);
        return new Promise(() => undefined);
      },
    };
    const service = new SignInService(
      store,
      new PersonDirectory(people),
      mail,
      { now: () => new Date(0) },
      {
        staffUseOidc: false,
      },
    );

    await service.requestLink('jo@acme.test', '10.0.0.1', 'https://desk/sign-in/link');
    const known = calls.splice(0);
    await service.requestLink('nobody@nowhere.test', '10.0.0.2', 'https://desk/sign-in/link');
    const unknown = calls.splice(0);

    expect(known).toEqual(unknown);
    expect(known).toContain('addToken');
    expect(sent).toEqual(['jo@acme.test']);
  });
});
