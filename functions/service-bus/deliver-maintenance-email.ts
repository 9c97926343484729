import { app } from '@azure/functions';
import { delivererBatchOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-maintenance-email',
  delivererBatchOptions('deliver-maintenance-email', ['notifications'], ({ notifications }, events) =>
    notifications.email.deliverAll(events),
  ),
);
