import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { requestSignInLinkOperation as operation } from '../../src/http/operations/request-sign-in-link';

app.http(operation.name, httpFunctionOptions(operation));
