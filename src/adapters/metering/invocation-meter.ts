import type { Meter } from '../../ports/meter';
import type { CountingMeter } from './counting-meter';

/** The shortest execution Flex Consumption bills (docs/azure-prices.md). */
export const minimumBilledMs = 1000;

/**
 * Counts function executions by trigger type, and the time and CPU the instance spends with at least
 * one execution under way — what Flex Consumption's on-demand meter bills (instance memory × the time
 * it executes functions, concurrent executions sharing it, at least one second each time it starts
 * executing). Names: `functions.executions`, `functions.executions.<triggerType>`, `functions.busyPeriods`,
 * `functions.busyMs`, `functions.billedMs` (each busy period rounded up to the minimum),
 * `functions.cpuMicros` (the process's CPU, user + system, during busy periods).
 *
 * Wall time comes from `performance.now()`: it is what the instance would be billed for, whatever the
 * app's clock (virtual on the local host) says.
 */
export class InvocationMeter {
  #active = 0;
  #busySince = 0;
  #cpuSince: NodeJS.CpuUsage = { user: 0, system: 0 };

  constructor(private readonly meter: Meter & Partial<Pick<CountingMeter, 'attribute'>>) {}

  begin(triggerType: string): void {
    this.meter.add('functions.executions');
    this.meter.add(`functions.executions.${triggerType}`);
    if (this.#active++ > 0) return;
    this.#busySince = performance.now();
    this.#cpuSince = process.cpuUsage();
  }

  end(): void {
    if (this.#active === 0 || --this.#active > 0) return;
    const busyMs = performance.now() - this.#busySince;
    const cpu = process.cpuUsage(this.#cpuSince);
    this.meter.add('functions.busyPeriods');
    this.meter.add('functions.busyMs', busyMs);
    this.meter.add('functions.billedMs', Math.max(minimumBilledMs, Math.ceil(busyMs)));
    this.meter.add('functions.cpuMicros', cpu.user + cpu.system);
  }

  /**
   * `handler` counted as one execution of a `triggerType` function; with `functionName`, what it does is
   * also counted under `by.<functionName>.*` (a meter that attributes).
   */
  wrap<A extends unknown[]>(
    triggerType: string,
    handler: (...args: A) => unknown,
    functionName?: string,
  ): (...args: A) => Promise<unknown> {
    const run = async (...args: A) => {
      this.begin(triggerType);
      try {
        return await handler(...args);
      } finally {
        this.end();
      }
    };
    const attribute = this.meter.attribute?.bind(this.meter);
    if (!functionName || !attribute) return run;
    return (...args: A) => attribute(functionName, () => run(...args));
  }
}
