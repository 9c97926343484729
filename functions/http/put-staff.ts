import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { putStaffOperation as operation } from '../../src/http/operations/put-staff';

app.http(operation.name, httpFunctionOptions(operation));
