import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-ticket-email',
  delivererOptions('deliver-ticket-email', (runtime, event) => runtime.notifications.email.deliver(event)),
);
