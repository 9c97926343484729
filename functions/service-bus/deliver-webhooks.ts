import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-webhooks',
  delivererOptions('deliver-webhooks', ['notifications'], ({ notifications }, event) =>
    notifications.webhooks.accept(event),
  ),
);
