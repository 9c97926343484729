import { signal } from '@preact/signals';
import { ApiError, call, client, setCsrfToken } from '../api/client';
import type { ContactRole, Session } from '../api/types';

/** `undefined` while the first check runs; `null` when nobody is signed in. */
export const session = signal<Session | null | undefined>(undefined);

export function adopt(value: Session | null): void {
  setCsrfToken(value?.csrfToken);
  session.value = value;
}

export async function loadSession(): Promise<void> {
  try {
    const { data } = await call(client.GET('/api/sessions/current'));
    adopt(data);
  } catch (error) {
    if (error instanceof ApiError && error.problem.status !== 401) console.warn('session check failed', error.problem);
    adopt(null);
  }
}

export async function signOut(): Promise<void> {
  try {
    await call(client.DELETE('/api/sessions/current'));
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
