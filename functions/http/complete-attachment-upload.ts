import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { completeAttachmentUploadOperation as operation } from '../../src/http/operations/complete-attachment-upload';

app.http(operation.name, httpFunctionOptions(operation));
