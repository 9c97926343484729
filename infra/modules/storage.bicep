// Storage account of one Support Desk instance. It holds, with shared-key access switched off:
// - the app's own tables (tickets, clients, outbox, ...), reached through AzureWebJobsStorage__tableServiceUri;
// - the Durable Functions task hub: control and work-item queues, History and Instances tables, lease blobs
//   (the Durable extension creates them at first start, named after the hub name the host is given);
// - the Functions host's own blobs (host locks, timer-trigger state);
// - the Flex Consumption deployment package, in `deploymentContainerName`;
// - ticket attachments, in the `attachments` container: browsers PUT and GET them directly with
//   user-delegation SAS URLs the app signs with its identity (docs/attachments.md), so the Blob service
//   allows CORS from the app's origins only, and Defender for Storage may scan each upload.

@description('Name of the storage account: 3-24 lower-case letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to every resource of this module.')
param tags object = {}

@description('Blob container that holds the Flex Consumption deployment package.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string

@description('Principal (object) id of the user-assigned managed identity the Function App runs as.')
param principalId string

@description('Origins of the app\'s pages (scheme and host), allowed by CORS to upload and read attachments.')
param appOrigins array

@description('Defender for Storage malware scanning on upload: attachments wait for its scan-result tag (SUPPORTDESK_ATTACHMENT_SCAN=defender).')
param malwareScanning bool = false

@description('Most GB Defender scans a month (billed per GB scanned).')
param malwareScanningCapGBPerMonth int = 100

var roles = loadJsonContent('roles.json')

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // Entra ID only: the host, Durable Functions and the app all use the managed identity.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    cors: {
      corsRules: [
        {
          // Only what an upload (PUT) and a download or thumbnail (GET) from the app's pages need.
          allowedOrigins: appOrigins
          allowedMethods: [
            'PUT'
            'GET'
            'HEAD'
          ]
          allowedHeaders: [
            'content-type'
            'x-ms-blob-type'
            'x-ms-version'
            'x-ms-date'
            'x-ms-client-request-id'
          ]
          exposedHeaders: [
            'etag'
            'x-ms-request-id'
          ]
          maxAgeInSeconds: 600
        }
      ]
    }
  }
}

// Ticket attachments; private: every read and write goes through a URL the app signed for one blob.
resource attachmentsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'attachments'
  properties: {
    publicAccess: 'None'
  }
}

// The raw message of every mail taken through Microsoft Graph (docs/mail-in.md); private, read by nobody but
// the app, and deleted day by day by the retention sweep after SUPPORTDESK_RAW_MAIL_RETENTION_DAYS.
resource rawMailContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'raw-mail'
  properties: {
    publicAccess: 'None'
  }
}

// Malware scanning on upload writes the `Malware Scanning scan result` index tag the app reads.
resource defenderForStorage 'Microsoft.Security/defenderForStorageSettings@2022-12-01-preview' = if (malwareScanning) {
  name: 'current'
  scope: storage
  properties: {
    isEnabled: true
    malwareScanning: {
      onUpload: {
        isEnabled: true
        capGBPerMonth: malwareScanningCapGBPerMonth
      }
    }
    sensitiveDataDiscovery: {
      isEnabled: false
    }
    overrideSubscriptionLevelSettings: true
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// Tables: the app's data (it creates its tables on first use) and the Durable task hub's History and
// Instances tables. Table-level scopes are not possible because the tables do not exist before first start.
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Queues: the Durable task hub's control and work-item queues, created and drained by the extension.
resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Blobs: host locks and timer state, Durable lease and large-message containers (created at runtime, so the
// scope cannot be one container), reading the Flex deployment package, and attachments: Owner includes
// asking for user-delegation keys (the app signs upload and read URLs with them) and reading blob tags. Owner rather than Contributor
// because the Functions host documents Storage Blob Data Owner for AzureWebJobsStorage.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the storage account.')
output name string = storage.name

@description('Blob endpoint, e.g. https://<account>.blob.core.windows.net/ (with trailing slash).')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Queue endpoint.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue

@description('Table endpoint.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('Name of the deployment package container.')
output deploymentContainerName string = deploymentContainer.name
