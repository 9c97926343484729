import { ErrorBox } from '../components/field';
import { HourBankView, type HourBank } from '../components/hour-bank-view';
import { Layout } from '../components/layout';
import { useLoad } from '../components/use-load';
import { api } from '../lib/api';
import type { ClientForm } from '../lib/tickets';
import { useClientChoice } from './use-client-choice';

/** `/portal/hour-bank`: an approver's view of the client's hours. */
export default function PortalHourBankPage() {
  const { clientId, chooser } = useClientChoice(['approver']);
  const data = useLoad(async () => {
    if (!clientId) return undefined;
    const [bank, client] = await Promise.all([
      api<HourBank>('GET', `/api/clients/${encodeURIComponent(clientId)}/hour-bank`),
      api<ClientForm>('GET', `/api/clients/${encodeURIComponent(clientId)}/severities`).catch(() => undefined),
    ]);
    return { bank: bank.data, timeZone: client?.data.timezone };
  }, [clientId]);
  return (
    <Layout title="Hour bank">
      {!clientId ? <p>The hour bank is shown to a client's approvers.</p> : null}
      {chooser}
      <ErrorBox message={data.error} />
      {data.value ? (
        <HourBankView bank={data.value.bank} clientId={clientId} timeZone={data.value.timeZone} />
      ) : clientId && !data.error ? (
        <p role="status">Loading…</p>
      ) : null}
    </Layout>
  );
}
