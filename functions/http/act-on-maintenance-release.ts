import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { actOnMaintenanceReleaseOperation as operation } from '../../src/http/operations/act-on-maintenance-release';

app.http(operation.name, httpFunctionOptions(operation));
