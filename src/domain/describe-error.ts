/**
 * An error as a log line names it: its message, or with `stack` its stack (and an SDK error's HTTP
 * status), never the request or response objects SDK errors carry (their headers hold keys).
 */
export function describeError(error: unknown, { stack = false }: { readonly stack?: boolean } = {}): string {
  if (!(error instanceof Error)) return stack ? 'unknown error' : String(error);
  if (!stack) return error.message;
  const status = (error as { statusCode?: unknown }).statusCode;
  return `${typeof status === 'number' ? `(${status}) ` : ''}${error.stack ?? `${error.name}: ${error.message}`}`;
}
