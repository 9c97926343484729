import type { AlertSourceName } from './alert-signal';
import type { AlertSource } from './alert-source';
import { alertmanagerSource } from './sources/alertmanager';
import { azureMonitorSource } from './sources/azure-monitor';
import { grafanaSource } from './sources/grafana';
import { pagerDutySource } from './sources/pagerduty';

/** Every format `POST /api/alerts/{source}` reads, by the `{source}` of its route. */
export const alertSources: Readonly<Record<AlertSourceName, AlertSource>> = {
  'azure-monitor': azureMonitorSource,
  alertmanager: alertmanagerSource,
  grafana: grafanaSource,
  pagerduty: pagerDutySource,
};
