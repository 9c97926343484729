import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { alertSourceNames, type AlertSourceName } from '../../alerts/alert-signal';
import { alertSources } from '../../alerts/alert-sources';
import type { Principal } from '../../app/principal';
import { authenticateThrottled, authenticating, json, type Authenticating } from '../endpoint';
import { defineOperation } from '../operation';
import { HttpProblem, validationProblem } from '../problem';

const paramsSchema = z.object({ source: z.enum(alertSourceNames).describe('The monitoring format of the body.') });

/**
 * The endpoint only checks that the body is a JSON object: which format it must follow depends on
 * `{source}`, and that check (with its field errors) comes after authentication, in the handler.
 * OpenAPI still shows the four formats, from the same schemas that check them.
 */
const payloadSchema = z.looseObject({}).meta({
  description: 'The payload as the monitoring system sends it; its format is given by `{source}`.',
  anyOf: Object.values(alertSources).map((source) => {
    const { $schema: _dialect, ...schema } = z.toJSONSchema(source.schema, {
      io: 'input',
      unrepresentable: 'any',
      target: 'draft-2020-12',
    });
    return { title: source.name, ...schema };
  }),
});

const outcomeSchema = z.object({
  dedupKey: z.string(),
  action: z.enum(['trigger', 'acknowledge', 'resolve']),
  outcome: z.enum(['created', 'repeated', 'resolved', 'auto-resolved', 'acknowledged', 'ignored']),
  ticketId: z.string().optional(),
  occurrences: z.number().int().optional(),
  severity: z.string().optional(),
  note: z.string().optional(),
});
const summarySchema = z.object({
  source: z.enum(alertSourceNames),
  alerts: z.array(outcomeSchema).describe('One per alert of the payload, in order.'),
});
const pagerDutyAnswerSchema = z.object({
  status: z.literal('success'),
  message: z.literal('Event processed'),
  dedup_key: z.string(),
});

export const ingestAlertOperation = defineOperation({
  name: 'ingest-alert',
  method: 'POST',
  route: 'alerts/{source}',
  summary: 'Raise, repeat on or resolve tickets from monitoring alerts',
  description: [
    'Sources: `azure-monitor` (common alert schema), `alertmanager` (webhook v4), `grafana` (unified alerting webhook), `pagerduty` (Events API v2).',
    "Needs a client API key with `alerts:write` as a bearer key; PagerDuty senders may put it in `routing_key` instead. The admin key is refused (403): alerts belong to one client and their reporter is the key's name.",
    'One open ticket per client, source and dedup key: a repeat counts `origin.occurrences` and adds `alert.repeated`; a resolved notice adds `alert.resolved` (and resolves an untouched `new` ticket when the agreement has `autoResolveAlerts`); a trigger after the ticket was resolved or closed opens a new one.',
    'See docs/alerts.md.',
  ].join('\n\n'),
  tags: ['alerts'],
  // Authenticated in the handler, because PagerDuty's routing_key is in the body.
  access: 'anyone',
  params: paramsSchema,
  body: payloadSchema,
  responses: {
    202: {
      description: "`pagerduty`: PagerDuty's own answer; others: what happened to each alert.",
      schema: z.union([pagerDutyAnswerSchema, summarySchema]),
    },
    400: { description: 'Not a valid payload for `{source}`; `errors` names each field.' },
    401: { description: 'Missing or unknown key.' },
    403: { description: 'Not a client key with `alerts:write`.' },
    413: { description: 'Body over 256 KiB.' },
    415: { description: 'Body not sent as JSON.' },
  },
  uses: [...authenticating, 'alerts'],
  async handle({ deps, request, params, body }) {
    const principal = await alertSender(request, params.source, body, deps);
    const reading = alertSources[params.source].read(body);
    if (!reading.ok)
      throw validationProblem(reading.issues, 'body', `The body is not a valid ${params.source} payload.`);
    const alerts = await deps.alerts.ingest(principal, params.source, reading.signals);
    if (params.source === 'pagerduty')
      return json(202, { status: 'success', message: 'Event processed', dedup_key: alerts[0]?.dedupKey ?? '' });
    return json(202, { source: params.source, alerts });
  },
});

/** The bearer key, or (PagerDuty only, and only without an Authorization header) the body's `routing_key`. */
async function alertSender(
  request: HttpRequest,
  source: AlertSourceName,
  body: Record<string, unknown>,
  deps: Authenticating,
): Promise<Principal> {
  const header = request.headers.get('authorization');
  const bearer = header === null ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const routingKey =
    source === 'pagerduty' && header === null && typeof body.routing_key === 'string' ? body.routing_key : undefined;
  const token = bearer ?? routingKey;
  const principal = token ? await authenticateThrottled(token, request, deps) : undefined;
  if (!principal) {
    throw new HttpProblem(
      401,
      'Unauthorized',
      'Send a client key with alerts:write as `Authorization: Bearer <key>` (PagerDuty senders may put it in `routing_key`).',
      undefined,
      {
        'www-authenticate': 'Bearer',
      },
    );
  }
  return principal;
}
