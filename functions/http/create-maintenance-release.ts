import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { createMaintenanceReleaseOperation as operation } from '../../src/http/operations/create-maintenance-release';

app.http(operation.name, httpFunctionOptions(operation));
