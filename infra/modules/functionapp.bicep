// The Function App on a Flex Consumption plan (Linux, Node.js), running as a user-assigned managed identity.

@description('Name of the Function App (globally unique: it becomes <name>.azurewebsites.net).')
param name string

@description('Name of the Flex Consumption (FC1) plan.')
param planName string

@description('Azure region of the plan and the app; it must offer Flex Consumption.')
param location string

@description('Tags applied to the plan and the app; the app also gets `azd-service-name: api` so `azd deploy` finds it.')
param tags object = {}

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityResourceId string

@description('Principal (object) id of that identity, for its role on Application Insights.')
param identityPrincipalId string

@description('Blob endpoint of the storage account that holds the deployment package, with trailing slash.')
param deploymentStorageBlobEndpoint string

@description('Container that holds the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component the host sends telemetry to (Entra-authenticated).')
param applicationInsightsName string

@description('App settings, name to value. Built in main.bicep, where test/infra checks them against src/config/app-settings.ts.')
param appSettings object

@description('Node.js major version of the Flex Consumption runtime: 22 (LTS). 20 reached end of life in April 2026.')
@allowed([
  '22'
])
param nodeVersion string = '22'

@description('Upper bound on instances the plan scales out to; also the cost ceiling under a burst.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

var roles = loadJsonContent('roles.json')

module plan 'br/public:avm/res/web/serverfarm:0.7.0' = {
  name: 'flex-consumption-plan'
  params: {
    name: planName
    location: location
    tags: tags
    skuName: 'FC1'
    reserved: true
    zoneRedundant: false
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.outputs.resourceId
    httpsOnly: true
    // Key Vault references in app settings are resolved with the user-assigned identity.
    keyVaultReferenceIdentity: identityResourceId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${deploymentStorageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: appSettings
}

// Deployments authenticate with Entra ID (azd, Azure/functions-action with azure/login); no publishing passwords.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Local authentication is off on Application Insights, so the host sends telemetry with an Entra token
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING); that needs this role on the component.
resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the Function App.')
output name string = functionApp.name

@description('Default host name of the Function App, <name>.azurewebsites.net (Front Door\'s origin).')
output defaultHostName string = functionApp.properties.defaultHostName

@description('Base URL of the Function App, https://<default host name>.')
output url string = 'https://${functionApp.properties.defaultHostName}'
