import { ErrorBox } from '../components/field';
import { HourBankView } from '../components/hour-bank-view';
import { Layout } from '../components/layout';
import { useLoad } from '../components/use-load';
import { call, client } from '../api/client';
import { useClientChoice } from './use-client-choice';

/** `/portal/hour-bank`: an approver's view of the client's hours. */
export default function PortalHourBankPage() {
  const { clientId, chooser } = useClientChoice(['approver']);
  const data = useLoad(async () => {
    if (!clientId) return undefined;
    const path = { clientId };
    const [bank, form] = await Promise.all([
      call(client.GET('/api/clients/{clientId}/hour-bank', { params: { path } })),
      call(client.GET('/api/clients/{clientId}/severities', { params: { path } })).catch(() => undefined),
    ]);
    return { bank: bank.data, timeZone: form?.data.timezone };
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
