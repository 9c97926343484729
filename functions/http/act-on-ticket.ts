import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { actOnTicketOperation as operation } from '../../src/http/operations/act-on-ticket';

app.http(operation.name, httpFunctionOptions(operation));
