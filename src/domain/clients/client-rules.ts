import type { Agreement } from '../agreement/agreement';
import { DomainError } from '../domain-error';
import type { Client } from './client';

/** The client store keeps a client in one table property: 64 KiB, i.e. 32K UTF-16 characters. */
export const maxClientJsonChars = 32_000;

export function assertClientStorable(client: Client): void {
  const size = JSON.stringify(client).length;
  if (size > maxClientJsonChars) {
    throw new DomainError('unprocessable', `The client with its agreement is ${size} characters as JSON; at most ${maxClientJsonChars} can be stored.`);
  }
}

/** Severity ids the previous agreement had and the next one drops. */
export function droppedSeverities(previous: Agreement | undefined, next: Agreement): string[] {
  const kept = new Set(next.severities.map((s) => s.id));
  return (previous?.severities ?? []).map((s) => s.id).filter((id) => !kept.has(id));
}

/**
 * A severity stays in the agreement while a ticket still has it: its clocks could no longer be
 * evaluated, and every read of the ticket would fail. (Making it uncovered stops its clocks instead.)
 */
export function assertSeveritiesStillInUseKept(clientId: string, dropped: readonly string[], inUse: ReadonlySet<string>): void {
  const stillUsed = dropped.filter((id) => inUse.has(id));
  if (stillUsed.length > 0) {
    throw new DomainError(
      'conflict',
      `Tickets of ${clientId} still have severity ${stillUsed.map((id) => `"${id}"`).join(', ')}; keep it in the agreement (uncovered, if it should no longer run clocks).`,
      'agreement.severities',
    );
  }
}
