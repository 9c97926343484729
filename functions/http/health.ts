import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { healthOperation as operation } from '../../src/http/operations/health';

app.http(operation.name, httpFunctionOptions(operation));
