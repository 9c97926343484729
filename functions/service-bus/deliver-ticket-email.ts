import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-ticket-email',
  delivererOptions('deliver-ticket-email', ['notifications'], ({ notifications }, event) =>
    notifications.email.deliver(event),
  ),
);
