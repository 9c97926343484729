/**
 * The Function App's settings in infra/main.bicep against the settings the app reads
 * (appSettingsSchema in src/config/app-settings.ts). When someone adds a setting to the schema, this fails
 * until Bicep sets it (or it is added below as local-only, with a reason).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { appSettingsSchema } from '../../src/config/app-settings';
import { BicepFile, UNKNOWN, objectProperties, type BicepValue } from './support/bicep';
import type { Node } from 'web-tree-sitter';

/**
 * Settings the app reads that Bicep must NOT set, and why. Everything else in the schema is required in Azure.
 */
const LOCAL_ONLY: Record<string, string> = {
  AzureWebJobsStorage:
    'A connection string with the account key, for Azurite and tests. The Azure storage account has shared-key access off; Azure uses the identity-based AzureWebJobsStorage__* settings.',
  SUPPORTDESK_CLOCK: 'The virtual clock and /api/dev/clock exist only on the local host; Azure always runs on the system clock (the schema default).',
  SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS:
    'Lets webhooks reach named non-public hosts, for local development and tests only. In Azure nothing may: the SSRF guard refuses every private, loopback and link-local address.',
};

/**
 * Settings Bicep sets that the app never reads: the Functions host (or its extensions) reads them.
 */
const HOST_ONLY: Record<string, string> = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'The host sends logs, traces and metrics to Application Insights.',
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Local auth is off on Application Insights: the host authenticates with the managed identity (ClientId=...;Authorization=AAD).',
};

const schemaKeys = Object.keys(appSettingsSchema.shape);

let main: BicepFile;
let settings: Map<string, Node>;

beforeAll(async () => {
  main = await BicepFile.load('infra/main.bicep');
  const appSettings = main.vars.get('appSettings');
  if (!appSettings) throw new Error('infra/main.bicep has no `var appSettings = { ... }`');
  settings = objectProperties(appSettings);
});

describe('app settings in Bicep', () => {
  it('are the ones handed to the Function App', () => {
    const functionApp = main.modules.get('functionApp');
    expect(functionApp?.path).toBe('modules/functionapp.bicep');
    const params = objectProperties(objectProperties(functionApp!.body).get('params')!);
    // The Durable backend's settings (empty for Azure Storage) are added on top; see below.
    expect(params.get('appSettings')?.text).toBe('union(appSettings, durableBackendSettings)');
  });

  it('set every setting the app needs in Azure', () => {
    const needed = schemaKeys.filter((key) => !(key in LOCAL_ONLY));
    expect(needed.filter((key) => !settings.has(key))).toEqual([]);
  });

  it('set nothing the app or the host does not read', () => {
    const unknown = [...settings.keys()].filter((key) => !schemaKeys.includes(key) && !(key in HOST_ONLY));
    expect(unknown).toEqual([]);
  });

  it('leave local-only settings unset', () => {
    expect(Object.keys(LOCAL_ONLY).filter((key) => settings.has(key))).toEqual([]);
  });

  it('keep the allow-lists honest', () => {
    // A local-only entry the schema no longer has is stale; a host-only entry the app now reads belongs to the app.
    expect(Object.keys(LOCAL_ONLY).filter((key) => !schemaKeys.includes(key))).toEqual([]);
    expect(Object.keys(HOST_ONLY).filter((key) => schemaKeys.includes(key))).toEqual([]);
    expect(Object.keys(HOST_ONLY).filter((key) => !settings.has(key))).toEqual([]);
  });

  it('give literal values the schema accepts', () => {
    const shape = appSettingsSchema.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
    for (const [key, node] of settings) {
      const value: BicepValue = main.evaluate(node);
      const field = shape[key];
      if (value === UNKNOWN || !field) continue;
      expect(field.safeParse(value).success, `${key} = ${JSON.stringify(value)}`).toBe(true);
    }
  });

  it('use the managed identity for storage and Service Bus, all with the same client id', () => {
    expect(main.evaluate(settings.get('AzureWebJobsStorage__credential')!)).toBe('managedidentity');
    expect(main.evaluate(settings.get('ServiceBusConnection__credential')!)).toBe('managedidentity');
    const clientIds = ['AzureWebJobsStorage__clientId', 'ServiceBusConnection__clientId', 'AZURE_CLIENT_ID'].map((key) => settings.get(key)?.text);
    expect(new Set(clientIds)).toEqual(new Set(['identity.outputs.clientId']));
    expect(settings.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')?.text).toBe("'ClientId=${identity.outputs.clientId};Authorization=AAD'");
  });

  it('hand over the admin key only as a Key Vault reference', () => {
    expect(settings.get('SUPPORTDESK_ADMIN_KEY')?.text).toBe("'@Microsoft.KeyVault(SecretUri=${keyVault.outputs.adminKeyUri})'");
    const functionApp = objectProperties(main.modules.get('functionApp')!.body);
    // The reference is resolved with the same user-assigned identity (keyVaultReferenceIdentity in the module).
    expect(objectProperties(functionApp.get('params')!).get('identityResourceId')?.text).toBe('identity.outputs.resourceId');
  });

  it('hand over the staff OIDC client secret only as a Key Vault reference, and nothing when none is given', () => {
    expect(settings.get('SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET')?.text).toBe(
      "empty(staffOidcClientSecret) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.staffOidcClientSecretUri})'",
    );
    expect(main.params.get('staffOidcClientSecret')?.decorators.some((d) => d.includes('secure'))).toBe(true);
  });

  it('hand over the desk\'s chat webhook only as a Key Vault reference, with its format, and nothing when none is given', () => {
    expect(settings.get('SUPPORTDESK_STAFF_CHAT_WEBHOOK')?.text).toBe(
      "empty(staffChatWebhook) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.staffChatWebhookUri})'",
    );
    expect(settings.get('SUPPORTDESK_STAFF_CHAT_FORMAT')?.text).toBe("empty(staffChatWebhook) ? '' : staffChatFormat");
    expect(main.params.get('staffChatWebhook')?.decorators.some((d) => d.includes('secure'))).toBe(true);
  });

  it("hand over the desk's chat webhook only as a Key Vault reference, with its format, and nothing when none is given", () => {
    expect(settings.get('SUPPORTDESK_STAFF_CHAT_WEBHOOK')?.text).toBe(
      "empty(staffChatWebhook) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.staffChatWebhookUri})'",
    );
    expect(settings.get('SUPPORTDESK_STAFF_CHAT_FORMAT')?.text).toBe("empty(staffChatWebhook) ? '' : staffChatFormat");
    expect(main.params.get('staffChatWebhook')?.decorators.some((d) => d.includes('secure'))).toBe(true);
  });

  it('default the events topic to the app\'s default', () => {
    const appDefault = appSettingsSchema.shape.SUPPORTDESK_EVENTS_TOPIC.parse(undefined);
    const bicepDefault = main.params.get('eventsTopicName')?.defaultValue;
    expect(bicepDefault && main.evaluate(bicepDefault)).toBe(appDefault);
  });
});

describe('deployment outputs', () => {
  it('are named like the app setting they carry, or prefixed AZURE_ / SERVICE_API_', () => {
    for (const [name, value] of main.outputs) {
      if (/^(AZURE|SERVICE_API)_[A-Z0-9_]+$/.test(name)) continue;
      const setting = settings.get(name);
      expect(setting, `output ${name} is neither AZURE_/SERVICE_API_ nor an app setting`).toBeDefined();
      expect(value.text, `output ${name} must carry the same value as the app setting`).toBe(setting?.text);
    }
  });

  it('include what the pipeline and azd hooks read', () => {
    for (const name of ['AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_URL', 'AZURE_RESOURCE_GROUP', 'AZURE_KEY_VAULT_NAME']) {
      expect(main.outputs.has(name), name).toBe(true);
    }
  });
});
