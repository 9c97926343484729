import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client';
import { ErrorBox } from './field';

interface ActionFormProps {
  /** The button that opens the form and the form's accessible name, e.g. "Assess". */
  readonly name: string;
  /** The submit button's text; `name` when omitted. */
  readonly submitLabel?: string;
  readonly children?: (errors: Record<string, string>) => ComponentChildren;
  /** Performs the action; throws an ApiError whose field errors are shown beside the fields. */
  readonly onSubmit: (form: FormData) => Promise<void>;
  /** No fields to fill: the button acts at once. */
  readonly immediate?: boolean;
}

/**
 * One action of a ticket page: a button named after the action that opens its form (a disclosure),
 * the form named the same, its own Submit button, and the API's errors beside the fields.
 */
export function ActionForm({ name, submitLabel, children, onSubmit, immediate }: ActionFormProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const formId = `form-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

  async function run(form: FormData) {
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      await onSubmit(form);
      setOpen(false);
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fieldErrors() : {};
      setErrors(fields);
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  if (immediate) {
    return (
      <div class="action">
        <button type="button" disabled={busy} onClick={() => void run(new FormData())}>
          {name}
        </button>
        <ErrorBox message={error} />
      </div>
    );
  }
  return (
    <div class="action">
      <button type="button" aria-expanded={open} aria-controls={formId} onClick={() => setOpen(!open)}>
        {name}
      </button>
      {open ? (
        <form
          id={formId}
          aria-label={name}
          class="action-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(new FormData(e.currentTarget));
          }}
        >
          {children?.(errors)}
          <ErrorBox message={error} />
          <button type="submit" disabled={busy}>
            {submitLabel ?? 'Submit'}
          </button>
          <button type="button" class="secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** Form helpers: a trimmed text value, or undefined when blank (optional API fields). */
export const text = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};
/** The chosen one of `values` (a select's value), or undefined when blank or not one of them. */
export const oneOf = <T extends string>(form: FormData, name: string, values: readonly T[]): T | undefined => {
  const value = text(form, name);
  return values.find((v) => v === value);
};
export const number = (form: FormData, name: string): number | undefined => {
  const value = text(form, name);
  return value === undefined ? undefined : Number(value);
};
