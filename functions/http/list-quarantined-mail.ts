import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listQuarantinedMailOperation as operation } from '../../src/http/operations/list-quarantined-mail';

app.http(operation.name, httpFunctionOptions(operation));
