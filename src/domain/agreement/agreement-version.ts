import type { Agreement } from './agreement';

/**
 * One version of a client's agreement: what its tickets received under it are judged by for good
 * (docs/agreement-versions.md). The time zone is part of it, because it decides how the calendars'
 * hours are read: moving a client to another zone moves every business hour of its calendars.
 */
export interface AgreementVersion {
  readonly version: number;
  readonly agreement: Agreement;
  readonly timezone: string;
  /** When this version became the client's current one. */
  readonly createdAt: string;
}

/** What versioning needs of a client (the stored client has all of it). */
export interface VersionedTerms {
  readonly agreement: Agreement;
  readonly timezone: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Absent on clients stored before agreements were versioned: they are at version 1. */
  readonly agreementVersion?: number;
}

/**
 * Clients and tickets stored before versions existed carry no version: they are version 1, the
 * agreement current when versions were introduced (a legacy client's first replacement stores it).
 */
export const legacyAgreementVersion = 1;

export const currentAgreementVersion = (client: { readonly agreementVersion?: number }): number =>
  client.agreementVersion ?? legacyAgreementVersion;

/** The version a ticket is judged by. */
export const ticketAgreementVersion = (ticket: { readonly agreementVersion?: number }): number =>
  ticket.agreementVersion ?? legacyAgreementVersion;

/** Whether two agreements with their time zones would judge every ticket alike (key order ignored). */
export function sameTerms(
  a: { readonly agreement: Agreement; readonly timezone: string },
  b: { readonly agreement: Agreement; readonly timezone: string },
): boolean {
  return a.timezone === b.timezone && canonicalJson(a.agreement) === canonicalJson(b.agreement);
}

/**
 * The client as it is to be stored, given the stored one (if any), and the versions to add with it:
 * a new client starts at version 1; a replacement with other terms is the next version; the same
 * terms keep the version. A client stored before versions existed first gets its version 1 written
 * from the terms it had, so its earlier tickets keep them.
 */
export function versionClient<C extends VersionedTerms>(
  before: VersionedTerms | undefined,
  next: C,
): { client: C & { agreementVersion: number }; added: AgreementVersion[] } {
  const versionOf = (version: number, terms: VersionedTerms, createdAt: string): AgreementVersion => ({
    version,
    agreement: terms.agreement,
    timezone: terms.timezone,
    createdAt,
  });
  if (!before) return { client: { ...next, agreementVersion: 1 }, added: [versionOf(1, next, next.updatedAt)] };
  const legacy = before.agreementVersion === undefined;
  const added: AgreementVersion[] = legacy ? [versionOf(legacyAgreementVersion, before, before.createdAt)] : [];
  const current = currentAgreementVersion(before);
  if (sameTerms(before, next)) return { client: { ...next, agreementVersion: current }, added };
  return {
    client: { ...next, agreementVersion: current + 1 },
    added: [...added, versionOf(current + 1, next, next.updatedAt)],
  };
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : v,
  );
}
