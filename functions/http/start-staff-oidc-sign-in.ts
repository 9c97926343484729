import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { startStaffOidcSignInOperation as operation } from '../../src/http/operations/start-staff-oidc-sign-in';

app.http(operation.name, httpFunctionOptions(operation));
