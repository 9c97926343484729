import { useState } from 'preact/hooks';
import { ActionForm, number, text } from '../components/action-form';
import { ErrorBox } from '../components/field';
import { HourBankView } from '../components/hour-bank-view';
import { TextInput } from '../components/inputs';
import { Layout } from '../components/layout';
import { useLoad } from '../components/use-load';
import { call, client } from '../api/client';
import { formatDuration, formatInZone } from '../lib/format';
import { isLead, session } from '../lib/session';
import type { PageProps } from '../routes';

const keyScopes = ['tickets:read', 'tickets:write', 'alerts:write'] as const;

/** `/console/clients/:id`: agreement (read-only), contacts, API keys, hour bank. */
export default function ClientPage({ params }: PageProps) {
  const clientId = params.clientId ?? '';
  const at = { path: { clientId } };
  const agreement = useLoad(
    async () => (await call(client.GET('/api/clients/{clientId}', { params: at }))).data,
    [clientId],
  );
  const contacts = useLoad(
    async () => (await call(client.GET('/api/clients/{clientId}/contacts', { params: at }))).data.items,
    [clientId],
  );
  const keys = useLoad(
    async () => (await call(client.GET('/api/clients/{clientId}/api-keys', { params: at }))).data.items,
    [clientId],
  );
  const bank = useLoad(
    async () => (await call(client.GET('/api/clients/{clientId}/hour-bank', { params: at }))).data,
    [clientId],
  );
  const [newKey, setNewKey] = useState<string>();
  const lead = isLead(session.value);
  const c = agreement.value;
  // The page is shown whole, once every part has arrived (or failed): a part arriving after the rest
  // would push the buttons below it (Create API key, Record purchase, Adjust balance) down under a
  // pointer already pressing one, and that press is lost (or lands on whatever moved there).
  const loaded = agreement.loaded && contacts.loaded && keys.loaded && bank.loaded;

  return (
    <Layout title={c ? `${c.name} (${c.id})` : `Client ${clientId}`}>
      <p>
        <a href={`/console/clients/${encodeURIComponent(clientId)}/maintenance`}>Maintenance plan</a>
      </p>
      {loaded ? (
        <>
          <section aria-labelledby="agreement-heading">
            <h2 id="agreement-heading">Agreement</h2>
            <ErrorBox message={agreement.error} />
            {c ? (
              <>
                <p>
                  Ticket prefix {c.ticketPrefix} · timezone {c.timezone}
                </p>
                <table>
                  <caption>Severities</caption>
                  <thead>
                    <tr>
                      <th scope="col">Severity</th>
                      <th scope="col">Covered</th>
                      <th scope="col">Calendar</th>
                      <th scope="col">Assess within</th>
                      <th scope="col">Resolve within</th>
                      <th scope="col">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.agreement.severities.map((s) => (
                      <tr key={s.id}>
                        <th scope="row">{s.name}</th>
                        <td>{s.covered ? 'Yes' : 'No (quoted)'}</td>
                        <td>{s.calendar ?? '—'}</td>
                        <td>{formatDuration(s.assessWithin)}</td>
                        <td>{formatDuration(s.resolveWithin)}</td>
                        <td>{s.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <details>
                  <summary>Calendars</summary>
                  <pre>{JSON.stringify(c.agreement.calendars, null, 2)}</pre>
                </details>
              </>
            ) : null}
          </section>

          <section aria-labelledby="contacts-heading">
            <h2 id="contacts-heading">Contacts</h2>
            <ErrorBox message={contacts.error} />
            {contacts.value ? (
              <table>
                <caption>Registered contacts</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Roles</th>
                    <th scope="col">Active</th>
                  </tr>
                </thead>
                <tbody>
                  {contacts.value.map((p) => (
                    <tr key={p.email}>
                      <td>{p.name}</td>
                      <td>{p.email}</td>
                      <td>{p.roles.join(', ')}</td>
                      <td>{p.active === false ? 'No' : 'Yes'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>

          <section aria-labelledby="keys-heading">
            <h2 id="keys-heading">API keys</h2>
            <ErrorBox message={keys.error} />
            {newKey ? (
              <div role="status" class="status-box">
                New key (shown once, copy it now): <code>{newKey}</code>
              </div>
            ) : null}
            {keys.value ? (
              <table>
                <caption>Keys (the secrets are never shown again)</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Scopes</th>
                    <th scope="col">Created</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {keys.value.map((k) => (
                    <tr key={k.id}>
                      <td>{k.name}</td>
                      <td>{k.scopes.join(', ')}</td>
                      <td>{formatInZone(k.createdAt, c?.timezone)}</td>
                      <td>
                        {k.revokedAt ? (
                          `Revoked ${formatInZone(k.revokedAt, c?.timezone)}`
                        ) : lead ? (
                          <ActionForm
                            name={`Revoke ${k.name}`}
                            immediate
                            onSubmit={async () => {
                              await call(
                                client.DELETE('/api/clients/{clientId}/api-keys/{keyId}', {
                                  params: { path: { clientId, keyId: k.id } },
                                }),
                              );
                              await keys.reload();
                            }}
                          />
                        ) : (
                          'Active'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {lead ? (
              <ActionForm
                name="Create API key"
                submitLabel="Create key"
                onSubmit={async (f) => {
                  const scopes = keyScopes.filter((s) => f.get(s) === 'on');
                  const { data } = await call(
                    client.POST('/api/clients/{clientId}/api-keys', {
                      params: at,
                      body: { name: text(f, 'name') ?? '', scopes },
                    }),
                  );
                  // Absent only when the API answers a repeat of a creation: the secret was in the first answer.
                  setNewKey(
                    data.key ??
                      'not shown again: this key was created by an earlier attempt; revoke it and create another',
                  );
                  await keys.reload();
                }}
              >
                {(errors) => (
                  <>
                    <TextInput scope="key" name="name" label="Key name" errors={errors} required />
                    <fieldset>
                      <legend>Scopes</legend>
                      {['tickets:read', 'tickets:write', 'alerts:write'].map((s) => (
                        <label key={s} class="inline">
                          <input type="checkbox" name={s} /> {s}
                        </label>
                      ))}
                      {errors.scopes ? <div class="field-error">{errors.scopes}</div> : null}
                    </fieldset>
                  </>
                )}
              </ActionForm>
            ) : null}
          </section>

          <section aria-labelledby="bank-heading">
            <h2 id="bank-heading">Hour bank</h2>
            <ErrorBox message={bank.error} />
            {lead ? (
              <div class="actions">
                <ActionForm
                  name="Record purchase"
                  onSubmit={async (f) => {
                    await call(
                      client.POST('/api/clients/{clientId}/hour-bank/purchases', {
                        params: at,
                        body: { hours: number(f, 'hours') ?? 0, reference: text(f, 'reference') ?? '' },
                      }),
                    );
                    await bank.reload();
                  }}
                >
                  {(errors) => (
                    <>
                      <TextInput
                        scope="purchase"
                        name="hours"
                        label="Hours"
                        type="number"
                        step="0.25"
                        errors={errors}
                        required
                      />
                      <TextInput
                        scope="purchase"
                        name="reference"
                        label="Reference"
                        errors={errors}
                        required
                        hint="Order or invoice number."
                      />
                    </>
                  )}
                </ActionForm>
                <ActionForm
                  name="Adjust balance"
                  onSubmit={async (f) => {
                    await call(
                      client.POST('/api/clients/{clientId}/hour-bank/adjustments', {
                        params: at,
                        body: { hours: number(f, 'hours') ?? 0, reason: text(f, 'reason') ?? '' },
                      }),
                    );
                    await bank.reload();
                  }}
                >
                  {(errors) => (
                    <>
                      <TextInput
                        scope="adjust"
                        name="hours"
                        label="Hours (negative to deduct)"
                        field="hours"
                        type="number"
                        step="0.25"
                        errors={errors}
                        required
                      />
                      <TextInput scope="adjust" name="reason" label="Reason" errors={errors} required />
                    </>
                  )}
                </ActionForm>
              </div>
            ) : null}
            {bank.value ? <HourBankView bank={bank.value} clientId={clientId} timeZone={c?.timezone} /> : null}
          </section>
        </>
      ) : (
        <p role="status">Loading the client…</p>
      )}
    </Layout>
  );
}
