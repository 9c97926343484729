import type { SearchDocument } from '../../src/domain/search/search-document';

/** A search document of ticket `ticketId` (its client from the prefix), with the fields given. */
export const doc = (ticketId: string, fields: Partial<SearchDocument> = {}): SearchDocument => ({
  ticketId,
  clientId: ticketId.split('-')[0]!.toLowerCase(),
  number: Number(ticketId.split('-')[1]),
  reporter: 'jo@acme.test',
  status: 'new',
  title: 'Untitled',
  description: '',
  comments: '',
  resolution: '',
  internal: '',
  revision: 1,
  ...fields,
});
