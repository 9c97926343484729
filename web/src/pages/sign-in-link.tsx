import { useState } from 'preact/hooks';
import { ErrorBox } from '../components/field';
import { Layout } from '../components/layout';
import { call, client, messageOf } from '../api/client';
import { navigate } from '../lib/router';
import { adopt, isStaff } from '../lib/session';

/**
 * `/sign-in/link#token=…`, the page the e-mailed link opens. Opening it does nothing: mail scanners
 * open links too, and the token is single use. Only pressing **Sign in** spends it. The token sits in
 * the fragment, which browsers never send to a server or in a Referer.
 */
export default function SignInLinkPage() {
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function signIn() {
    setBusy(true);
    setError(undefined);
    try {
      const { data } = await call(client.POST('/api/sessions', { body: { token } }));
      adopt(data);
      const next = new URLSearchParams(window.location.search).get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : isStaff(data) ? '/console' : '/portal', {
        replace: true,
      });
    } catch (caught) {
      setError(`${messageOf(caught)} Ask for a new link.`);
      setBusy(false);
    }
  }

  return (
    <Layout title="Sign in to Support Desk">
      {token ? (
        <>
          <p>Press the button to finish signing in. The link works once.</p>
          <button type="button" disabled={busy} onClick={() => void signIn()}>
            Sign in
          </button>
        </>
      ) : (
        <p>This link is incomplete. Copy the whole link from the e-mail, or ask for a new one.</p>
      )}
      <ErrorBox message={error} />
      {error || !token ? (
        <p>
          <a href="/sign-in">Send a new sign-in link</a>
        </p>
      ) : null}
    </Layout>
  );
}
