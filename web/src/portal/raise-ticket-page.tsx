import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Field } from '../components/field';
import { Layout } from '../components/layout';
import { ApiError, call, client, messageOf } from '../api/client';
import type { ClientForm, NewTicket } from '../api/types';
import { navigate } from '../lib/router';
import { FilePicker } from '../components/attachments';
import { uploadAttachment } from '../api/attachments';
import { session } from '../lib/session';
import { useClientChoice } from './use-client-choice';

const types = [
  { id: 'defect', label: 'Defect — something is broken' },
  { id: 'question', label: 'Question' },
  { id: 'enhancement', label: 'Enhancement — new or changed behaviour' },
] as const;

/** `/portal/new`: the web form of docs/product-spec.md §7; the API's field errors are shown beside each field. */
export default function RaiseTicketPage() {
  const { clientId, chooser } = useClientChoice(['requester', 'approver']);
  const [form, setForm] = useState<ClientForm>();
  const [loadError, setLoadError] = useState<string>();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState('');
  const [type, setType] = useState<NewTicket['type']>('defect');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  // One key per filled-in form: pressing Raise ticket twice (or a retry) raises one ticket.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    if (!clientId) return;
    setForm(undefined);
    setLoadError(undefined);
    call(client.GET('/api/clients/{clientId}/severities', { params: { path: { clientId } } }))
      .then(({ data }) => {
        setForm(data);
        setSeverity((current) => (data.severities.some((s) => s.id === current) ? current : ''));
      })
      .catch((caught: unknown) => setLoadError(messageOf(caught)));
  }, [clientId]);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      const body = { clientId, title, description, severity, type, reporter: session.value?.email };
      const { data } = await call(
        client.POST('/api/tickets', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }),
      );
      // The files follow the ticket; one refused does not undo the ticket, it is said beside the field.
      const refused: string[] = [];
      for (const file of files) await uploadAttachment(data.id, file).catch((e: unknown) => refused.push(messageOf(e)));
      if (refused.length === 0) {
        navigate(`/portal/tickets/${encodeURIComponent(data.id)}`);
        return;
      }
      setFiles([]);
      setFileErrors([`Ticket ${data.id} was raised, but some files were not attached:`, ...refused]);
      setBusy(false);
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fieldErrors() : {};
      setErrors(fields);
      const shown = ['title', 'description', 'severity', 'type', 'clientId'].some((f) => fields[f]);
      setError(shown ? 'Please correct the fields marked below.' : messageOf(caught));
      setBusy(false);
    }
  }

  const chosen = form?.severities.find((s) => s.id === severity);
  if (!clientId) {
    return (
      <Layout title="Raise a ticket">
        <p>You are not a contact of any client, so you cannot raise tickets.</p>
      </Layout>
    );
  }
  return (
    <Layout title="Raise a ticket">
      <ErrorBox message={loadError ?? error} />
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Raise a ticket">
        {chooser}
        <Field id="title" label="Title" error={errors.title} hint="A short summary, e.g. “Invoices fail to save”.">
          {(d, invalid) => (
            <input
              id="title"
              value={title}
              maxLength={200}
              required
              aria-describedby={d}
              aria-invalid={invalid}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field
          id="description"
          label="Description"
          error={errors.description}
          hint="What happened, what you expected, and since when."
        >
          {(d, invalid) => (
            <textarea
              id="description"
              rows={6}
              value={description}
              required
              aria-describedby={d}
              aria-invalid={invalid}
              onInput={(e) => setDescription(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field
          id="severity"
          label="Severity"
          error={errors.severity}
          hint={
            chosen
              ? `${chosen.description}${chosen.covered ? '' : ' Not covered by your agreement: this work will be quoted before it starts.'}`
              : 'How badly does this affect you?'
          }
        >
          {(d, invalid) => (
            <select
              id="severity"
              value={severity}
              required
              aria-describedby={d}
              aria-invalid={invalid}
              onChange={(e) => setSeverity(e.currentTarget.value)}
            >
              <option value="">Choose a severity</option>
              {(form?.severities ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} — {s.covered ? 'covered by your agreement' : 'not covered: will be quoted'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="type" label="Type" error={errors.type}>
          {(d, invalid) => (
            <select
              id="type"
              value={type}
              aria-describedby={d}
              aria-invalid={invalid}
              onChange={(e) => setType(types.find((t) => t.id === e.currentTarget.value)?.id ?? 'defect')}
            >
              {types.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {/* There from the start, closed: the severities arriving fill it without moving the file
            picker below under a press. */}
        <details class="severity-help">
          <summary>What the severities mean</summary>
          {form ? (
            <dl>
              {form.severities.map((s) => (
                <div key={s.id}>
                  <dt>
                    {s.name} {s.covered ? '(covered)' : '(not covered: quoted)'}
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          ) : loadError ? null : (
            <p>Loading the severities…</p>
          )}
        </details>
        <FilePicker id="ticket-files" pending={{ files, set: setFiles }} />
        {fileErrors.length > 0 ? (
          <div class="error-box" role="alert">
            {fileErrors.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </div>
        ) : null}
        <button type="submit" disabled={busy || !form}>
          Raise ticket
        </button>
      </form>
    </Layout>
  );
}
