// Service Bus for domain events: one Standard namespace, one topic every event is published to, and one
// subscription per deliverer (see src/messaging/subscriptions.ts; test/infra keeps the two in step).

@description('Name of the Service Bus namespace: 6-50 letters, digits and hyphens, globally unique.')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('The namespace already exists and is shared with other client instances (each with a topic of its own): use it, do not create it. The module is then deployed in that namespace\'s resource group.')
param useExistingNamespace bool = false

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags object = {}

@description('Name of the topic every domain event is published to (app setting SUPPORTDESK_EVENTS_TOPIC).')
param topicName string

@description('The topic\'s subscriptions: `{ name, correlationFilter }`, where correlationFilter is an object of application properties to match, or null to receive every event.')
param subscriptions array

@description('How long the topic remembers message ids to drop duplicates (ISO 8601, at most P7D). The outbox relay re-sends an event with the same id when it cannot tell whether a send succeeded.')
param duplicateDetectionWindow string = 'P1D'

@description('Principal (object) id of the user-assigned managed identity the Function App runs as.')
param principalId string

var roles = loadJsonContent('roles.json')

resource createdNamespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = if (!useExistingNamespace) {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // Entra ID only: no SAS keys exist to leak.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

// The namespace the topic lives in: the one created above, or one shared with other instances.
resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: namespaceName
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  dependsOn: [
    createdNamespace
  ]
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    defaultMessageTimeToLive: 'P14D'
    maxSizeInMegabytes: 1024
    enableBatchedOperations: true
  }
}

resource topicSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for entry in subscriptions: {
    parent: topic
    name: entry.name
    properties: {
      // A message that expires or that a deliverer fails maxDeliveryCount times is kept in the
      // subscription's dead-letter queue, never dropped.
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
      maxDeliveryCount: 10
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: 'P14D'
      enableBatchedOperations: true
    }
  }
]

// Every subscription is created with the rule `$Default` (a TrueFilter: every event). A subscription
// with a correlationFilter gets that filter written into `$Default` itself, replacing the TrueFilter,
// rather than a second rule beside it: whether Resource Manager removes the implicit `$Default` when
// another rule is added is not documented (public reports disagree), and if it survived, `sla` and the
// e-mail deliverers would receive every event. Writing `$Default` is certain either way.
// A null correlationFilter leaves `$Default` as created: every event.
resource defaultRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (entry, i) in subscriptions: if (entry.correlationFilter != null) {
    parent: topicSubscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'CorrelationFilter'
      correlationFilter: {
        properties: entry.correlationFilter
      }
    }
  }
]

// The app publishes every domain event to the topic (and to nothing else).
resource topicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, principalId, roles.serviceBusDataSender)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Each deliverer's Service Bus trigger receives (peek-lock, complete, dead-letter) from its own subscription,
// and on Flex Consumption the target-based scaler reads that subscription's message count, which needs the
// Manage right: with Listen (Receiver) only, the extension logs "does not have 'Manage Claim'" and the app
// scales incrementally instead of by backlog. Manage exists in one built-in data role, Azure Service Bus
// Data Owner; it is granted on each subscription alone (not the topic or namespace), so the identity can
// manage nothing but the subscriptions it already reads. docs/infrastructure.md, "Role assignments".
resource subscriptionOwners 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (entry, i) in subscriptions: {
    name: guid(topicSubscriptions[i].id, principalId, roles.serviceBusDataOwner)
    scope: topicSubscriptions[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataOwner)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

@description('Name of the namespace.')
output namespaceName string = namespace.name

@description('Resource id of the namespace (its dead-letter alert).')
output namespaceId string = namespace.id

@description('Fully qualified namespace, <name>.servicebus.windows.net (from the namespace endpoint, so it also holds in sovereign clouds).')
output namespaceFqdn string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

@description('Name of the topic.')
output topicName string = topic.name
