import type { ComponentType } from 'preact';

export interface PageProps {
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Every page of the app, in matching order. A page is loaded on first visit (its own chunk), so the
 * portal never downloads the console or the chart library it does not show. Adding a page (e.g.
 * Reports) is one entry here and one file.
 */
export interface PageRoute {
  readonly pattern: string;
  /** Who may open it: anyone, a signed-in client contact, or staff. */
  readonly audience: 'anyone' | 'contact' | 'staff';
  readonly load: () => Promise<{ default: ComponentType<PageProps> }>;
}

export const routes: readonly PageRoute[] = [
  { pattern: '/', audience: 'anyone', load: () => import('./pages/home') },
  { pattern: '/sign-in', audience: 'anyone', load: () => import('./pages/sign-in') },
  { pattern: '/sign-in/link', audience: 'anyone', load: () => import('./pages/sign-in-link') },
  { pattern: '/portal', audience: 'contact', load: () => import('./portal/tickets-page') },
  { pattern: '/portal/new', audience: 'contact', load: () => import('./portal/raise-ticket-page') },
  { pattern: '/portal/tickets/:ticketId', audience: 'contact', load: () => import('./portal/ticket-page') },
  { pattern: '/portal/hour-bank', audience: 'contact', load: () => import('./portal/hour-bank-page') },
  { pattern: '/portal/reports', audience: 'contact', load: () => import('./portal/reports-page') },
  { pattern: '/console', audience: 'staff', load: () => import('./console/queue-page') },
  { pattern: '/console/tickets/:ticketId', audience: 'staff', load: () => import('./console/ticket-page') },
  { pattern: '/console/clients', audience: 'staff', load: () => import('./console/clients-page') },
  { pattern: '/console/clients/:clientId', audience: 'staff', load: () => import('./console/client-page') },
  { pattern: '/console/reports', audience: 'staff', load: () => import('./console/reports-page') },
  { pattern: '/console/quarantine', audience: 'staff', load: () => import('./console/quarantine-page') },
];
