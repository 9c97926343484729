import { app } from '@azure/functions';
import { getRuntime } from '../../src/composition/runtime';

// Every five minutes: an index that was lost (deleted, or a new instance's empty folder) or written in an
// older format is rebuilt from the tables; otherwise a single read of its state.
app.timer('search-index-check', {
  schedule: '0 */5 * * * *',
  handler: async (_timer, context) => {
    const runtime = getRuntime();
    await runtime.ready;
    if (await runtime.search.rebuildIfNeeded()) context.log('search index rebuilt from the tables');
  },
});
