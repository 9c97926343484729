import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getTicketOperation as operation } from '../../src/http/operations/get-ticket';

app.http(operation.name, httpFunctionOptions(operation));
