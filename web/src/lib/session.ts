import { signal } from '@preact/signals';
import { api, ApiError, setCsrfToken } from './api';

export type StaffRole = 'engineer' | 'lead';
export type ContactRole = 'requester' | 'approver';

/** `POST /api/sessions` and `GET /api/sessions/current` (docs/product-spec.md §4). */
export interface Session {
  readonly email: string;
  readonly name: string;
  readonly staffRoles: readonly StaffRole[];
  readonly contacts: readonly { readonly clientId: string; readonly roles: readonly ContactRole[] }[];
  readonly csrfToken: string;
}

/** `undefined` while the first check runs; `null` when nobody is signed in. */
export const session = signal<Session | null | undefined>(undefined);

export function adopt(value: Session | null): void {
  setCsrfToken(value?.csrfToken);
  session.value = value;
}

export async function loadSession(): Promise<void> {
  try {
    const { data } = await api<Session>('GET', '/api/sessions/current');
    adopt(data);
  } catch (error) {
    if (error instanceof ApiError && error.problem.status !== 401) console.warn('session check failed', error.problem);
    adopt(null);
  }
}

export async function signOut(): Promise<void> {
  try {
    await api('DELETE', '/api/sessions/current');
  } finally {
    adopt(null);
  }
}

export const isStaff = (s: Session | null | undefined): boolean => (s?.staffRoles.length ?? 0) > 0;
export const isLead = (s: Session | null | undefined): boolean => s?.staffRoles.includes('lead') ?? false;
export const rolesAt = (s: Session | null | undefined, clientId: string): readonly ContactRole[] =>
  s?.contacts.find((c) => c.clientId === clientId)?.roles ?? [];
export const approverClients = (s: Session | null | undefined): string[] =>
  (s?.contacts ?? []).filter((c) => c.roles.includes('approver')).map((c) => c.clientId);
