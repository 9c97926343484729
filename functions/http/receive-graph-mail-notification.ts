import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { receiveGraphMailNotificationOperation as operation } from '../../src/http/operations/receive-graph-mail-notification';

app.http(operation.name, httpFunctionOptions(operation));
