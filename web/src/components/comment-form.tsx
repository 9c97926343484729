import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client';
import { Field } from './field';

/** **Comment** with **Add comment**: always open, the most common thing a contact does. */
export function CommentForm({
  onComment,
  internal,
}: {
  readonly onComment: (text: string, internal: boolean) => Promise<void>;
  readonly internal?: boolean;
}) {
  return (
    <section aria-labelledby="comment-heading">
      <h2 id="comment-heading">Add a comment</h2>
      <CommentFields onComment={onComment} internal={internal} />
    </section>
  );
}

function CommentFields({
  onComment,
  internal,
}: {
  readonly onComment: (text: string, internal: boolean) => Promise<void>;
  readonly internal?: boolean | undefined;
}) {
  const [value, setValue] = useState('');
  const [isInternal, setInternal] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onComment(value, isInternal);
      setValue('');
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldErrors().text ?? messageOf(caught)) : messageOf(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Comment">
      <Field id="comment" label="Comment" error={error}>
        {(d, invalid) => (
          <textarea
            id="comment"
            rows={3}
            value={value}
            aria-describedby={d}
            aria-invalid={invalid}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        )}
      </Field>
      {internal ? (
        <label class="inline">
          <input type="checkbox" checked={isInternal} onChange={(e) => setInternal(e.currentTarget.checked)} /> Internal
          note (staff only)
        </label>
      ) : null}
      <button type="submit" disabled={busy}>
        Add comment
      </button>
    </form>
  );
}
