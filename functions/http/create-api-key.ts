import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { createApiKeyOperation as operation } from '../../src/http/operations/create-api-key';

app.http(operation.name, httpFunctionOptions(operation));
