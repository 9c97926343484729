import type { Mailbox, MailboxChanges, MailboxMessage, MailboxSubscription } from '../../ports/mailbox';
import { GraphError, type GraphClient } from './graph-client';
import { maxMailBytes } from '../../domain/mail/inbound-mail';

export interface GraphMailboxOptions {
  /** The shared mailbox: its address or user id. */
  readonly mailbox: string;
  /** Where Graph sends change and lifecycle notifications (the `receive-graph-mail-notification` function). */
  readonly notificationUrl: string;
  /** The secret Graph returns in every notification. */
  readonly clientState: string;
  /** Display name of the folder taken mail is moved to; created when missing. */
  readonly takenFolder: string;
}

interface GraphSubscription {
  readonly id: string;
  readonly expirationDateTime: string;
}

interface GraphMessage {
  readonly id: string;
  readonly receivedDateTime?: string;
  readonly parentFolderId?: string;
  readonly '@removed'?: unknown;
}

interface GraphPage<T> {
  readonly value: readonly T[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

/**
 * A shared Exchange Online mailbox through Microsoft Graph v1.0 (docs/mail-in.md, "Microsoft Graph"):
 * a `created` subscription on the inbox's messages with lifecycle notifications (`POST /subscriptions`,
 * renewed by `PATCH /subscriptions/{id}`), the inbox's delta query, `GET …/messages/{id}/$value` for the raw
 * MIME and `POST …/messages/{id}/move` to the folder of taken mail.
 */
export class GraphMailbox implements Mailbox {
  readonly #user: string;
  #takenFolderId: Promise<string> | undefined;

  constructor(
    private readonly graph: GraphClient,
    private readonly options: GraphMailboxOptions,
  ) {
    this.#user = `/users/${encodeURIComponent(options.mailbox)}`;
  }

  async subscribe(expiresAt: Date): Promise<MailboxSubscription> {
    const created = await this.graph.json<GraphSubscription>('POST', '/subscriptions', {
      body: {
        changeType: 'created',
        notificationUrl: this.options.notificationUrl,
        lifecycleNotificationUrl: this.options.notificationUrl,
        resource: `users/${this.options.mailbox}/mailFolders('inbox')/messages`,
        expirationDateTime: expiresAt.toISOString(),
        clientState: this.options.clientState,
        latestSupportedTlsVersion: 'v1_2',
      },
    });
    return subscriptionOf(created!);
  }

  async renew(subscriptionId: string, expiresAt: Date): Promise<MailboxSubscription | undefined> {
    const renewed = await this.graph.json<GraphSubscription>('PATCH', `/subscriptions/${segment(subscriptionId)}`, {
      body: { expirationDateTime: expiresAt.toISOString() },
      tolerate: [404],
    });
    return renewed ? subscriptionOf(renewed) : undefined;
  }

  async *changes(deltaLink: string | undefined): AsyncIterable<MailboxChanges> {
    const start = `${this.#user}/mailFolders('inbox')/messages/delta?$select=receivedDateTime`;
    // A delta link Graph no longer knows (410 Gone: sync state expired) starts over from the whole inbox;
    // the intake takes each mail once, so reading mail again is harmless.
    let next: string | undefined = deltaLink && this.graph.isOwnLink(deltaLink) ? deltaLink : start;
    let first = true;
    while (next) {
      let page: GraphPage<GraphMessage> | undefined;
      try {
        page = await this.graph.json<GraphPage<GraphMessage>>('GET', next, {
          headers: { prefer: 'odata.maxpagesize=50' },
        });
      } catch (error) {
        if (first && next !== start && error instanceof GraphError && error.status === 410) {
          next = start;
          continue;
        }
        throw error;
      }
      first = false;
      const messages = page!.value.filter((m) => m['@removed'] === undefined && m.receivedDateTime).map(messageOf);
      next = page!['@odata.nextLink'];
      yield { messages, ...(page!['@odata.deltaLink'] ? { deltaLink: page!['@odata.deltaLink'] } : {}) };
    }
  }

  async message(id: string): Promise<MailboxMessage | undefined> {
    const found = await this.graph.json<GraphMessage>(
      'GET',
      `${this.#user}/messages/${segment(id)}?$select=receivedDateTime,parentFolderId`,
      { tolerate: [404] },
    );
    if (!found?.receivedDateTime) return undefined;
    // Already in the folder of taken mail: another notification's take moved it.
    if (found.parentFolderId !== undefined && found.parentFolderId === (await this.#takenFolder())) return undefined;
    return messageOf(found);
  }

  /** The MIME, cut one byte past the intake's limit: the intake then quarantines it as `too-large`. */
  raw(id: string): Promise<Uint8Array | undefined> {
    return this.graph.bytes(`${this.#user}/messages/${segment(id)}/$value`, { tolerate: [404] }, maxMailBytes);
  }

  async moveToTaken(id: string): Promise<void> {
    const destinationId = await this.#takenFolder();
    // 404: moved already (the same mail notified twice, or a catch-up run beside a notification).
    await this.graph.json('POST', `${this.#user}/messages/${segment(id)}/move`, {
      body: { destinationId },
      tolerate: [404],
    });
  }

  #takenFolder(): Promise<string> {
    this.#takenFolderId ??= this.#findOrCreateFolder().catch((error: unknown) => {
      this.#takenFolderId = undefined;
      throw error;
    });
    return this.#takenFolderId;
  }

  async #findOrCreateFolder(): Promise<string> {
    const name = this.options.takenFolder;
    const find = async () => {
      const filter = encodeURIComponent(`displayName eq '${name.replace(/'/g, "''")}'`);
      const page = await this.graph.json<GraphPage<{ id: string }>>(
        'GET',
        `${this.#user}/mailFolders?$filter=${filter}&$select=id,displayName`,
      );
      return page!.value[0]?.id;
    };
    const found = await find();
    if (found) return found;
    // 409: created meanwhile by another instance.
    const created = await this.graph.json<{ id: string }>('POST', `${this.#user}/mailFolders`, {
      body: { displayName: name },
      tolerate: [409],
    });
    const id = created?.id ?? (await find());
    if (!id) throw new Error(`The mail folder "${name}" could not be created.`);
    return id;
  }
}

const segment = (id: string): string => encodeURIComponent(id);

const subscriptionOf = (s: GraphSubscription): MailboxSubscription => ({
  id: s.id,
  expiresAt: new Date(s.expirationDateTime),
});

const messageOf = (m: GraphMessage): MailboxMessage => ({ id: m.id, receivedAt: new Date(m.receivedDateTime!) });
