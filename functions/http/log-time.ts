import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { logTimeOperation as operation } from '../../src/http/operations/log-time';

app.http(operation.name, httpFunctionOptions(operation));
