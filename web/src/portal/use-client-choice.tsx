import { useState } from 'preact/hooks';
import { Field } from '../components/field';
import { location } from '../lib/router';
import type { ContactRole } from '../api/types';
import { session } from '../lib/session';

/**
 * The client a page works on: a person who is a contact at several clients picks one (**Client**);
 * `?client=` keeps the choice in the address. Only clients where the person has one of `roles`.
 */
export function useClientChoice(roles: readonly ContactRole[]) {
  const memberships = (session.value?.contacts ?? []).filter((c) => c.roles.some((r) => roles.includes(r)));
  const wanted = location.value.search.get('client');
  const initial = memberships.find((m) => m.clientId === wanted)?.clientId ?? memberships[0]?.clientId ?? '';
  const [clientId, setClientId] = useState(initial);
  const chooser =
    memberships.length > 1 ? (
      <Field id="client" label="Client">
        {(describedBy) => (
          <select
            id="client"
            value={clientId}
            aria-describedby={describedBy}
            onChange={(e) => setClientId(e.currentTarget.value)}
          >
            {memberships.map((m) => (
              <option key={m.clientId} value={m.clientId}>
                {m.clientId}
              </option>
            ))}
          </select>
        )}
      </Field>
    ) : null;
  return { clientId, chooser, memberships };
}
