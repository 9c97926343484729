import { render, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Layout } from './components/layout';
import { setActingAs } from './api/client';
import { location, matchPath, navigate } from './lib/router';
import { isStaff, loadSession, session } from './lib/session';
import { routes, type PageProps } from './routes';
import './styles.css';

const loaded = new Map<string, ComponentType<PageProps>>();

function App() {
  const { path } = location.value;
  const current = session.value;
  const found = routes.map((route) => ({ route, params: matchPath(route.pattern, path) })).find((m) => m.params);
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState<string>();

  const needsSignIn = found && found.route.audience !== 'anyone' && current === null;
  // Before any page below loads its data: the page's audience is the role its requests act in.
  setActingAs(found && found.route.audience !== 'anyone' ? found.route.audience : undefined);
  const wrongAudience =
    found &&
    current &&
    ((found.route.audience === 'staff' && !isStaff(current)) ||
      (found.route.audience === 'contact' && current.contacts.length === 0));

  useEffect(() => {
    if (needsSignIn) navigate(`/sign-in?next=${encodeURIComponent(path + window.location.search)}`, { replace: true });
  }, [needsSignIn, path]);

  useEffect(() => {
    if (!found || loaded.has(found.route.pattern)) return;
    found.route
      .load()
      .then((module) => {
        loaded.set(found.route.pattern, module.default);
        setVersion((v) => v + 1);
      })
      .catch(() => setFailed('This page could not be loaded. Reload to try again.'));
  }, [found?.route.pattern]);

  if (!found)
    return (
      <Layout title="Page not found">
        <p>
          There is no page at this address. <a href="/">Go to the start page</a>.
        </p>
      </Layout>
    );
  if (failed)
    return (
      <Layout title="Error">
        <p role="alert">{failed}</p>
      </Layout>
    );
  if (current === undefined || needsSignIn)
    return (
      <p class="loading" role="status">
        Loading…
      </p>
    );
  if (wrongAudience) {
    return (
      <Layout title="Not available">
        <p>
          {found.route.audience === 'staff'
            ? 'This page is for the support team.'
            : 'This page is for client contacts.'}{' '}
          <a href="/">Go to your start page</a>.
        </p>
      </Layout>
    );
  }
  const Page = loaded.get(found.route.pattern);
  if (!Page)
    return (
      <p class="loading" role="status">
        Loading…
      </p>
    );
  return <Page key={path} params={found.params ?? {}} />;
}

void loadSession();
const root = document.getElementById('app');
if (root) render(<App />, root);
