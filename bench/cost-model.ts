/**
 * What counted operations cost in Azure, from the dated list prices in docs/azure-prices.md (keep the
 * two in step). Used by `npm run bench:cost`; pure arithmetic, no I/O.
 */

/** USD, pay-as-you-go, recorded 2026-12-07 (docs/azure-prices.md). */
export const prices = {
  /** Flex Consumption on-demand execution time, per GB-s, and per million executions. */
  flexGbSecond: 0.000026,
  flexPerMillionExecutions: 0.4,
  /** Instance memory of the Bicep default (`instanceMemoryMB` 512). */
  instanceMemoryGb: 0.5,
  /** Table storage (Standard LRS): every transaction, per 10,000. */
  tablePer10k: 0.00036,
  /** Blob (Hot LRS): write-class and read-class operations, per 10,000. */
  blobWritePer10k: 0.065,
  blobReadPer10k: 0.005,
  /** Queue storage (Standard LRS, GPv2): class 1 (writes, receives, deletes) and class 2, per 10,000. */
  queueClass1Per10k: 0.065,
  queueClass2Per10k: 0.005,
  /** Service Bus Standard: base charge per month (730 h × $0.0135), 13 M operations included, then per million. */
  serviceBusBasePerMonth: 730 * 0.0135,
  serviceBusIncludedOperations: 13_000_000,
  serviceBusPerMillionOperations: 0.8,
  /** Durable Task Scheduler Consumption SKU, per million actions (docs/azure-prices.md: not verified). */
  dtsPerMillionActions: 0.75,
  /** Communication Services e-mail: per message and per MB. */
  emailPerMessage: 0.00025,
  emailPerMb: 0.00012,
  /** Key Vault secret operations per 10,000 (a reference refresh per secret per day). */
  keyVaultPer10k: 0.03,
  /** Log Analytics ingestion per GB after the first 5 GB of the billing account. */
  logsPerGb: 2.3,
} as const;

export const hoursPerMonth = 730;

/** Counts as `GET /api/dev/meter` returns them (or differences of them). */
export type Counts = Readonly<Record<string, number>>;

const n = (counts: Counts, name: string): number => counts[name] ?? 0;

/**
 * What the Azure Storage Durable backend does for the history events counted by the local engine:
 * one History `$batch` and one Instances write per episode; a queue message per start, activity
 * scheduled, activity result, timer and external event, each put, received and deleted (class 1).
 * Idle polling is separate (`durablePollingPerIdleHour`).
 */
export function azureStorageDurable(counts: Counts): { table: number; queueClass1: number } {
  const messages =
    n(counts, 'durable.history.ExecutionStarted') +
    n(counts, 'durable.history.TaskScheduled') +
    n(counts, 'durable.history.TaskCompleted') +
    n(counts, 'durable.history.TaskFailed') +
    n(counts, 'durable.history.TimerCreated') +
    n(counts, 'durable.history.EventRaised') +
    n(counts, 'durable.history.ExecutionTerminated');
  return { table: 2 * n(counts, 'durable.episodes'), queueClass1: 3 * messages };
}

/**
 * Durable Task Scheduler actions (its documentation's list): an orchestration start, an activity
 * started and its result processed, a timer completed, an external event, a termination.
 */
export function schedulerActions(counts: Counts): number {
  return (
    n(counts, 'durable.history.ExecutionStarted') +
    n(counts, 'durable.history.TaskScheduled') +
    n(counts, 'durable.history.TaskCompleted') +
    n(counts, 'durable.history.TaskFailed') +
    n(counts, 'durable.history.TimerFired') +
    n(counts, 'durable.history.EventRaised') +
    n(counts, 'durable.history.ExecutionTerminated')
  );
}

/**
 * The Azure Storage backend's polling while an instance is up and idle: the Durable extension polls its
 * control queues (4 partitions by default) and the work-item queue with a back-off up to 30 s, and
 * renews its partition leases (blobs) every 10 s (DurableTask.AzureStorage defaults). On Flex
 * Consumption an instance stays up after an execution for a while and is then removed; how long it
 * stays is the platform's choice, so `upFraction` is the share of idle time an instance is up.
 */
export function durablePollingPerIdleHour(upFraction: number): { queueClass2: number; blobWrite: number } {
  const queues = 5;
  const pollsPerQueuePerHour = 3600 / 30;
  const leases = 4;
  const renewalsPerLeasePerHour = 3600 / 10;
  return {
    queueClass2: upFraction * queues * pollsPerQueuePerHour,
    blobWrite: upFraction * leases * renewalsPerLeasePerHour,
  };
}

export type DurableBackend = 'azureStorage' | 'durableTaskScheduler';

export interface MonthlyCost {
  readonly functions: number;
  readonly storage: number;
  readonly serviceBus: number;
  readonly durable: number;
  readonly email: number;
  readonly keyVault: number;
  readonly logs: number;
  readonly total: number;
}

export interface CostOptions {
  readonly backend: DurableBackend;
  /** Whether the subscription's monthly Flex grant (100,000 GB-s, 250,000 executions) is this instance's. */
  readonly freeGrant: boolean;
  /** Share of an idle hour an instance is up and polling the Durable queues (Azure Storage backend only). */
  readonly durableUpFraction: number;
  /** The Service Bus namespace's base charge is shared by this many instances (one topic each). */
  readonly instancesPerNamespace: number;
}

/** The monthly cost of one instance whose month of operations is `month` (counts for the whole month). */
export function monthlyCost(month: Counts, options: CostOptions): MonthlyCost {
  const gbSeconds = (n(month, 'functions.billedMs') / 1000) * prices.instanceMemoryGb;
  const executions = n(month, 'functions.executions');
  const functions = options.freeGrant
    ? Math.max(0, gbSeconds - 100_000) * prices.flexGbSecond +
      (Math.max(0, executions - 250_000) / 1e6) * prices.flexPerMillionExecutions
    : gbSeconds * prices.flexGbSecond + (executions / 1e6) * prices.flexPerMillionExecutions;
  let table = n(month, 'table.transactions');
  let queueClass1 = n(month, 'queue.class1');
  let queueClass2 = n(month, 'queue.class2');
  let blobWrite = n(month, 'blob.write');
  let durable = 0;
  if (options.backend === 'azureStorage') {
    const model = azureStorageDurable(month);
    table += model.table;
    queueClass1 += model.queueClass1;
    const polling = durablePollingPerIdleHour(options.durableUpFraction);
    queueClass2 += polling.queueClass2 * hoursPerMonth;
    blobWrite += polling.blobWrite * hoursPerMonth;
  } else {
    durable = (schedulerActions(month) / 1e6) * prices.dtsPerMillionActions;
  }
  const storage =
    (table / 1e4) * prices.tablePer10k +
    (blobWrite / 1e4) * prices.blobWritePer10k +
    (n(month, 'blob.read') / 1e4) * prices.blobReadPer10k +
    (queueClass1 / 1e4) * prices.queueClass1Per10k +
    (queueClass2 / 1e4) * prices.queueClass2Per10k;
  // Every message sent, received and settled taken as an operation (the dearer reading).
  const operations =
    n(month, 'serviceBus.messagesSent') + n(month, 'serviceBus.received') + n(month, 'serviceBus.settled');
  const serviceBus =
    prices.serviceBusBasePerMonth / options.instancesPerNamespace +
    (Math.max(0, operations - prices.serviceBusIncludedOperations / options.instancesPerNamespace) / 1e6) *
      prices.serviceBusPerMillionOperations;
  const email = n(month, 'email.sent') * prices.emailPerMessage + (n(month, 'email.bytes') / 1e6) * prices.emailPerMb;
  // About ten Key Vault references, each refreshed once a day.
  const keyVault = ((10 * 30) / 1e4) * prices.keyVaultPer10k;
  // One request telemetry item (~1 KB) per execution and the metering trace; inside the free 5 GB when shared by few.
  const logs = 0;
  const total = functions + storage + serviceBus + durable + email + keyVault + logs;
  return { functions, storage, serviceBus, durable, email, keyVault, logs, total };
}

/** `per` × `factor`, name by name. */
export function scaleCounts(per: Counts, factor: number): Record<string, number> {
  return Object.fromEntries(Object.entries(per).map(([name, value]) => [name, value * factor]));
}

export function addCounts(...all: Counts[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const counts of all) for (const [name, value] of Object.entries(counts)) out[name] = (out[name] ?? 0) + value;
  return out;
}
