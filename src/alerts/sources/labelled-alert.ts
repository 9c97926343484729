import { z } from 'zod';
import type { AlertSignal, AlertSourceName } from '../alert-signal';
import { clip, composeDescription, detailLines, firstText, maxTitle } from '../alert-text';
import { derivedDedupKey, sortedEntries } from '../dedup-key';
import { keptPayload } from '../kept-payload';

/**
 * The alert shape Alertmanager's webhook (v4) and Grafana's unified alerting webhook share: labels
 * identify an alert, annotations describe it, `fingerprint` is a hash of the labels.
 */
export const labelSetSchema = z.record(z.string().max(1024), z.string().max(65_536));

export const labelledAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelSetSchema,
  annotations: labelSetSchema.optional(),
  startsAt: z.string().max(64).optional(),
  endsAt: z.string().max(64).optional(),
  generatorURL: z.string().max(8192).optional(),
  fingerprint: z.string().min(1).max(256).optional().describe('The dedup key; made up from the labels when absent.'),
});

/** Group fields common to both formats (each adds its own and keeps unknown ones). */
export const labelledGroupShape = {
  version: z.string().max(16).optional(),
  groupKey: z.string().max(16_384).optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: z.string().max(1024).optional(),
  groupLabels: labelSetSchema.optional(),
  commonLabels: labelSetSchema.optional(),
  commonAnnotations: labelSetSchema.optional(),
  externalURL: z.string().max(8192).optional(),
  alerts: z.array(labelledAlertSchema).min(1).max(1000),
};

type LabelledAlert = z.output<typeof labelledAlertSchema>;

/** One alert of a group as a signal; `group` is the rest of the payload, kept alongside it. */
export function labelledAlertSignal(
  source: AlertSourceName,
  alert: LabelledAlert,
  group: Readonly<Record<string, unknown>>,
): AlertSignal {
  const { labels } = alert;
  const annotations = alert.annotations ?? {};
  const name = firstText(labels.alertname);
  const summary = firstText(annotations.summary, annotations.title);
  const firing = alert.status === 'firing';
  const at = firing ? alert.startsAt : alert.endsAt;
  return {
    action: firing ? 'trigger' : 'resolve',
    dedupKey: alert.fingerprint ?? derivedDedupKey([source, sortedEntries(labels)]),
    derivedKey: alert.fingerprint === undefined,
    ...(firstText(labels.severity) ? { severity: labels.severity } : {}),
    title: clip(
      name && summary && summary !== name ? `${name}: ${summary}` : (summary ?? name ?? 'Monitoring alert'),
      maxTitle,
    ),
    description: composeDescription(
      firstText(annotations.description, annotations.message, summary),
      `Labels:\n${sortedEntries(labels)
        .map(([k, v]) => `- ${k} = ${v}`)
        .join('\n')}`,
      detailLines([
        ['Runbook', annotations.runbook_url],
        ['Source', alert.generatorURL],
        ['Started', alert.startsAt],
        ['Ended', firing ? undefined : alert.endsAt],
      ]),
    ),
    ...(at ? { at } : {}),
    payload: { alert: keptPayload(alert), group: keptPayload(group) },
  };
}
