import { useState } from 'preact/hooks';
import { ActionForm, number, oneOf, text } from '../components/action-form';
import { ErrorBox, Field, StatusBox } from '../components/field';
import { Select, TextArea, TextInput } from '../components/inputs';
import { Layout } from '../components/layout';
import { holidayPolicyLabels, ItemsTable, ScheduleSummary } from '../components/maintenance';
import { ruleChoices } from '../lib/rule-words';
import { ConsoleReleases } from './maintenance-releases';
import { useFocusRelease } from '../components/use-focus-release';
import { useLoad } from '../components/use-load';
import { call, client } from '../api/client';
import type { MaintenanceSchedule, MaintenanceScheduleInput } from '../api/types';
import { isLead, session } from '../lib/session';
import { isStale, staleInWords } from '../lib/stale-edit';
import type { PageProps } from '../routes';

const holidayPolicies = Object.keys(holidayPolicyLabels) as readonly MaintenanceSchedule['onHoliday'][];
const holidayOptions = Object.entries(holidayPolicyLabels) as readonly (readonly [string, string])[];
const billings = ['hour-bank', 'quote'] as const;
const customRule = 'custom';

/** The error for `name` or for any of its parts (`checklist.2` → `checklist`). */
function errorFor(errors: Record<string, string>, name: string): string | undefined {
  return errors[name] ?? Object.entries(errors).find(([field]) => field.startsWith(`${name}.`))?.[1];
}

/** A new schedule's id from its title (`Monthly patching` → `monthly-patching`), unique among `taken`. */
function idFor(title: string, taken: readonly string[]): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'schedule';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** `/console/clients/:clientId/maintenance`: the client's backlog, schedules and releases, for staff. */
export default function ConsoleMaintenancePage({ params }: PageProps) {
  const clientId = params.clientId ?? '';
  const at = { path: { clientId } };
  const info = useLoad(
    async () => (await call(client.GET('/api/clients/{clientId}', { params: at }))).data,
    [clientId],
  );
  const schedules = useLoad(
    async () => (await call(client.GET('/api/clients/{clientId}/maintenance/schedules', { params: at }))).data.items,
    [clientId],
  );
  const items = useLoad(
    async () => (await call(client.GET('/api/clients/{clientId}/maintenance/items', { params: at }))).data.items,
    [clientId],
  );
  const releases = useLoad(
    async () => (await call(client.GET('/api/clients/{clientId}/maintenance/releases', { params: at }))).data.releases,
    [clientId],
  );
  const [saved, setSaved] = useState<string>();
  const lead = isLead(session.value);
  // The plan is shown whole, once every part has arrived (or failed): a part arriving after the rest
  // would push the buttons below it down under a pointer already pressing one, and that press is lost
  // (or lands on whatever moved there).
  const loaded = info.loaded && items.loaded && releases.loaded && schedules.loaded;
  // `#release-r1`: a link about one release lands on it.
  useFocusRelease(/^#release-(.+)$/.exec(window.location.hash)?.[1], loaded);
  const c = info.value;
  const calendars = c ? Object.keys(c.agreement.calendars) : [];
  const ticketHref = (id: string) => `/console/tickets/${encodeURIComponent(id)}`;

  /**
   * Saves a schedule; an edit carries `If-Match` the schedule's ETag as the page showed it. If another
   * lead (or the timer recording what it raised) changed it since, nothing is saved: the form keeps what
   * was typed and says so beside it, and the schedule is shown as it is now.
   */
  async function saveSchedule(id: string, form: FormData, etag?: string) {
    const repeats = text(form, 'repeats');
    const body: MaintenanceScheduleInput = {
      title: text(form, 'title') ?? '',
      rrule: (repeats === customRule ? text(form, 'rrule') : repeats) ?? '',
      start: text(form, 'start') ?? '',
      leadDays: number(form, 'leadDays') ?? 0,
      onHoliday: oneOf(form, 'onHoliday', holidayPolicies) ?? 'keep',
      active: form.get('active') === 'on',
      checklist: (text(form, 'checklist') ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
      ...(text(form, 'calendar') ? { calendar: text(form, 'calendar') } : {}),
    };
    let saved: MaintenanceSchedule;
    try {
      saved = (
        await call(
          client.PUT('/api/clients/{clientId}/maintenance/schedules/{scheduleId}', {
            params: { path: { clientId, scheduleId: id }, header: etag ? { 'If-Match': etag } : {} },
            body,
          }),
        )
      ).data;
    } catch (error) {
      if (isStale(error)) await schedules.reload();
      throw staleInWords(error, 'schedule');
    }
    setSaved(`Saved “${saved.title}”.`);
    await schedules.reload();
  }

  function scheduleFields(scope: string, s: MaintenanceSchedule | undefined) {
    const preset = s && ruleChoices.some(([rule]) => rule === s.rrule) ? s.rrule : s ? customRule : ruleChoices[0]![0];
    return (errors: Record<string, string>) => {
      return (
        <>
          <Field id={`${scope}-title`} label="Title" error={errors.title ?? errors.scheduleId}>
            {(d, invalid) => (
              <input
                id={`${scope}-title`}
                name="title"
                type="text"
                required
                defaultValue={s?.title}
                aria-describedby={d}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Select
            scope={scope}
            name="repeats"
            label="Repeats"
            errors={{}}
            options={[...ruleChoices, [customRule, 'Another rule (RRULE below)']]}
            value={preset}
          />
          <Field
            id={`${scope}-rrule`}
            label="RRULE (another rule)"
            error={errors.rrule}
            hint="Used when Repeats is “Another rule”: RFC 5545, e.g. FREQ=MONTHLY;BYDAY=1TU for the first Tuesday of every month. The time of day comes from Start."
          >
            {(d, invalid) => (
              <input
                id={`${scope}-rrule`}
                name="rrule"
                type="text"
                defaultValue={preset === customRule ? s?.rrule : ''}
                aria-describedby={d}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Field
            id={`${scope}-start`}
            label="Start"
            error={errors.start}
            hint={`The first occurrence, in the client's timezone${c ? ` (${c.timezone})` : ''}.`}
          >
            {(d, invalid) => (
              <input
                id={`${scope}-start`}
                name="start"
                type="datetime-local"
                required
                defaultValue={s?.start}
                aria-describedby={d}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Field
            id={`${scope}-leadDays`}
            label="Lead days"
            error={errors.leadDays}
            hint="How many days before each occurrence its ticket is raised (0–60)."
          >
            {(d, invalid) => (
              <input
                id={`${scope}-leadDays`}
                name="leadDays"
                type="number"
                min={0}
                max={60}
                step={1}
                defaultValue={String(s?.leadDays ?? 0)}
                aria-describedby={d}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Select
            scope={scope}
            name="onHoliday"
            label="On a holiday"
            errors={errors}
            options={holidayOptions}
            value={s?.onHoliday ?? 'next-working-day'}
            hint="When an occurrence falls on a day the client's calendar is closed."
          />
          <Select
            scope={scope}
            name="calendar"
            label="Working-day calendar"
            errors={errors}
            options={[['', "The agreement's first office-hours calendar"], ...calendars.map((k) => [k, k] as const)]}
            value={s?.calendar ?? ''}
          />
          <Field
            id={`${scope}-checklist`}
            label="Checklist"
            error={errorFor(errors, 'checklist')}
            hint="One check per line; each raised ticket carries them."
          >
            {(d, invalid) => (
              <textarea
                id={`${scope}-checklist`}
                name="checklist"
                rows={4}
                defaultValue={s?.checklist.join('\n')}
                aria-describedby={d}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <div class="field">
            <label class="inline">
              <input type="checkbox" name="active" defaultChecked={s?.active ?? true} /> Active (clear to pause)
            </label>
            {errors.active ? <div class="field-error">{errors.active}</div> : null}
          </div>
        </>
      );
    };
  }

  return (
    <Layout title={c ? `Maintenance plan: ${c.name}` : `Maintenance plan: ${clientId}`}>
      <p>
        <a href={`/console/clients/${encodeURIComponent(clientId)}`}>Back to the client</a>
      </p>
      <ErrorBox message={info.error} />
      <StatusBox message={saved} />
      {loaded ? (
        <>
          <section aria-labelledby="items-heading">
            <h2 id="items-heading">Backlog</h2>
            <ErrorBox message={items.error} />
            {items.value ? <ItemsTable items={items.value} ticketHref={ticketHref} /> : null}
            <ActionForm
              name="Add item"
              onSubmit={async (f) => {
                const estimate = number(f, 'estimateHours');
                const { data } = await call(
                  client.POST('/api/clients/{clientId}/maintenance/items', {
                    params: at,
                    body: {
                      title: text(f, 'title') ?? '',
                      billing: oneOf(f, 'billing', billings) ?? 'hour-bank',
                      ...(text(f, 'description') ? { description: text(f, 'description') } : {}),
                      ...(estimate !== undefined ? { estimateHours: estimate } : {}),
                    },
                  }),
                );
                setSaved(`Added “${data.title}” to the backlog.`);
                await items.reload();
              }}
            >
              {(errors) => (
                <>
                  <TextInput scope="item" name="title" label="Title" errors={errors} required />
                  <TextArea scope="item" name="description" label="Description" errors={errors} />
                  <TextInput
                    scope="item"
                    name="estimateHours"
                    label="Estimate (hours)"
                    type="number"
                    step="0.25"
                    errors={errors}
                    hint="In quarter hours."
                  />
                  <Select
                    scope="item"
                    name="billing"
                    label="Billing"
                    errors={errors}
                    options={[
                      ['hour-bank', 'Called off the hour bank'],
                      ['quote', 'Quoted'],
                    ]}
                  />
                </>
              )}
            </ActionForm>
          </section>

          <section aria-labelledby="releases-heading">
            <h2 id="releases-heading">Releases</h2>
            <ConsoleReleases
              clientId={clientId}
              releases={releases.value}
              error={releases.error}
              items={items.value ?? []}
              lead={lead}
              timezone={c?.timezone}
              changed={async (message) => {
                setSaved(message);
                await Promise.all([releases.reload(), items.reload()]);
              }}
              reload={async () => {
                await Promise.all([releases.reload(), items.reload()]);
              }}
            />
          </section>

          <section aria-labelledby="schedules-heading">
            <h2 id="schedules-heading">Schedules</h2>
            <ErrorBox message={schedules.error} />
            {schedules.value?.length === 0 ? <p>No schedules yet.</p> : null}
            {schedules.value?.map((s) => (
              <article key={s.id} aria-labelledby={`schedule-${s.id}`} class="schedule">
                <h3 id={`schedule-${s.id}`}>{s.title}</h3>
                <ScheduleSummary schedule={s} ticketHref={ticketHref} />
                {lead ? (
                  <ActionForm
                    name={`Edit ${s.title}`}
                    submitLabel="Save schedule"
                    onSubmit={(f) => saveSchedule(s.id, f, s.etag)}
                  >
                    {scheduleFields(`schedule-${s.id}`, s)}
                  </ActionForm>
                ) : null}
              </article>
            ))}
            {lead ? (
              <ActionForm
                name="New schedule"
                submitLabel="Save schedule"
                onSubmit={(f) =>
                  saveSchedule(
                    idFor(
                      text(f, 'title') ?? '',
                      (schedules.value ?? []).map((s) => s.id),
                    ),
                    f,
                  )
                }
              >
                {scheduleFields('schedule-new', undefined)}
              </ActionForm>
            ) : null}
          </section>
        </>
      ) : (
        <p role="status">Loading the maintenance plan…</p>
      )}
    </Layout>
  );
}
