import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { addMaintenanceItemOperation as operation } from '../../src/http/operations/add-maintenance-item';

app.http(operation.name, httpFunctionOptions(operation));
