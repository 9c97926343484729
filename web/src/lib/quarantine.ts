import { signal } from '@preact/signals';
import { call, client } from '../api/client';

/** How many mails wait in quarantine, for the console's navigation; `undefined` until asked. */
export const quarantineCount = signal<number | undefined>(undefined);

/** Asks again (each console page load, and after an accept or discard); a failure leaves the last count. */
export async function refreshQuarantineCount(): Promise<void> {
  try {
    quarantineCount.value = (await call(client.GET('/api/mail/quarantine'))).data.items.length;
  } catch {
    // The navigation shows the link without a count; the page itself says what went wrong.
  }
}
