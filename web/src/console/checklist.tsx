import { ActionForm, text } from '../components/action-form';
import type { Ticket, TicketAction } from '../api/types';
import { formatInZone } from '../lib/format';

type CheckAction = Extract<TicketAction, { action: 'check' }>;
type CheckAnswer = CheckAction['results'][number];

// A Record over the API's union: a result the server adds fails the typecheck until it is labelled here.
const resultLabels: Readonly<Record<CheckAnswer['result'], string>> = { pass: 'Pass', fail: 'Fail', 'n/a': 'N/A' };
const results = Object.keys(resultLabels) as readonly CheckAnswer['result'][];

/**
 * A maintenance ticket's checklist: each line with its latest answer, and — when the ticket's
 * `allowedActions` lists `check` — the **Check** form: per line Pass / Fail / N/A (or left as it is), a
 * note, and for a fail "Add to the backlog" (the server makes it an item once).
 */
export function Checklist({
  ticket,
  canCheck,
  timeZone,
  act,
}: {
  readonly ticket: Ticket;
  readonly canCheck: boolean;
  readonly timeZone: string | undefined;
  readonly act: (body: TicketAction) => Promise<void>;
}) {
  const lines = ticket.maintenance?.checklist ?? [];
  if (lines.length === 0) return null;
  const answers = new Map((ticket.checks ?? []).map((c) => [c.line, c]));
  const maintenanceHref = `/console/clients/${encodeURIComponent(ticket.clientId)}/maintenance`;
  return (
    <section aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">Checklist</h2>
      <table>
        <caption>Checklist answers</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Note</th>
            <th scope="col">Answered</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => {
            const a = answers.get(i);
            return (
              <tr key={i}>
                <th scope="row">{line}</th>
                <td>{a ? resultLabels[a.result] : 'Not yet'}</td>
                <td>
                  {a?.note ?? ''}
                  {a?.itemId ? (
                    <>
                      {a.note ? ' · ' : ''}
                      <a href={maintenanceHref}>in the backlog</a>
                    </>
                  ) : null}
                </td>
                <td>{a ? `${a.by}, ${formatInZone(a.at, timeZone)}` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {canCheck ? (
        <ActionForm
          name="Check"
          submitLabel="Record checks"
          onSubmit={(f) => {
            const answered: CheckAnswer[] = [];
            lines.forEach((_, i) => {
              const result = results.find((r) => r === f.get(`result-${i}`));
              if (!result) return;
              const note = text(f, `note-${i}`);
              answered.push({
                line: i,
                result,
                ...(note ? { note } : {}),
                ...(result === 'fail' && f.get(`item-${i}`) === 'on' ? { makeItem: true } : {}),
              });
            });
            return act({ action: 'check', results: answered });
          }}
        >
          {(errors) => (
            <>
              {errors.results ? <div class="field-error">{errors.results}</div> : null}
              {lines.map((line, i) => {
                const error = Object.entries(errors).find(([field]) => field.startsWith(`results.${i}`))?.[1];
                return (
                  <fieldset key={i} aria-describedby={error ? `check-${i}-error` : undefined}>
                    <legend>{line}</legend>
                    {results.map((r) => (
                      <label key={r} class="inline">
                        <input type="radio" name={`result-${i}`} value={r} /> {resultLabels[r]}
                      </label>
                    ))}
                    <div class="field">
                      <label for={`check-${i}-note`}>Note on “{line}”</label>
                      <input id={`check-${i}-note`} name={`note-${i}`} type="text" />
                    </div>
                    <label class="inline">
                      <input type="checkbox" name={`item-${i}`} /> Add a fail to the backlog as an item
                    </label>
                    {error ? (
                      <div class="field-error" id={`check-${i}-error`}>
                        {error}
                      </div>
                    ) : null}
                  </fieldset>
                );
              })}
            </>
          )}
        </ActionForm>
      ) : null}
    </section>
  );
}
