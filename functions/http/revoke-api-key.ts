import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { revokeApiKeyOperation as operation } from '../../src/http/operations/revoke-api-key';

app.http(operation.name, httpFunctionOptions(operation));
