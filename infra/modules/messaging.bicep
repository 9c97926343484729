// Service Bus for domain events: one Standard namespace, one topic every event is published to, and one
// subscription per deliverer (see src/messaging/subscriptions.ts; test/infra keeps the two in step).

@description('Name of the Service Bus namespace: 6-50 letters, digits and hyphens, globally unique.')
@minLength(6)
@maxLength(50)
param namespaceName string

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

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
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

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
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

// A subscription whose correlationFilter is null keeps the $Default rule (a TrueFilter: every event).
// The others get one correlation rule on application properties. Creating a rule through Resource
// Manager removes the implicit $Default rule, so such a subscription receives only matching events.
resource correlationRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (entry, i) in subscriptions: if (entry.correlationFilter != null) {
    parent: topicSubscriptions[i]
    name: 'correlation-filter'
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

// Each deliverer's Service Bus trigger receives (peek-lock, complete, dead-letter) from its own subscription.
resource subscriptionReceivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (entry, i) in subscriptions: {
    name: guid(topicSubscriptions[i].id, principalId, roles.serviceBusDataReceiver)
    scope: topicSubscriptions[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

@description('Name of the namespace.')
output namespaceName string = namespace.name

@description('Fully qualified namespace, <name>.servicebus.windows.net (from the namespace endpoint, so it also holds in sovereign clouds).')
output namespaceFqdn string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

@description('Name of the topic.')
output topicName string = topic.name
