import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { downloadAttachmentOperation as operation } from '../../src/http/operations/download-attachment';

app.http(operation.name, httpFunctionOptions(operation));
