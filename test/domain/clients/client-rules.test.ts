import { describe, expect, it } from 'vitest';
import { agreementSchema } from '../../../src/domain/agreement/agreement';
import { assertSeveritiesStillInUseKept, droppedSeverities } from '../../../src/domain/clients/client-rules';
import { DomainError } from '../../../src/domain/domain-error';
import { contractClient } from '../../support/contract';

const agreement = agreementSchema.parse(contractClient().agreement);
const without = (id: string) => ({ ...agreement, severities: agreement.severities.filter((s) => s.id !== id) });

describe('dropping a severity from an agreement', () => {
  it('finds the severities the new agreement drops', () => {
    expect(droppedSeverities(agreement, without('cat4'))).toEqual(['cat4']);
    expect(droppedSeverities(undefined, agreement)).toEqual([]);
    expect(droppedSeverities(agreement, agreement)).toEqual([]);
  });

  it('is refused while a ticket still has it, naming the field', () => {
    expect(() => assertSeveritiesStillInUseKept('acme', ['cat4'], new Set(['cat2']))).not.toThrow();
    let refused: unknown;
    try {
      assertSeveritiesStillInUseKept('acme', ['cat4'], new Set(['cat4']));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ kind: 'conflict', field: 'agreement.severities' });
  });
});
