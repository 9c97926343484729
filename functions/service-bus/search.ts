import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'search',
  delivererOptions('search', (runtime, event) => runtime.search.indexEvent(event)),
);
