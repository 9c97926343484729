import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'search',
  delivererOptions('search', ['search'], ({ search }, event) => search.indexEvent(event)),
);
