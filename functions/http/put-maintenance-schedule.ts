import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { putMaintenanceScheduleOperation as operation } from '../../src/http/operations/put-maintenance-schedule';

app.http(operation.name, httpFunctionOptions(operation));
