import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getCurrentSessionOperation as operation } from '../../src/http/operations/get-current-session';

app.http(operation.name, httpFunctionOptions(operation));
