import { app } from '@azure/functions';
import { delivererBatchOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-ticket-email',
  delivererBatchOptions('deliver-ticket-email', ['notifications'], ({ notifications }, events) =>
    notifications.email.deliverAll(events),
  ),
);
