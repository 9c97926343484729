// One Support Desk instance (usually one per client): a resource group holding a Flex Consumption Function
// App and everything it talks to. Deployed with `az deployment sub create --parameters
// infra/clients/<client>.bicepparam` (the provision workflow) or with azd (`azd up`, infra/main.bicepparam):
// both parameter files set the same parameters (test/infra), see docs/infrastructure.md.
//
// Output naming convention (docs/infrastructure.md, "Settings and outputs"):
// - an output that carries the value of an app setting has exactly that setting's name
//   (e.g. ServiceBusConnection__fullyQualifiedNamespace, SUPPORTDESK_EMAIL_ENDPOINT), so `azd env get-values`
//   or the deployment outputs line up one to one with the Function App's settings;
// - everything else is prefixed AZURE_ (what scripts and pipelines need to find resources) or SERVICE_API_ (azd).
targetScope = 'subscription'

metadata description = 'Support Desk: one client instance on Azure Functions Flex Consumption, Table Storage, Durable Functions, Service Bus, Key Vault and Communication Services.'

@description('Name of the environment (azd) or instance, e.g. `supportdesk-contoso`. Names the resource group and, with the subscription and location, seeds the resourceToken that makes every resource name unique.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region of every regional resource. It must offer Flex Consumption: `az functionapp list-flexconsumption-locations`.')
@minLength(1)
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Lower-case slug of the client this instance serves, as in `PUT /api/clients/{clientId}`. Used for tags; the agreement itself is seeded through the API after deployment.')
@minLength(1)
@maxLength(48)
param clientId string

@description('Name of the resource group. Empty: `rg-<environmentName>`.')
param resourceGroupName string = ''

@description('Bearer key of the administrator (at least 24 characters). Stored in Key Vault; the app gets it through a Key Vault reference, never as a plain app setting.')
@secure()
@minLength(24)
param adminKey string

@description('Webhook secrets of the client by name, e.g. `{ "teams": "whsec_..." }`. Each becomes the Key Vault secret `webhook-<name>`; names are letters, digits and hyphens. The seed script resolves `secretRef`/`urlRef` in the client file from the same map.')
@secure()
param webhookSecrets object = {}

@description('The app\'s public URL (SUPPORTDESK_PUBLIC_URL): sign-in links point there and cookie writes must come from its origin. Empty: `https://<customDomainHostName>` when that is set, else the URL each request came to.')
param publicUrl string = ''

@description('The client\'s host name for the app, e.g. `support.contoso.com`: adds a Front Door (Standard) profile with a managed certificate in front of the Function App (about $35 a month, docs/azure-prices.md). Empty: no Front Door; the app answers on its azurewebsites.net host only.')
param customDomainHostName string = ''

@description('Entra ID issuer staff sign in with (SUPPORTDESK_STAFF_OIDC_ISSUER), e.g. https://login.microsoftonline.com/<tenant>/v2.0. Empty: staff sign in by e-mail link.')
param staffOidcIssuer string = ''

@description('The `aud` staff bearer tokens carry (SUPPORTDESK_STAFF_OIDC_AUDIENCE): the app registration\'s client id or Application ID URI.')
param staffOidcAudience string = ''

@description('Client id of the app registration for "Sign in with Microsoft" (SUPPORTDESK_STAFF_OIDC_CLIENT_ID).')
param staffOidcClientId string = ''

@description('Its client secret; kept in Key Vault and handed to the app as a Key Vault reference (SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET).')
@secure()
param staffOidcClientSecret string = ''

@description('The desk\'s own Slack or Teams channel (SUPPORTDESK_STAFF_CHAT_WEBHOOK): an incoming-webhook URL, which is its credential, so it is kept in Key Vault and handed to the app as a Key Vault reference. Empty: no desk channel.')
@secure()
param staffChatWebhook string = ''

@description('What staffChatWebhook is (SUPPORTDESK_STAFF_CHAT_FORMAT): `slack` or `teams`; empty when there is no desk channel.')
@allowed(['', 'slack', 'teams'])
param staffChatFormat string = ''

@description('Who receives SLA warnings, breaches and hour-bank alerts (SUPPORTDESK_SUPPORT_LEAD_EMAIL).')
@minLength(3)
param supportLeadEmail string

@description('The desk\'s support address (SUPPORTDESK_SUPPORT_ADDRESS): the shared mailbox mail is taken from, and Reply-To of every mail sent. Empty: the e-mail sender address.')
param supportAddress string = ''

@description('The shared mailbox mail is taken from through Microsoft Graph (SUPPORTDESK_GRAPH_MAILBOX), e.g. support@contoso.com. Empty: no mail is taken in Azure. Needs publicUrl (or customDomainHostName) for the notification URL, graphClientState, and the admin step of docs/mail-in.md (Mail.ReadWrite for the app\'s identity, limited to this mailbox by an application access policy).')
param graphMailbox string = ''

@description('The secret Graph returns in every change notification (SUPPORTDESK_GRAPH_CLIENT_STATE), 32-128 characters; kept in Key Vault and handed to the app as a Key Vault reference. Required with graphMailbox.')
@secure()
param graphClientState string = ''

@description('Microsoft Graph endpoint (SUPPORTDESK_GRAPH_BASE_URL); a national cloud\'s for sovereign clouds, e.g. https://graph.microsoft.us/v1.0.')
param graphBaseUrl string = 'https://graph.microsoft.com/v1.0'

@description('Days the raw message of each taken mail (container raw-mail) and its intake record are kept (SUPPORTDESK_RAW_MAIL_RETENTION_DAYS).')
@minValue(1)
@maxValue(3650)
param rawMailRetentionDays int = 90

@description('Name of the Service Bus topic every domain event is published to (SUPPORTDESK_EVENTS_TOPIC).')
@minLength(1)
@maxLength(260)
param eventsTopicName string = 'support-events'

@description('Resource id of an existing Service Bus Standard namespace to share with other client instances, or empty (the default) for a namespace of this instance\'s own. Shared, the instance gets its own topic `<eventsTopicName>-<clientId>` (with its subscriptions and role assignments) in that namespace, and the namespace\'s base charge (about $9.86 a month) is split between the instances: docs/infrastructure.md, "What it costs to run idle".')
param sharedServiceBusNamespaceId string = ''

@description('Where Communication Services keeps e-mail data at rest: `Europe`, `UK`, `United States`, ...')
param emailDataLocation string = 'Europe'

@description('The client\'s own e-mail sender domain, e.g. `support.contoso.com`: created in the Email Communication Service, its DNS records in the output AZURE_EMAIL_CUSTOM_DOMAIN_RECORDS. Empty: mail comes from the Azure-managed domain.')
param emailCustomDomain string = ''

@description('Send from `support@<emailCustomDomain>` (SUPPORTDESK_EMAIL_SENDER): set to true in a second deployment, once the domain\'s DNS records are verified.')
param emailUseCustomDomain bool = false

@description('Flex Consumption: upper bound on instances, i.e. the cost ceiling under a burst.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption: memory per instance in MB. 512, the smallest, is the default: idle, the instance only runs the five-minute timers, each execution billed at least one second of this memory (docs/infrastructure.md, "What it costs to run idle"). Raise it if the memory metric shows pressure under load.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('Log Analytics retention in days (Application Insights data lives there too).')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Log Analytics daily ingestion cap in GB, as a string (`-1`: no cap). A cap bounds cost if something logs in a loop; telemetry above it is dropped until the next day.')
param logDailyQuotaGb string = '1'

@description('Where Durable Functions keeps the SLA orchestrations\' state. `azureStorage`: a task hub in this instance\'s storage account (queues, tables, blobs; paid per storage transaction, polled even when idle). `durableTaskScheduler`: a managed Durable Task Scheduler with one task hub (paid by its SKU; no queue polling). Switched by app settings only: host.json stays on Azure Storage, which the local host always uses. Costs and limits: docs/durable-backend.md.')
@allowed([
  'azureStorage'
  'durableTaskScheduler'
])
param durableBackend string = 'azureStorage'

@description('Durable Task Scheduler SKU when durableBackend is `durableTaskScheduler`: `Consumption` (pay per action, no fixed cost) or `Dedicated` (fixed capacity units, for sustained load).')
@allowed([
  'Consumption'
  'Dedicated'
])
param durableTaskSchedulerSku string = 'Consumption'

@description('Capacity units of a Dedicated Durable Task Scheduler (ignored for Consumption): 1-3, each about 2,000 actions/s; zone redundancy needs 3.')
@minValue(1)
@maxValue(3)
param durableTaskSchedulerCapacity int = 1

@description('Key Vault purge protection. Keep it on for real clients; switch it off only for throwaway environments whose vault must be purged and recreated under the same name.')
param keyVaultPurgeProtection bool = true

@description('Defender for Storage malware scanning of attachments on upload (billed per GB scanned). Off: attachments are available at once and say `scan: "not-configured"`.')
param attachmentMalwareScanning bool = false

@description('Ticket search engine (docs/search.md). `embedded`: an in-process index in each instance, rebuilt from the tables at start; only for a deployment of one instance (set maximumInstanceCount to 1). `azureAiSearch`: an Azure AI Search service shared by every instance.')
@allowed([
  'embedded'
  'azureAiSearch'
])
param searchEngine string = 'embedded'

@description('Azure AI Search tier when searchEngine is `azureAiSearch`: `free` for trials (one per subscription), `basic` or `standard` for production.')
@allowed([
  'free'
  'basic'
  'standard'
])
param searchSku string = 'free'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var shareServiceBus = !empty(sharedServiceBusNamespaceId)
// `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ServiceBus/namespaces/<name>`
var sharedServiceBusParts = split(sharedServiceBusNamespaceId, '/')
var useFrontDoor = !empty(customDomainHostName)
var effectivePublicUrl = empty(publicUrl) && useFrontDoor ? 'https://${customDomainHostName}' : publicUrl
var tags = {
  'azd-env-name': environmentName
  'supportdesk-client': clientId
}
var functionAppName = 'func-${resourceToken}'
// CORS origins of the pages (attachments): the app's default host name and, when set, its public URL
// (an origin: scheme and host, without a trailing slash).
var appDefaultOrigin = 'https://${functionAppName}.azurewebsites.net'
var publicOrigin = endsWith(publicUrl, '/') ? substring(publicUrl, 0, length(publicUrl) - 1) : publicUrl
var useDurableTaskScheduler = durableBackend == 'durableTaskScheduler'
var useAiSearch = searchEngine == 'azureAiSearch'
// The task hub the Functions host addresses: `hubName` in host.json (test/infra checks they agree).
var durableTaskHubName = 'SupportDesk'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

// The topic's subscriptions, one per deliverer: the same list as `topicSubscriptions` in
// src/messaging/subscriptions.ts. test/infra fails when the two differ.
var topicSubscriptions = [
  {
    name: 'deliver-webhooks'
    correlationFilter: null
  }
  {
    name: 'deliver-ticket-email'
    correlationFilter: {
      category: 'ticket'
    }
  }
  {
    name: 'deliver-sla-email'
    correlationFilter: {
      category: 'sla'
    }
  }
  {
    name: 'deliver-hourbank-email'
    correlationFilter: {
      category: 'hourbank'
    }
  }
  {
    // Starts and wakes each ticket's SLA orchestration: ticket.created and every clock-moving event.
    name: 'sla'
    correlationFilter: {
      slaClocks: 'move'
    }
  }
  {
    // Keeps the ticket search index in step (docs/search.md).
    name: 'search'
    correlationFilter: {
      category: 'ticket'
    }
  }
  {
    // Turns each follow-up recorded on a closed ticket into a maintenance item.
    name: 'maintenance-items'
    correlationFilter: {
      type: 'ticket.follow-up-recorded'
    }
  }
  {
    // Turns each failed checklist line marked makeItem into a maintenance item.
    name: 'maintenance-check-items'
    correlationFilter: {
      type: 'ticket.checked'
    }
  }
  {
    // E-mail about maintenance releases (proposals, answers, release notes).
    name: 'deliver-maintenance-email'
    correlationFilter: {
      category: 'maintenance'
    }
  }
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

// The one identity of the app: the host (storage, Service Bus triggers, telemetry, Key Vault references)
// and the app's SDK clients (AZURE_CLIENT_ID) all use it.
module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.6.0' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.16.1' = {
  name: 'log-analytics'
  scope: rg
  params: {
    name: 'log-${resourceToken}'
    location: location
    tags: tags
    dataRetention: logRetentionInDays
    dailyQuotaGb: logDailyQuotaGb
  }
}

module applicationInsights 'br/public:avm/res/insights/component:0.8.0' = {
  name: 'application-insights'
  scope: rg
  params: {
    name: 'appi-${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    disableLocalAuth: true
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    principalId: identity.outputs.principalId
    // Browsers upload attachments straight to Blob Storage from the app's pages (docs/attachments.md).
    appOrigins: empty(publicUrl) ? [appDefaultOrigin] : [appDefaultOrigin, publicOrigin]
    malwareScanning: attachmentMalwareScanning
  }
}

module messaging 'modules/messaging.bicep' = {
  name: 'messaging'
  // A shared namespace's topic is deployed where the namespace lives; its name is per instance.
  scope: resourceGroup(
    shareServiceBus ? sharedServiceBusParts[2] : subscription().subscriptionId,
    shareServiceBus ? sharedServiceBusParts[4] : rg.name
  )
  dependsOn: [
    rg
  ]
  params: {
    namespaceName: shareServiceBus ? last(sharedServiceBusParts) : 'sb-${resourceToken}'
    useExistingNamespace: shareServiceBus
    location: location
    tags: tags
    topicName: shareServiceBus ? '${eventsTopicName}-${clientId}' : eventsTopicName
    subscriptions: topicSubscriptions
    principalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    adminKey: adminKey
    webhookSecrets: webhookSecrets
    staffOidcClientSecret: staffOidcClientSecret
    staffChatWebhook: staffChatWebhook
    graphClientState: empty(graphMailbox) ? '' : graphClientState
    enablePurgeProtection: keyVaultPurgeProtection
    principalId: identity.outputs.principalId
  }
}

module email 'modules/email.bicep' = {
  name: 'email'
  scope: rg
  params: {
    emailServiceName: 'ecs-${resourceToken}'
    communicationServiceName: 'acs-${resourceToken}'
    dataLocation: emailDataLocation
    tags: tags
    principalId: identity.outputs.principalId
    customDomainName: emailCustomDomain
    useCustomDomain: emailUseCustomDomain
  }
}

// Dead letters and failed executions e-mail the support lead (docs/infrastructure.md, "Operating an instance").
module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    namePrefix: resourceToken
    tags: tags
    supportLeadEmail: supportLeadEmail
    serviceBusNamespaceId: messaging.outputs.namespaceId
    applicationInsightsId: applicationInsights.outputs.resourceId
  }
}

module aiSearch 'modules/search.bicep' = if (useAiSearch) {
  name: 'search'
  scope: rg
  params: {
    name: 'srch-${resourceToken}'
    location: location
    tags: tags
    skuName: searchSku
    principalId: identity.outputs.principalId
  }
}

module durableTaskScheduler 'modules/durable-task-scheduler.bicep' = if (useDurableTaskScheduler) {
  name: 'durable-task-scheduler'
  scope: rg
  params: {
    name: 'dts-${resourceToken}'
    location: location
    tags: tags
    taskHubName: durableTaskHubName
    skuName: durableTaskSchedulerSku
    capacity: durableTaskSchedulerCapacity
    principalId: identity.outputs.principalId
  }
}

// Every app setting of the Function App. test/infra compares the names with appSettingsSchema in
// src/config/app-settings.ts: a setting the app reads in Azure must be here, and nothing here may be
// unknown to the app, apart from the host-only settings marked below.
var appSettings = {
  // Host storage, Durable Functions task hub and the app's tables, all with the managed identity.
  AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
  AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
  AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  // The app's own SDK clients (DefaultAzureCredential / ManagedIdentityCredential).
  AZURE_CLIENT_ID: identity.outputs.clientId
  // Publishing (app) and the deliverers' Service Bus triggers (host).
  ServiceBusConnection__fullyQualifiedNamespace: messaging.outputs.namespaceFqdn
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identity.outputs.clientId
  SUPPORTDESK_EVENTS_TOPIC: messaging.outputs.topicName
  SUPPORTDESK_ADMIN_KEY: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.adminKeyUri})'
  SUPPORTDESK_SUPPORT_LEAD_EMAIL: supportLeadEmail
  SUPPORTDESK_EMAIL_ENDPOINT: email.outputs.endpoint
  SUPPORTDESK_EMAIL_SENDER: email.outputs.senderAddress
  SUPPORTDESK_SUPPORT_ADDRESS: supportAddress
  // People (docs/product-spec.md §4): where sign-in links point, and Entra ID for staff. Empty values mean "not set".
  SUPPORTDESK_PUBLIC_URL: effectivePublicUrl
  SUPPORTDESK_STAFF_OIDC_ISSUER: staffOidcIssuer
  SUPPORTDESK_STAFF_OIDC_AUDIENCE: staffOidcAudience
  SUPPORTDESK_STAFF_OIDC_CLIENT_ID: staffOidcClientId
  SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET: empty(staffOidcClientSecret) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.staffOidcClientSecretUri})'
  // Ticket search: Azure AI Search, or (empty) the embedded engine.
  SUPPORTDESK_SEARCH_ENDPOINT: useAiSearch ? aiSearch.outputs.endpoint : ''
  // The desk's chat channel (docs/product-spec.md §13): SLA warnings and breaches, new tickets, quarantined mail.
  SUPPORTDESK_STAFF_CHAT_WEBHOOK: empty(staffChatWebhook) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.staffChatWebhookUri})'
  SUPPORTDESK_STAFF_CHAT_FORMAT: empty(staffChatWebhook) ? '' : staffChatFormat
  // Webhooks go to public https URLs only (SSRF guard); no allow list in Azure.
  SUPPORTDESK_WEBHOOK_ALLOW_HTTP: 'false'
  // Failed authentications per address before 429 (docs/security.md).
  SUPPORTDESK_AUTH_FAILURE_BUDGET: '10'
  // Attachments (docs/product-spec.md §9): wait for Defender's scan-result tag, or say no scanner is configured.
  SUPPORTDESK_ATTACHMENT_SCAN: attachmentMalwareScanning ? 'defender' : 'none'
  // E-mail in (docs/mail-in.md): the shared mailbox through Microsoft Graph, or (no mailbox) none; raw mail in Blob.
  SUPPORTDESK_MAIL_IN_TRANSPORT: empty(graphMailbox) ? 'none' : 'graph'
  SUPPORTDESK_GRAPH_MAILBOX: graphMailbox
  SUPPORTDESK_GRAPH_CLIENT_STATE: empty(graphMailbox) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.graphClientStateUri})'
  SUPPORTDESK_GRAPH_BASE_URL: graphBaseUrl
  SUPPORTDESK_MAIL_TAKEN_FOLDER: 'Taken'
  SUPPORTDESK_RAW_MAIL_RETENTION_DAYS: string(rawMailRetentionDays)
  // Host-only (read by the Functions host, not by the app):
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
}

// With the Durable Task Scheduler, these settings override host.json's storage provider (the host maps
// `AzureFunctionsJobHost__a__b` onto host.json's a.b), so one host.json serves both backends. Only the
// chosen branch of the condition is evaluated (Bicep inlines this runtime-valued variable into the
// `if()`), so the scheduler's outputs are read only when it exists.
var durableTaskSchedulerSettings = {
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'azureManaged'
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
  // The task hub is host.json's hubName; the identity is the app's user-assigned one.
  DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableTaskScheduler.outputs.endpoint};Authentication=ManagedIdentity;ClientID=${identity.outputs.clientId}'
}
var durableBackendSettings = useDurableTaskScheduler ? durableTaskSchedulerSettings : {}

module functionApp 'modules/functionapp.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityResourceId: identity.outputs.resourceId
    identityPrincipalId: identity.outputs.principalId
    deploymentStorageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: applicationInsights.outputs.name
    appSettings: union(appSettings, durableBackendSettings)
    // Node 22 LTS: Node 20 reached end of life in April 2026 (the code still runs on 20, which CI uses).
    nodeVersion: '22'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

// The client's domain in front of the app (docs/infrastructure.md, "Per client", step 7).
module frontDoor 'modules/frontdoor.bicep' = if (useFrontDoor) {
  name: 'front-door'
  scope: rg
  params: {
    profileName: 'afd-${resourceToken}'
    endpointName: 'supportdesk-${resourceToken}'
    customDomainHostName: customDomainHostName
    originHostName: functionApp.outputs.defaultHostName
    tags: tags
  }
}

// For scripts, pipelines and azd.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_SERVICEBUS_NAMESPACE string = messaging.outputs.namespaceName
output AZURE_STORAGE_ACCOUNT string = storage.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output AZURE_DURABLE_BACKEND string = durableBackend
output AZURE_EMAIL_CUSTOM_DOMAIN_RECORDS object = email.outputs.customDomainVerificationRecords
// The client's DNS: CNAME <customDomainHostName> -> AZURE_FRONT_DOOR_ENDPOINT, TXT _dnsauth.<customDomainHostName> = AZURE_FRONT_DOOR_VALIDATION_TOKEN.
output AZURE_FRONT_DOOR_ENDPOINT string = useFrontDoor ? frontDoor.outputs.endpointHostName : ''
output AZURE_FRONT_DOOR_VALIDATION_TOKEN string = useFrontDoor ? frontDoor.outputs.validationToken : ''

// Named exactly like the app setting each one feeds (values that are neither secrets nor identity ids).
output AzureWebJobsStorage__blobServiceUri string = storage.outputs.blobEndpoint
output AzureWebJobsStorage__queueServiceUri string = storage.outputs.queueEndpoint
output AzureWebJobsStorage__tableServiceUri string = storage.outputs.tableEndpoint
output ServiceBusConnection__fullyQualifiedNamespace string = messaging.outputs.namespaceFqdn
output SUPPORTDESK_EVENTS_TOPIC string = messaging.outputs.topicName
output SUPPORTDESK_SUPPORT_LEAD_EMAIL string = supportLeadEmail
output SUPPORTDESK_EMAIL_ENDPOINT string = email.outputs.endpoint
output SUPPORTDESK_EMAIL_SENDER string = email.outputs.senderAddress
output APPLICATIONINSIGHTS_CONNECTION_STRING string = applicationInsights.outputs.connectionString
