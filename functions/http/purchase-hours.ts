import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { purchaseHoursOperation as operation } from '../../src/http/operations/purchase-hours';

app.http(operation.name, httpFunctionOptions(operation));
