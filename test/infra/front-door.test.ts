/**
 * infra/modules/frontdoor.bicep: the client's domain in front of the Function App (Flex Consumption has no
 * managed certificates), deployed only when customDomainHostName is set (issue 35).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BicepFile, objectProperties } from './support/bicep';

let main: BicepFile;
let frontDoor: BicepFile;
beforeAll(async () => {
  main = await BicepFile.load('infra/main.bicep');
  frontDoor = await BicepFile.load('infra/modules/frontdoor.bicep');
});

const properties = (symbol: string) => {
  const resource = frontDoor.resources.get(symbol);
  if (!resource) throw new Error(`frontdoor.bicep has no ${symbol}`);
  return objectProperties(objectProperties(resource.body).get('properties')!);
};

describe('Front Door', () => {
  it('is deployed only with a custom host name, in front of the Function App', () => {
    const module = main.modules.get('frontDoor');
    expect(module?.path).toBe('modules/frontdoor.bicep');
    expect(module?.condition).toBe('(useFrontDoor)');
    expect(main.vars.get('useFrontDoor')?.text).toBe('!empty(customDomainHostName)');
    expect(main.params.get('customDomainHostName')?.defaultValue?.text).toBe("''");
    const params = objectProperties(objectProperties(module!.body).get('params')!);
    expect(params.get('originHostName')?.text).toBe('functionApp.outputs.defaultHostName');
    expect(params.get('customDomainHostName')?.text).toBe('customDomainHostName');
  });

  it('makes the custom domain the public URL unless one is given', () => {
    expect(objectProperties(main.vars.get('appSettings')!).get('SUPPORTDESK_PUBLIC_URL')?.text).toBe('effectivePublicUrl');
    expect(main.vars.get('effectivePublicUrl')?.text).toBe("empty(publicUrl) && useFrontDoor ? 'https://${customDomainHostName}' : publicUrl");
  });

  it('is Front Door Standard with a managed certificate, TLS 1.2 at least', () => {
    expect(frontDoor.evaluate(objectProperties(frontDoor.resources.get('profile')!.body).get('sku')!)).toEqual({ name: 'Standard_AzureFrontDoor' });
    expect(frontDoor.evaluate(properties('customDomain').get('tlsSettings')!)).toEqual({ certificateType: 'ManagedCertificate', minimumTlsVersion: 'TLS12' });
  });

  it('sends no health probes, which would execute the app around the clock', () => {
    expect(properties('originGroup').has('healthProbeSettings')).toBe(false);
  });

  it('forwards every path over HTTPS to the app, redirects HTTP, and caches nothing', () => {
    const route = properties('route');
    expect(frontDoor.evaluate(route.get('patternsToMatch')!)).toEqual(['/*']);
    expect(frontDoor.evaluate(route.get('forwardingProtocol')!)).toBe('HttpsOnly');
    expect(frontDoor.evaluate(route.get('httpsRedirect')!)).toBe('Enabled');
    expect(route.has('cacheConfiguration')).toBe(false);
    expect(route.get('customDomains')?.text).toMatch(/id: customDomain\.id/);
    const origin = properties('origin');
    expect(origin.get('hostName')?.text).toBe('originHostName');
    expect(origin.get('originHostHeader')?.text).toBe('originHostName');
    expect(frontDoor.evaluate(origin.get('enforceCertificateNameCheck')!)).toBe(true);
  });

  it('outputs what the client\'s DNS needs', () => {
    expect(main.outputs.get('AZURE_FRONT_DOOR_ENDPOINT')?.text).toBe("useFrontDoor ? frontDoor.outputs.endpointHostName : ''");
    expect(main.outputs.get('AZURE_FRONT_DOOR_VALIDATION_TOKEN')?.text).toBe("useFrontDoor ? frontDoor.outputs.validationToken : ''");
  });
});
