import { ActionForm, number, oneOf, text } from '../components/action-form';
import { CommentForm } from '../components/comment-form';
import { AttachmentsSection } from '../components/attachments';
import { listAttachments } from '../api/attachments';
import { ErrorBox } from '../components/field';
import { Select, TextArea, TextInput } from '../components/inputs';
import { Layout } from '../components/layout';
import { SlaTable, TicketFacts, Timeline } from '../components/ticket-parts';
import { useLoad } from '../components/use-load';
import { call, client } from '../api/client';
import type { Ticket, TicketAction, TicketActionName, TimelineEvent } from '../api/types';
import { postAction } from '../lib/ticket-actions';
import { formatInZone } from '../lib/format';
import { isLead, session } from '../lib/session';
import { loadTicketClient, loadTimeline } from '../lib/tickets';
import type { PageProps } from '../routes';
import { Checklist } from './checklist';

// Records over the API's own unions: a tier or type the server adds fails the typecheck until labelled here.
const tierLabels: Readonly<Record<Ticket['tier'], string>> = { L1: 'L1', L2: 'L2', L3: 'L3', vendor: 'Vendor' };
const typeLabels: Readonly<Record<Ticket['type'], string>> = {
  defect: 'Defect',
  question: 'Question',
  enhancement: 'Enhancement',
  maintenance: 'Maintenance',
};
// Types staff may choose at assessment: `maintenance` is only ever set by a schedule.
const assessableTypes = ['defect', 'question', 'enhancement'] as const;
const tiers = Object.keys(tierLabels) as readonly Ticket['tier'][];
const tierOptions = Object.entries(tierLabels) as readonly (readonly [Ticket['tier'], string])[];
const typeOptions = assessableTypes.map((type) => [type, typeLabels[type]] as const);
const approvalModes = ['quote', 'on-account'] as const;

/**
 * `/console/tickets/:id`: everything about a ticket and a button per action in the ticket's
 * `allowedActions`, which the server computes from its lifecycle rules and the caller's roles.
 */
export default function ConsoleTicketPage({ params }: PageProps) {
  const id = params.ticketId ?? '';
  const data = useLoad(async () => {
    const ticket = await call(client.GET('/api/tickets/{ticketId}', { params: { path: { ticketId: id } } }));
    const [timeline, form, staff, files] = await Promise.all([
      loadTimeline(id),
      loadTicketClient(ticket.data).catch(() => undefined),
      call(client.GET('/api/staff')).catch(() => undefined),
      listAttachments(id),
    ]);
    const items = staff?.data.items ?? [];
    return { ticket: ticket.data, etag: ticket.etag, events: timeline, client: form, staff: items, files };
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
  const allowed = (action: TicketActionName) => v?.ticket.allowedActions.includes(action) ?? false;
  const tz = v?.client?.timezone;
  const me = session.value?.email ?? '';
  // Only active engineers can be assigned (the server refuses anyone else).
  const engineers = (v?.staff ?? []).filter((s) => s.active && s.roles.includes('engineer'));

  return (
    <Layout title={v ? `${v.ticket.id}: ${v.ticket.title}` : `Ticket ${id}`}>
      <ErrorBox message={data.error} />
      {v ? (
        <>
          <p>
            Client:{' '}
            <a href={`/console/clients/${encodeURIComponent(v.ticket.clientId)}`}>
              {v.client?.name ?? v.ticket.clientId}
            </a>
            {v.ticket.channel ? ` · via ${v.ticket.channel}` : ''}
          </p>
          <p class="description">{v.ticket.description}</p>
          <TicketFacts
            ticket={v.ticket}
            timeZone={tz}
            severityName={v.client?.severities.find((x) => x.id === v.ticket.severity)?.name}
          />
          {v.ticket.origin ? (
            <section aria-labelledby="origin-heading">
              <h2 id="origin-heading">Alert origin</h2>
              <dl class="facts">
                <dt>Source</dt>
                <dd>{v.ticket.origin.source}</dd>
                <dt>Dedup key</dt>
                <dd>{v.ticket.origin.dedupKey}</dd>
                <dt>Occurrences</dt>
                <dd>{v.ticket.origin.occurrences}</dd>
              </dl>
            </section>
          ) : null}
          <SlaTable ticket={v.ticket} timeZone={tz} />
          <Pauses events={v.events} timeZone={tz} />
          <Checklist ticket={v.ticket} canCheck={allowed('check')} timeZone={tz} act={act} />

          <section aria-labelledby="actions-heading" class="actions">
            <h2 id="actions-heading">Actions</h2>
            {allowed('assess') ? (
              <ActionForm
                name="Assess"
                onSubmit={(f) => {
                  const quoteHours = number(f, 'quoteHours');
                  return act({
                    action: 'assess',
                    severity: text(f, 'severity'),
                    type: oneOf(f, 'type', assessableTypes),
                    tier: oneOf(f, 'tier', tiers) ?? v.ticket.tier,
                    estimateHours: number(f, 'estimateHours'),
                    timeframe: text(f, 'timeframe'),
                    note: text(f, 'note'),
                    ...(quoteHours !== undefined ? { quote: { hours: quoteHours, note: text(f, 'quoteNote') } } : {}),
                  });
                }}
              >
                {(errors) => (
                  <>
                    <Select
                      scope="assess"
                      name="severity"
                      label="Severity"
                      errors={errors}
                      value={v.ticket.severity}
                      options={(
                        v.client?.severities ?? [{ id: v.ticket.severity, name: v.ticket.severity, covered: true }]
                      ).map((s) => [s.id, `${s.name}${s.covered ? '' : ' (not covered: quote)'}`] as const)}
                    />
                    <Select
                      scope="assess"
                      name="type"
                      label="Type"
                      errors={errors}
                      value={v.ticket.type}
                      options={typeOptions}
                    />
                    <Select
                      scope="assess"
                      name="tier"
                      label="Tier"
                      errors={errors}
                      value={v.ticket.tier}
                      options={tierOptions}
                    />
                    <TextInput
                      scope="assess"
                      name="estimateHours"
                      label="Estimate (hours)"
                      type="number"
                      step="0.25"
                      errors={errors}
                    />
                    <TextInput
                      scope="assess"
                      name="timeframe"
                      label="Timeframe"
                      errors={errors}
                      hint="Told to the client, e.g. “fix in next week's build”."
                    />
                    <TextInput
                      scope="assess"
                      name="quoteHours"
                      label="Quote (hours)"
                      field="quote.hours"
                      type="number"
                      step="0.25"
                      errors={errors}
                      hint="Required when the severity is not covered."
                    />
                    <TextInput scope="assess" name="quoteNote" label="Quote note" field="quote.note" errors={errors} />
                    <TextArea scope="assess" name="note" label="Note" errors={errors} />
                  </>
                )}
              </ActionForm>
            ) : null}
            {allowed('assign') ? (
              <ActionForm name="Assign" onSubmit={(f) => act({ action: 'assign', to: text(f, 'to') ?? '' })}>
                {(errors) =>
                  isLead(session.value) && engineers.length > 0 ? (
                    <Select
                      scope="assign"
                      name="to"
                      label="Engineer"
                      errors={errors}
                      value={v.ticket.assignee ?? me}
                      options={engineers.map((s) => [s.email, `${s.name} (${s.email})`] as const)}
                    />
                  ) : (
                    <Select
                      scope="assign"
                      name="to"
                      label="Engineer"
                      errors={errors}
                      value={me}
                      options={[[me, `Me (${me})`]]}
                    />
                  )
                }
              </ActionForm>
            ) : null}
            {allowed('wait-client') ? (
              <ActionForm
                name="Wait on client"
                onSubmit={(f) => act({ action: 'wait-client', note: text(f, 'note') ?? '' })}
              >
                {(errors) => (
                  <TextArea
                    scope="wait-client"
                    name="note"
                    label="What the client is asked for"
                    errors={errors}
                    required
                  />
                )}
              </ActionForm>
            ) : null}
            {allowed('wait-vendor') ? (
              <ActionForm
                name="Wait on vendor"
                onSubmit={(f) =>
                  act({
                    action: 'wait-vendor',
                    vendorReference: text(f, 'vendorReference') ?? '',
                    note: text(f, 'note'),
                  })
                }
              >
                {(errors) => (
                  <>
                    <TextInput
                      scope="wait-vendor"
                      name="vendorReference"
                      label="Vendor reference"
                      errors={errors}
                      required
                    />
                    <TextArea scope="wait-vendor" name="note" label="Note" errors={errors} />
                  </>
                )}
              </ActionForm>
            ) : null}
            {allowed('resume') ? (
              <ActionForm name="Resume" onSubmit={(f) => act({ action: 'resume', note: text(f, 'note') })}>
                {(errors) => <TextArea scope="resume" name="note" label="Note" errors={errors} />}
              </ActionForm>
            ) : null}
            {allowed('escalate') ? (
              <ActionForm
                name="Escalate"
                onSubmit={(f) =>
                  act({
                    action: 'escalate',
                    tier: oneOf(f, 'tier', tiers) ?? v.ticket.tier,
                    handoverNote: text(f, 'handoverNote') ?? '',
                  })
                }
              >
                {(errors) => (
                  <>
                    <Select
                      scope="escalate"
                      name="tier"
                      label="To tier"
                      errors={errors}
                      options={tierOptions.filter(([t]) => tiers.indexOf(t) > tiers.indexOf(v.ticket.tier))}
                    />
                    <TextArea
                      scope="escalate"
                      name="handoverNote"
                      label="Handover note (internal)"
                      errors={errors}
                      required
                    />
                  </>
                )}
              </ActionForm>
            ) : null}
            {allowed('resolve') ? (
              <ActionForm
                name="Resolve"
                onSubmit={(f) =>
                  act({
                    action: 'resolve',
                    cause: text(f, 'cause') ?? '',
                    workaround: text(f, 'workaround'),
                    fix: text(f, 'fix'),
                    hotfixReference: text(f, 'hotfixReference'),
                  })
                }
              >
                {(errors) => (
                  <>
                    <TextArea scope="resolve" name="cause" label="Cause" errors={errors} required />
                    <TextArea scope="resolve" name="workaround" label="Workaround" errors={errors} />
                    <TextArea scope="resolve" name="fix" label="Fix" errors={errors} />
                    <TextInput scope="resolve" name="hotfixReference" label="Hot-fix reference" errors={errors} />
                  </>
                )}
              </ActionForm>
            ) : null}
            {allowed('close') ? (
              <ActionForm name="Close" onSubmit={(f) => act({ action: 'close', reason: text(f, 'reason') ?? '' })}>
                {(errors) => <TextArea scope="close" name="reason" label="Reason" errors={errors} required />}
              </ActionForm>
            ) : null}
            {allowed('diagnose') ? (
              <ActionForm
                name="Diagnose"
                onSubmit={(f) =>
                  act({
                    action: 'diagnose',
                    cause: text(f, 'cause') ?? '',
                    workaround: text(f, 'workaround'),
                    estimateHours: number(f, 'estimateHours'),
                  })
                }
              >
                {(errors) => (
                  <>
                    <TextArea
                      scope="diagnose"
                      name="cause"
                      label="Cause (the client reads it)"
                      errors={errors}
                      required
                    />
                    <TextArea scope="diagnose" name="workaround" label="Workaround" errors={errors} />
                    <TextInput
                      scope="diagnose"
                      name="estimateHours"
                      label="Estimate to fix (hours)"
                      type="number"
                      step="0.25"
                      errors={errors}
                    />
                  </>
                )}
              </ActionForm>
            ) : null}
            {allowed('propose-schedule') ? (
              <ActionForm
                name="Propose schedule"
                onSubmit={(f) =>
                  act({
                    action: 'propose-schedule',
                    items: [1, 2, 3]
                      .map((i) => ({ what: text(f, `what${i}`) ?? '', by: text(f, `by${i}`) ?? '' }))
                      .filter((item) => item.what || item.by),
                  })
                }
              >
                {(errors) => (
                  <>
                    {[1, 2, 3].map((i) => (
                      <div key={i} class="schedule-item">
                        <TextInput
                          scope="schedule"
                          name={`what${i}`}
                          label={`Item ${i}: what`}
                          field={`items[${i - 1}].what`}
                          errors={errors}
                        />
                        <TextInput
                          scope="schedule"
                          name={`by${i}`}
                          label={`Item ${i}: by`}
                          field={`items[${i - 1}].by`}
                          type="date"
                          errors={errors}
                        />
                      </div>
                    ))}
                    {errors.items ? <div class="field-error">{errors.items}</div> : null}
                  </>
                )}
              </ActionForm>
            ) : null}
            {allowed('follow-up') ? (
              <ActionForm
                name="Record follow-up"
                onSubmit={(f) => act({ action: 'follow-up', task: text(f, 'task') ?? '' })}
              >
                {(errors) => <TextArea scope="follow-up" name="task" label="Task" errors={errors} required />}
              </ActionForm>
            ) : null}
            <ClientDecisions allowed={allowed} act={act} />
            {/* Time is booked on any ticket, closed ones too (a separate endpoint, not a lifecycle action). */}
            {v ? (
              <ActionForm
                name="Log time"
                onSubmit={async (f) => {
                  await call(
                    client.POST('/api/tickets/{ticketId}/time-entries', {
                      params: { path: { ticketId: id } },
                      body: {
                        hours: number(f, 'hours') ?? 0,
                        note: text(f, 'note') ?? '',
                        workedOn: text(f, 'workedOn'),
                      },
                    }),
                  );
                  await data.reload();
                }}
              >
                {(errors) => (
                  <>
                    <TextInput
                      scope="log-time"
                      name="hours"
                      label="Hours"
                      type="number"
                      step="0.25"
                      errors={errors}
                      required
                      hint="In steps of 0.25."
                    />
                    <TextInput scope="log-time" name="note" label="Note" errors={errors} />
                    <TextInput scope="log-time" name="workedOn" label="Worked on" type="date" errors={errors} />
                  </>
                )}
              </ActionForm>
            ) : null}
          </section>

          {allowed('comment') ? (
            <CommentForm
              internal
              onComment={(t, internal) => act({ action: 'comment', text: t, ...(internal ? { internal: true } : {}) })}
            />
          ) : null}
          <AttachmentsSection ticketId={v.ticket.id} items={v.files} reload={data.reload} thumbnails internal />
          <Timeline events={v.events} timeZone={tz} />
        </>
      ) : !data.error ? (
        <p role="status">Loading…</p>
      ) : null}
    </Layout>
  );
}

/**
 * The client's decisions, recorded by the desk when a contact gives them by phone or mail: the desk may
 * take these actions too, naming the contact in "On behalf of" (left blank, the desk decides itself).
 */
function ClientDecisions({
  allowed,
  act,
}: {
  readonly allowed: (action: TicketActionName) => boolean;
  readonly act: (body: TicketAction) => Promise<void>;
}) {
  const by = (f: FormData) => text(f, 'by');
  const byField = (scope: string, errors: Record<string, string>) => (
    <TextInput scope={scope} name="by" label="On behalf of (contact e-mail)" errors={errors} />
  );
  return (
    <>
      {allowed('approve') ? (
        <ActionForm
          name="Record approval"
          onSubmit={(f) =>
            act({
              action: 'approve',
              mode: oneOf(f, 'mode', approvalModes) ?? 'quote',
              by: by(f),
              note: text(f, 'note'),
            })
          }
        >
          {(errors) => (
            <>
              <Select
                scope="approve"
                name="mode"
                label="Approved as"
                errors={errors}
                options={[
                  ['quote', 'Separate quote'],
                  ['on-account', 'On account (hour bank)'],
                ]}
              />
              {byField('approve', errors)}
              <TextArea scope="approve" name="note" label="Note" errors={errors} />
            </>
          )}
        </ActionForm>
      ) : null}
      {allowed('decline') ? (
        <ActionForm
          name="Record decline"
          onSubmit={(f) => act({ action: 'decline', by: by(f), reason: text(f, 'reason') })}
        >
          {(errors) => (
            <>
              {byField('decline', errors)}
              <TextArea scope="decline" name="reason" label="Reason" errors={errors} />
            </>
          )}
        </ActionForm>
      ) : null}
      {allowed('confirm') ? (
        <ActionForm
          name="Record confirmation"
          onSubmit={(f) => act({ action: 'confirm', by: by(f), note: text(f, 'note') })}
        >
          {(errors) => (
            <>
              {byField('confirm', errors)}
              <TextArea scope="confirm" name="note" label="Note" errors={errors} />
            </>
          )}
        </ActionForm>
      ) : null}
      {allowed('reject') ? (
        <ActionForm
          name="Reopen"
          onSubmit={(f) => act({ action: 'reject', by: by(f), reason: text(f, 'reason') ?? '' })}
        >
          {(errors) => (
            <>
              {byField('reject', errors)}
              <TextArea scope="reject" name="reason" label="What is still wrong" errors={errors} required />
            </>
          )}
        </ActionForm>
      ) : null}
      {allowed('accept-schedule') ? (
        <ActionForm
          name="Record schedule acceptance"
          onSubmit={(f) => act({ action: 'accept-schedule', by: by(f), note: text(f, 'note') })}
        >
          {(errors) => (
            <>
              {byField('accept-schedule', errors)}
              <TextArea scope="accept-schedule" name="note" label="Note" errors={errors} />
            </>
          )}
        </ActionForm>
      ) : null}
      {allowed('query-schedule') ? (
        <ActionForm
          name="Record schedule query"
          onSubmit={(f) => act({ action: 'query-schedule', by: by(f), remark: text(f, 'remark') ?? '' })}
        >
          {(errors) => (
            <>
              {byField('query-schedule', errors)}
              <TextArea scope="query-schedule" name="remark" label="The client's question" errors={errors} required />
            </>
          )}
        </ActionForm>
      ) : null}
    </>
  );
}

/** The resolution clock's pauses, from the timeline: each wait and the resume (or now) that ended it. */
function Pauses({
  events,
  timeZone,
}: {
  readonly events: readonly TimelineEvent[];
  readonly timeZone: string | undefined;
}) {
  const pauses: { from: string; to?: string; why: string }[] = [];
  for (const e of events) {
    const open = pauses[pauses.length - 1];
    if (e.type === 'ticket.waiting' || e.type === 'ticket.resolved') {
      if (!open || open.to)
        pauses.push({
          from: e.at,
          why:
            e.type === 'ticket.resolved'
              ? 'resolved'
              : `waiting on ${typeof e.data.on === 'string' ? e.data.on : 'someone'}`,
        });
    } else if (
      (e.type === 'ticket.resumed' || e.type === 'ticket.reopened' || e.type === 'ticket.closed') &&
      open &&
      !open.to
    ) {
      open.to = e.at;
    }
  }
  if (pauses.length === 0) return null;
  return (
    <table>
      <caption>Resolution clock paused</caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">Until</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {pauses.map((p, i) => (
          <tr key={i}>
            <td>{formatInZone(p.from, timeZone)}</td>
            <td>{p.to ? formatInZone(p.to, timeZone) : 'still paused'}</td>
            <td>{p.why}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
