import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listTimeEntriesOperation as operation } from '../../src/http/operations/list-time-entries';

app.http(operation.name, httpFunctionOptions(operation));
