import { app } from '@azure/functions';
import { delivererOptions } from '../../src/adapters/service-bus/deliverer-trigger';

app.serviceBusTopic('deliver-sla-email', delivererOptions('deliver-sla-email', (runtime, event) => runtime.notifications.email.deliver(event)));
