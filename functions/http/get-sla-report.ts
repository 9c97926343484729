import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getSlaReportOperation as operation } from '../../src/http/operations/get-sla-report';

app.http(operation.name, httpFunctionOptions(operation));
