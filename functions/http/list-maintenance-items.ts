import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listMaintenanceItemsOperation as operation } from '../../src/http/operations/list-maintenance-items';

app.http(operation.name, httpFunctionOptions(operation));
