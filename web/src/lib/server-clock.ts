import { signal } from '@preact/signals';

/**
 * One clock for every countdown on the page: a row re-renders only its own text once a second. It runs
 * on the server's clock (`asOf` of the last page read), not the reader's, which may be wrong.
 */
export const now = signal(Date.now());
let serverOffsetMs = 0;
let ticking: ReturnType<typeof setInterval> | undefined;

/** Follows the server's clock from an instant it answered with. */
export function followServerClock(asOf: string): void {
  const server = Date.parse(asOf);
  if (Number.isNaN(server)) return;
  serverOffsetMs = server - Date.now();
  now.value = server;
}

export function startTicking(): () => void {
  ticking ??= setInterval(() => (now.value = Date.now() + serverOffsetMs), 1000);
  return () => {
    clearInterval(ticking);
    ticking = undefined;
  };
}
