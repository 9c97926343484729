import { useEffect } from 'preact/hooks';
import { Layout } from '../components/layout';
import { navigate } from '../lib/router';
import { isStaff, session } from '../lib/session';

/** `/`: staff go to the queue, contacts to their tickets, anyone else to sign in. */
export default function HomePage() {
  const current = session.value;
  useEffect(() => {
    if (current === null) navigate('/sign-in', { replace: true });
    else if (current && isStaff(current) && current.contacts.length === 0) navigate('/console', { replace: true });
    else if (current && !isStaff(current)) navigate('/portal', { replace: true });
  }, [current]);
  if (!current || !isStaff(current) || current.contacts.length === 0)
    return (
      <p class="loading" role="status">
        Loading…
      </p>
    );
  return (
    <Layout title="Support Desk">
      <ul>
        <li>
          <a href="/portal">Client portal</a>
        </li>
        <li>
          <a href="/console">Staff console</a>
        </li>
      </ul>
    </Layout>
  );
}
