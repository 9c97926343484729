import { publicEvent } from '../domain/tickets/event-visibility';
import { cloudEventsContentType } from '../messaging/event-message';
import { webhookSignatureHeaders } from '../messaging/standard-webhooks';
import { chatContextOf, chatMessage, deskChatContext } from '../messaging/chat-message';
import { deskPartition } from '../domain/events/cloud-event';
import { chatPayload } from '../messaging/chat-payload';
import { deliveryTargets, deskTargets, type StaffChatChannel } from '../messaging/webhook-targets';
import { afterFailedAttempt, type WebhookRetryPolicy } from '../messaging/webhook-retry-policy';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { WebhookDelivery } from '../ports/webhook-delivery-store';
import type { WebhookPoster } from '../ports/webhook-poster';

/** What chat messages need beyond the client: the desk's channel and the URL its pages are reached at. */
export interface ChatDeliveryOptions {
  readonly staffChannel?: StaffChatChannel | undefined;
  /** `SUPPORTDESK_PUBLIC_URL`: without it chat messages carry no link. */
  readonly publicUrl?: string | undefined;
}

/**
 * Sends one delivery once and says what state it is in afterwards: delivered, pending with its next
 * attempt scheduled by the retry policy, or dead.
 *
 * The URL's secret is looked up at send time, so a rotated secret applies to retries as well. The
 * `webhook-timestamp` is real time even on a virtual clock: receivers check it against their own.
 */
export class WebhookDeliveryAttempt {
  constructor(
    private readonly clients: ClientStore,
    private readonly poster: WebhookPoster,
    private readonly clock: Clock,
    private readonly realClock: Clock,
    private readonly policy: WebhookRetryPolicy,
    private readonly chat: ChatDeliveryOptions = {},
  ) {}

  async run(delivery: WebhookDelivery, options: { retry: boolean } = { retry: true }): Promise<WebhookDelivery> {
    const desk = delivery.lane.clientId === deskPartition;
    const client = desk ? undefined : await this.clients.getClient(delivery.lane.clientId);
    const target = (
      desk ? deskTargets(this.chat.staffChannel) : client ? deliveryTargets(client, this.chat.staffChannel) : []
    ).find((t) => t.key === delivery.lane.webhookKey);
    const now = this.clock.now().toISOString();
    if (!target) {
      return {
        ...delivery,
        state: 'dead',
        settledAt: now,
        lastError: 'The client no longer has a webhook with this URL.',
        nextAttemptAt: undefined,
      };
    }
    // A receiver not trusted with staff-only content gets the public form (handover notes removed).
    const event = target.includeInternal ? delivery.event : publicEvent(delivery.event);
    if (!event) return { ...delivery, state: 'skipped', settledAt: now, nextAttemptAt: undefined };
    let body: string;
    let headers: Record<string, string>;
    if (target.format === 'standard') {
      body = JSON.stringify(event);
      headers = {
        ...webhookSignatureHeaders(target.secrets, delivery.event.id, this.realClock.now(), body),
        'content-type': cloudEventsContentType,
      };
    } else {
      // Read by people in Slack or Teams: the event in words, for the client's eyes or the desk's.
      const context = client
        ? chatContextOf(client, target.audience, this.chat.publicUrl)
        : deskChatContext(this.chat.publicUrl);
      body = chatPayload(target.format, chatMessage(event, context));
      headers = { 'content-type': 'application/json' };
    }
    const result = await this.poster.post(target.url, headers, body);
    const attempts = delivery.attempts + 1;
    const tried = { ...delivery, attempts, lastAttemptAt: now, lastStatus: result.status, replayingUntil: undefined };
    if (result.ok)
      return { ...tried, state: 'delivered', settledAt: now, lastError: undefined, nextAttemptAt: undefined };
    const next = options.retry
      ? afterFailedAttempt(this.policy, attempts, this.clock.now(), result)
      : ({ kind: 'dead' } as const);
    return next.kind === 'retry'
      ? { ...tried, state: 'pending', lastError: result.error, nextAttemptAt: next.at.toISOString() }
      : { ...tried, state: 'dead', lastError: result.error, settledAt: now, nextAttemptAt: undefined };
  }
}
