import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listMaintenanceSchedulesOperation as operation } from '../../src/http/operations/list-maintenance-schedules';

app.http(operation.name, httpFunctionOptions(operation));
