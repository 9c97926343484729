import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { acceptQuarantinedMailOperation as operation } from '../../src/http/operations/accept-quarantined-mail';

app.http(operation.name, httpFunctionOptions(operation));
