import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { approverClients, isStaff, session, signOut } from '../lib/session';
import { navigate } from '../lib/router';
import { quarantineCount, refreshQuarantineCount } from '../lib/quarantine';

/** The page frame: skip link, navigation for who is signed in, the page's h1 focused on arrival. */
export function Layout({ title, children }: { readonly title: string; readonly children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Support Desk`;
    heading.current?.focus();
  }, [title]);
  const current = session.value;
  const staff = isStaff(current);
  useEffect(() => {
    if (staff) void refreshQuarantineCount();
  }, [staff]);
  const held = quarantineCount.value;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          Support Desk
        </a>
        {current ? (
          <nav aria-label="Main">
            <ul>
              {current.contacts.length > 0 ? (
                <>
                  <li>
                    <a href="/portal">My tickets</a>
                  </li>
                  <li>
                    <a href="/portal/new">Raise a ticket</a>
                  </li>
                  {approverClients(current).length > 0 ? (
                    <li>
                      <a href="/portal/hour-bank">Hour bank</a>
                    </li>
                  ) : null}
                  {approverClients(current).length > 0 ? (
                    <li>
                      <a href="/portal/reports">SLA report</a>
                    </li>
                  ) : null}
                </>
              ) : null}
              {staff ? (
                <>
                  <li>
                    <a href="/console">Queue</a>
                  </li>
                  <li>
                    <a href="/console/clients">Clients</a>
                  </li>
                  <li>
                    <a href="/console/reports">Reports</a>
                  </li>
                  <li>
                    <a href="/console/quarantine">{held === undefined ? 'Quarantine' : `Quarantine (${held})`}</a>
                  </li>
                </>
              ) : null}
            </ul>
          </nav>
        ) : null}
        {current ? (
          <div class="who">
            <span>{current.name || current.email}</span>
            <button type="button" class="link" onClick={() => void signOut().finally(() => navigate('/sign-in'))}>
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      <main id="main">
        <h1 tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}
