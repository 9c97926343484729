// E-mail through Azure Communication Services: an Email Communication Service with an Azure-managed
// domain (sender DoNotReply@<guid>.azurecomm.net), linked to a Communication Services resource whose
// endpoint the app sends through with its managed identity.

@description('Name of the Email Communication Service.')
param emailServiceName string

@description('Name of the Communication Services resource (globally unique: it becomes <name>.<geo>.communication.azure.com).')
param communicationServiceName string

@description('Where Communication Services keeps data at rest, e.g. `Europe`, `UK`, `United States`. Both resources must use the same value.')
param dataLocation string

@description('Tags applied to every resource of this module.')
param tags object = {}

@description('Principal (object) id of the user-assigned managed identity the Function App runs as.')
param principalId string

var roles = loadJsonContent('roles.json')

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

// Free, no DNS to set up; fine for notifications. A client that wants mail from its own domain adds a
// CustomerManaged domain and changes SUPPORTDESK_EMAIL_SENDER.
resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      managedDomain.id
    ]
  }
}

// Sending with an Entra token (EmailClient.beginSend: POST /emails:send, then GET /emails/operations/{id})
// is authorised on the Communication Services resource. The built-in "Communication and Email Service
// Owner" would also let the app delete the resource, list and regenerate its keys and change its domains;
// this custom role holds only the actions Microsoft's own SMTP/Entra sending quickstart grants for
// sending ("Send email with SMTP and Microsoft Entra ID", custom role), assignable in this resource group
// only. test/infra compares the list with what the code calls.
var emailSendActions = [
  'Microsoft.Communication/CommunicationServices/Read'
  'Microsoft.Communication/CommunicationServices/Write'
  'Microsoft.Communication/EmailServices/write'
]

// Role names are unique in the tenant, so the name carries the resource group's id.
resource emailSenderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'supportdesk-email-sender')
  properties: {
    roleName: 'Support Desk e-mail sender ${uniqueString(resourceGroup().id)}'
    description: 'Send e-mail through the Communication Services resource of one Support Desk instance, nothing else.'
    type: 'CustomRole'
    permissions: [
      {
        actions: emailSendActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource emailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, principalId, emailSenderRole.id)
  scope: communication
  properties: {
    roleDefinitionId: emailSenderRole.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Endpoint the app sends e-mail through, https://<name>.<geo>.communication.azure.com.')
output endpoint string = 'https://${communication.properties.hostName}'

@description('From address: the managed domain\'s default DoNotReply sender.')
output senderAddress string = 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'
