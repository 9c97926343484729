import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { createSessionOperation as operation } from '../../src/http/operations/create-session';

app.http(operation.name, httpFunctionOptions(operation));
