import { useState } from 'preact/hooks';
import { Field } from '../components/field';
import { Layout } from '../components/layout';
import { navigate } from '../lib/router';

/** `/console/clients`: open a client's page by its id (every client's tickets link to it too). */
export default function ClientsPage() {
  const [clientId, setClientId] = useState('');
  return (
    <Layout title="Clients">
      <form
        aria-label="Open a client"
        onSubmit={(e) => {
          e.preventDefault();
          if (clientId.trim()) navigate(`/console/clients/${encodeURIComponent(clientId.trim().toLowerCase())}`);
        }}
      >
        <Field id="client-id" label="Client id" hint="The client's slug, e.g. acme.">
          {(d) => (
            <input
              id="client-id"
              value={clientId}
              aria-describedby={d}
              onInput={(e) => setClientId(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit">Open client</button>
      </form>
    </Layout>
  );
}
