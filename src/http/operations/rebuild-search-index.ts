import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';

export const rebuildSearchIndexOperation = defineOperation({
  name: 'rebuild-search-index',
  method: 'POST',
  route: 'search/rebuild',
  summary: 'Rebuild the ticket search index from the tables',
  description:
    'Empties the search index and indexes every ticket again, in the background (docs/search.md). Searches answer ' +
    'from what is indexed so far until it finishes; if the process stops first, the `search-index-check` timer ' +
    'finishes the job. The index is also rebuilt by itself when it is lost or its format changes.',
  tags: ['tickets'],
  access: 'admin',
  responses: {
    202: {
      description: 'The rebuild started (or one was already running).',
      schema: z.object({ status: z.literal('rebuilding') }),
    },
  },
  uses: ['search'],
  handle({ deps }) {
    deps.search
      .rebuild()
      .catch((error: unknown) =>
        console.warn(`search index: rebuild failed (the search-index-check timer retries): ${String(error)}`),
      );
    return Promise.resolve(json(202, { status: 'rebuilding' as const }));
  },
});
