import { app } from '@azure/functions';
import { delivererBatchOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-hourbank-email',
  delivererBatchOptions('deliver-hourbank-email', ['notifications'], ({ notifications }, events) =>
    notifications.email.deliverAll(events),
  ),
);
