import { eachAtMost } from '../src/app/each-at-most';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { MailIntakeService } from '../src/app/mail-intake-service';
import type { Clock } from '../src/ports/clock';

/**
 * The local host's mailbox (docs/product-spec.md §8): `.eml` files put in `<data>/mail/inbox/` are taken within 5 s and
 * moved to `inbox/done/`, which keeps the raw message. The receipt time is the host clock's instant when
 * taken (the virtual clock's, when it is on). It polls once a second of real time, whatever the app clock
 * says: dropping a file is not something the virtual clock should have to be moved for.
 *
 * A crash between taking a mail and moving it leaves the file: the next poll takes it again, and the
 * intake recognises its Message-ID (nothing twice). A file that fails (storage down) stays for the next poll.
 */
export class MailInboxFolder {
  readonly inbox: string;
  readonly done: string;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    dataDir: string,
    private readonly intake: () => MailIntakeService,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
    private readonly options: { readonly intervalMs?: number; readonly parallel?: number } = {},
  ) {
    this.inbox = path.join(dataDir, 'mail', 'inbox');
    this.done = path.join(this.inbox, 'done');
  }

  async start(): Promise<void> {
    await mkdir(this.done, { recursive: true });
    this.#timer = setInterval(() => void this.poll(), this.options.intervalMs ?? 1000);
    this.#timer.unref();
  }

  /** One pass over the folder; a pass already under way is joined, not doubled. */
  poll(): Promise<void> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async #pass(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.inbox, { withFileTypes: true }))
        .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.eml'))
        .map((e) => e.name)
        .sort();
    } catch {
      return;
    }
    await eachAtMost(names, this.options.parallel ?? 4, (name) => this.#take(name));
  }

  async #take(name: string): Promise<void> {
    const file = path.join(this.inbox, name);
    try {
      const raw = await readFile(file);
      const outcome = await this.intake().take(raw, this.clock.now());
      await rename(file, path.join(this.done, name));
      this.log(
        `mail: ${name} → ${outcome.kind}${'ticketId' in outcome && outcome.ticketId ? ` ${outcome.ticketId}` : ''}`,
      );
    } catch (error) {
      this.log(`mail: ${name} not taken yet (${error instanceof Error ? error.message : String(error)}); trying again`);
    }
  }
}
