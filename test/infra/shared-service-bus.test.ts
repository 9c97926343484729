/**
 * One Service Bus namespace shared by several client instances (docs/infrastructure.md, "What it costs
 * to run idle"): a parameter of main.bicep, off by default; when on, the instance's own topic in the
 * shared namespace and no namespace of its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BicepFile, objectProperties } from './support/bicep';

let main: BicepFile;
let messaging: BicepFile;
beforeAll(async () => {
  main = await BicepFile.load('infra/main.bicep');
  messaging = await BicepFile.load('infra/modules/messaging.bicep');
});

const messagingModule = () => {
  const module = main.modules.get('messaging');
  if (!module) throw new Error('main.bicep has no module messaging');
  const body = objectProperties(module.body);
  const params = new Map([...objectProperties(body.get('params')!)].map(([key, value]) => [key, value.text]));
  return { body, params };
};

describe('the sharedServiceBusNamespaceId parameter', () => {
  it('is described and empty by default: an instance gets a namespace of its own unless told otherwise', () => {
    const param = main.params.get('sharedServiceBusNamespaceId');
    expect(param, 'param sharedServiceBusNamespaceId').toBeDefined();
    expect(param!.decorators).toContain('description');
    expect(param!.defaultValue && main.evaluate(param!.defaultValue)).toBe('');
    expect(main.vars.get('shareServiceBus')?.text).toBe('!empty(sharedServiceBusNamespaceId)');
  });

  it('when set, names the shared namespace, a topic per client instance, and deploys where the namespace lives', () => {
    const { body, params } = messagingModule();
    expect(params.get('useExistingNamespace')).toBe('shareServiceBus');
    expect(params.get('namespaceName')).toBe("shareServiceBus ? last(sharedServiceBusParts) : 'sb-${resourceToken}'");
    expect(params.get('topicName')).toBe("shareServiceBus ? '${eventsTopicName}-${clientId}' : eventsTopicName");
    const scope = body.get('scope')?.text.replace(/\s+/g, ' ');
    expect(scope).toBe(
      'resourceGroup( shareServiceBus ? sharedServiceBusParts[2] : subscription().subscriptionId, shareServiceBus ? sharedServiceBusParts[4] : rg.name )',
    );
    expect(main.vars.get('sharedServiceBusParts')?.text).toBe("split(sharedServiceBusNamespaceId, '/')");
  });
});

describe('messaging.bicep with an existing namespace', () => {
  it('creates the namespace only when it is not shared', () => {
    const param = messaging.params.get('useExistingNamespace');
    expect(param?.defaultValue && messaging.evaluate(param.defaultValue)).toBe(false);
    const namespaces = [...messaging.resources.values()].filter((r) => r.type === 'Microsoft.ServiceBus/namespaces');
    const created = namespaces.find((r) => !r.existing);
    const referenced = namespaces.find((r) => r.existing);
    expect(created?.condition).toBe('(!useExistingNamespace)');
    expect(referenced).toBeDefined();
    expect(objectProperties(referenced!.body).get('name')?.text).toBe('namespaceName');
    expect(objectProperties(created!.body).get('name')?.text).toBe('namespaceName');
  });

  it('puts the topic in that namespace, after it is created when it is created here', () => {
    const topic = [...messaging.resources.values()].find((r) => r.type === 'Microsoft.ServiceBus/namespaces/topics')!;
    const body = objectProperties(topic.body);
    const referenced = [...messaging.resources.values()].find(
      (r) => r.type === 'Microsoft.ServiceBus/namespaces' && r.existing,
    )!;
    const created = [...messaging.resources.values()].find(
      (r) => r.type === 'Microsoft.ServiceBus/namespaces' && !r.existing,
    )!;
    expect(body.get('parent')?.text).toBe(referenced.symbol);
    expect(body.get('dependsOn')?.text.replace(/\s+/g, ' ')).toBe(`[ ${created.symbol} ]`);
  });
});
