// Azure AI Search for ticket search (docs/search.md), deployed only when main.bicep's searchEngine is
// `azureAiSearch`: for deployments that outgrow one instance, whose embedded index could not be shared.
// The app creates its index itself (PUT /indexes/tickets-v<format>) and pushes documents with its
// managed identity; keys are switched off.

@description('Name of the search service: lower-case letters, digits and hyphens, 2-60 characters.')
@minLength(2)
@maxLength(60)
param name string

@description('Azure region of the service; keep it in the Function App\'s region.')
param location string

@description('Tags applied to the service.')
param tags object = {}

@description('Pricing tier: `free` for trials (one per subscription, 50 MB, no SLA), `basic` or `standard` beyond.')
@allowed([
  'free'
  'basic'
  'standard'
])
param skuName string = 'free'

@description('Principal (object) id of the user-assigned managed identity the Function App runs as.')
param principalId string

// Built-in roles (the same ids in every tenant): create and update the index definition; push and query documents.
var searchServiceContributor = '7ca78c08-252a-4471-8644-bb5ff32d4ba0'
var searchIndexDataContributor = '8ebe5a00-799e-43f5-93ac-243d3dce84a7'

resource search 'Microsoft.Search/searchServices@2023-11-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    replicaCount: 1
    partitionCount: 1
    // Entra ID only: the app's managed identity, no admin or query keys.
    disableLocalAuth: true
    publicNetworkAccess: 'enabled'
  }
}

resource indexManager 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(search.id, principalId, searchServiceContributor)
  scope: search
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', searchServiceContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource documentWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(search.id, principalId, searchIndexDataContributor)
  scope: search
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', searchIndexDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The service endpoint (https://<name>.search.windows.net), the app setting SUPPORTDESK_SEARCH_ENDPOINT.')
output endpoint string = 'https://${search.name}.search.windows.net'
output name string = search.name
