/** A message waiting in the shared mailbox's inbox. */
export interface MailboxMessage {
  /** The mailbox's own id of the message (not its Message-ID). */
  readonly id: string;
  /** When the mailbox received it: the ticket's clocks start then. */
  readonly receivedAt: Date;
}

/** The mailbox's push subscription for new inbox mail. */
export interface MailboxSubscription {
  readonly id: string;
  readonly expiresAt: Date;
}

/** One page of what changed in the inbox since a delta link; `deltaLink` comes with the last page. */
export interface MailboxChanges {
  readonly messages: readonly MailboxMessage[];
  readonly deltaLink?: string;
}

/**
 * A shared mailbox that pushes "new mail" notifications (Microsoft Graph on Azure). Every method throws
 * when the mailbox service cannot be reached; the caller's next run tries again.
 */
export interface Mailbox {
  /** Creates the push subscription for new inbox mail, sent to the notification URL with the clientState. */
  subscribe(expiresAt: Date): Promise<MailboxSubscription>;
  /** Extends a subscription; `undefined` when the mailbox no longer has it (it is then created again). */
  renew(subscriptionId: string, expiresAt: Date): Promise<MailboxSubscription | undefined>;
  /** Inbox messages added since `deltaLink` (all of the inbox without one), page by page. */
  changes(deltaLink: string | undefined): AsyncIterable<MailboxChanges>;
  /** One message's receipt time; `undefined` when it is no longer in the inbox (taken and moved already). */
  message(id: string): Promise<MailboxMessage | undefined>;
  /** The raw RFC 5322 bytes; `undefined` when the message is gone. */
  raw(id: string): Promise<Uint8Array | undefined>;
  /** Moves a taken message out of the inbox, to the folder of taken mail. */
  moveToTaken(id: string): Promise<void>;
}

/** Where the transport keeps its subscription and its place in the inbox's changes. */
export interface MailboxState {
  subscription(): Promise<MailboxSubscription | undefined>;
  saveSubscription(subscription: MailboxSubscription): Promise<void>;
  deltaLink(): Promise<string | undefined>;
  saveDeltaLink(link: string): Promise<void>;
}
