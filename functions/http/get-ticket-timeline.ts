import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getTicketTimelineOperation as operation } from '../../src/http/operations/get-ticket-timeline';

app.http(operation.name, httpFunctionOptions(operation));
