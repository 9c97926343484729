import type { MailboxState, MailboxSubscription } from '../../../src/ports/mailbox';

export class InMemoryMailboxState implements MailboxState {
  held: MailboxSubscription | undefined;
  link: string | undefined;

  subscription(): Promise<MailboxSubscription | undefined> {
    return Promise.resolve(this.held);
  }
  saveSubscription(subscription: MailboxSubscription): Promise<void> {
    this.held = subscription;
    return Promise.resolve();
  }
  deltaLink(): Promise<string | undefined> {
    return Promise.resolve(this.link);
  }
  saveDeltaLink(link: string): Promise<void> {
    this.link = link;
    return Promise.resolve();
  }
}
