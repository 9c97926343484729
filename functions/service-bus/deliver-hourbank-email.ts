import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-hourbank-email',
  delivererOptions('deliver-hourbank-email', (runtime, event) => runtime.notifications.email.deliver(event)),
);
