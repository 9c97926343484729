import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { discardQuarantinedMailOperation as operation } from '../../src/http/operations/discard-quarantined-mail';

app.http(operation.name, httpFunctionOptions(operation));
