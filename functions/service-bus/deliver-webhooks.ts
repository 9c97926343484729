import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-webhooks',
  delivererOptions('deliver-webhooks', (runtime, event) => runtime.notifications.webhooks.accept(event)),
);
