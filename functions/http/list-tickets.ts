import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listTicketsOperation as operation } from '../../src/http/operations/list-tickets';

app.http(operation.name, httpFunctionOptions(operation));
