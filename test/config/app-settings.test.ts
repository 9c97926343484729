import { describe, expect, it } from 'vitest';
import { AppSettingsError, parseAppSettings } from '../../src/config/app-settings';

const adminKey = 'x'.repeat(32);

describe('app settings', () => {
  it('accepts a local connection string and applies defaults', () => {
    const settings = parseAppSettings({
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      SUPPORTDESK_ADMIN_KEY: adminKey,
    });
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
    for (const name of [
      'SUPPORTDESK_ADMIN_KEY',
      'SUPPORTDESK_CLOCK',
      'ServiceBusConnection__fullyQualifiedNamespace',
    ]) {
      expect(message).toContain(name);
    }
  });

  it("takes the desk's chat channel as a URL and a format together, never an unresolved Key Vault reference", () => {
    const base = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', SUPPORTDESK_ADMIN_KEY: adminKey };
    const url = 'https://hooks.slack.com/services/T0/B0/x';
    expect(
      parseAppSettings({ ...base, SUPPORTDESK_STAFF_CHAT_WEBHOOK: url, SUPPORTDESK_STAFF_CHAT_FORMAT: 'slack' }),
    ).toMatchObject({ SUPPORTDESK_STAFF_CHAT_WEBHOOK: url, SUPPORTDESK_STAFF_CHAT_FORMAT: 'slack' });
    // Bicep's "unset" is the empty string, for both.
    expect(
      parseAppSettings({ ...base, SUPPORTDESK_STAFF_CHAT_WEBHOOK: '', SUPPORTDESK_STAFF_CHAT_FORMAT: '' })
        .SUPPORTDESK_STAFF_CHAT_WEBHOOK,
    ).toBeUndefined();
    expect(() => parseAppSettings({ ...base, SUPPORTDESK_STAFF_CHAT_WEBHOOK: url })).toThrow(
      /SUPPORTDESK_STAFF_CHAT_FORMAT/,
    );
    expect(() =>
      parseAppSettings({ ...base, SUPPORTDESK_STAFF_CHAT_WEBHOOK: url, SUPPORTDESK_STAFF_CHAT_FORMAT: 'standard' }),
    ).toThrow(/SUPPORTDESK_STAFF_CHAT_FORMAT/);
    expect(() =>
      parseAppSettings({
        ...base,
        SUPPORTDESK_STAFF_CHAT_WEBHOOK: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x)',
        SUPPORTDESK_STAFF_CHAT_FORMAT: 'teams',
      }),
    ).toThrow(/SUPPORTDESK_STAFF_CHAT_WEBHOOK/);
  });

  it.each([
    ['the public cloud', 'sb-x1.servicebus.windows.net', true],
    ['Azure Government', 'sb-x1.servicebus.usgovcloudapi.net', true],
    ['Azure operated by 21Vianet', 'sb-x1.servicebus.chinacloudapi.cn', true],
    ['another host', 'sb-x1.servicebus.example.net', false],
    ['a URL instead of a host', 'https://sb-x1.servicebus.windows.net/', false],
  ])('takes the Service Bus namespace of %s: %s -> %s', (_cloud, namespace, accepted) => {
    const parse = () =>
      parseAppSettings({
        AzureWebJobsStorage: 'UseDevelopmentStorage=true',
        SUPPORTDESK_ADMIN_KEY: adminKey,
        ServiceBusConnection__fullyQualifiedNamespace: namespace,
      });
    if (accepted) expect(parse().ServiceBusConnection__fullyQualifiedNamespace).toBe(namespace);
    else expect(parse).toThrow(/ServiceBusConnection__fullyQualifiedNamespace/);
  });

  it('requires storage one way or the other', () => {
    expect(() => parseAppSettings({ SUPPORTDESK_ADMIN_KEY: adminKey })).toThrow(/AzureWebJobsStorage/);
    expect(
      parseAppSettings({
        SUPPORTDESK_ADMIN_KEY: adminKey,
        AzureWebJobsStorage__tableServiceUri: 'https://a.table.core.windows.net',
      }).AzureWebJobsStorage,
    ).toBeUndefined();
  });

  it('refuses an unresolved Key Vault reference as the admin key', () => {
    const env = {
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      SUPPORTDESK_ADMIN_KEY: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/admin-key/)',
    };
    expect(() => parseAppSettings(env)).toThrow(/SUPPORTDESK_ADMIN_KEY: is an unresolved Key Vault reference/);
  });

  describe('staff OIDC and the public URL', () => {
    const base = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', SUPPORTDESK_ADMIN_KEY: adminKey };

    it('treat the empty values Bicep sets for unused settings as unset', () => {
      const settings = parseAppSettings({
        ...base,
        SUPPORTDESK_PUBLIC_URL: '',
        SUPPORTDESK_STAFF_OIDC_ISSUER: '',
        SUPPORTDESK_STAFF_OIDC_AUDIENCE: '',
        SUPPORTDESK_STAFF_OIDC_CLIENT_ID: '',
        SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET: '',
      });
      expect(settings.SUPPORTDESK_STAFF_OIDC_ISSUER).toBeUndefined();
      expect(settings.SUPPORTDESK_PUBLIC_URL).toBeUndefined();
    });

    it('accept an https issuer, and http only on loopback', () => {
      const tenant = 'https://login.microsoftonline.com/0000/v2.0';
      expect(
        parseAppSettings({
          ...base,
          SUPPORTDESK_STAFF_OIDC_ISSUER: tenant,
          SUPPORTDESK_STAFF_OIDC_AUDIENCE: 'api://desk',
        }).SUPPORTDESK_STAFF_OIDC_ISSUER,
      ).toBe(tenant);
      expect(
        parseAppSettings({
          ...base,
          SUPPORTDESK_STAFF_OIDC_ISSUER: 'http://127.0.0.1:4000',
          SUPPORTDESK_STAFF_OIDC_AUDIENCE: 'a',
        }).SUPPORTDESK_STAFF_OIDC_ISSUER,
      ).toBe('http://127.0.0.1:4000');
      expect(() =>
        parseAppSettings({
          ...base,
          SUPPORTDESK_STAFF_OIDC_ISSUER: 'http://idp.example',
          SUPPORTDESK_STAFF_OIDC_AUDIENCE: 'a',
        }),
      ).toThrow(/SUPPORTDESK_STAFF_OIDC_ISSUER: must be https/);
    });

    it('want the issuer and the audience together, and a resolved client secret', () => {
      expect(() => parseAppSettings({ ...base, SUPPORTDESK_STAFF_OIDC_ISSUER: 'https://idp.example' })).toThrow(
        /SUPPORTDESK_STAFF_OIDC_AUDIENCE/,
      );
      expect(() =>
        parseAppSettings({
          ...base,
          SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x/)',
        }),
      ).toThrow(/SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET: is an unresolved Key Vault reference/);
    });
  });

  describe('the Graph mail transport', () => {
    const base = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', SUPPORTDESK_ADMIN_KEY: adminKey };
    const graph = {
      ...base,
      SUPPORTDESK_MAIL_IN_TRANSPORT: 'graph',
      SUPPORTDESK_GRAPH_MAILBOX: 'support@contoso.example',
      SUPPORTDESK_GRAPH_CLIENT_STATE: 'c'.repeat(40),
      SUPPORTDESK_PUBLIC_URL: 'https://desk.contoso.example',
    };

    it('is off by default, with Graph v1.0, a Taken folder and 90 days of raw mail', () => {
      expect(parseAppSettings(base)).toMatchObject({
        SUPPORTDESK_MAIL_IN_TRANSPORT: 'none',
        SUPPORTDESK_GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0',
        SUPPORTDESK_MAIL_TAKEN_FOLDER: 'Taken',
        SUPPORTDESK_RAW_MAIL_RETENTION_DAYS: 90,
      });
      expect(parseAppSettings(graph).SUPPORTDESK_MAIL_IN_TRANSPORT).toBe('graph');
    });

    it('needs the mailbox, the clientState secret and the public URL', () => {
      for (const name of ['SUPPORTDESK_GRAPH_MAILBOX', 'SUPPORTDESK_GRAPH_CLIENT_STATE', 'SUPPORTDESK_PUBLIC_URL'])
        expect(() => parseAppSettings({ ...graph, [name]: '' })).toThrow(new RegExp(`${name}: `));
      expect(() => parseAppSettings({ ...graph, SUPPORTDESK_GRAPH_CLIENT_STATE: 'short' })).toThrow(
        /SUPPORTDESK_GRAPH_CLIENT_STATE: must be at least 32 characters/,
      );
      expect(() =>
        parseAppSettings({
          ...graph,
          SUPPORTDESK_GRAPH_CLIENT_STATE:
            '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/graph-client-state)',
        }),
      ).toThrow(/SUPPORTDESK_GRAPH_CLIENT_STATE: is an unresolved Key Vault reference/);
    });
  });
});
