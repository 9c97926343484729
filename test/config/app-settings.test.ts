import { describe, expect, it } from 'vitest';
import { AppSettingsError, parseAppSettings } from '../../src/config/app-settings';

const adminKey = 'x'.repeat(32);

describe('app settings', () => {
  it('accepts a local connection string and applies defaults', () => {
    const settings = parseAppSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', SUPPORTDESK_ADMIN_KEY: adminKey });
    expect(settings.SUPPORTDESK_EVENTS_TOPIC).toBe('support-events');
    expect(settings.SUPPORTDESK_CLOCK).toBe('system');
  });

  it('names every missing or bad setting', () => {
    let error: unknown;
    try {
      parseAppSettings({ SUPPORTDESK_CLOCK: 'sundial', ServiceBusConnection__fullyQualifiedNamespace: 'nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppSettingsError);
    const message = (error as Error).message;
    for (const name of ['SUPPORTDESK_ADMIN_KEY', 'SUPPORTDESK_CLOCK', 'ServiceBusConnection__fullyQualifiedNamespace']) {
      expect(message).toContain(name);
    }
  });

  it('requires storage one way or the other', () => {
    expect(() => parseAppSettings({ SUPPORTDESK_ADMIN_KEY: adminKey })).toThrow(/AzureWebJobsStorage/);
    expect(parseAppSettings({ SUPPORTDESK_ADMIN_KEY: adminKey, AzureWebJobsStorage__tableServiceUri: 'https://a.table.core.windows.net' }).AzureWebJobsStorage).toBeUndefined();
  });

  it('refuses an unresolved Key Vault reference as the admin key', () => {
    const env = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', SUPPORTDESK_ADMIN_KEY: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/admin-key/)' };
    expect(() => parseAppSettings(env)).toThrow(/SUPPORTDESK_ADMIN_KEY: is an unresolved Key Vault reference/);
  });
});
