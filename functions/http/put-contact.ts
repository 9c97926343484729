import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { putContactOperation as operation } from '../../src/http/operations/put-contact';

app.http(operation.name, httpFunctionOptions(operation));
