import { createHash } from 'node:crypto';

/** A fixed-length key any text can be stored under: row keys may not hold `/ \ # ?` or control characters. */
export const rowKeyHash = (text: string): string => createHash('sha256').update(text).digest('hex');
