// Key Vault (RBAC mode) of one Support Desk instance: the admin key, which reaches the app only as a
// Key Vault reference, and the webhook signing secrets of the client, kept as the system of record.

@description('Name of the vault: 3-24 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object = {}

@description('Bearer key of the administrator; stored as the secret `supportdesk-admin-key`.')
@secure()
@minLength(24)
param adminKey string

@description('Webhook secrets by name, e.g. `{ teams: "whsec_..." }`; each is stored as the secret `webhook-<name>`. Names: letters, digits and hyphens.')
@secure()
param webhookSecrets object = {}

@description('Client secret of the Entra ID app registration staff sign in with ("Sign in with Microsoft"); stored as the secret `staff-oidc-client-secret` when given. Empty: no code flow.')
@secure()
param staffOidcClientSecret string = ''

@description('The desk\'s own Slack or Teams webhook URL (the URL is the credential); stored as the secret `staff-chat-webhook` when given. Empty: no desk channel.')
@secure()
param staffChatWebhook string = ''

@description('The clientState Microsoft Graph returns in every mail notification; stored as the secret `graph-client-state` when given. Empty: no Graph mail transport.')
@secure()
param graphClientState string = ''

@description('Purge protection. Once on it cannot be switched off; a purged-protected vault name stays taken for the soft-delete retention period after deletion.')
param enablePurgeProtection bool = true

@description('Principal (object) id of the user-assigned managed identity the Function App runs as.')
param principalId string

var roles = loadJsonContent('roles.json')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The API refuses `false` here; leaving it unset is how protection stays off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    // Key Vault references are resolved by App Service over the public endpoint (no VNet in this design).
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'supportdesk-admin-key'
  properties: {
    value: adminKey
    contentType: 'text/plain'
  }
}

resource webhookSecretEntries 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for secret in items(webhookSecrets): {
    parent: vault
    name: 'webhook-${secret.key}'
    properties: {
      value: secret.value
      contentType: 'text/plain'
    }
  }
]

// App Service resolves the SUPPORTDESK_ADMIN_KEY reference with the app's identity (keyVaultReferenceIdentity).
// Scoped to that one secret: the app never reads any other secret of the vault.
resource adminKeyReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(adminKeySecret.id, principalId, roles.keyVaultSecretsUser)
  scope: adminKeySecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource staffOidcClientSecretEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(staffOidcClientSecret)) {
  parent: vault
  name: 'staff-oidc-client-secret'
  properties: {
    value: staffOidcClientSecret
    contentType: 'text/plain'
  }
}

// The SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET reference, resolved like the admin key's, scoped to that one secret.
resource staffOidcClientSecretReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(staffOidcClientSecret)) {
  name: guid(vault.id, 'staff-oidc-client-secret', principalId, roles.keyVaultSecretsUser)
  scope: staffOidcClientSecretEntry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource staffChatWebhookEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(staffChatWebhook)) {
  parent: vault
  name: 'staff-chat-webhook'
  properties: {
    value: staffChatWebhook
    contentType: 'text/plain'
  }
}

// The SUPPORTDESK_STAFF_CHAT_WEBHOOK reference, resolved like the admin key's, scoped to that one secret.
resource staffChatWebhookReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(staffChatWebhook)) {
  name: guid(vault.id, 'staff-chat-webhook', principalId, roles.keyVaultSecretsUser)
  scope: staffChatWebhookEntry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource graphClientStateEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(graphClientState)) {
  parent: vault
  name: 'graph-client-state'
  properties: {
    value: graphClientState
    contentType: 'text/plain'
  }
}

// The SUPPORTDESK_GRAPH_CLIENT_STATE reference, resolved like the admin key's, scoped to that one secret.
resource graphClientStateReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(graphClientState)) {
  name: guid(vault.id, 'graph-client-state', principalId, roles.keyVaultSecretsUser)
  scope: graphClientStateEntry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Vault URI, https://<name>.vault.azure.net/.')
output uri string = vault.properties.vaultUri

@description('Versionless URI of the admin key secret, so the app picks up a rotated key on the next refresh.')
output adminKeyUri string = adminKeySecret.properties.secretUri

@description('Versionless URI of the staff OIDC client secret; empty when none was given.')
output staffOidcClientSecretUri string = empty(staffOidcClientSecret) ? '' : staffOidcClientSecretEntry.properties.secretUri

@description('Versionless URI of the desk\'s chat webhook secret; empty when none was given.')
output staffChatWebhookUri string = empty(staffChatWebhook) ? '' : staffChatWebhookEntry.properties.secretUri

@description('Versionless URI of the Graph clientState secret; empty when none was given.')
output graphClientStateUri string = empty(graphClientState) ? '' : graphClientStateEntry.properties.secretUri
