import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { beginAttachmentUploadOperation as operation } from '../../src/http/operations/begin-attachment-upload';

app.http(operation.name, httpFunctionOptions(operation));
