import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getClientSeveritiesOperation as operation } from '../../src/http/operations/get-client-severities';

app.http(operation.name, httpFunctionOptions(operation));
