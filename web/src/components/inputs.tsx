import { Field } from './field';

interface InputProps {
  readonly name: string;
  readonly label: string;
  readonly errors: Record<string, string>;
  /** The API's field name when it differs from the input's. */
  readonly field?: string;
  readonly hint?: string;
  readonly required?: boolean;
}

const idOf = (scope: string, name: string) => `${scope}-${name}`.replace(/[^A-Za-z0-9-]/g, '-');

export function TextInput({
  scope,
  name,
  label,
  errors,
  field,
  hint,
  required,
  type,
  step,
}: InputProps & { scope: string; type?: 'text' | 'number' | 'date'; step?: string }) {
  const id = idOf(scope, name);
  return (
    <Field id={id} label={label} error={errors[field ?? name]} hint={hint}>
      {(d, invalid) =>
        type === 'date' ? (
          <input id={id} name={name} type="date" required={required} aria-describedby={d} aria-invalid={invalid} />
        ) : type === 'number' ? (
          <input
            id={id}
            name={name}
            type="number"
            step={step}
            required={required}
            aria-describedby={d}
            aria-invalid={invalid}
          />
        ) : (
          <input id={id} name={name} type="text" required={required} aria-describedby={d} aria-invalid={invalid} />
        )
      }
    </Field>
  );
}

export function TextArea({ scope, name, label, errors, field, hint, required }: InputProps & { scope: string }) {
  const id = idOf(scope, name);
  return (
    <Field id={id} label={label} error={errors[field ?? name]} hint={hint}>
      {(d, invalid) => (
        <textarea id={id} name={name} rows={4} required={required} aria-describedby={d} aria-invalid={invalid} />
      )}
    </Field>
  );
}

export function Select({
  scope,
  name,
  label,
  errors,
  field,
  hint,
  options,
  value,
}: InputProps & { scope: string; options: readonly (readonly [string, string])[]; value?: string }) {
  const id = idOf(scope, name);
  return (
    <Field id={id} label={label} error={errors[field ?? name]} hint={hint}>
      {(d, invalid) => (
        <select id={id} name={name} aria-describedby={d} aria-invalid={invalid}>
          {options.map(([v, text]) => (
            <option key={v} value={v} selected={v === value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
