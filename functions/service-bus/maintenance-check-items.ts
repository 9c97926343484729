import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'maintenance-check-items',
  delivererOptions('maintenance-check-items', ['maintenanceItems'], ({ maintenanceItems }, event) =>
    maintenanceItems.fromEvent(event),
  ),
);
