import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getMaintenanceScheduleOperation as operation } from '../../src/http/operations/get-maintenance-schedule';

app.http(operation.name, httpFunctionOptions(operation));
