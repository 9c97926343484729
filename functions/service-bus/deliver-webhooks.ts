import { app } from '@azure/functions';
import { delivererBatchOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-webhooks',
  delivererBatchOptions('deliver-webhooks', ['notifications'], ({ notifications }, events) =>
    notifications.webhooks.acceptAll(events),
  ),
);
