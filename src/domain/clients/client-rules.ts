import { DomainError } from '../domain-error';
import type { Client } from './client';

/** The client store keeps a client in one table property: 64 KiB, i.e. 32K UTF-16 characters. */
export const maxClientJsonChars = 32_000;

export function assertClientStorable(client: Client): void {
  const size = JSON.stringify(client).length;
  if (size > maxClientJsonChars) {
    throw new DomainError(
      'unprocessable',
      `The client with its agreement is ${size} characters as JSON; at most ${maxClientJsonChars} can be stored.`,
    );
  }
}
