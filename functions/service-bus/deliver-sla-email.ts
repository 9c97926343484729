import { app } from '@azure/functions';
import { delivererBatchOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-sla-email',
  delivererBatchOptions('deliver-sla-email', ['notifications'], ({ notifications }, events) =>
    notifications.email.deliverAll(events),
  ),
);
