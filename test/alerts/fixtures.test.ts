import { describe, expect, it } from 'vitest';
import { alertSources } from '../../src/alerts/alert-sources';
import type { AlertSignal, AlertSourceName } from '../../src/alerts/alert-signal';
import { alertFixture, azureFired } from './support/alert-fixtures';

function read(source: AlertSourceName, payload: unknown): AlertSignal[] {
  const reading = alertSources[source].read(payload);
  if (!reading.ok) throw new Error(`${source}: ${JSON.stringify(reading.issues)}`);
  return reading.signals;
}

describe('documented payloads, read by their source', () => {
  it('azure-monitor: the common schema sample (Resolved) and its Fired notice share the alertId', () => {
    const [resolved] = read('azure-monitor', alertFixture('azure-monitor/common-schema-sample.json'));
    const [fired] = read('azure-monitor', azureFired());
    const alertId =
      '/subscriptions/<subscription ID>/providers/Microsoft.AlertsManagement/alerts/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e';
    expect(resolved).toMatchObject({
      action: 'resolve',
      dedupKey: alertId,
      derivedKey: false,
      severity: 'Sev3',
      at: '2019-03-22T14:03:16.2246313Z',
    });
    expect(fired).toMatchObject({
      action: 'trigger',
      dedupKey: alertId,
      severity: 'Sev3',
      title: 'WCUS-R2-Gen2 on wcus-r2-gen2',
      at: '2019-03-22T13:58:24.3713213Z',
    });
    expect(fired?.description).toContain('Percentage CPU GreaterThan 25 (Average over PT5M): 7.727');
    // Fields the schema does not name are kept: alertRuleId, customProperties, the whole alertContext.
    expect(fired?.payload).toMatchObject({
      essentials: { alertRuleId: expect.stringContaining('metricAlerts/WCUS-R2-Gen2') as unknown },
      customProperties: { Key1: 'Value1', Key2: 'Value2' },
      alertContext: { conditionType: 'SingleResourceMultipleMetricCriteria' },
    });
  });

  it('alertmanager: each alert of a group on its own, fingerprint as dedup key, labels.severity', () => {
    const firing = read('alertmanager', alertFixture('alertmanager/webhook-v4-firing.json'));
    expect(firing.map((s) => [s.action, s.dedupKey, s.severity])).toEqual([
      ['trigger', '3c4bd2b9e4a1f0d7', 'critical'],
      ['trigger', '9a0e61c2d57b3f48', 'critical'],
    ]);
    expect(firing[0]?.title).toBe('InstanceDown: Instance is down');
    expect(firing[0]?.description).toContain('web-1:9100 of job node has been down for more than 5 minutes.');
    expect(firing[0]?.description).toContain('- instance = web-1:9100');
    expect(firing[0]?.payload).toMatchObject({
      alert: { generatorURL: expect.stringContaining('prometheus') as unknown },
      group: { receiver: 'support-desk', groupKey: '{}:{alertname="InstanceDown"}' },
    });
    const [resolved] = read('alertmanager', alertFixture('alertmanager/webhook-v4-resolved.json'));
    expect(resolved).toMatchObject({ action: 'resolve', dedupKey: '3c4bd2b9e4a1f0d7', at: '2026-11-24T10:20:00.000Z' });
  });

  it("grafana: the webhook sample, two alerts, Grafana's own fields kept", () => {
    const signals = read('grafana', alertFixture('grafana/webhook-sample.json'));
    expect(signals.map((s) => [s.action, s.dedupKey, s.severity, s.title])).toEqual([
      ['trigger', 'c6eadffa33fcdf37', undefined, 'High memory usage: This alert was triggered for zone us-1'],
      ['trigger', 'bc97ff14869b13e3', undefined, 'High CPU usage: This alert was triggered for zone eu-1'],
    ]);
    expect(signals[0]?.description).toContain('The system has high memory usage');
    expect(signals[0]?.description).toContain('Runbook: https://myrunbook.com/runbook/1234');
    expect(signals[0]?.payload).toMatchObject({
      alert: { values: { B: 44.23943737541908, C: 1 }, silenceURL: expect.any(String) as unknown },
      group: { orgId: 1, state: 'alerting' },
    });
  });

  it('pagerduty: trigger, acknowledge and resolve of the documented example; the routing key is never kept', () => {
    const [trigger] = read('pagerduty', alertFixture('pagerduty/trigger-example.json'));
    expect(trigger).toMatchObject({
      action: 'trigger',
      dedupKey: 'srv01/mysql',
      severity: 'critical',
      title: 'DISK at 99% on machine prod-datapipe03.example.com',
    });
    expect(trigger?.description).toContain('Component: mysql');
    expect(trigger?.description).toContain('"free space": "1%"');
    expect(trigger?.payload).toMatchObject({
      images: [{ alt: 'An example link with an image' }],
      client: 'Sample Monitoring Service',
    });
    expect(JSON.stringify(trigger?.payload)).not.toContain('e93facc04764012d7bfb002500d5d1a6');
    expect(read('pagerduty', alertFixture('pagerduty/acknowledge.json'))[0]).toMatchObject({
      action: 'acknowledge',
      dedupKey: 'srv01/mysql',
    });
    expect(read('pagerduty', alertFixture('pagerduty/resolve.json'))[0]).toMatchObject({
      action: 'resolve',
      dedupKey: 'srv01/mysql',
    });
  });
});

describe('dedup keys made up when a payload has none', () => {
  it('pagerduty trigger without dedup_key: derived from what identifies the event, stable across repeats', () => {
    const event = alertFixture('pagerduty/trigger-example.json');
    delete event.dedup_key;
    const [a] = read('pagerduty', event);
    const [b] = read('pagerduty', {
      ...event,
      payload: { ...(event.payload as object), timestamp: '2030-01-01T00:00:00Z', custom_details: { other: 1 } },
    });
    expect(a?.derivedKey).toBe(true);
    expect(a?.dedupKey).toMatch(/^derived:[0-9a-f]{32}$/);
    expect(b?.dedupKey).toBe(a?.dedupKey);
  });

  it('alertmanager alert without fingerprint: derived from its labels, whatever their order', () => {
    const payload = alertFixture('alertmanager/webhook-v4-firing.json') as { alerts: Record<string, unknown>[] };
    const [first] = payload.alerts;
    delete first?.fingerprint;
    const reordered = {
      ...first,
      labels: Object.fromEntries(Object.entries(first?.labels as Record<string, string>).reverse()),
    };
    const [a] = read('alertmanager', { ...payload, alerts: [first] });
    const [b] = read('alertmanager', { ...payload, alerts: [reordered] });
    expect(a?.derivedKey).toBe(true);
    expect(b?.dedupKey).toBe(a?.dedupKey);
  });

  it('pagerduty acknowledge or resolve without dedup_key is invalid, as in PagerDuty', () => {
    const reading = alertSources.pagerduty.read({ event_action: 'resolve' });
    expect(reading.ok).toBe(false);
    expect(reading.ok ? [] : reading.issues.map((i) => i.path.join('.'))).toEqual(['dedup_key']);
  });
});
