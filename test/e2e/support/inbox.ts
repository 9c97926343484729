import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rawMail, type TestMail } from '../../support/mail/mail-builder';
import { until } from './until';

/**
 * Drops a mail into the local host's inbox folder as `name` and resolves once the host has taken it (the
 * file moved to `done/`), whatever the take decided: a ticket, a comment, quarantine or nothing.
 */
export async function dropIntoInbox(inbox: string, mail: TestMail | Buffer, name: string): Promise<void> {
  writeFileSync(path.join(inbox, name), Buffer.isBuffer(mail) ? mail : rawMail(mail));
  await until(`${name} taken`, () => (existsSync(path.join(inbox, 'done', name)) ? true : undefined));
}
