import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { listAttachmentsOperation as operation } from '../../src/http/operations/list-attachments';

app.http(operation.name, httpFunctionOptions(operation));
