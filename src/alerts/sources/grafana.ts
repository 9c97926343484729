import { z } from 'zod';
import { defineAlertSource } from '../alert-source';
import { labelledAlertSchema, labelledAlertSignal, labelledGroupShape } from './labelled-alert';

/**
 * Grafana unified alerting's webhook contact point
 * (https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/):
 * Alertmanager's shape plus Grafana's own fields (`orgId`, `values`, `silenceURL`…), which are kept as sent.
 */
const grafanaAlertSchema = labelledAlertSchema.extend({
  values: z.record(z.string(), z.unknown()).nullable().optional(),
  valueString: z.string().max(16_384).optional(),
  silenceURL: z.string().max(8192).optional(),
  dashboardURL: z.string().max(8192).optional(),
  panelURL: z.string().max(8192).optional(),
  imageURL: z.string().max(8192).optional(),
});

export const grafanaPayloadSchema = z.looseObject({
  ...labelledGroupShape,
  orgId: z.number().int().optional(),
  title: z.string().max(16_384).optional(),
  state: z.string().max(64).optional(),
  message: z.string().max(100_000).optional(),
  alerts: z.array(grafanaAlertSchema).min(1).max(1000),
});

export const grafanaSource = defineAlertSource('grafana', grafanaPayloadSchema, ({ alerts, ...group }) =>
  alerts.map((alert) => labelledAlertSignal('grafana', alert, group)),
);
