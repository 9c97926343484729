// Alerts of one instance, to the support lead by e-mail: a dead-lettered event on any topic subscription
// (a deliverer gave up on it, or it expired), and any failed function execution (an HTTP 5xx, a thrown
// timer, a deliverer that threw). Both are stateful: they fire once and resolve when the condition clears.

@description('Name prefix of the alert resources, e.g. `<resourceToken>`.')
param namePrefix string

@description('Tags applied to every resource of this module.')
param tags object = {}

@description('Who is e-mailed (SUPPORTDESK_SUPPORT_LEAD_EMAIL).')
param supportLeadEmail string

@description('Resource id of the Service Bus namespace whose subscriptions hold the dead-letter queues.')
param serviceBusNamespaceId string

@description('Resource id of the Application Insights component the Functions host reports executions to.')
param applicationInsightsId string

resource supportLead 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-support-lead-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'sdlead'
    enabled: true
    emailReceivers: [
      {
        name: 'support-lead'
        emailAddress: supportLeadEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// DeadletteredMessages is a count of messages sitting in dead-letter queues, per entity (EntityName): any
// value above zero on any subscription needs a person (docs/notifications.md: replay or discard).
resource deadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-dead-letters-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    description: 'A Support Desk event was dead-lettered on a topic subscription (docs/notifications.md).'
    severity: 2
    enabled: true
    scopes: [
      serviceBusNamespaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: [
      {
        actionGroupId: supportLead.id
      }
    ]
  }
}

// Every function execution (HTTP, timer, Service Bus, orchestration activity) is a request item of the
// Functions host; a failed one counts in requests/failed.
resource functionFailures 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-function-failures-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    description: 'A Support Desk function execution failed (Application Insights: failures).'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed-executions'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      {
        actionGroupId: supportLead.id
      }
    ]
  }
}

@description('Resource id of the support lead\'s action group.')
output actionGroupId string = supportLead.id
