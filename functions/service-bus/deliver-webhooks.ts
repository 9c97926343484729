import { app } from '@azure/functions';
import { delivererOptions } from '../../src/adapters/service-bus/deliverer-trigger';

app.serviceBusTopic('deliver-webhooks', delivererOptions('deliver-webhooks', (runtime, event) => runtime.notifications.webhooks.accept(event)));
