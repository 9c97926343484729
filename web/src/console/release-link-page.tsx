import { useState } from 'preact/hooks';
import { Field } from '../components/field';
import { Layout } from '../components/layout';
import { navigate } from '../lib/router';
import type { PageProps } from '../routes';

/**
 * `/console/maintenance/releases/:releaseId`, where the desk's e-mails and chat messages about a release
 * link. A release id is the client's own (`r1`), and the link does not name the client, so the page
 * asks for it (the client's name is in the message) and opens that client's plan on the release.
 */
export default function ReleaseLinkPage({ params }: PageProps) {
  const releaseId = params.releaseId ?? '';
  const [clientId, setClientId] = useState(new URLSearchParams(window.location.search).get('client') ?? '');
  return (
    <Layout title={`Release ${releaseId}`}>
      <p>Release ids are numbered per client: name the client to open its maintenance plan on this release.</p>
      <form
        aria-label="Open the release"
        onSubmit={(e) => {
          e.preventDefault();
          const id = clientId.trim().toLowerCase();
          if (id)
            navigate(`/console/clients/${encodeURIComponent(id)}/maintenance#release-${encodeURIComponent(releaseId)}`);
        }}
      >
        <Field id="release-client" label="Client id" hint="The client's slug, e.g. acme.">
          {(d) => (
            <input
              id="release-client"
              value={clientId}
              aria-describedby={d}
              onInput={(e) => setClientId(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit">Open release</button>
      </form>
    </Layout>
  );
}
