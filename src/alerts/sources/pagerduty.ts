import { z } from 'zod';
import { clip, composeDescription, detailLines, maxTitle } from '../alert-text';
import { defineAlertSource } from '../alert-source';
import { derivedDedupKey } from '../dedup-key';
import { keptPayload } from '../kept-payload';

const text = (max: number) => z.string().max(max);
const linkSchema = z.looseObject({ href: text(2048), text: text(1024).optional() });
const imageSchema = z.looseObject({ src: text(2048), href: text(2048).optional(), alt: text(1024).optional() });

/**
 * PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/overview/), as its
 * OpenAPI document (PagerDuty/api-schema, reference/events-v2) describes it: one event per request.
 */
export const pagerDutyPayloadSchema = z
  .looseObject({
    routing_key: text(256)
      .optional()
      .describe('A client API key with `alerts:write`, accepted instead of the bearer header.'),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
    dedup_key: text(255)
      .min(1)
      .optional()
      .describe('Required to acknowledge or resolve; made up for a trigger without one, and returned.'),
    payload: z
      .looseObject({
        summary: text(1024).min(1),
        source: text(1024).min(1),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        timestamp: text(64).optional(),
        component: text(1024).optional(),
        group: text(1024).optional(),
        class: text(1024).optional(),
        custom_details: z.unknown().optional(),
      })
      .optional(),
    client: text(1024).optional(),
    client_url: text(2048).optional(),
    links: z.array(linkSchema).max(50).optional(),
    images: z.array(imageSchema).max(50).optional(),
  })
  .superRefine((event, ctx) => {
    if (event.event_action === 'trigger' && !event.payload)
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'is required to trigger' });
    if (event.event_action !== 'trigger' && !event.dedup_key) {
      ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: `is required to ${event.event_action}` });
    }
  });

export const pagerDutySource = defineAlertSource('pagerduty', pagerDutyPayloadSchema, (event) => {
  // The routing key is a client API key here: it never goes onto the timeline.
  const { routing_key: _secret, ...kept } = event;
  const p = event.payload;
  const dedupKey =
    event.dedup_key ?? derivedDedupKey(['pagerduty', p?.summary, p?.source, p?.component, p?.group, p?.class]);
  return [
    {
      action: event.event_action,
      dedupKey,
      derivedKey: event.dedup_key === undefined,
      ...(p ? { severity: p.severity } : {}),
      title: clip(p?.summary ?? `PagerDuty ${event.event_action} for ${dedupKey}`, maxTitle),
      description: composeDescription(
        p?.summary,
        detailLines([
          ['Source', p?.source],
          ['Component', p?.component],
          ['Group', p?.group],
          ['Class', p?.class],
          ['Client', event.client],
          ['Client URL', event.client_url],
          ['Timestamp', p?.timestamp],
        ]),
        customDetails(p?.custom_details),
        event.links?.length
          ? `Links:\n${event.links.map((l) => `- ${l.text ? `${l.text}: ` : ''}${l.href}`).join('\n')}`
          : undefined,
      ),
      ...(p?.timestamp ? { at: p.timestamp } : {}),
      payload: keptPayload(kept),
    },
  ];
});

function customDetails(details: unknown): string | undefined {
  if (details === undefined || details === null) return undefined;
  // Bounded first: custom details are arbitrary JSON, possibly nested deeper than JSON.stringify can go.
  const kept = keptPayload({ details });
  return `Details:\n${clip(JSON.stringify('details' in kept ? kept.details : kept, null, 2), 4000)}`;
}
