import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { azureCredential } from '../adapters/azure-credential';
import { AzureAiSearchIndex } from '../adapters/search/azure-ai-search-index';
import { EmbeddedSearchIndex } from '../adapters/search/embedded-search-index';
import { SearchService } from '../app/search-service';
import type { AppSettings } from '../config/app-settings';
import type { ClientStore } from '../ports/client-store';
import type { SearchIndex } from '../ports/search-index';
import type { TicketStore } from '../ports/ticket-store';

/**
 * The search engine the settings name (docs/search.md): Azure AI Search when `SUPPORTDESK_SEARCH_ENDPOINT`
 * is set, otherwise the embedded engine in `SUPPORTDESK_SEARCH_INDEX_DIR` (or the temporary folder).
 * Once the tables exist, the index is checked and rebuilt from them if it is missing or of another format;
 * the `search-index-check` timer checks again every few minutes.
 */
export function buildSearch(
  settings: AppSettings,
  clientStore: ClientStore,
  ticketStore: TicketStore,
  tablesReady: Promise<void>,
): SearchService {
  const index: SearchIndex = settings.SUPPORTDESK_SEARCH_ENDPOINT
    ? new AzureAiSearchIndex({
        endpoint: settings.SUPPORTDESK_SEARCH_ENDPOINT,
        indexPrefix: 'tickets',
        credential: azureCredential(settings.AZURE_CLIENT_ID),
      })
    : new EmbeddedSearchIndex(settings.SUPPORTDESK_SEARCH_INDEX_DIR ?? join(tmpdir(), 'supportdesk-search'));
  const search = new SearchService(index, clientStore, ticketStore, (m) => console.log(m));
  tablesReady
    .then(() => search.rebuildIfNeeded())
    .catch((error: unknown) =>
      console.warn(
        `search index: check at start failed (the search-index-check timer retries): ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  return search;
}
