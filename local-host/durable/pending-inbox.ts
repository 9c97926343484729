import type { InboxMessage } from './instance-store';

/** A message waiting for an instance's next episode. */
export interface PendingMessage {
  /**
   * The inbox row that makes it durable, deleted by the episode that consumes it. Undefined for a timer
   * that fell due: its durable form is the pending timer in the instance row, which the consuming
   * episode removes in the same transaction — so a crash before that episode just fires it again.
   */
  readonly rowKey: string | undefined;
  /** Arrival order. */
  readonly seq: string;
  readonly message: InboxMessage;
}

/** The start of an execution goes first, then arrival order (as the rows' keys and `seq` sort). */
const rank = (m: PendingMessage): string => `${m.message.kind === 'start' ? '0' : '1'}${m.seq}`;

/**
 * One instance's inbox as this process knows it: every row it wrote (or found at start-up) and not yet
 * consumed, plus the timers that fell due. The engine is the only writer of its task hub, so this copy
 * is exact and an episode never has to query storage for its next message.
 */
export class PendingInbox {
  #items: PendingMessage[] = [];

  constructor(items: readonly PendingMessage[] = []) {
    for (const item of items) this.add(item);
  }

  /** Adds a message in its place; a row already known (e.g. seen by a reload too) is not added twice. */
  add(item: PendingMessage): void {
    if (item.rowKey !== undefined && this.#items.some((m) => m.rowKey === item.rowKey)) return;
    const key = rank(item);
    let at = this.#items.length;
    while (at > 0 && rank(this.#items[at - 1]!) > key) at--;
    this.#items.splice(at, 0, item);
  }

  remove(consumed: readonly PendingMessage[]): void {
    const gone = new Set(consumed);
    this.#items = this.#items.filter((m) => !gone.has(m));
  }

  get items(): readonly PendingMessage[] {
    return this.#items;
  }

  has(predicate: (m: PendingMessage) => boolean): boolean {
    return this.#items.some(predicate);
  }
}
