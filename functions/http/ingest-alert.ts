import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { ingestAlertOperation as operation } from '../../src/http/operations/ingest-alert';

app.http(operation.name, httpFunctionOptions(operation));
