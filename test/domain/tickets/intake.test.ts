import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/domain-error';
import {
  assertSeverityOffered,
  assertTakesTickets,
  mailIntake,
  maxBackdatingMs,
  ticketIntake,
} from '../../../src/domain/tickets/intake';
import { clientBodySchema } from '../../../src/http/operations/client-schemas';
import { contractClient } from '../../support/contract';

const now = new Date('2026-12-07T10:00:00Z');
const { agreement } = clientBodySchema.parse(contractClient());

function refusal(run: () => unknown): { kind: string; field: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('ticket intake', () => {
  it('gives each caller the channel its credentials imply, received now', () => {
    expect(ticketIntake('contact', {}, now)).toEqual({ channel: 'portal', receivedAt: now.toISOString() });
    expect(ticketIntake('client-key', {}, now)).toEqual({ channel: 'api', receivedAt: now.toISOString() });
    expect(ticketIntake('admin', {}, now)).toEqual({ channel: 'api', receivedAt: now.toISOString() });
  });

  it('lets staff say how and when the contact reached them, up to 7 days back', () => {
    const at = new Date(now.getTime() - maxBackdatingMs).toISOString();
    expect(ticketIntake('staff', { channel: 'phone', receivedAt: at }, now)).toEqual({
      channel: 'phone',
      receivedAt: at,
    });
  });

  it('refuses a channel chosen by anyone but staff, and staff who do not say it', () => {
    expect(refusal(() => ticketIntake('contact', { channel: 'phone' }, now))).toEqual({
      kind: 'forbidden',
      field: 'channel',
    });
    expect(refusal(() => ticketIntake('client-key', { channel: 'email' }, now)).kind).toBe('forbidden');
    expect(refusal(() => ticketIntake('staff', {}, now))).toEqual({ kind: 'invalid', field: 'channel' });
  });

  it('refuses a receipt time without a channel, in the future, or more than 7 days back', () => {
    expect(refusal(() => ticketIntake('admin', { receivedAt: now.toISOString() }, now))).toEqual({
      kind: 'invalid',
      field: 'receivedAt',
    });
    const future = new Date(now.getTime() + 1000).toISOString();
    expect(refusal(() => ticketIntake('staff', { channel: 'phone', receivedAt: future }, now)).kind).toBe(
      'unprocessable',
    );
    const old = new Date(now.getTime() - maxBackdatingMs - 1000).toISOString();
    expect(refusal(() => ticketIntake('staff', { channel: 'phone', receivedAt: old }, now))).toEqual({
      kind: 'unprocessable',
      field: 'receivedAt',
    });
  });

  it('takes tickets only for an active client, at a severity its agreement offers', () => {
    expect(() => assertTakesTickets({ id: 'acme', active: true })).not.toThrow();
    expect(refusal(() => assertTakesTickets({ id: 'acme', active: false }))).toEqual({
      kind: 'conflict',
      field: 'clientId',
    });
    const offered = agreement.severities[0]?.id ?? '';
    expect(() => assertSeverityOffered({ agreement }, offered)).not.toThrow();
    expect(refusal(() => assertSeverityOffered({ agreement }, 'no-such-severity'))).toEqual({
      kind: 'invalid',
      field: 'severity',
    });
  });

  it('raises a mail as a defect by e-mail at the intake severity, received when the mailbox got it', () => {
    const received = '2026-12-01T08:00:00.000Z';
    const intake = mailIntake({ agreement }, received);
    expect(intake).toMatchObject({ channel: 'email', receivedAt: received, type: 'defect' });
    expect(agreement.severities.map((s) => s.id)).toContain(intake.severity);
  });
});
