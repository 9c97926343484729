import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, client, messageOf } from '../api/client';
import type { SlaReport } from '../api/types';

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
    const path = { clientId: query.clientId };
    Promise.all([
      call(
        client.GET('/api/clients/{clientId}/reports/sla', {
          params: { path, query: { from: query.from, to: query.to } },
        }),
      ),
      call(client.GET('/api/clients/{clientId}/severities', { params: { path } })).catch(() => undefined),
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
