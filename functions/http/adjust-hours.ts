import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { adjustHoursOperation as operation } from '../../src/http/operations/adjust-hours';

app.http(operation.name, httpFunctionOptions(operation));
