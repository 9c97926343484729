import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'deliver-hourbank-email',
  delivererOptions('deliver-hourbank-email', ['notifications'], ({ notifications }, event) =>
    notifications.email.deliver(event),
  ),
);
