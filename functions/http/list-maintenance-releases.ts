import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listMaintenanceReleasesOperation as operation } from '../../src/http/operations/list-maintenance-releases';

app.http(operation.name, httpFunctionOptions(operation));
