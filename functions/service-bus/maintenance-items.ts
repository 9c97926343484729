import { app } from '@azure/functions';
import { delivererOptions } from '../../src/triggers/deliverer-trigger';

app.serviceBusTopic(
  'maintenance-items',
  delivererOptions('maintenance-items', ['maintenanceItems'], ({ maintenanceItems }, event) =>
    maintenanceItems.fromEvent(event),
  ),
);
