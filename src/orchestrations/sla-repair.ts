import type { SlaTicketRef } from '../app/sla-keeper';
import { runningStatuses, SlaSignaller, type OrchestrationClient } from './sla-signaller';
import { slaInstanceId } from './ticket-sla';

/** The part of the Durable client the repair needs besides the signaller's (`df.getClient(context)` satisfies it). */
export interface RepairOrchestrationClient extends OrchestrationClient {
  getStatusBy(filter: { runtimeStatus?: string[] }): Promise<readonly { instanceId?: string }[]>;
}

export interface SlaRepairReport {
  /** Open tickets with a clock that can still fire. */
  readonly checked: number;
  /** Of those, the ones whose orchestration was not running and was started. */
  readonly started: readonly string[];
}

/**
 * The backstop behind "a clock never silently stops": every open ticket whose clocks can still fire
 * must have a running orchestration. Starting and signalling from the outbox covers every change, but
 * a signal can still arrive while an orchestration is finishing its last activity and be dropped with
 * it, and a task hub can be reset or an instance terminated by hand. So the `sla-repair` timer lists
 * the running instances once, walks the open tickets (the queue index, page by page) and starts the
 * orchestration of any that has none; it re-plans from the ticket as stored, and warnings and
 * breaches already recorded are not recorded again.
 */
export class SlaRepair {
  readonly #signaller: SlaSignaller;

  constructor(
    private readonly client: RepairOrchestrationClient,
    private readonly ticketsWithLiveClocks: () => AsyncIterable<SlaTicketRef>,
  ) {
    this.#signaller = new SlaSignaller(client);
  }

  async repair(): Promise<SlaRepairReport> {
    const statuses = await this.client.getStatusBy({ runtimeStatus: [...runningStatuses] });
    const running = new Set(statuses.map((s) => s.instanceId));
    let checked = 0;
    const started: string[] = [];
    for await (const ticket of this.ticketsWithLiveClocks()) {
      checked += 1;
      const instanceId = slaInstanceId(ticket.clientId, ticket.number);
      if (running.has(instanceId)) continue;
      // Started meanwhile (a ticket created during the sweep) counts as running: nothing to repair.
      if ((await this.#signaller.ensureRunning(ticket)) === 'restarted') started.push(instanceId);
    }
    return { checked, started };
  }
}
