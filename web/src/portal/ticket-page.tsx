import { ActionForm, text } from '../components/action-form';
import { CommentForm } from '../components/comment-form';
import { AttachmentsSection } from '../components/attachments';
import { listAttachments } from '../api/attachments';
import { ErrorBox } from '../components/field';
import { TextArea } from '../components/inputs';
import { Layout } from '../components/layout';
import { SlaTable, TicketFacts, Timeline } from '../components/ticket-parts';
import { useLoad } from '../components/use-load';
import { call, client } from '../api/client';
import type { TicketAction } from '../api/types';
import { postAction } from '../lib/ticket-actions';
import { formatHours } from '../lib/format';
import { loadTicketClient, loadTimeline } from '../lib/tickets';
import type { PageProps } from '../routes';

/**
 * `/portal/tickets/:id`: the client's view of a ticket, its public timeline and the client's actions:
 * exactly the ticket's `allowedActions` for this contact, which the server computes from its lifecycle.
 */
export default function PortalTicketPage({ params }: PageProps) {
  const id = params.ticketId ?? '';
  const data = useLoad(async () => {
    const ticket = await call(client.GET('/api/tickets/{ticketId}', { params: { path: { ticketId: id } } }));
    const [timeline, form, files] = await Promise.all([
      loadTimeline(id),
      loadTicketClient(ticket.data).catch(() => undefined),
      listAttachments(id),
    ]);
    // The bank's effect is shown to whoever may approve on account (an approver, who may read the bank).
    const bank = ticket.data.allowedActions.includes('approve')
      ? await call(
          client.GET('/api/clients/{clientId}/hour-bank', { params: { path: { clientId: ticket.data.clientId } } }),
        ).catch(() => undefined)
      : undefined;
    return { ticket: ticket.data, etag: ticket.etag, events: timeline, client: form, bank: bank?.data, files };
  }, [id]);

  const v = data.value;
  async function act(body: TicketAction) {
    if (!v) return;
    try {
      await postAction(v.ticket, v.etag, body);
    } finally {
      await data.reload();
    }
  }

  const tz = v?.client?.timezone;
  const allowed = (action: TicketAction['action']) => v?.ticket.allowedActions.includes(action) ?? false;
  return (
    <Layout title={v ? `${v.ticket.id}: ${v.ticket.title}` : `Ticket ${id}`}>
      <ErrorBox message={data.error} />
      {v ? (
        <>
          <p class="description">{v.ticket.description}</p>
          <TicketFacts
            ticket={v.ticket}
            timeZone={tz}
            severityName={v.client?.severities.find((x) => x.id === v.ticket.severity)?.name}
          />
          <SlaTable ticket={v.ticket} timeZone={tz} />

          {allowed('approve') || allowed('decline') ? (
            <section aria-labelledby="approval-heading" class="actions">
              <h2 id="approval-heading">Approval</h2>
              <p>
                This work is not covered by your agreement. Quote: {formatHours(v.ticket.quote?.hours ?? 0)}
                {v.ticket.quote?.note ? ` — ${v.ticket.quote.note}` : ''}.
              </p>
              {v.bank ? (
                <p id="on-account-effect">
                  Approving on account draws {formatHours(v.ticket.quote?.hours ?? 0)} from your hour bank: the balance
                  goes from {formatHours(v.bank.balanceHours)} to{' '}
                  {formatHours(v.bank.balanceHours - (v.ticket.quote?.hours ?? 0))}
                  {v.bank.overdraftHours > 0 ? ` (overdraft allowed: ${formatHours(v.bank.overdraftHours)})` : ''}.
                </p>
              ) : null}
              {allowed('approve') ? (
                <>
                  <ActionForm
                    name="Approve quote"
                    immediate
                    onSubmit={() => act({ action: 'approve', mode: 'quote' })}
                  />
                  <ActionForm
                    name="Approve on account"
                    immediate
                    onSubmit={() => act({ action: 'approve', mode: 'on-account' })}
                  />
                </>
              ) : null}
              {allowed('decline') ? (
                <ActionForm
                  name="Decline"
                  submitLabel="Decline quote"
                  onSubmit={(f) => act({ action: 'decline', reason: text(f, 'reason') })}
                >
                  {(errors) => <TextArea scope="decline" name="reason" label="Reason (optional)" errors={errors} />}
                </ActionForm>
              ) : null}
            </section>
          ) : null}

          {v.ticket.schedule && (allowed('accept-schedule') || allowed('query-schedule')) ? (
            <section aria-labelledby="schedule-heading" class="actions">
              <h2 id="schedule-heading">Proposed schedule</h2>
              <ul>
                {v.ticket.schedule.items.map((item, i) => (
                  <li key={i}>
                    {item.what} — by {item.by}
                  </li>
                ))}
              </ul>
              {allowed('accept-schedule') ? (
                <ActionForm name="Accept schedule" immediate onSubmit={() => act({ action: 'accept-schedule' })} />
              ) : null}
              {allowed('query-schedule') ? (
                <ActionForm
                  name="Query schedule"
                  submitLabel="Send query"
                  onSubmit={(f) => act({ action: 'query-schedule', remark: text(f, 'remark') ?? '' })}
                >
                  {(errors) => <TextArea scope="query" name="remark" label="Your question" errors={errors} required />}
                </ActionForm>
              ) : null}
            </section>
          ) : null}

          {v.ticket.status === 'resolved' ? (
            <section aria-labelledby="resolution-heading" class="actions">
              <h2 id="resolution-heading">Resolution</h2>
              {v.ticket.resolution ? (
                <dl class="facts">
                  <dt>Cause</dt>
                  <dd>{v.ticket.resolution.cause}</dd>
                  {v.ticket.resolution.workaround ? (
                    <>
                      <dt>Workaround</dt>
                      <dd>{v.ticket.resolution.workaround}</dd>
                    </>
                  ) : null}
                  {v.ticket.resolution.fix ? (
                    <>
                      <dt>Fix</dt>
                      <dd>{v.ticket.resolution.fix}</dd>
                    </>
                  ) : null}
                </dl>
              ) : null}
              {allowed('confirm') ? (
                <ActionForm name="Confirm resolution" immediate onSubmit={() => act({ action: 'confirm' })} />
              ) : null}
              {allowed('reject') ? (
                <ActionForm
                  name="Reopen"
                  submitLabel="Reopen ticket"
                  onSubmit={(f) => act({ action: 'reject', reason: text(f, 'reason') ?? '' })}
                >
                  {(errors) => (
                    <TextArea scope="reopen" name="reason" label="What is still wrong" errors={errors} required />
                  )}
                </ActionForm>
              ) : null}
            </section>
          ) : null}

          {allowed('comment') ? <CommentForm onComment={(t) => act({ action: 'comment', text: t })} /> : null}
          <AttachmentsSection ticketId={v.ticket.id} items={v.files} reload={data.reload} />
          <Timeline events={v.events} timeZone={tz} />
        </>
      ) : !data.error ? (
        <p role="status">Loading…</p>
      ) : null}
    </Layout>
  );
}
