import path from 'node:path';
import { QueueServiceClient } from '@azure/storage-queue';
import { EmlFileEmailSender } from '../../src/adapters/email/eml-file-email-sender';
import { getRuntime } from '../../src/composition/runtime';
import type { NotificationOverrides } from '../../src/composition/notifications';
import type { Clock } from '../../src/ports/clock';
import type { FunctionRegistry } from '../functions-core-shim';
import type { HostRoute, InputBindingProviders } from '../http-gateway';
import type { BackgroundTurn } from '../foreground-requests';
import { BusFaults } from './bus-faults';
import { devTopicRoutes } from './dev-topic-routes';
import { LocalTopic } from './local-topic';
import { LocalTopicPump } from './local-topic-pump';

export interface LocalNotificationsOptions {
  /** The storage account (Azurite) whose queues stand in for the topic's subscriptions. */
  readonly storageConnectionString: string;
  readonly dataDir: string;
  readonly from: string | undefined;
  readonly log: (line: string) => void;
  /** When background work (the relay's publishes, the pump's deliveries) may run: after the requests under way. */
  readonly backgroundTurn?: () => Promise<BackgroundTurn>;
}

/**
 * What the local host puts in place of Service Bus and Communication Services: the queue topic and its
 * pump, `.eml` files under `<data folder>/mail/`, and the dev routes that switch faults and wait for
 * the queues to drain. Main wires it in four steps: the overrides before the runtime is built, `start`
 * once the registrations are loaded, `deliver` once the host listens, `stop` on shutdown.
 */
export class LocalNotifications {
  readonly faults = new BusFaults();
  readonly mailFolder: string;
  readonly #queues: QueueServiceClient;
  readonly #topic: LocalTopic;
  #pump: LocalTopicPump | undefined;

  constructor(private readonly options: LocalNotificationsOptions) {
    this.mailFolder = path.join(options.dataDir, 'mail');
    this.#queues = QueueServiceClient.fromConnectionString(options.storageConnectionString);
    this.#topic = new LocalTopic(this.#queues, this.faults);
  }

  /** For `configureRuntime`. The e-mail `Date` is the app's clock, virtual or not. */
  overrides(): NotificationOverrides {
    const appClock: Clock = { now: () => getRuntime().clock.now() };
    return {
      eventPublisher: this.#topic,
      emailSender: new EmlFileEmailSender(this.mailFolder, this.options.from ?? 'support-desk@localhost', appClock),
      ...(this.options.backgroundTurn ? { backgroundTurn: this.options.backgroundTurn } : {}),
    };
  }

  /** `inputBindings`: what the Service Bus registrations' other inputs get (the `sla` function's Durable client). */
  async start(registry: FunctionRegistry, inputBindings?: InputBindingProviders): Promise<void> {
    await this.#topic.createQueues();
    this.#pump = new LocalTopicPump({
      queues: this.#queues,
      registry,
      log: this.options.log,
      // The `sla` handler is one call to the Durable engine: after a crash its messages should not wait a minute.
      visibilityTimeoutFor: { sla: 15 },
      ...(inputBindings ? { inputBindings } : {}),
      ...(this.options.backgroundTurn ? { turn: this.options.backgroundTurn } : {}),
    });
  }

  /**
   * Starts delivering the subscription queues. Separate from `start` because the `sla` function's Durable
   * client calls this host's own HTTP API, so delivery begins once the host listens.
   */
  deliver(): void {
    if (!this.#pump) throw new Error('Start the local notifications before delivering.');
    this.#pump.start();
  }

  /** Resolves `true` once the named subscription queues (default: all) are empty and none of their handlers runs. */
  drained(timeoutMs: number, subscriptions?: readonly string[]): Promise<boolean> {
    const pump = this.#pump;
    if (!pump) throw new Error('Start the local notifications before waiting for them to drain.');
    return pump.drained(timeoutMs, subscriptions);
  }

  route(adminKey: string): HostRoute {
    const pump = this.#pump;
    if (!pump) throw new Error('Start the local notifications before asking for their route.');
    return devTopicRoutes({
      adminKey,
      faults: this.faults,
      pump,
      relayed: () => getRuntime().notifications.relay.idle(),
    });
  }

  async stop(): Promise<void> {
    await this.#pump?.stop();
  }
}
