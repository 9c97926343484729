import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { TicketView } from '../../../src/app/ticket-view';
import { ticketSchema } from '../../../src/http/operations/response-schemas';

/** Both types with readonly dropped, compared exactly: a field on one side only is a compile error. */
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
type Same<A, B> = (<T>() => T extends Mutable<A> ? 1 : 2) extends <T>() => T extends Mutable<B> ? 1 : 2 ? true : false;

// Checked by `npm run typecheck`: the OpenAPI document (and so the web's generated types) describes the
// ticket view exactly as the code builds it; a field added to the view and not to the schema fails here.
const ticketSchemaDescribesTheView: Same<z.output<typeof ticketSchema>, TicketView> = true;

describe('ticketSchema', () => {
  it('describes the ticket view field for field (a compile-time check, see above)', () => {
    expect(ticketSchemaDescribesTheView).toBe(true);
  });
});
