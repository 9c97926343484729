import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { getHourBankOperation as operation } from '../../src/http/operations/get-hour-bank';

app.http(operation.name, httpFunctionOptions(operation));
