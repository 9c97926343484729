/**
 * Waits for what the host does in the background (the inbox poll, the topic, a take after its 202): the
 * probe's first defined answer, or an error naming what never came by the deadline. Polling, not a sleep
 * for timing: it returns as soon as the thing has happened.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
