import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listStaffOperation as operation } from '../../src/http/operations/list-staff';

app.http(operation.name, httpFunctionOptions(operation));
