import { z } from 'zod';
import { clip, composeDescription, detailLines, firstText, maxTitle } from '../alert-text';
import { defineAlertSource } from '../alert-source';
import { derivedDedupKey } from '../dedup-key';
import { keptPayload } from '../kept-payload';

const text = (max: number) => z.string().max(max);

/**
 * Azure Monitor's common alert schema (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema):
 * one alert per notification; `essentials` is standard, `alertContext` varies by signal type and is kept as sent.
 */
const essentialsSchema = z.looseObject({
  alertId: text(1024).min(1).optional().describe('Identifies the alert instance; the dedup key.'),
  alertRule: text(1024).min(1),
  severity: text(64).optional().describe("Sev0–Sev4, mapped through the agreement's `alertSeverities`."),
  signalType: text(200).optional(),
  monitorCondition: z.enum(['Fired', 'Resolved']),
  monitoringService: text(200).optional(),
  alertTargetIDs: z.array(text(2048)).max(500).optional(),
  configurationItems: z.array(text(2048)).max(500).optional(),
  originAlertId: text(2048).optional(),
  firedDateTime: text(64).optional(),
  resolvedDateTime: text(64).optional(),
  description: text(20_000).nullable().optional(),
  essentialsVersion: text(32).optional(),
  alertContextVersion: text(32).optional(),
});

export const azureMonitorPayloadSchema = z.looseObject({
  schemaId: z.literal('azureMonitorCommonAlertSchema'),
  data: z.looseObject({
    essentials: essentialsSchema,
    alertContext: z.unknown().optional(),
    customProperties: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
});

export const azureMonitorSource = defineAlertSource('azure-monitor', azureMonitorPayloadSchema, ({ data }) => {
  const e = data.essentials;
  const targets = e.configurationItems?.length ? e.configurationItems : e.alertTargetIDs;
  const fired = e.monitorCondition === 'Fired';
  const at = fired ? e.firedDateTime : e.resolvedDateTime;
  return [
    {
      action: fired ? 'trigger' : 'resolve',
      // A stateful rule's Fired and Resolved notices share the alertId; without one, rule and targets identify the problem.
      dedupKey:
        e.alertId ??
        derivedDedupKey(['azure-monitor', e.alertRule, e.alertTargetIDs ?? [], e.configurationItems ?? []]),
      derivedKey: e.alertId === undefined,
      ...(e.severity ? { severity: e.severity } : {}),
      title: clip(targets?.length ? `${e.alertRule} on ${targets.join(', ')}` : e.alertRule, maxTitle),
      description: composeDescription(
        firstText(e.description) ?? `Azure Monitor alert rule "${e.alertRule}" ${fired ? 'fired' : 'resolved'}.`,
        conditionSummary(data.alertContext),
        detailLines([
          ['Severity', e.severity],
          ['Signal', e.signalType],
          ['Monitoring service', e.monitoringService],
          ['Targets', e.alertTargetIDs?.join(', ')],
          ['Fired', e.firedDateTime],
          ['Resolved', e.resolvedDateTime],
        ]),
      ),
      ...(at ? { at } : {}),
      payload: keptPayload(data),
    },
  ];
});

const criterionSchema = z.looseObject({
  metricName: z.string().optional(),
  operator: z.string().optional(),
  threshold: z.union([z.string(), z.number()]).optional(),
  timeAggregation: z.string().optional(),
  metricValue: z.union([z.string(), z.number()]).nullable().optional(),
});
const metricContextSchema = z.looseObject({
  condition: z.looseObject({ windowSize: z.string().optional(), allOf: z.array(z.unknown()) }),
});

/** For metric alerts, one line per criterion (`Percentage CPU GreaterThan 25 (Average over PT5M): 7.727`). */
function conditionSummary(alertContext: unknown): string | undefined {
  const context = metricContextSchema.safeParse(alertContext);
  if (!context.success) return undefined;
  const lines = context.data.condition.allOf.slice(0, 20).flatMap((item) => {
    const c = criterionSchema.safeParse(item);
    if (!c.success || !c.data.metricName) return [];
    const over = [
      c.data.timeAggregation,
      context.data.condition.windowSize && `over ${context.data.condition.windowSize}`,
    ]
      .filter(Boolean)
      .join(' ');
    const value = c.data.metricValue === undefined || c.data.metricValue === null ? '' : `: ${c.data.metricValue}`;
    return [
      `${c.data.metricName} ${c.data.operator ?? ''} ${c.data.threshold ?? ''}${over ? ` (${over})` : ''}${value}`.replace(
        /\s+/g,
        ' ',
      ),
    ];
  });
  return lines.length > 0 ? `Condition:\n${lines.map((l) => `- ${l}`).join('\n')}` : undefined;
}
