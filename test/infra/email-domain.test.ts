/**
 * The client's own e-mail domain (issue 35): created on the first deployment, linked and sent from only once
 * `emailUseCustomDomain` says its DNS records are verified, so a later deployment never undoes a link and
 * never links an unverified domain.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BicepFile, objectProperties } from './support/bicep';

let main: BicepFile;
let email: BicepFile;
beforeAll(async () => {
  main = await BicepFile.load('infra/main.bicep');
  email = await BicepFile.load('infra/modules/email.bicep');
});

describe('custom e-mail domain', () => {
  it('is passed from main.bicep, off by default', () => {
    expect(main.params.get('emailCustomDomain')?.defaultValue?.text).toBe("''");
    expect(main.params.get('emailUseCustomDomain')?.defaultValue?.text).toBe('false');
    const params = objectProperties(objectProperties(main.modules.get('email')!.body).get('params')!);
    expect(params.get('customDomainName')?.text).toBe('emailCustomDomain');
    expect(params.get('useCustomDomain')?.text).toBe('emailUseCustomDomain');
  });

  it('creates the domain and its sender whenever it is named, as a customer-managed domain', () => {
    for (const symbol of ['customDomain', 'customSender']) expect(email.resources.get(symbol)?.condition).toBe('(hasCustomDomain)');
    expect(email.vars.get('hasCustomDomain')?.text).toBe('!empty(customDomainName)');
    const properties = objectProperties(objectProperties(email.resources.get('customDomain')!.body).get('properties')!);
    expect(email.evaluate(properties.get('domainManagement')!)).toBe('CustomerManaged');
  });

  it('links it and sends from it only when it is also marked verified', () => {
    expect(email.vars.get('sendsFromCustomDomain')?.text).toBe('hasCustomDomain && useCustomDomain');
    const communication = objectProperties(objectProperties(email.resources.get('communication')!.body).get('properties')!);
    expect(communication.get('linkedDomains')?.text).toBe('sendsFromCustomDomain ? [managedDomain.id, customDomain.id] : [managedDomain.id]');
    expect(email.outputs.get('senderAddress')?.text).toMatch(/^sendsFromCustomDomain \? '\$\{customSender\.properties\.username\}@\$\{customDomain\.properties\.mailFromSenderDomain\}' : 'DoNotReply@\$\{managedDomain\.properties\.mailFromSenderDomain\}'$/);
    // The app's sender setting is that output, so the switch reaches SUPPORTDESK_EMAIL_SENDER.
    expect(objectProperties(main.vars.get('appSettings')!).get('SUPPORTDESK_EMAIL_SENDER')?.text).toBe('email.outputs.senderAddress');
  });

  it('reports the DNS records to verify as a deployment output', () => {
    expect(main.outputs.get('AZURE_EMAIL_CUSTOM_DOMAIN_RECORDS')?.text).toBe('email.outputs.customDomainVerificationRecords');
    expect(email.outputs.get('customDomainVerificationRecords')?.text).toBe('hasCustomDomain ? customDomain.properties.verificationRecords : {}');
  });
});
