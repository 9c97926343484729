import { ActionForm, text } from '../components/action-form';
import { CommentForm } from '../components/comment-form';
import { AttachmentsSection } from '../components/attachments';
import { listAttachments } from '../lib/attachments-api';
import { ErrorBox } from '../components/field';
import { TextArea } from '../components/inputs';
import { Layout } from '../components/layout';
import { SlaTable, TicketFacts, Timeline } from '../components/ticket-parts';
import { useLoad } from '../components/use-load';
import { api } from '../lib/api';
import { postAction } from '../lib/ticket-actions';
import { formatHours } from '../lib/format';
import { rolesAt, session } from '../lib/session';
import { loadTimeline, ticketSeveritiesPath, type ClientForm, type Ticket } from '../lib/tickets';
import type { PageProps } from '../routes';

interface HourBank {
  readonly balanceHours: number;
  readonly overdraftHours: number;
}

/** `/portal/tickets/:id`: the client's view of a ticket, its public timeline and the client's actions. */
export default function PortalTicketPage({ params }: PageProps) {
  const id = params.ticketId ?? '';
  const data = useLoad(async () => {
    const ticket = await api<Ticket>('GET', `/api/tickets/${encodeURIComponent(id)}`);
    const [timeline, client, files] = await Promise.all([
      loadTimeline(id),
      api<ClientForm>('GET', ticketSeveritiesPath(ticket.data)).catch(() => undefined),
      listAttachments(id),
    ]);
    const approver = rolesAt(session.value, ticket.data.clientId).includes('approver');
    const bank =
      approver && ticket.data.status === 'awaiting-approval'
        ? await api<HourBank>('GET', `/api/clients/${encodeURIComponent(ticket.data.clientId)}/hour-bank`).catch(
            () => undefined,
          )
        : undefined;
    return {
      ticket: ticket.data,
      etag: ticket.etag,
      events: timeline,
      client: client?.data,
      bank: bank?.data,
      approver,
      files,
    };
  }, [id]);

  const v = data.value;
  async function act(body: Record<string, unknown>) {
    if (!v) return;
    try {
      await postAction(v.ticket, v.etag, body);
    } finally {
      await data.reload();
    }
  }

  const tz = v?.client?.timezone;
  const status = v?.ticket.status;
  return (
    <Layout title={v ? `${v.ticket.id}: ${v.ticket.title}` : `Ticket ${id}`}>
      <ErrorBox message={data.error} />
      {v ? (
        <>
          <p class="description">{v.ticket.description}</p>
          <TicketFacts ticket={v.ticket} timeZone={tz} />
          <SlaTable ticket={v.ticket} timeZone={tz} />

          {status === 'awaiting-approval' && v.approver ? (
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
              <ActionForm name="Approve quote" immediate onSubmit={() => act({ action: 'approve', mode: 'quote' })} />
              <ActionForm
                name="Approve on account"
                immediate
                onSubmit={() => act({ action: 'approve', mode: 'on-account' })}
              />
              <ActionForm
                name="Decline"
                submitLabel="Decline quote"
                onSubmit={(f) => act({ action: 'decline', reason: text(f, 'reason') })}
              >
                {(errors) => <TextArea scope="decline" name="reason" label="Reason (optional)" errors={errors} />}
              </ActionForm>
            </section>
          ) : null}

          {v.ticket.schedule?.status === 'proposed' && v.approver ? (
            <section aria-labelledby="schedule-heading" class="actions">
              <h2 id="schedule-heading">Proposed schedule</h2>
              <ul>
                {v.ticket.schedule.items.map((item, i) => (
                  <li key={i}>
                    {item.what} — by {item.by}
                  </li>
                ))}
              </ul>
              <ActionForm name="Accept schedule" immediate onSubmit={() => act({ action: 'accept-schedule' })} />
              <ActionForm
                name="Query schedule"
                submitLabel="Send query"
                onSubmit={(f) => act({ action: 'query-schedule', remark: text(f, 'remark') })}
              >
                {(errors) => <TextArea scope="query" name="remark" label="Your question" errors={errors} required />}
              </ActionForm>
            </section>
          ) : null}

          {status === 'resolved' ? (
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
              <ActionForm name="Confirm resolution" immediate onSubmit={() => act({ action: 'confirm' })} />
              <ActionForm
                name="Reopen"
                submitLabel="Reopen ticket"
                onSubmit={(f) => act({ action: 'reject', reason: text(f, 'reason') })}
              >
                {(errors) => (
                  <TextArea scope="reopen" name="reason" label="What is still wrong" errors={errors} required />
                )}
              </ActionForm>
            </section>
          ) : null}

          <CommentForm onComment={(t) => act({ action: 'comment', text: t })} />
          <AttachmentsSection ticketId={v.ticket.id} items={v.files} reload={data.reload} />
          <Timeline events={v.events} timeZone={tz} />
        </>
      ) : !data.error ? (
        <p role="status">Loading…</p>
      ) : null}
    </Layout>
  );
}
