import type { Client } from '../../src/domain/clients/client';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { contractClient } from './contract';

/** The contract example client's settings, as the API parses them. */
export const contractClientSettings = () => clientBodySchema.parse(contractClient());

/** The contract example as a stored client with its own id and ticket prefix, for store-level tests (the stores take clients as given). */
export function testClient(id: string, prefix: string, changes: Partial<Client> = {}): Client {
  return {
    ...contractClientSettings(),
    ticketPrefix: prefix,
    id,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...changes,
  };
}
