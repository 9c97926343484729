import { app, type InvocationContext, type Timer } from '@azure/functions';
import { withUseCases } from '../../src/composition/runtime';

// Every five minutes: an index that was lost (deleted, or a new instance's empty folder) or written in an
// older format is rebuilt from the tables; otherwise a single read of its state.
app.timer('search-index-check', {
  schedule: '0 */5 * * * *',
  handler: withUseCases(['search'], async ({ search }, _timer: Timer, context: InvocationContext) => {
    if (await search.rebuildIfNeeded()) context.log('search index rebuilt from the tables');
  }),
});
