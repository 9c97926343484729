/** What one webhook HTTP attempt came to. */
export type PostResult =
  | { readonly ok: true; readonly status: number }
  | {
      readonly ok: false;
      /** Absent when no response came back (refused, reset, timed out). */
      readonly status?: number;
      readonly error: string;
      /** From a `Retry-After` header: the receiver asked to wait at least this long. */
      readonly retryAfterMs?: number;
    };

/** Sends one signed webhook request; never throws for a failed attempt, it reports it. */
export interface WebhookPoster {
  post(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<PostResult>;
}
