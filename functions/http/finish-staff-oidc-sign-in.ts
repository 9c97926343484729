import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { finishStaffOidcSignInOperation as operation } from '../../src/http/operations/finish-staff-oidc-sign-in';

app.http(operation.name, httpFunctionOptions(operation));
