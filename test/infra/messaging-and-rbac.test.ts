/**
 * Service Bus subscriptions against src/messaging/subscriptions.ts, and role assignments against the
 * data-plane operations the app and its host perform in Azure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { topicSubscriptions } from '../../src/messaging/subscriptions';
import { domainEventTypes, type DomainEventType } from '../../src/domain/events/event-catalogue';
import type { CloudEvent } from '../../src/domain/events/cloud-event';
import { eventProperties } from '../../src/messaging/event-message';
import { movesSlaClocks } from '../../src/domain/sla/clock-moving-events';
import {
  BicepFile,
  UNKNOWN,
  customRole,
  objectProperties,
  repoRoot,
  roleAssignments,
  type BicepValue,
  type RoleAssignment,
} from './support/bicep';

/** Built-in role definition ids (the same in every Azure tenant). */
const ROLE = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
  durableTaskDataContributor: '0ad04412-c4d5-4796-b79c-f76d14c8d402',
} as const;

/**
 * Every data-plane operation the app or the Functions host performs in Azure with the managed identity, the
 * built-in role that allows it, and the narrowest resource it can be scoped to. No module in src/ declares
 * these yet, so the table lives here; docs/infrastructure.md explains each line.
 */
interface DataPlaneOperation {
  readonly operation: string;
  readonly role: string;
  /** The Bicep file holding the assignment and the resource type it must be scoped to. */
  readonly file: string;
  readonly scopeType: string;
  /** One assignment per subscription in topicSubscriptions, each scoped to its own subscription. */
  readonly perSubscription?: boolean;
  /** When one role is granted on several resources of a type: the resource this grant is scoped to. */
  readonly scopeSymbol?: string;
}

const OPERATIONS: readonly DataPlaneOperation[] = [
  {
    operation: 'read and write the app tables and the Durable task hub History/Instances tables (creating them on first use)',
    role: ROLE.storageTableDataContributor,
    file: 'infra/modules/storage.bicep',
    scopeType: 'Microsoft.Storage/storageAccounts',
  },
  {
    operation: 'Durable Functions control and work-item queues (create, send, receive, delete)',
    role: ROLE.storageQueueDataContributor,
    file: 'infra/modules/storage.bicep',
    scopeType: 'Microsoft.Storage/storageAccounts',
  },
  {
    operation: 'host locks and timer state, Durable leases and large messages, Flex deployment package (blobs)',
    role: ROLE.storageBlobDataOwner,
    file: 'infra/modules/storage.bicep',
    scopeType: 'Microsoft.Storage/storageAccounts',
  },
  {
    operation: 'publish domain events to the topic',
    role: ROLE.serviceBusDataSender,
    file: 'infra/modules/messaging.bicep',
    scopeType: 'Microsoft.ServiceBus/namespaces/topics',
  },
  {
    // Receive alone (Data Receiver) is Listen: Flex Consumption's target-based scaler then cannot read the
    // message count ("does not have 'Manage Claim'") and falls back to incremental scaling. Manage is only
    // in Data Owner, so that role, on each subscription alone (docs/infrastructure.md, "Role assignments").
    operation: 'receive (peek-lock, complete, dead-letter) from each deliverer subscription, and read its message count for scaling',
    role: ROLE.serviceBusDataOwner,
    file: 'infra/modules/messaging.bicep',
    scopeType: 'Microsoft.ServiceBus/namespaces/topics/subscriptions',
    perSubscription: true,
  },
  {
    operation: 'get the admin key secret (Key Vault reference of SUPPORTDESK_ADMIN_KEY)',
    role: ROLE.keyVaultSecretsUser,
    file: 'infra/modules/keyvault.bicep',
    scopeType: 'Microsoft.KeyVault/vaults/secrets',
    scopeSymbol: 'adminKeySecret',
  },
  {
    operation: 'get the staff OIDC client secret (Key Vault reference of SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET)',
    role: ROLE.keyVaultSecretsUser,
    file: 'infra/modules/keyvault.bicep',
    scopeType: 'Microsoft.KeyVault/vaults/secrets',
    scopeSymbol: 'staffOidcClientSecretEntry',
  },
  {
    operation: "get the desk's chat webhook URL (Key Vault reference of SUPPORTDESK_STAFF_CHAT_WEBHOOK)",
    role: ROLE.keyVaultSecretsUser,
    file: 'infra/modules/keyvault.bicep',
    scopeType: 'Microsoft.KeyVault/vaults/secrets',
    scopeSymbol: 'staffChatWebhookEntry',
  },
  {
    operation: 'send e-mail through Communication Services',
    role: 'custom:emailSenderRole',
    file: 'infra/modules/email.bicep',
    scopeType: 'Microsoft.Communication/communicationServices',
  },
  {
    operation: 'send telemetry to Application Insights with Entra authentication',
    role: ROLE.monitoringMetricsPublisher,
    file: 'infra/modules/functionapp.bicep',
    scopeType: 'Microsoft.Insights/components',
  },
  {
    operation: 'run orchestrations, activities and timers in the Durable Task Scheduler task hub (durableBackend = durableTaskScheduler)',
    role: ROLE.durableTaskDataContributor,
    file: 'infra/modules/durable-task-scheduler.bicep',
    scopeType: 'Microsoft.DurableTask/schedulers/taskHubs',
  },
];

const files = ['infra/main.bicep', ...new Set(OPERATIONS.map((o) => o.file))];
const loaded = new Map<string, BicepFile>();
let assignments: RoleAssignment[] = [];

beforeAll(async () => {
  for (const path of files) loaded.set(path, await BicepFile.load(path));
  assignments = [...loaded.values()].flatMap((f) => roleAssignments(f));
});

const file = (path: string): BicepFile => {
  const found = loaded.get(path);
  if (!found) throw new Error(`${path} not loaded`);
  return found;
};

/** The params object a module declaration of main.bicep passes. */
function moduleParams(symbol: string): Map<string, string> {
  const module = file('infra/main.bicep').modules.get(symbol);
  if (!module) throw new Error(`main.bicep has no module ${symbol}`);
  const params = objectProperties(objectProperties(module.body).get('params')!);
  return new Map([...params].map(([key, value]) => [key, value.text]));
}

describe('Service Bus topic and subscriptions', () => {
  it('declares exactly the subscriptions and correlation filters of src/messaging/subscriptions.ts', () => {
    const main = file('infra/main.bicep');
    const declared = main.vars.get('topicSubscriptions');
    expect(declared, 'main.bicep: var topicSubscriptions').toBeDefined();
    const inBicep = main.evaluate(declared!);
    expect(inBicep).not.toBe(UNKNOWN);
    const inCode = topicSubscriptions.map((s) => ({ name: s.name, correlationFilter: s.correlationFilter === null ? null : { ...s.correlationFilter } }));
    expect(inBicep).toEqual(inCode);
  });

  it('passes that list to the messaging module, which creates one subscription per entry', () => {
    expect(moduleParams('messaging').get('subscriptions')).toBe('topicSubscriptions');
    const messaging = file('infra/modules/messaging.bicep');
    const subscriptions = [...messaging.resources.values()].filter((r) => r.type === 'Microsoft.ServiceBus/namespaces/topics/subscriptions');
    expect(subscriptions).toHaveLength(1);
    const [resource] = subscriptions;
    expect(resource?.loop?.collection).toBe('subscriptions');
    expect(objectProperties(resource!.body).get('name')?.text).toBe(`${resource?.loop?.item}.name`);
  });

  it('dead-letters on every subscription, and de-duplicates on the topic', () => {
    const messaging = file('infra/modules/messaging.bicep');
    const subscription = [...messaging.resources.values()].find((r) => r.type === 'Microsoft.ServiceBus/namespaces/topics/subscriptions')!;
    const properties = objectProperties(objectProperties(subscription.body).get('properties')!);
    expect(messaging.evaluate(properties.get('deadLetteringOnMessageExpiration')!)).toBe(true);
    expect(messaging.evaluate(properties.get('deadLetteringOnFilterEvaluationExceptions')!)).toBe(true);
    const topic = [...messaging.resources.values()].find((r) => r.type === 'Microsoft.ServiceBus/namespaces/topics')!;
    const topicProperties = objectProperties(objectProperties(topic.body).get('properties')!);
    expect(messaging.evaluate(topicProperties.get('requiresDuplicateDetection')!)).toBe(true);
    const namespace = [...messaging.resources.values()].find((r) => r.type === 'Microsoft.ServiceBus/namespaces')!;
    expect(messaging.evaluate(objectProperties(namespace.body).get('sku')!)).toMatchObject({ name: 'Standard' });
  });

  it('writes each correlation filter into the subscription\'s $Default rule; null keeps $Default as created', () => {
    const messaging = file('infra/modules/messaging.bicep');
    const rules = [...messaging.resources.values()].filter((r) => r.type === 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules');
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    const item = rule?.loop?.item ?? '';
    expect(rule?.loop?.collection).toBe('subscriptions');
    expect(rule?.condition).toBe(`(${item}.correlationFilter != null)`);
    const body = objectProperties(rule!.body);
    expect(body.get('parent')?.text).toBe(`topicSubscriptions[${rule?.loop?.index}]`);
    // Named $Default, the rule every subscription is created with: the filter replaces its TrueFilter
    // instead of relying on Resource Manager to delete $Default when another rule is added.
    expect(messaging.evaluate(body.get('name')!)).toBe('$Default');
    const properties = objectProperties(body.get('properties')!);
    expect(messaging.evaluate(properties.get('filterType')!)).toBe('CorrelationFilter');
    const correlationFilter = objectProperties(properties.get('correlationFilter')!);
    // `properties` of a correlation filter are the user/application properties; system properties
    // (label, correlationId, ...) would be siblings of it.
    expect([...correlationFilter.keys()]).toEqual(['properties']);
    expect(correlationFilter.get('properties')?.text).toBe(`${item}.correlationFilter`);
  });
});

/**
 * What each deployed subscription receives, worked out from the Bicep as Service Bus evaluates rules: a
 * subscription gets a message when any of its rules matches. Every subscription starts with `$Default`
 * (TrueFilter); a rule of another name is added beside it, so unless Resource Manager deletes `$Default`
 * (undocumented) such a subscription would still receive everything. Only a rule named `$Default`
 * certainly replaces the TrueFilter.
 */
function deployedRules(): Map<string, Array<Record<string, string> | 'true'>> {
  const main = file('infra/main.bicep');
  const messaging = file('infra/modules/messaging.bicep');
  const entries = main.evaluate(main.vars.get('topicSubscriptions')!) as { name: string; correlationFilter: Record<string, string> | null }[];
  const rules = [...messaging.resources.values()].filter((r) => r.type === 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules');
  const result = new Map<string, Array<Record<string, string> | 'true'>>();
  for (const entry of entries) {
    const byName = new Map<string, Record<string, string> | 'true'>([['$Default', 'true']]);
    for (const rule of rules) {
      const item = rule.loop?.item ?? '';
      const scope = new Map<string, BicepValue>([[item, entry]]);
      if (rule.condition !== `(${item}.correlationFilter != null)` && rule.condition !== null) throw new Error(`unexpected rule condition ${rule.condition}`);
      if (rule.condition !== null && entry.correlationFilter === null) continue;
      const body = objectProperties(rule.body);
      const name = messaging.evaluate(body.get('name')!, scope);
      const properties = objectProperties(body.get('properties')!);
      const filterType = messaging.evaluate(properties.get('filterType')!, scope);
      if (typeof name !== 'string' || filterType !== 'CorrelationFilter') throw new Error(`cannot evaluate rule ${rule.symbol}`);
      const correlation = objectProperties(properties.get('correlationFilter')!);
      const applicationProperties = correlation.get('properties')!.text === `${item}.correlationFilter` ? entry.correlationFilter : null;
      if (!applicationProperties) throw new Error(`cannot evaluate the filter of rule ${rule.symbol}`);
      byName.set(name, applicationProperties);
    }
    result.set(entry.name, [...byName.values()]);
  }
  return result;
}

describe('subscription filters against the event catalogue', () => {
  const sample = (type: DomainEventType): CloudEvent =>
    ({ specversion: '1.0', id: 'x.1', source: '/test', type, subject: 'x', time: '2026-01-01T00:00:00Z', clientid: 'acme', severity: 'cat3', data: {} }) as unknown as CloudEvent;
  const receivers = (type: DomainEventType): string[] => {
    const properties = eventProperties(sample(type)) as unknown as Record<string, string | undefined>;
    const matches = (rule: Record<string, string> | 'true') =>
      rule === 'true' || Object.entries(rule).every(([key, value]) => properties[key] === value);
    return [...deployedRules()].filter(([, rules]) => rules.some(matches)).map(([name]) => name);
  };

  it.each(domainEventTypes)('%s reaches exactly the deliverers meant for it', (type) => {
    const category = type.slice(0, type.indexOf('.'));
    const expected = [
      'deliver-webhooks',
      ...(category === 'ticket' ? ['deliver-ticket-email', 'search'] : []),
      ...(category === 'sla' ? ['deliver-sla-email'] : []),
      ...(category === 'hourbank' ? ['deliver-hourbank-email'] : []),
      ...(movesSlaClocks(type) ? ['sla'] : []),
      ...(type === 'ticket.follow-up-recorded' ? ['maintenance-items'] : []),
      ...(type === 'ticket.checked' ? ['maintenance-check-items'] : []),
      ...(category === 'maintenance' ? ['deliver-maintenance-email'] : []),
    ];
    expect(receivers(type).sort()).toEqual(expected.sort());
  });

  it('leaves only the webhook deliverer receiving every event', () => {
    const everything = [...deployedRules()].filter(([, rules]) => rules.includes('true')).map(([name]) => name);
    expect(everything).toEqual(['deliver-webhooks']);
  });
});

describe('role assignments', () => {
  it('all go to the app identity as a service principal', () => {
    const principalParams = new Map([
      ['infra/modules/storage.bicep', ['storage', 'principalId']],
      ['infra/modules/messaging.bicep', ['messaging', 'principalId']],
      ['infra/modules/keyvault.bicep', ['keyVault', 'principalId']],
      ['infra/modules/email.bicep', ['email', 'principalId']],
      ['infra/modules/functionapp.bicep', ['functionApp', 'identityPrincipalId']],
      ['infra/modules/durable-task-scheduler.bicep', ['durableTaskScheduler', 'principalId']],
    ]);
    expect(assignments.length).toBeGreaterThan(0);
    for (const assignment of assignments) {
      const [module, param] = principalParams.get(assignment.file) ?? [];
      expect(assignment.principal, `${assignment.file} ${assignment.symbol}`).toBe(param);
      expect(moduleParams(module!).get(param!), `main.bicep passes the identity to ${module}`).toBe('identity.outputs.principalId');
      expect(assignment.principalType).toBe('ServicePrincipal');
    }
    expect(assignments.filter((a) => a.file === 'infra/main.bicep')).toEqual([]);
  });

  it.each(OPERATIONS.map((o) => [o.operation, o] as const))('cover: %s', (_name, operation) => {
    const matching = assignments.filter(
      (a) => a.file === operation.file && a.roleDefinitionId === operation.role && a.scope.type === operation.scopeType && (!operation.scopeSymbol || a.scope.symbol === operation.scopeSymbol),
    );
    expect(matching, `${operation.file}: role ${operation.role} on ${operation.scopeType}`).toHaveLength(1);
    const [assignment] = matching;
    if (operation.perSubscription) {
      // One assignment per subscription: a loop over the same list as the subscriptions, scoped to element i.
      expect(assignment?.loop?.collection).toBe(assignment?.scope.loop?.collection);
      expect(assignment?.scopeIndexed).toBe(true);
      expect(assignment?.scope.loop?.collection).toBe('subscriptions');
    } else {
      expect(assignment?.loop).toBeNull();
      expect(assignment?.scopeIndexed).toBe(false);
    }
  });

  it('are all explained by a data-plane operation (nothing broader sneaks in)', () => {
    const unexplained = assignments.filter(
      (a) => !OPERATIONS.some((o) => o.file === a.file && o.role === a.roleDefinitionId && o.scopeType === a.scope.type),
    );
    expect(unexplained.map((a) => `${a.file} ${a.symbol} ${a.roleDefinitionId} on ${a.scope.type}`)).toEqual([]);
  });

  it('use the role ids of infra/modules/roles.json, which are the built-in ones', () => {
    const roles = file('infra/modules/storage.bicep').evaluate(file('infra/modules/storage.bicep').vars.get('roles')!);
    expect(roles).toEqual(ROLE);
  });

  it('scope the Key Vault role to the very secret the admin key reference points at', () => {
    const keyVault = file('infra/modules/keyvault.bicep');
    const reader = assignments.find((a) => a.roleDefinitionId === ROLE.keyVaultSecretsUser && a.scope.symbol === 'adminKeySecret')!;
    expect(keyVault.outputs.get('adminKeyUri')?.text).toBe(`${reader.scope.symbol}.properties.secretUri`);
    const oidc = assignments.find((a) => a.roleDefinitionId === ROLE.keyVaultSecretsUser && a.scope.symbol === 'staffOidcClientSecretEntry')!;
    expect(keyVault.outputs.get('staffOidcClientSecretUri')?.text).toBe(`empty(staffOidcClientSecret) ? '' : ${oidc.scope.symbol}.properties.secretUri`);
  });

  it('scope the sender role to the topic whose name is SUPPORTDESK_EVENTS_TOPIC', () => {
    const messaging = file('infra/modules/messaging.bicep');
    const sender = assignments.find((a) => a.roleDefinitionId === ROLE.serviceBusDataSender)!;
    expect(messaging.outputs.get('topicName')?.text).toBe(`${sender.scope.symbol}.name`);
    const appSettings = objectProperties(file('infra/main.bicep').vars.get('appSettings')!);
    expect(appSettings.get('SUPPORTDESK_EVENTS_TOPIC')?.text).toBe('messaging.outputs.topicName');
  });

  it('scope the e-mail role to the Communication Services resource whose endpoint the app uses', () => {
    const email = file('infra/modules/email.bicep');
    const sender = assignments.find((a) => a.roleDefinitionId === 'custom:emailSenderRole')!;
    expect(email.outputs.get('endpoint')?.text).toBe(`'https://\${${sender.scope.symbol}.properties.hostName}'`);
  });

  it('give the e-mail sender a custom role holding only the actions sending needs, assignable in the instance only', () => {
    // The code sends with EmailClient.beginSend (src/adapters/email/acs-email-sender.ts): POST /emails:send
    // and GET /emails/operations/{id} on the Communication Services endpoint. Microsoft's sending
    // quickstart (SMTP / Entra ID) authorises exactly these actions for that; nothing that deletes the
    // resource, reads or regenerates its keys, or changes domains and sender names.
    const sendingActions = [
      'Microsoft.Communication/CommunicationServices/Read',
      'Microsoft.Communication/CommunicationServices/Write',
      'Microsoft.Communication/EmailServices/write',
    ];
    const role = customRole(file('infra/modules/email.bicep'), 'emailSenderRole');
    expect(role.actions).toEqual(sendingActions);
    expect(role.dataActions).toEqual([]);
    expect(role.assignableScopes).toEqual(['resourceGroup().id']);
    // Assigned by its subscription-level id: a role definition lives at subscription level even when a
    // resource-group deployment creates it.
    const assignment = objectProperties(file('infra/modules/email.bicep').resources.get('emailSender')!.body);
    expect(objectProperties(assignment.get('properties')!).get('roleDefinitionId')?.text).toBe(
      "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', emailSenderRole.name)",
    );
  });
});

describe('host.json', () => {
  it('keeps Durable Functions on the Azure Storage provider, in the storage account the roles above cover', () => {
    const host = JSON.parse(readFileSync(join(repoRoot, 'host.json'), 'utf8')) as {
      extensions?: { durableTask?: { hubName?: string; storageProvider?: { type?: string; connectionName?: string } } };
    };
    const durable = host.extensions?.durableTask ?? {};
    // The Durable Task Scheduler is switched on by app settings, not here (durable-backend.test.ts);
    // another provider (Netherite, MSSQL) would need other resources and roles.
    expect(durable.storageProvider?.type ?? 'AzureStorage').toBe('AzureStorage');
    // No other connection: the task hub lives behind AzureWebJobsStorage__*, i.e. the instance's account.
    expect(durable.storageProvider?.connectionName ?? 'AzureWebJobsStorage').toBe('AzureWebJobsStorage');
    // Task hub names: letters and digits, starting with a letter, 3-45 characters.
    if (durable.hubName !== undefined) expect(durable.hubName).toMatch(/^[A-Za-z][A-Za-z0-9]{2,44}$/);
  });
});
