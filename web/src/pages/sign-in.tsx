import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Field, StatusBox } from '../components/field';
import { Layout } from '../components/layout';
import { ApiError, call, client, messageOf } from '../api/client';

/** `/sign-in`: e-mail link for everyone; "Sign in with Microsoft" for staff when OIDC is configured. */
export default function SignInPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string>();
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const [microsoft, setMicrosoft] = useState(false);

  useEffect(() => {
    call(client.GET('/api/sign-in/options'))
      .then(({ data }) => setMicrosoft(data.microsoft))
      .catch(() => setMicrosoft(false));
  }, []);

  async function send(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setFieldError(undefined);
    try {
      await call(client.POST('/api/sign-in/links', { body: { email: email.trim() } }));
      setSent(
        `If ${email.trim()} belongs to a registered contact or support engineer, a sign-in link is on its way. It works once, for 15 minutes.`,
      );
    } catch (caught) {
      if (caught instanceof ApiError && caught.fieldErrors().email) setFieldError(caught.fieldErrors().email);
      else setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Layout title="Sign in">
      <p>Enter your e-mail address and we will send you a link to sign in.</p>
      <form onSubmit={(e) => void send(e)} noValidate>
        <Field id="email" label="Email" error={fieldError}>
          {(describedBy, invalid) => (
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              required
              value={email}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          Send sign-in link
        </button>
      </form>
      <ErrorBox message={error} />
      <StatusBox message={sent} />
      {microsoft ? (
        <p class="alternative">
          Support team: <a href="/api/sign-in/oidc">Sign in with Microsoft</a>
        </p>
      ) : null}
    </Layout>
  );
}
