import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getMaintenanceReleaseOperation as operation } from '../../src/http/operations/get-maintenance-release';

app.http(operation.name, httpFunctionOptions(operation));
