import { describe, expect, it } from 'vitest';
import { agreementSchema } from '../../../src/domain/agreement/agreement';
import {
  currentAgreementVersion,
  sameTerms,
  ticketAgreementVersion,
  versionClient,
  type VersionedTerms,
} from '../../../src/domain/agreement/agreement-version';

const agreement = agreementSchema.parse({
  calendars: { office: { weekly: { mon: ['09:00-17:00'] } } },
  severities: [
    {
      id: 'p1',
      name: 'P1',
      description: 'Down',
      covered: true,
      calendar: 'office',
      assessWithin: 'PT1H',
      resolveWithin: 'PT4H',
    },
  ],
});
const other = agreementSchema.parse({
  ...agreement,
  calendars: { office: { weekly: { mon: ['09:00-17:00'], tue: ['09:00-17:00'] } } },
});

const client = (terms: Partial<VersionedTerms> = {}): VersionedTerms & { name: string } => ({
  name: 'Acme',
  agreement,
  timezone: 'Europe/London',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
  ...terms,
});

describe('agreement versions', () => {
  it('a new client starts at version 1, written with it', () => {
    const { client: stored, added } = versionClient(undefined, client());
    expect(stored.agreementVersion).toBe(1);
    expect(added).toEqual([
      { version: 1, agreement, timezone: 'Europe/London', createdAt: '2026-02-01T00:00:00.000Z' },
    ]);
  });

  it('the same terms keep the version (key order is no change); other terms are the next version', () => {
    const before = client({ agreementVersion: 3 });
    const reordered = Object.fromEntries(Object.entries(agreement).reverse()) as typeof agreement;
    expect(versionClient(before, client({ agreement: reordered }))).toMatchObject({
      client: { agreementVersion: 3 },
      added: [],
    });
    const changed = versionClient(before, client({ agreement: other }));
    expect(changed.client.agreementVersion).toBe(4);
    expect(changed.added.map((v) => [v.version, v.agreement])).toEqual([[4, other]]);
  });

  it('the time zone is part of a version: it changes how the calendars are read', () => {
    expect(sameTerms(client(), client({ timezone: 'Europe/Berlin' }))).toBe(false);
    expect(
      versionClient(client({ agreementVersion: 1 }), client({ timezone: 'Europe/Berlin' })).client.agreementVersion,
    ).toBe(2);
  });

  it('a client stored before versions existed is version 1, stored as it was when first replaced', () => {
    const legacy = client();
    expect(currentAgreementVersion(legacy)).toBe(1);
    const unchanged = versionClient(legacy, client());
    expect(unchanged.client.agreementVersion).toBe(1);
    expect(unchanged.added).toEqual([
      { version: 1, agreement, timezone: 'Europe/London', createdAt: legacy.createdAt },
    ]);
    const replaced = versionClient(legacy, client({ agreement: other }));
    expect(replaced.client.agreementVersion).toBe(2);
    expect(replaced.added.map((v) => [v.version, v.agreement])).toEqual([
      [1, agreement],
      [2, other],
    ]);
  });

  it('a ticket stored before versions existed is judged by version 1', () => {
    expect(ticketAgreementVersion({})).toBe(1);
    expect(ticketAgreementVersion({ agreementVersion: 5 })).toBe(5);
  });
});
