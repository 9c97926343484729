import type { MailboxState, MailboxSubscription } from '../../ports/mailbox';
import type { LazyTable } from './notification-tables';
import { isStatus } from './table-clients';

const partition = 'mail';
const subscriptionRow = 'graph|subscription';
const deltaRow = 'graph|delta';

/**
 * The Graph transport's two rows in table `mail` (docs/mail-in.md): `mail / graph|subscription` (the
 * subscription's id and expiry) and `mail / graph|delta` (the inbox's delta link). Last write wins: two
 * runs writing at once both hold a valid subscription, and an older delta link only reads mail again.
 */
export class TableMailboxState implements MailboxState {
  constructor(private readonly table: LazyTable) {}

  async subscription(): Promise<MailboxSubscription | undefined> {
    const row = await this.#get<{ subscriptionId: string; expiresAt: string }>(subscriptionRow);
    return row ? { id: row.subscriptionId, expiresAt: new Date(row.expiresAt) } : undefined;
  }

  async saveSubscription(subscription: MailboxSubscription): Promise<void> {
    const table = await this.table.ready();
    await table.upsertEntity(
      {
        partitionKey: partition,
        rowKey: subscriptionRow,
        subscriptionId: subscription.id,
        expiresAt: subscription.expiresAt.toISOString(),
      },
      'Replace',
    );
  }

  async deltaLink(): Promise<string | undefined> {
    return (await this.#get<{ link: string }>(deltaRow))?.link;
  }

  async saveDeltaLink(link: string): Promise<void> {
    const table = await this.table.ready();
    await table.upsertEntity({ partitionKey: partition, rowKey: deltaRow, link }, 'Replace');
  }

  async #get<T extends object>(rowKey: string): Promise<T | undefined> {
    const table = await this.table.ready();
    try {
      return await table.getEntity<T>(partition, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
