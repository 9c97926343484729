import { describe, expect, it } from 'vitest';
import { fromJsonColumns, toJsonColumns } from '../../../src/adapters/tables/json-columns';
import {
  putTextColumns,
  readTextColumns,
  textColumns,
  textPartChars,
} from '../../../src/adapters/tables/long-text-columns';

const long = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');

/** An entity as the local Durable engine wrote it before the splitters were merged (`name_n`, `name_0`…). */
function legacyEngineEntity(name: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return { [`${name}_n`]: -1 };
  const parts = Math.max(1, Math.ceil(text.length / 30_000));
  const entity: Record<string, unknown> = { [`${name}_n`]: parts };
  for (let i = 0; i < parts; i++) entity[`${name}_${i}`] = text.slice(i * 30_000, (i + 1) * 30_000);
  return entity;
}

describe('long-text columns', () => {
  it('writes `name`, `name1`, `name2`… with no part over the Table property limit, and reads it back', () => {
    const text = long(2 * textPartChars + 5);
    const columns = textColumns('events', text);
    expect(Object.keys(columns)).toEqual(['events', 'events1', 'events2']);
    expect(Math.max(...Object.values(columns).map((part) => part.length))).toBeLessThanOrEqual(32 * 1024);
    expect(readTextColumns(columns, 'events')).toBe(text);
  });

  it('keeps the empty text apart from no text, and several texts apart in one entity', () => {
    const entity: Record<string, unknown> = { partitionKey: 'p' };
    putTextColumns(entity, 'input', '');
    putTextColumns(entity, 'output', undefined);
    putTextColumns(entity, 'timers', long(textPartChars + 1));
    expect(readTextColumns(entity, 'input')).toBe('');
    expect(readTextColumns(entity, 'output')).toBeUndefined();
    expect(readTextColumns(entity, 'timers')).toBe(long(textPartChars + 1));
    expect(Object.keys(entity)).toEqual(['partitionKey', 'input', 'timers', 'timers1']);
  });

  it('still reads what the local engine stored under .local in its earlier format', () => {
    const text = long(3 * 30_000 - 1);
    expect(readTextColumns(legacyEngineEntity('events', text), 'events')).toBe(text);
    expect(readTextColumns(legacyEngineEntity('input', ''), 'input')).toBe('');
    expect(readTextColumns(legacyEngineEntity('output', undefined), 'output')).toBeUndefined();
  });

  it('refuses a text that needs more parts than allowed', () => {
    expect(() => textColumns('doc', long(3 * textPartChars + 1), 3)).toThrow(RangeError);
  });
});

describe('JSON columns', () => {
  it('stores a document under `doc`, `doc1`… exactly as tickets in Azure have always been stored', () => {
    const ticket = { id: 'ACME-1', description: long(45_000) };
    const columns = toJsonColumns(ticket);
    expect(Object.keys(columns)).toEqual(['doc', 'doc1']);
    const json = JSON.stringify(ticket);
    // The format rows written before the splitters were merged: `doc` then `doc1`, 30,000 characters each.
    expect(fromJsonColumns({ doc: json.slice(0, 30_000), doc1: json.slice(30_000) })).toEqual(ticket);
    expect(fromJsonColumns({ partitionKey: 'acme', ...columns })).toEqual(ticket);
  });

  it('refuses a document too large for one entity', () => {
    expect(() => toJsonColumns({ text: long(15 * textPartChars) })).toThrow(RangeError);
  });
});
