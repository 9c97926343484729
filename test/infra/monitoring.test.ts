/**
 * infra/modules/monitoring.bicep: the alerts a client instance needs from day one (issue 35), to the
 * support lead: dead-lettered events on any topic subscription and failed function executions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BicepFile, objectProperties } from './support/bicep';

let main: BicepFile;
let monitoring: BicepFile;
beforeAll(async () => {
  main = await BicepFile.load('infra/main.bicep');
  monitoring = await BicepFile.load('infra/modules/monitoring.bicep');
});

const body = (symbol: string) => {
  const resource = monitoring.resources.get(symbol);
  if (!resource) throw new Error(`monitoring.bicep has no ${symbol}`);
  return objectProperties(resource.body);
};
const properties = (symbol: string) => objectProperties(body(symbol).get('properties')!);
const evaluated = (symbol: string, key: string) => monitoring.evaluate(properties(symbol).get(key)!);

describe('monitoring', () => {
  it('is deployed by main.bicep with the support lead, the namespace and the Application Insights component', () => {
    const module = main.modules.get('monitoring');
    expect(module?.path).toBe('modules/monitoring.bicep');
    expect(module?.condition).toBeNull();
    const params = objectProperties(objectProperties(module!.body).get('params')!);
    expect(params.get('supportLeadEmail')?.text).toBe('supportLeadEmail');
    expect(params.get('serviceBusNamespaceId')?.text).toBe('messaging.outputs.namespaceId');
    expect(params.get('applicationInsightsId')?.text).toBe('applicationInsights.outputs.resourceId');
    expect(main.modules.get('applicationInsights')?.path).toMatch(/^br\/public:avm\/res\/insights\/component:/);
  });

  it('e-mails the support lead', () => {
    expect(monitoring.resources.get('supportLead')?.type).toBe('Microsoft.Insights/actionGroups');
    const receivers = properties('supportLead').get('emailReceivers')!.namedChildren.filter((c) => c.type === 'object');
    expect(receivers).toHaveLength(1);
    expect(objectProperties(receivers[0]!).get('emailAddress')?.text).toBe('supportLeadEmail');
  });

  it.each([
    ['deadLetters', 'serviceBusNamespaceId', 'Microsoft.ServiceBus/namespaces', 'DeadletteredMessages', 'Maximum'],
    ['functionFailures', 'applicationInsightsId', 'microsoft.insights/components', 'requests/failed', 'Count'],
  ])('%s: alerts on %s when %s %s is above zero', (symbol, scope, metricNamespace, metricName, aggregation) => {
    expect(monitoring.resources.get(symbol)?.type).toBe('Microsoft.Insights/metricAlerts');
    expect(properties(symbol).get('scopes')?.namedChildren.map((c) => c.text)).toEqual([scope]);
    expect(evaluated(symbol, 'enabled')).toBe(true);
    const criteria = monitoring.evaluate(properties(symbol).get('criteria')!) as { allOf: Record<string, unknown>[] };
    expect(criteria.allOf).toHaveLength(1);
    expect(criteria.allOf[0]).toMatchObject({ metricNamespace, metricName, operator: 'GreaterThan', threshold: 0, timeAggregation: aggregation });
    const actions = properties(symbol).get('actions')!.namedChildren.filter((c) => c.type === 'object');
    expect(actions.map((a) => objectProperties(a).get('actionGroupId')?.text)).toEqual(['supportLead.id']);
  });

  it('watches every subscription\'s dead-letter queue, not one entity', () => {
    const criteria = monitoring.evaluate(properties('deadLetters').get('criteria')!) as { allOf: { dimensions: unknown[] }[] };
    expect(criteria.allOf[0]!.dimensions).toEqual([{ name: 'EntityName', operator: 'Include', values: ['*'] }]);
  });
});
