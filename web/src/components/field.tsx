import type { ComponentChildren, JSX } from 'preact';

interface FieldProps {
  readonly id: string;
  readonly label: string;
  /** The API's message for this field, shown beside it and announced with it. */
  readonly error?: string | undefined;
  /** Help text, also tied to the control with aria-describedby. */
  readonly hint?: ComponentChildren;
  readonly children: (describedBy: string | undefined, invalid: boolean) => JSX.Element;
}

/** A labelled control with its hint and its error, both tied to it for screen readers. */
export function Field({ id, label, error, hint, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <div class="hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {children(describedBy, Boolean(error))}
      {error ? (
        <div class="field-error" id={errorId}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** A page-level error: announced at once, never swallowed. */
export function ErrorBox({ message }: { readonly message: string | undefined }) {
  if (!message) return null;
  return (
    <div class="error-box" role="alert">
      {message}
    </div>
  );
}

/** A polite status message (a link sent, an action done). */
export function StatusBox({ message }: { readonly message: string | undefined }) {
  return (
    <div class="status-box" role="status">
      {message ?? ''}
    </div>
  );
}
