import { ActionForm, text } from '../components/action-form';
import { TextArea } from '../components/inputs';
import { ReleaseSummary } from '../components/release-summary';
import { actOnRelease } from '../lib/release-actions';
import { isStale } from '../lib/stale-edit';
import type { MaintenanceRelease, MaintenanceReleaseAction } from '../api/types';

interface PortalReleasesProps {
  readonly clientId: string;
  readonly releases: readonly MaintenanceRelease[];
  readonly changed: (message: string) => Promise<void>;
  /** Reads them again without saying anything was saved: after a 412, to show the release as it is now. */
  readonly reload: () => Promise<void>;
}

const ticketHref = (id: string) => `/portal/tickets/${encodeURIComponent(id)}`;

/**
 * The approver's releases: those awaiting an answer first (**Approve …** with an optional comment,
 * **Query …** with what should change), then the planned ones, then those done with their notes.
 */
export function PortalReleases({ clientId, releases, changed, reload }: PortalReleasesProps) {
  /**
   * Answers the release as the page shows it (`If-Match` its ETag): if the lead changed its window or
   * items since (a new round), nothing applies, the page shows the release as it is now and the form
   * keeps the comment, with the message beside it. An approval is of what the approver saw.
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
  const waiting = releases.filter((r) => r.status === 'proposed');
  const upcoming = releases.filter((r) => r.status === 'approved' || r.status === 'queried');
  const done = releases.filter((r) => r.status === 'done');
  const list = (title: string, id: string, shown: readonly MaintenanceRelease[], answer: boolean) => (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {shown.length === 0 ? <p>None.</p> : null}
      {shown.map((r) => (
        <article key={r.id} aria-labelledby={`release-${r.id}`} class="release">
          <h3 id={`release-${r.id}`} tabIndex={-1}>
            {r.title}
          </h3>
          <ReleaseSummary release={r} ticketHref={ticketHref} />
          {answer ? (
            <div class="actions">
              <ActionForm
                name={`Approve ${r.title}`}
                submitLabel="Approve"
                onSubmit={(f) => {
                  const comment = text(f, 'comment');
                  return act(r, { action: 'approve', ...(comment ? { comment } : {}) }, `Approved “${r.title}”.`);
                }}
              >
                {(errors) => (
                  <TextArea scope={`approve-${r.id}`} name="comment" label="Comment (optional)" errors={errors} />
                )}
              </ActionForm>
              <ActionForm
                name={`Query ${r.title}`}
                submitLabel="Send query"
                onSubmit={(f) =>
                  act(r, { action: 'query', comment: text(f, 'comment') ?? '' }, `Sent your query about “${r.title}”.`)
                }
              >
                {(errors) => (
                  <TextArea
                    scope={`query-${r.id}`}
                    name="comment"
                    label="What should change"
                    field="comment"
                    errors={errors}
                    required
                  />
                )}
              </ActionForm>
            </div>
          ) : null}
        </article>
      ))}
    </section>
  );
  return (
    <>
      {list('Releases awaiting your approval', 'releases-waiting-heading', waiting, true)}
      {list('Upcoming releases', 'releases-upcoming-heading', upcoming, false)}
      {done.length > 0 ? list('Releases done', 'releases-done-heading', done, false) : null}
    </>
  );
}
