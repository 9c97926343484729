import { app } from '@azure/functions';
import { httpFunctionOptions } from '../../src/http/endpoint';
import { rebuildSearchIndexOperation as operation } from '../../src/http/operations/rebuild-search-index';

app.http(operation.name, httpFunctionOptions(operation));
