import { useState } from 'preact/hooks';
import { ErrorBox, Field } from '../components/field';
import { Layout } from '../components/layout';
import { lastTwelveMonths, ReportRangeForm } from '../components/report-range-form';
import { SlaReportView } from '../components/sla-report-view';
import { useSlaReport, type ReportQuery } from '../components/use-sla-report';
import { location, navigate } from '../lib/router';

/** `/console/reports?client=&from=&to=`: SLA compliance of any client over any period (docs/product-spec.md §6). */
export default function ReportsPage() {
  const search = location.value.search;
  const defaults = lastTwelveMonths();
  const wanted: ReportQuery | undefined = search.get('client')
    ? {
        clientId: search.get('client') ?? '',
        from: search.get('from') ?? defaults.from,
        to: search.get('to') ?? defaults.to,
      }
    : undefined;
  const [clientId, setClientId] = useState(wanted?.clientId ?? '');
  const { report, timeZone, error, fieldErrors, loading } = useSlaReport(wanted);
  return (
    <Layout title="Reports">
      <ReportRangeForm
        initial={wanted ?? defaults}
        errors={fieldErrors}
        onSubmit={({ from, to }) => {
          const client = clientId.trim().toLowerCase();
          if (client)
            navigate(
              `/console/reports?client=${encodeURIComponent(client)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
            );
        }}
      >
        <Field id="report-client" label="Client" hint="The client's id, e.g. acme." error={fieldErrors.clientId}>
          {(d, invalid) => (
            <input
              id="report-client"
              required
              value={clientId}
              aria-describedby={d}
              aria-invalid={invalid}
              onInput={(e) => setClientId(e.currentTarget.value)}
            />
          )}
        </Field>
      </ReportRangeForm>
      <ErrorBox message={error} />
      {loading ? <p role="status">Loading…</p> : null}
      {report && !loading ? (
        <>
          <h2>
            SLA compliance of {report.clientId}, {report.from} to {report.to}
          </h2>
          <SlaReportView
            report={report}
            timeZone={timeZone}
            ticketHref={(id) => `/console/tickets/${encodeURIComponent(id)}`}
          />
        </>
      ) : null}
    </Layout>
  );
}
