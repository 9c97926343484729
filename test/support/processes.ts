import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process ids whose command line mentions `text` (e.g. a test's temporary data folder, which the
 * Azurite a local host starts carries in `--location`), found through /proc so that a process
 * orphaned by its parent is found too.
 */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
