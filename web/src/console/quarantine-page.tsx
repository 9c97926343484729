import { useState } from 'preact/hooks';
import { ApiError, call, client, messageOf } from '../api/client';
import type { Contact, QuarantinedMail } from '../api/types';
import { ErrorBox, Field } from '../components/field';
import { Layout } from '../components/layout';
import { useLoad } from '../components/use-load';
import { formatInZone } from '../lib/format';
import { refreshQuarantineCount } from '../lib/quarantine';

/** Why a mail was held, in words (the API's `reason`). */
const reasonWords: Readonly<Record<QuarantinedMail['reason'], string>> = {
  'unknown-sender': 'The sender is no contact of any client',
  'inactive-contact': 'The sender is a contact, but not an active one',
  'ambiguous-client': 'The sender is an active contact of several clients',
  unreadable: 'The mail could not be read',
  'too-large': 'The mail is over 25 MB',
};

/**
 * `/console/quarantine`: mail the intake held back (docs/mail-in.md), newest first. Staff raise one as a
 * ticket of the client and contact they choose (received when the mailbox received it), or discard it.
 * Everything of the mail is shown as text: its subject, sender and body are whatever anyone sent.
 */
export default function QuarantinePage() {
  const mails = useLoad(async () => (await call(client.GET('/api/mail/quarantine'))).data.items, []);
  const [done, setDone] = useState<{ readonly text: string; readonly ticketId?: string }>();

  async function settled(outcome: { readonly text: string; readonly ticketId?: string }) {
    setDone(outcome);
    await Promise.all([mails.reload(), refreshQuarantineCount()]);
  }

  const items = mails.value;
  return (
    <Layout title="Quarantined mail">
      <p>
        Mail that could not become a ticket or a comment by itself. Nothing has been sent to its sender; nothing is sent
        when it is discarded.
      </p>
      <div class="status-box" role="status">
        {done ? (
          <>
            {done.text}
            {done.ticketId ? (
              <>
                {' '}
                <a href={`/console/tickets/${encodeURIComponent(done.ticketId)}`}>Open {done.ticketId}</a>
              </>
            ) : null}
          </>
        ) : null}
      </div>
      <ErrorBox message={mails.error} />
      {items === undefined ? (
        mails.error ? null : (
          <p class="loading">Loading…</p>
        )
      ) : items.length === 0 ? (
        <p>No mail is waiting.</p>
      ) : (
        <ul class="quarantine-list" aria-label="Quarantined mail">
          {items.map((mail) => (
            <MailItem key={mail.id} mail={mail} onSettled={settled} />
          ))}
        </ul>
      )}
    </Layout>
  );
}

function sender(mail: QuarantinedMail): string {
  if (mail.from && mail.fromName) return `${mail.fromName} <${mail.from}>`;
  return mail.from ?? mail.fromName ?? 'No sender';
}

function MailItem({
  mail,
  onSettled,
}: {
  readonly mail: QuarantinedMail;
  readonly onSettled: (outcome: { readonly text: string; readonly ticketId?: string }) => Promise<void>;
}) {
  const [open, setOpen] = useState<'accept' | 'discard' | undefined>();
  const slug = mail.id.slice(0, 16);
  const headingId = `mail-${slug}`;
  const subject = mail.subject.trim() || '(no subject)';
  return (
    <li>
      <article aria-labelledby={headingId}>
        <h2 id={headingId}>{subject}</h2>
        <dl class="facts">
          <dt>From</dt>
          <dd>{sender(mail)}</dd>
          <dt>Received</dt>
          <dd>{formatInZone(mail.receivedAt, undefined)}</dd>
          <dt>Reason</dt>
          <dd>{reasonWords[mail.reason]}</dd>
          {mail.detail ? (
            <>
              <dt>Detail</dt>
              <dd>{mail.detail}</dd>
            </>
          ) : null}
          <dt>Size</dt>
          <dd>{Math.max(1, Math.round(mail.sizeBytes / 1024))} KB</dd>
        </dl>
        {mail.text ? (
          <pre class="mail-text" role="region" tabIndex={0} aria-label={`Text of the mail “${subject}”`}>
            {mail.text}
          </pre>
        ) : (
          <p>The mail has no text.</p>
        )}
        <div class="actions">
          <button
            type="button"
            aria-expanded={open === 'accept'}
            aria-controls={`accept-${slug}`}
            aria-describedby={headingId}
            onClick={() => setOpen(open === 'accept' ? undefined : 'accept')}
          >
            Accept as ticket
          </button>{' '}
          <button
            type="button"
            class="secondary"
            aria-expanded={open === 'discard'}
            aria-controls={`discard-${slug}`}
            aria-describedby={headingId}
            onClick={() => setOpen(open === 'discard' ? undefined : 'discard')}
          >
            Discard
          </button>
        </div>
        {open === 'accept' ? (
          <AcceptForm
            mail={mail}
            slug={slug}
            subject={subject}
            onCancel={() => setOpen(undefined)}
            onAccepted={(ticketId) => onSettled({ text: `${ticketId} was raised from “${subject}”.`, ticketId })}
          />
        ) : null}
        {open === 'discard' ? (
          <DiscardConfirmation
            mail={mail}
            slug={slug}
            subject={subject}
            onCancel={() => setOpen(undefined)}
            onDiscarded={() => onSettled({ text: `“${subject}” was discarded.` })}
          />
        ) : null}
      </article>
    </li>
  );
}

function AcceptForm({
  mail,
  slug,
  subject,
  onCancel,
  onAccepted,
}: {
  readonly mail: QuarantinedMail;
  readonly slug: string;
  readonly subject: string;
  readonly onCancel: () => void;
  readonly onAccepted: (ticketId: string) => Promise<void>;
}) {
  const [clientId, setClientId] = useState('');
  const [contacts, setContacts] = useState<readonly Contact[]>();
  const [reporter, setReporter] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  /** The chosen client's active contacts: the reporter is one of them. */
  async function chooseClient(value: string) {
    const id = value.trim().toLowerCase();
    setClientId(id);
    setContacts(undefined);
    setReporter('');
    setErrors({});
    if (!id) return;
    try {
      const { data } = await call(
        client.GET('/api/clients/{clientId}/contacts', { params: { path: { clientId: id } } }),
      );
      const active = data.items.filter((c) => c.active && c.roles.length > 0);
      setContacts(active);
      // The sender, when they are one of them, is the likeliest reporter.
      const likely = active.find((c) => c.email === mail.from) ?? (active.length === 1 ? active[0] : undefined);
      setReporter(likely?.email ?? '');
    } catch (caught) {
      setErrors({ clientId: messageOf(caught) });
    }
  }

  async function submit() {
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      const { data } = await call(
        client.POST('/api/mail/quarantine/{id}/accept', {
          params: { path: { id: mail.id } },
          body: { clientId, reporter },
        }),
      );
      await onAccepted(data.ticketId);
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fieldErrors() : {};
      // An unknown client is a 404 naming no field: it belongs beside Client.
      if (caught instanceof ApiError && caught.problem.status === 404 && Object.keys(fields).length === 0 && clientId)
        fields.clientId = messageOf(caught);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  const clientField = `accept-${slug}-client`;
  const reporterField = `accept-${slug}-reporter`;
  return (
    <form
      id={`accept-${slug}`}
      aria-label={`Accept “${subject}” as a ticket`}
      class="action-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field id={clientField} label="Client" hint="The client's id, e.g. acme." error={errors.clientId}>
        {(d, invalid) => (
          <input
            id={clientField}
            value={clientId}
            required
            aria-describedby={d}
            aria-invalid={invalid}
            onChange={(e) => void chooseClient(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field
        id={reporterField}
        label="Reporter"
        hint={
          contacts && contacts.length === 0
            ? 'This client has no active contacts: add one on the client’s page first.'
            : 'An active contact of the client; the ticket is theirs.'
        }
        error={errors.reporter}
      >
        {(d, invalid) => (
          <select
            id={reporterField}
            value={reporter}
            required
            disabled={!contacts || contacts.length === 0}
            aria-describedby={d}
            aria-invalid={invalid}
            onChange={(e) => setReporter(e.currentTarget.value)}
          >
            <option value="">{contacts ? 'Choose a contact' : 'Choose the client first'}</option>
            {(contacts ?? []).map((c) => (
              <option key={c.email} value={c.email}>
                {c.name ? `${c.name} <${c.email}>` : c.email}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p class="hint">The ticket is received when the mailbox received the mail; its clocks start then.</p>
      <ErrorBox message={error} />
      <button type="submit" disabled={busy}>
        Raise ticket
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function DiscardConfirmation({
  mail,
  slug,
  subject,
  onCancel,
  onDiscarded,
}: {
  readonly mail: QuarantinedMail;
  readonly slug: string;
  readonly subject: string;
  readonly onCancel: () => void;
  readonly onDiscarded: () => Promise<void>;
}) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const questionId = `discard-${slug}-question`;
  return (
    <div id={`discard-${slug}`} role="group" aria-labelledby={questionId} class="action-form">
      <p id={questionId}>
        Discard “{subject}” from {sender(mail)}? It leaves the quarantine for good; nothing is sent to the sender.
      </p>
      <ErrorBox message={error} />
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          call(client.POST('/api/mail/quarantine/{id}/discard', { params: { path: { id: mail.id } } }))
            .then(() => onDiscarded())
            .catch((caught: unknown) => setError(messageOf(caught)))
            .finally(() => setBusy(false));
        }}
      >
        Discard mail
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        Keep it
      </button>
    </div>
  );
}
