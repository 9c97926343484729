/** The caller's condition on a record's current storage version (an `If-Match`), checked before changing it. */
export type VersionCondition = (version: string) => boolean;

/** A result with the storage version it was read or written at, from which the http layer derives an ETag. */
export interface Versioned<T> {
  readonly view: T;
  readonly version: string;
}
