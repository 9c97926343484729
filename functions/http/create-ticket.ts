import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { createTicketOperation as operation } from '../../src/http/operations/create-ticket';

app.http(operation.name, httpFunctionOptions(operation));
