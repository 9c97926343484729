// The client's own domain in front of the Function App: Flex Consumption has no App Service managed
// certificates, so an Azure Front Door (Standard) profile terminates TLS for the domain with a Front Door
// managed certificate and forwards everything to the app over HTTPS. Deployed only when main.bicep's
// customDomainHostName is set. The DNS records (a TXT record for validation, a CNAME to the endpoint) are
// added by hand from the outputs: docs/infrastructure.md, "Per client", step 7.

@description('Name of the Front Door profile.')
param profileName string

@description('Name of the Front Door endpoint (becomes <name>-<hash>.z01.azurefd.net).')
param endpointName string

@description('The client\'s host name, e.g. `support.contoso.com`.')
param customDomainHostName string

@description('Default host name of the Function App (`func-<token>.azurewebsites.net`), the only origin.')
param originHostName string

@description('Tags applied to every resource of this module.')
param tags object = {}

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: profileName
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

// No health probe: with one origin there is nothing to fail over to, and probes from every Front Door
// point of presence would execute GET /api/health around the clock, so the app would never idle.
resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'function-app'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    sessionAffinityState: 'Disabled'
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: originGroup
  name: 'function-app'
  properties: {
    hostName: originHostName
    originHostHeader: originHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource customDomain 'Microsoft.Cdn/profiles/customDomains@2024-02-01' = {
  parent: profile
  name: replace(customDomainHostName, '.', '-')
  properties: {
    hostName: customDomainHostName
    tlsSettings: {
      certificateType: 'ManagedCertificate'
      minimumTlsVersion: 'TLS12'
    }
  }
}

// Every path to the app, HTTPS to the origin, HTTP redirected to HTTPS; no caching (every answer is per
// user or per client, and a cached one would leak across tenants).
resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'all'
  dependsOn: [
    origin
  ]
  properties: {
    customDomains: [
      {
        id: customDomain.id
      }
    ]
    originGroup: {
      id: originGroup.id
    }
    supportedProtocols: [
      'Http'
      'Https'
    ]
    patternsToMatch: [
      '/*'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
  }
}

@description('Host name of the Front Door endpoint: the target of the client\'s CNAME record.')
output endpointHostName string = endpoint.properties.hostName

@description('Value of the TXT record `_dnsauth.<custom domain>` that proves the domain for the managed certificate.')
output validationToken string = customDomain.properties.validationProperties.validationToken
