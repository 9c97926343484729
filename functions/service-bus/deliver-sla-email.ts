import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-sla-email',
  delivererOptions('deliver-sla-email', ['notifications'], ({ notifications }, event) =>
    notifications.email.deliver(event),
  ),
);
