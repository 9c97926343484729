import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-maintenance-email',
  delivererOptions('deliver-maintenance-email', ['notifications'], ({ notifications }, event) =>
    notifications.email.deliver(event),
  ),
);
