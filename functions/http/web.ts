import { app } from '@azure/functions';
import { getRuntime } from '../../src/composition/runtime';
import { builtSite } from '../../src/http/web/static-site';

// The pages: every GET not taken by a more specific route (the API is under `api/`) is the web app.
app.http('web', {
  route: '{*path}',
  methods: ['GET', 'HEAD'],
  authLevel: 'anonymous',
  handler: (request) => builtSite(getRuntime().blobOrigin).serve(request, request.params.path ?? ''),
});
