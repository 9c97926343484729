import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getHourBankStatementOperation as operation } from '../../src/http/operations/get-hour-bank-statement';

app.http(operation.name, httpFunctionOptions(operation));
