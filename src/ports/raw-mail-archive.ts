/** Keeps each mail's raw bytes for the retention period (docs/product-spec.md §8), by the mail's key. */
export interface RawMailArchive {
  keep(key: string, raw: Uint8Array): Promise<void>;
}

/** For hosts whose transport keeps the raw mail itself (the local host's `done/` folder). */
export const transportKeepsRawMail: RawMailArchive = { keep: () => Promise.resolve() };
