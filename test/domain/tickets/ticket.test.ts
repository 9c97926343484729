import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ticketStatusSchema } from '../../../src/domain/agreement/ticket-status';
import { DomainError } from '../../../src/domain/domain-error';
import {
  assertTicketStorable,
  isClosed,
  isFinished,
  maxTicketJsonChars,
  newTicket,
  parseTicketId,
  ticketId,
} from '../../../src/domain/tickets/ticket';

const ticket = newTicket({
  clientId: 'acme',
  ticketPrefix: 'ACME',
  number: 12,
  title: 't',
  description: 'd',
  severity: 'cat2',
  type: 'defect',
  reporter: 'jo@acme.test',
  receivedAt: '2026-11-23T09:00:00.000Z',
});

describe('ticket ids', () => {
  it('parse back into the prefix and number they were built from', () => {
    const prefix = fc.stringMatching(/^[A-Z][A-Z0-9]{1,11}$/);
    fc.assert(
      fc.property(prefix, fc.integer({ min: 1, max: 9_999_999_999 }), (p, n) => {
        expect(parseTicketId(ticketId(p, n))).toEqual({ prefix: p, number: n });
      }),
    );
  });

  it('are refused when ticketId could not have built them', () => {
    for (const id of [
      '',
      'ACME',
      'ACME-',
      'ACME-0',
      'ACME-012',
      'acme-1',
      'A-1',
      '1ACME-1',
      'ACME-12345678901',
      'ACME-1 ',
      'ACME--1',
      'ABCDEFGHIJKLM-1',
    ]) {
      expect(parseTicketId(id), id).toBeUndefined();
    }
  });
});

describe('ticket status rules', () => {
  it('closed is the only final state; resolved and closed are finished', () => {
    const statuses = ticketStatusSchema.options;
    expect(statuses.filter(isClosed)).toEqual(['closed']);
    expect(statuses.filter(isFinished)).toEqual(['resolved', 'closed']);
  });
});

describe('ticket storage cap', () => {
  it('accepts a ticket that fits and refuses one that would not', () => {
    expect(() => assertTicketStorable(ticket)).not.toThrow();
    const huge = {
      ...ticket,
      followUps: [{ task: 'x'.repeat(maxTicketJsonChars), by: 'admin', at: ticket.receivedAt }],
    };
    expect(() => assertTicketStorable(huge)).toThrow(DomainError);
  });
});
