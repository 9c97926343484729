import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listApiKeysOperation as operation } from '../../src/http/operations/list-api-keys';

app.http(operation.name, httpFunctionOptions(operation));
