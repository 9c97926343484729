import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'maintenance-check-items',
  delivererOptions('maintenance-check-items', (runtime, event) => runtime.maintenanceItems.fromEvent(event)),
);
