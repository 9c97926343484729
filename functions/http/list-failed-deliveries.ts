import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listFailedDeliveriesOperation as operation } from '../../src/http/operations/list-failed-deliveries';

app.http(operation.name, httpFunctionOptions(operation));
