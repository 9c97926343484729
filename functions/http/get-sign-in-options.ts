import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getSignInOptionsOperation as operation } from '../../src/http/operations/get-sign-in-options';

app.http(operation.name, httpFunctionOptions(operation));
