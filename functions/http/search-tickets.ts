import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { searchTicketsOperation as operation } from '../../src/http/operations/search-tickets';

app.http(operation.name, httpFunctionOptions(operation));
