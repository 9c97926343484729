import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VirtualClock } from './virtual-clock';

/**
 * A virtual clock that survives a restart of the local host: its instant is kept in the data folder,
 * so timers pending when the host was killed are neither skipped nor fired again when it comes back.
 */
export class PersistentVirtualClock extends VirtualClock {
  readonly #file: string;

  constructor(dataDir: string, start: Date) {
    const file = path.join(dataDir, 'virtual-clock.json');
    const saved = existsSync(file)
      ? new Date((JSON.parse(readFileSync(file, 'utf8')) as { now: string }).now)
      : undefined;
    super(saved && !Number.isNaN(saved.getTime()) ? saved : start);
    this.#file = file;
    mkdirSync(dataDir, { recursive: true });
    this.#save();
  }

  override set(instant: Date): void {
    super.set(instant);
    this.#save();
  }

  #save(): void {
    // Write-then-rename, so a kill mid-write never leaves a torn file behind.
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify({ now: this.now().toISOString() }));
    renameSync(temporary, this.#file);
  }
}
