import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, messageOf } from '../lib/api';
import type { ClientForm } from '../lib/tickets';
import type { SlaReport } from './sla-report-view';

export interface ReportQuery {
  readonly clientId: string;
  readonly from: string;
  readonly to: string;
}

/** Loads a report (and the client's time zone for its instants); field errors go beside their fields. */
export function useSlaReport(query: ReportQuery | undefined) {
  const [report, setReport] = useState<SlaReport>();
  const [timeZone, setTimeZone] = useState<string>();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const key = query ? `${query.clientId}|${query.from}|${query.to}` : '';
  useEffect(() => {
    if (!query) return;
    let current = true;
    setLoading(true);
    setError(undefined);
    setFieldErrors({});
    const client = encodeURIComponent(query.clientId);
    Promise.all([
      api<SlaReport>(
        'GET',
        `/api/clients/${client}/reports/sla?from=${encodeURIComponent(query.from)}&to=${encodeURIComponent(query.to)}`,
      ),
      api<ClientForm>('GET', `/api/clients/${client}/severities`).catch(() => undefined),
    ])
      .then(([r, c]) => {
        if (!current) return;
        setReport(r.data);
        setTimeZone(c?.data.timezone);
      })
      .catch((caught: unknown) => {
        if (!current) return;
        setReport(undefined);
        setError(messageOf(caught));
        if (caught instanceof ApiError) setFieldErrors(caught.fieldErrors());
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [key]);
  return { report, timeZone, error, fieldErrors, loading };
}
