import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listContactsOperation as operation } from '../../src/http/operations/list-contacts';

app.http(operation.name, httpFunctionOptions(operation));
