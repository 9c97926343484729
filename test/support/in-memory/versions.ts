/**
 * Opaque versions like the ETags Table Storage hands out: a new one on every write, never reused,
 * so a write made against an older one is refused as the table would refuse it (412).
 */
let last = 0;
export const nextVersion = (): string => `W/"mem-${++last}"`;

/**
 * Lets other callers run before a store operation takes effect, as a network round trip would: two
 * concurrent read → decide → write sequences interleave, so conflicts happen as they do on Azurite.
 * A turn of the event loop, not a sleep: nothing here waits for time to pass.
 */
export const roundTrip = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
