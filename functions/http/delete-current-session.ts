import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { deleteCurrentSessionOperation as operation } from '../../src/http/operations/delete-current-session';

app.http(operation.name, httpFunctionOptions(operation));
