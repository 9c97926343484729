// Durable Task Scheduler: the managed backend Durable Functions can keep orchestration state in instead
// of the storage account (docs/durable-backend.md). Deployed only when main.bicep's durableBackend is
// `durableTaskScheduler`. One scheduler with one task hub, reached by the app's managed identity.

@description('Name of the scheduler: letters, digits and hyphens, 3-64 characters.')
@minLength(3)
@maxLength(64)
param name string

@description('Azure region of the scheduler; keep it in the Function App\'s region.')
param location string

@description('Tags applied to the scheduler.')
param tags object = {}

@description('Name of the task hub: the `hubName` of host.json, which the Functions host addresses.')
@minLength(3)
@maxLength(64)
param taskHubName string

@description('Billing SKU: `Consumption` (pay per action, no fixed cost) or `Dedicated` (fixed capacity units).')
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string = 'Consumption'

@description('Capacity units of a Dedicated scheduler (ignored for Consumption): 1-3; zone redundancy needs 3.')
@minValue(1)
@maxValue(3)
param capacity int = 1

@description('Principal (object) id of the user-assigned managed identity the Function App runs as.')
param principalId string

var roles = loadJsonContent('roles.json')
var dedicatedSku = {
  name: 'Dedicated'
  capacity: capacity
}
var consumptionSku = {
  name: 'Consumption'
}

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: skuName == 'Dedicated' ? dedicatedSku : consumptionSku
    // Reached over the internet with Entra ID (no network isolation in this template, as for storage).
    // An empty list would refuse every caller.
    ipAllowlist: [
      '0.0.0.0/0'
    ]
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

// Orchestrations, activities, timers, entities of the one task hub the app uses: the role on that task
// hub only, not on the scheduler (which could hold other hubs) or the resource group.
resource durableTaskDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(taskHub.id, principalId, roles.durableTaskDataContributor)
  scope: taskHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.durableTaskDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The scheduler\'s endpoint (https://<name>.<suffix>.durabletask.io), for the connection string.')
output endpoint string = scheduler.properties.endpoint

output taskHubName string = taskHub.name
output name string = scheduler.name
