import type { Agreement } from '../domain/agreement/agreement';

export interface AgreementSeverity {
  /** A severity id of the agreement. */
  readonly id: string;
  /** False when the alert's severity was missing or not in `alertSeverities`, and the fallback was used. */
  readonly mapped: boolean;
}

/**
 * The agreement severity for an alert severity, through the agreement's `alertSeverities` (exact
 * name first, then ignoring case: Grafana users write `Critical` as often as `critical`).
 *
 * An alert whose severity is missing or unmapped still raises a ticket, because refusing it would
 * lose the alert (senders do not retry a 4xx). It gets the least severe covered severity, the last
 * covered one in the agreement's list, so that SLA clocks run and someone assesses it; with no
 * covered severity at all, the last one.
 */
export function agreementSeverityFor(agreement: Agreement, alertSeverity: string | undefined): AgreementSeverity {
  const known = new Set(agreement.severities.map((s) => s.id));
  if (alertSeverity !== undefined) {
    const exact = Object.hasOwn(agreement.alertSeverities, alertSeverity)
      ? agreement.alertSeverities[alertSeverity]
      : undefined;
    const lower = alertSeverity.toLowerCase();
    const folded = Object.entries(agreement.alertSeverities).find(([name]) => name.toLowerCase() === lower)?.[1];
    const id = exact ?? folded;
    if (id !== undefined && known.has(id)) return { id, mapped: true };
  }
  return { id: fallbackSeverity(agreement), mapped: false };
}

export function fallbackSeverity(agreement: Agreement): string {
  const covered = agreement.severities.filter((s) => s.covered);
  const pick = covered.at(-1) ?? agreement.severities.at(-1);
  // The agreement schema requires at least one severity.
  return pick?.id ?? '';
}
