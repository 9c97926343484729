import { app } from '@azure/functions';
import { delivererBatchOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'search',
  delivererBatchOptions('search', ['search'], ({ search }, events) => search.indexEvents(events)),
);
