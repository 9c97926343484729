/**
 * E-mail in through Microsoft Graph (issue 28): the mailbox parameter switches the transport on, the
 * clientState reaches the app only as a Key Vault reference, raw mail has its own private container.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BicepFile, objectProperties } from './support/bicep';

let main: BicepFile;
let vault: BicepFile;
let storage: BicepFile;
beforeAll(async () => {
  main = await BicepFile.load('infra/main.bicep');
  vault = await BicepFile.load('infra/modules/keyvault.bicep');
  storage = await BicepFile.load('infra/modules/storage.bicep');
});

const setting = (name: string) => objectProperties(main.vars.get('appSettings')!).get(name);

describe('the Graph mail transport in Bicep', () => {
  it('is on exactly when a shared mailbox is given', () => {
    expect(main.params.get('graphMailbox')?.defaultValue?.text).toBe("''");
    expect(setting('SUPPORTDESK_MAIL_IN_TRANSPORT')?.text).toBe("empty(graphMailbox) ? 'none' : 'graph'");
    expect(setting('SUPPORTDESK_GRAPH_MAILBOX')?.text).toBe('graphMailbox');
    expect(main.evaluate(setting('SUPPORTDESK_GRAPH_MAILBOX')!, new Map([['graphMailbox', '']]))).toBe('');
    expect(setting('SUPPORTDESK_GRAPH_BASE_URL')?.text).toBe('graphBaseUrl');
    expect(main.params.get('graphBaseUrl')?.defaultValue?.text).toBe("'https://graph.microsoft.com/v1.0'");
  });

  it('hands the clientState to the app as a Key Vault reference only, read with a role on that one secret', () => {
    expect(main.params.get('graphClientState')?.decorators).toContain('secure');
    expect(setting('SUPPORTDESK_GRAPH_CLIENT_STATE')?.text).toBe(
      "empty(graphMailbox) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.graphClientStateUri})'",
    );
    const params = objectProperties(objectProperties(main.modules.get('keyVault')!.body).get('params')!);
    expect(params.get('graphClientState')?.text).toBe("empty(graphMailbox) ? '' : graphClientState");
    expect(vault.resources.get('graphClientStateEntry')?.condition).toBe('(!empty(graphClientState))');
    expect(vault.resources.get('graphClientStateReader')?.condition).toBe('(!empty(graphClientState))');
    expect(vault.outputs.get('graphClientStateUri')?.text).toBe(
      "empty(graphClientState) ? '' : graphClientStateEntry.properties.secretUri",
    );
  });

  it('keeps raw mail in a private container for the retention days set', () => {
    const container = storage.resources.get('rawMailContainer')!;
    const body = objectProperties(container.body);
    expect(storage.evaluate(body.get('name')!)).toBe('raw-mail');
    expect(storage.evaluate(objectProperties(body.get('properties')!).get('publicAccess')!)).toBe('None');
    expect(setting('SUPPORTDESK_RAW_MAIL_RETENTION_DAYS')?.text).toBe('string(rawMailRetentionDays)');
    expect(main.params.get('rawMailRetentionDays')?.defaultValue?.text).toBe('90');
  });
});
