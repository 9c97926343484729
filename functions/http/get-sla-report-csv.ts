import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getSlaReportCsvOperation as operation } from '../../src/http/operations/get-sla-report-csv';

app.http(operation.name, httpFunctionOptions(operation));
