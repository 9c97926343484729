import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getOpenApiOperation as operation } from '../../src/http/operations/get-openapi';

app.http(operation.name, httpFunctionOptions(operation));
