/**
 * The Durable backend as a deployment choice (docs/durable-backend.md): Azure Storage by default, or the
 * Durable Task Scheduler, switched by app settings over the one host.json the code ships.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSettingsSchema } from '../../src/config/app-settings';
import { BicepFile, objectProperties, repoRoot, roleAssignments } from './support/bicep';

const durableTaskDataContributor = '0ad04412-c4d5-4796-b79c-f76d14c8d402';

interface HostJson {
  extensions: { durableTask: { hubName: string; storageProvider: Record<string, unknown> } };
}
const hostJson = JSON.parse(readFileSync(join(repoRoot, 'host.json'), 'utf8')) as HostJson;

let main: BicepFile;
let scheduler: BicepFile;
beforeAll(async () => {
  main = await BicepFile.load('infra/main.bicep');
  scheduler = await BicepFile.load('infra/modules/durable-task-scheduler.bicep');
});

const mainVar = (name: string) => {
  const node = main.vars.get(name);
  if (!node) throw new Error(`main.bicep has no var ${name}`);
  return node;
};

describe('the durableBackend parameter', () => {
  it('is typed, described, and defaults to Azure Storage', () => {
    const param = main.params.get('durableBackend');
    expect(param, 'param durableBackend').toBeDefined();
    expect(param!.decorators).toContain('description');
    const allowed = main.decoratorArgument(param!.node, 'allowed');
    expect(allowed && main.evaluate(allowed)).toEqual(['azureStorage', 'durableTaskScheduler']);
    expect(param!.defaultValue && main.evaluate(param!.defaultValue)).toBe('azureStorage');
  });

  it('chooses the scheduler only for `durableTaskScheduler`', () => {
    expect(mainVar('useDurableTaskScheduler').text).toBe("durableBackend == 'durableTaskScheduler'");
    const module = main.modules.get('durableTaskScheduler');
    expect(module?.path).toBe('modules/durable-task-scheduler.bicep');
    expect(module?.condition).toBe('(useDurableTaskScheduler)');
    expect(mainVar('durableBackendSettings').text).toBe('useDurableTaskScheduler ? durableTaskSchedulerSettings : {}');
  });
});

describe('with Azure Storage (the default)', () => {
  it('adds no setting: host.json\'s provider is Azure Storage on AzureWebJobsStorage, the roles of storage.bicep', () => {
    // durableBackendSettings is `{}` then, so the app gets exactly `appSettings` (checked in app-settings.test.ts).
    expect(hostJson.extensions.durableTask.storageProvider.type).toBe('AzureStorage');
    expect(hostJson.extensions.durableTask.storageProvider.connectionStringName).toBeUndefined();
  });
});

describe('with the Durable Task Scheduler', () => {
  let settings: Map<string, string>;
  beforeAll(() => {
    settings = new Map([...objectProperties(mainVar('durableTaskSchedulerSettings'))].map(([key, node]) => [key, node.text]));
  });

  it('overrides host.json\'s storage provider through AzureFunctionsJobHost__ settings that name existing host.json paths', () => {
    const overrides = [...settings.keys()].filter((key) => key.startsWith('AzureFunctionsJobHost__'));
    expect(overrides.sort()).toEqual([
      'AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName',
      'AzureFunctionsJobHost__extensions__durableTask__storageProvider__type',
    ]);
    for (const key of overrides) {
      const segments = key.split('__').slice(1);
      // The object the setting lands in exists in host.json (a typo would silently add an unread key).
      let node: unknown = hostJson;
      for (const segment of segments.slice(0, -1)) node = (node as Record<string, unknown>)[segment];
      expect(node, key).toBeTypeOf('object');
    }
    expect(main.evaluate(objectProperties(mainVar('durableTaskSchedulerSettings')).get('AzureFunctionsJobHost__extensions__durableTask__storageProvider__type')!)).toBe('azureManaged');
  });

  it('names a connection setting it also sets: the scheduler endpoint with the app\'s managed identity', () => {
    const name = main.evaluate(objectProperties(mainVar('durableTaskSchedulerSettings')).get('AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName')!);
    expect(name).toBe('DURABLE_TASK_SCHEDULER_CONNECTION_STRING');
    expect(settings.get(name as string)).toBe("'Endpoint=${durableTaskScheduler.outputs.endpoint};Authentication=ManagedIdentity;ClientID=${identity.outputs.clientId}'");
    // The same identity as every other connection of the app.
    expect(objectProperties(mainVar('appSettings')).get('AzureWebJobsStorage__clientId')?.text).toBe('identity.outputs.clientId');
  });

  it('sets only host settings, none the app reads or already sets', () => {
    const appKeys = Object.keys(appSettingsSchema.shape);
    const base = objectProperties(mainVar('appSettings'));
    for (const key of settings.keys()) {
      expect(appKeys, key).not.toContain(key);
      expect(base.has(key), key).toBe(false);
    }
  });

  it('creates the task hub host.json addresses, in a scheduler of the chosen SKU', () => {
    expect(main.evaluate(mainVar('durableTaskHubName'))).toBe(hostJson.extensions.durableTask.hubName);
    const params = objectProperties(objectProperties(main.modules.get('durableTaskScheduler')!.body).get('params')!);
    expect(params.get('taskHubName')?.text).toBe('durableTaskHubName');
    expect(params.get('skuName')?.text).toBe('durableTaskSchedulerSku');
    expect(params.get('principalId')?.text).toBe('identity.outputs.principalId');

    const types = [...scheduler.resources.values()].map((r) => r.type).sort();
    expect(types).toEqual(['Microsoft.Authorization/roleAssignments', 'Microsoft.DurableTask/schedulers', 'Microsoft.DurableTask/schedulers/taskHubs']);
    const hub = [...scheduler.resources.values()].find((r) => r.type === 'Microsoft.DurableTask/schedulers/taskHubs')!;
    expect(objectProperties(hub.body).get('name')?.text).toBe('taskHubName');
    const schedulerResource = [...scheduler.resources.values()].find((r) => r.type === 'Microsoft.DurableTask/schedulers')!;
    const properties = objectProperties(objectProperties(schedulerResource.body).get('properties')!);
    // An empty allow list refuses every caller.
    expect(scheduler.evaluate(properties.get('ipAllowlist')!)).toEqual(['0.0.0.0/0']);
    expect(scheduler.evaluate(scheduler.vars.get('consumptionSku')!)).toEqual({ name: 'Consumption' });
  });

  it('gives the app identity Durable Task Data Contributor on that task hub only', () => {
    const assignments = roleAssignments(scheduler);
    expect(assignments).toHaveLength(1);
    const [assignment] = assignments;
    expect(assignment?.roleDefinitionId).toBe(durableTaskDataContributor);
    expect(assignment?.scope.type).toBe('Microsoft.DurableTask/schedulers/taskHubs');
    expect(assignment?.principal).toBe('principalId');
    expect(assignment?.principalType).toBe('ServicePrincipal');
  });

  it('is documented, with what each backend costs and carries', () => {
    const doc = readFileSync(join(repoRoot, 'docs/durable-backend.md'), 'utf8');
    for (const word of ['durableBackend', 'azureStorage', 'durableTaskScheduler', 'Consumption', 'Dedicated', 'Azurite']) expect(doc).toContain(word);
  });
});
