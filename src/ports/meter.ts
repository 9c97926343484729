/**
 * Counts of the operations Azure bills (storage transactions, Service Bus operations, Durable actions,
 * function executions, e-mails), by name, where they happen. Counting only: adding is a map update, no
 * I/O, so the adapters can count on every call (issue 32, docs/performance.md "What an instance costs").
 *
 * Names are dotted, service first: `table.batch`, `blob.write`, `serviceBus.sent`, `email.sent`,
 * `functions.executions.httpTrigger`, `durable.history.TaskScheduled`.
 */
export interface Meter {
  add(name: string, amount?: number): void;
  /** Every count so far (a copy). */
  snapshot(): Record<string, number>;
}

/** Counts nothing: for code paths built without a meter (tests that do not look). */
export const noMeter: Meter = {
  add: () => undefined,
  snapshot: () => ({}),
};
