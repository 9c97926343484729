import { useState } from 'preact/hooks';
import { ErrorBox } from '../components/field';
import { Layout } from '../components/layout';
import { lastTwelveMonths, ReportRangeForm, type ReportRange } from '../components/report-range-form';
import { SlaReportView } from '../components/sla-report-view';
import { useSlaReport } from '../components/use-sla-report';
import { useClientChoice } from './use-client-choice';

/** `/portal/reports`: an approver's SLA report for their client (docs/product-spec.md §6). */
export default function PortalReportsPage() {
  const { clientId, chooser } = useClientChoice(['approver']);
  const [range, setRange] = useState<ReportRange>(lastTwelveMonths());
  const { report, timeZone, error, fieldErrors, loading } = useSlaReport(clientId ? { clientId, ...range } : undefined);
  return (
    <Layout title="SLA report">
      {!clientId ? <p>SLA reports are shown to a client's approvers.</p> : null}
      {clientId ? (
        <ReportRangeForm initial={range} errors={fieldErrors} onSubmit={setRange}>
          {chooser}
        </ReportRangeForm>
      ) : null}
      <ErrorBox message={error} />
      {loading ? <p role="status">Loading…</p> : null}
      {report && !loading ? (
        <SlaReportView
          report={report}
          timeZone={timeZone}
          ticketHref={(id) => `/portal/tickets/${encodeURIComponent(id)}`}
        />
      ) : null}
    </Layout>
  );
}
