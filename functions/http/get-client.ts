import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getClientOperation as operation } from '../../src/http/operations/get-client';

app.http(operation.name, httpFunctionOptions(operation));
