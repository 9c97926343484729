// E-mail through Azure Communication Services: an Email Communication Service with an Azure-managed
// domain (sender DoNotReply@<guid>.azurecomm.net), linked to a Communication Services resource whose
// endpoint the app sends through with its managed identity. Optionally the client's own domain, in two
// deployments: the first creates it (its DNS records are an output), the second, once the records are
// verified, links it and sends from it. Linking an unverified domain fails, hence the two steps.

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

@description('The client\'s own sender domain, e.g. `support.contoso.com`. Empty: the Azure-managed domain only.')
param customDomainName string = ''

@description('Send from the custom domain: set it only after the domain\'s DNS records are verified.')
param useCustomDomain bool = false

@description('Local part of the sender address on the custom domain.')
param customSenderUsername string = 'support'

var hasCustomDomain = !empty(customDomainName)
var sendsFromCustomDomain = hasCustomDomain && useCustomDomain

var roles = loadJsonContent('roles.json')

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

// Free, no DNS to set up, low fixed sending limits: fine to start with. Always kept, so switching back from
// a custom domain is one parameter.
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

// The client's domain: DNS verification (Domain TXT, SPF, DKIM, DKIM2, DMARC) is done by hand with the
// records this resource reports (docs/infrastructure.md, "Per client", step 9).
resource customDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = if (hasCustomDomain) {
  parent: emailService
  name: hasCustomDomain ? customDomainName : 'unused'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2023-04-01' = if (hasCustomDomain) {
  parent: customDomain
  name: customSenderUsername
  properties: {
    username: customSenderUsername
    displayName: 'Support Desk'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: sendsFromCustomDomain ? [managedDomain.id, customDomain.id] : [managedDomain.id]
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
    // The subscription-level form of the id, as for built-in roles (a role definition deployed in a
    // resource group still lives at subscription level; its resource-group-scoped id is not accepted).
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', emailSenderRole.name)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Endpoint the app sends e-mail through, https://<name>.<geo>.communication.azure.com.')
output endpoint string = 'https://${communication.properties.hostName}'

@description('From address: the custom domain\'s sender once it is used, else the managed domain\'s DoNotReply sender.')
output senderAddress string = sendsFromCustomDomain ? '${customSender.properties.username}@${customDomain.properties.mailFromSenderDomain}' : 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'

@description('The DNS records that verify the custom domain (Domain, SPF, DKIM, DKIM2, DMARC), empty without one.')
output customDomainVerificationRecords object = hasCustomDomain ? customDomain.properties.verificationRecords : {}
