import { ActionForm, text } from '../components/action-form';
import { ErrorBox, Field } from '../components/field';
import { ReleaseSummary } from '../components/release-summary';
import { call, client } from '../api/client';
import { actOnRelease } from '../lib/release-actions';
import { isStale } from '../lib/stale-edit';
import type { MaintenanceItem, MaintenanceRelease, MaintenanceReleaseAction } from '../api/types';

interface ConsoleReleasesProps {
  readonly clientId: string;
  readonly releases: readonly MaintenanceRelease[] | undefined;
  readonly error: string | undefined;
  readonly items: readonly MaintenanceItem[];
  readonly lead: boolean;
  readonly timezone: string | undefined;
  /** Reads the releases and the backlog again (an item's status follows its release). */
  readonly changed: (message: string) => Promise<void>;
  /** Reads them again without saying anything was saved: after a 412, to show the release as it is now. */
  readonly reload: () => Promise<void>;
}

/** The error for `name` or for any of its parts (`itemIds.1` → `itemIds`). */
const errorFor = (errors: Record<string, string>, name: string): string | undefined =>
  errors[name] ?? Object.entries(errors).find(([field]) => field.startsWith(`${name}.`))?.[1];

const ticketHref = (id: string) => `/console/tickets/${encodeURIComponent(id)}`;

/** The console's releases: plan a draft (window and items), edit, propose, and mark done with notes. */
export function ConsoleReleases({
  clientId,
  releases,
  error,
  items,
  lead,
  timezone,
  changed,
  reload,
}: ConsoleReleasesProps) {
  /**
   * Acts on the release as the page shows it (`If-Match` its ETag): if another lead changed it since,
   * nothing applies, the page shows the release as it is now and the form keeps what this lead typed,
   * with the message beside it.
   */
  async function act(release: MaintenanceRelease, body: MaintenanceReleaseAction, message: string) {
    try {
      await actOnRelease(clientId, release.id, body, release.etag);
    } catch (caught) {
      if (isStale(caught)) await reload();
      throw caught;
    }
    await changed(message);
  }

  /** Title, window, items (those free to plan, and the release's own), notes. */
  function releaseFields(scope: string, release: MaintenanceRelease | undefined) {
    const own = new Set(release?.itemIds ?? []);
    const choosable = items.filter((i) => own.has(i.id) || i.status === 'proposed');
    return (errors: Record<string, string>) => (
      <>
        <Field id={`${scope}-title`} label="Title" error={errors.title}>
          {(d, invalid) => (
            <input
              id={`${scope}-title`}
              name="title"
              type="text"
              defaultValue={release?.title}
              aria-describedby={d}
              aria-invalid={invalid}
            />
          )}
        </Field>
        {(['start', 'end'] as const).map((end) => (
          <Field
            key={end}
            id={`${scope}-window-${end}`}
            label={end === 'start' ? 'Window start' : 'Window end'}
            error={errors[`window.${end}`] ?? (end === 'start' ? errors.window : undefined)}
            hint={end === 'start' && timezone ? `In the client's timezone (${timezone}).` : undefined}
          >
            {(d, invalid) => (
              <input
                id={`${scope}-window-${end}`}
                name={`window.${end}`}
                type="datetime-local"
                defaultValue={release?.window[end]}
                aria-describedby={d}
                aria-invalid={invalid}
              />
            )}
          </Field>
        ))}
        <fieldset aria-describedby={errorFor(errors, 'itemIds') ? `${scope}-items-error` : undefined}>
          <legend>Items</legend>
          {choosable.length === 0 ? <p>No backlog items free to plan.</p> : null}
          {choosable.map((item) => (
            <label key={item.id} class="inline">
              <input type="checkbox" name="itemIds" value={item.id} defaultChecked={own.has(item.id)} /> {item.title}
              {item.estimateHours === undefined ? '' : ` (${item.estimateHours} h)`}
            </label>
          ))}
          {errorFor(errors, 'itemIds') ? (
            <div class="field-error" id={`${scope}-items-error`}>
              {errorFor(errors, 'itemIds')}
            </div>
          ) : null}
        </fieldset>
        <Field
          id={`${scope}-notes`}
          label="Release notes"
          error={errors.notes}
          hint="Sent to the approvers and the items' requesters when the release is done."
        >
          {(d, invalid) => (
            <textarea
              id={`${scope}-notes`}
              name="notes"
              rows={4}
              defaultValue={release?.notes}
              aria-describedby={d}
              aria-invalid={invalid}
            />
          )}
        </Field>
      </>
    );
  }

  const fromForm = (f: FormData) => ({
    title: text(f, 'title') ?? '',
    window: { start: text(f, 'window.start') ?? '', end: text(f, 'window.end') ?? '' },
    itemIds: f.getAll('itemIds').filter((v): v is string => typeof v === 'string'),
    ...(text(f, 'notes') ? { notes: text(f, 'notes') } : {}),
  });

  return (
    <>
      <ErrorBox message={error} />
      {releases?.length === 0 ? <p>No releases yet.</p> : null}
      {releases?.map((r) => (
        <article key={r.id} aria-labelledby={`release-${r.id}`} class="release">
          <h3 id={`release-${r.id}`} tabIndex={-1}>
            {r.title}
          </h3>
          <ReleaseSummary release={r} ticketHref={ticketHref} />
          {lead && r.status !== 'done' ? (
            <div class="actions">
              {r.status === 'draft' || r.status === 'queried' ? (
                <ActionForm
                  name={`Propose ${r.title}`}
                  immediate
                  onSubmit={() => act(r, { action: 'propose' }, `Proposed “${r.title}” to the approvers.`)}
                />
              ) : null}
              <ActionForm
                name={`Edit ${r.title}`}
                submitLabel="Save release"
                onSubmit={(f) => act(r, { action: 'edit', ...fromForm(f) }, `Saved “${r.title}”.`)}
              >
                {releaseFields(`release-${r.id}`, r)}
              </ActionForm>
              {r.status === 'approved' ? (
                <ActionForm
                  name={`Mark ${r.title} done`}
                  submitLabel="Mark done"
                  onSubmit={(f) => {
                    const notes = text(f, 'notes');
                    return act(r, { action: 'complete', ...(notes ? { notes } : {}) }, `“${r.title}” is done.`);
                  }}
                >
                  {(errors) => (
                    <Field
                      id={`release-${r.id}-done-notes`}
                      label="Release notes"
                      error={errors.notes}
                      hint="E-mailed once to the approvers and the items' requesters."
                    >
                      {(d, invalid) => (
                        <textarea
                          id={`release-${r.id}-done-notes`}
                          name="notes"
                          rows={5}
                          defaultValue={r.notes}
                          aria-describedby={d}
                          aria-invalid={invalid}
                        />
                      )}
                    </Field>
                  )}
                </ActionForm>
              ) : null}
            </div>
          ) : null}
        </article>
      ))}
      {lead ? (
        <ActionForm
          name="New release"
          submitLabel="Save draft"
          onSubmit={async (f) => {
            const body = fromForm(f);
            await call(
              client.POST('/api/clients/{clientId}/maintenance/releases', { params: { path: { clientId } }, body }),
            );
            await changed(`Drafted “${body.title}”.`);
          }}
        >
          {releaseFields('release-new', undefined)}
        </ActionForm>
      ) : null}
    </>
  );
}
