import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { replayDeliveryOperation as operation } from '../../src/http/operations/replay-delivery';

app.http(operation.name, httpFunctionOptions(operation));
