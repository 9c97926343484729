import { z } from 'zod';
import { defineAlertSource } from '../alert-source';
import { labelledAlertSignal, labelledGroupShape } from './labelled-alert';

/**
 * Prometheus Alertmanager's webhook receiver, payload version 4
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config): a group of alerts,
 * each firing or resolved on its own.
 */
export const alertmanagerPayloadSchema = z.looseObject(labelledGroupShape);

export const alertmanagerSource = defineAlertSource('alertmanager', alertmanagerPayloadSchema, ({ alerts, ...group }) =>
  alerts.map((alert) => labelledAlertSignal('alertmanager', alert, group)),
);
