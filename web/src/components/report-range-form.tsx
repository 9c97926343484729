import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Field } from './field';

export interface ReportRange {
  readonly from: string;
  readonly to: string;
}

/** The last twelve months, this one included, by the browser's calendar. */
export function lastTwelveMonths(now = new Date()): ReportRange {
  const month = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  return { from: month(new Date(now.getFullYear(), now.getMonth() - 11, 1)), to: month(now) };
}

/** **From** and **To** months (and whatever else the page puts before them), then **Show report**. */
export function ReportRangeForm({
  initial,
  errors,
  onSubmit,
  children,
}: {
  readonly initial: ReportRange;
  readonly errors: Readonly<Record<string, string>>;
  readonly onSubmit: (range: ReportRange) => void;
  readonly children?: ComponentChildren;
}) {
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  return (
    <form
      aria-label="Report period"
      class="report-range"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ from, to });
      }}
    >
      {children}
      <Field id="report-from" label="From" hint="First month (YYYY-MM)." error={errors.from}>
        {(d, invalid) => (
          <input
            id="report-from"
            type="month"
            required
            value={from}
            aria-describedby={d}
            aria-invalid={invalid}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field id="report-to" label="To" hint="Last month, included; at most 24 months." error={errors.to}>
        {(d, invalid) => (
          <input
            id="report-to"
            type="month"
            required
            value={to}
            aria-describedby={d}
            aria-invalid={invalid}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit">Show report</button>
    </form>
  );
}
