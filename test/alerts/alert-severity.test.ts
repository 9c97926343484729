import { describe, expect, it } from 'vitest';
import { agreementSeverityFor } from '../../src/alerts/alert-severity';
import { agreementSchema, type Agreement } from '../../src/domain/agreement/agreement';
import { contractClient } from '../support/contract';

const agreement = agreementSchema.parse((contractClient() as { agreement: unknown }).agreement);

describe('alert severity → agreement severity', () => {
  it('maps each documented alert severity through alertSeverities', () => {
    const mapped = ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4', 'critical', 'error', 'warning', 'info'].map((s) =>
      agreementSeverityFor(agreement, s),
    );
    expect(mapped.map((m) => m.id)).toEqual(['cat1', 'cat1', 'cat2', 'cat2', 'cat4', 'cat1', 'cat2', 'cat2', 'cat4']);
    expect(mapped.every((m) => m.mapped)).toBe(true);
  });

  it('ignores case when the exact name is not mapped', () => {
    expect(agreementSeverityFor(agreement, 'CRITICAL')).toEqual({ id: 'cat1', mapped: true });
    expect(agreementSeverityFor(agreement, 'sev2')).toEqual({ id: 'cat2', mapped: true });
  });

  it('falls back to the least severe covered severity for a missing or unknown one, prototype names included', () => {
    for (const alert of [undefined, 'page', 'P1', '__proto__', 'constructor', 'toString', '']) {
      expect(agreementSeverityFor(agreement, alert), String(alert)).toEqual({ id: 'cat2', mapped: false });
    }
  });

  it('falls back to the last severity when none is covered', () => {
    const uncovered: Agreement = {
      ...agreement,
      severities: agreement.severities.map((s) => ({ ...s, covered: false })),
      alertSeverities: {},
    };
    expect(agreementSeverityFor(uncovered, 'critical')).toEqual({ id: 'cat4', mapped: false });
  });
});
