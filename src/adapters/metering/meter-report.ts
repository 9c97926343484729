import type { Meter } from '../../ports/meter';
import { meterDifference } from './counting-meter';

/**
 * The counts since the last report, as one log line (`metering {"table.transactions":12,…}`): in Azure
 * `context.log` sends it to Application Insights as a trace, where a query sums the deltas across
 * instances (docs/performance.md, "What an instance costs"). Nothing is logged when nothing changed.
 */
export class MeterReport {
  #last: Record<string, number> = {};

  constructor(private readonly meter: Meter) {}

  /** The line to log, or undefined when no count changed since the last one. */
  next(): string | undefined {
    const now = this.meter.snapshot();
    const delta = meterDifference(now, this.#last);
    this.#last = now;
    if (Object.keys(delta).length === 0) return undefined;
    const rounded = Object.fromEntries(Object.entries(delta).map(([name, value]) => [name, Math.round(value)]));
    return `metering ${JSON.stringify(rounded)}`;
  }
}
