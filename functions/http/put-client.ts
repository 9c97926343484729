import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { putClientOperation as operation } from '../../src/http/operations/put-client';

app.http(operation.name, httpFunctionOptions(operation));
