// Contoso Inc. (agreement: examples/clients/contoso-blocker.json): one Support Desk instance.
// Every client file sets the same parameters as infra/main.bicepparam (azd's); test/infra checks it.
// Provision with the "provision" workflow (client: contoso, client-file: examples/clients/contoso-blocker.json)
// or by hand:
//   SUPPORTDESK_ADMIN_KEY=... SUPPORTDESK_WEBHOOK_SECRETS='{"teams":"whsec_..."}' node scripts/check-deploy-inputs.mjs
//   SUPPORTDESK_ADMIN_KEY=... SUPPORTDESK_WEBHOOK_SECRETS='{"teams":"whsec_..."}' \
//   az deployment sub create --name supportdesk-contoso --location westeurope \
//     --parameters infra/clients/contoso.bicepparam
// Secrets never live in this file: they are read from the environment of whoever deploys (in CI, the
// secrets of the GitHub environment `contoso`).
using '../main.bicep'

param environmentName = 'supportdesk-contoso'
param location = 'eastus2'
param clientId = 'contoso'
param supportLeadEmail = 'support-lead@supportdesk.example'

// At least 24 characters, e.g. `openssl rand -base64 33`. The deployment fails if it is not set.
param adminKey = readEnvironmentVariable('SUPPORTDESK_ADMIN_KEY')

// JSON object of webhook secrets by name; `{}` when the client has no webhooks yet.
param webhookSecrets = json(readEnvironmentVariable('SUPPORTDESK_WEBHOOK_SECRETS', '{}'))

// "Sign in with Microsoft" for Contoso's engineers (docs/infrastructure.md, "Per client", step 3); the
// client secret comes from the environment `contoso` like the admin key. Empty: staff sign in by e-mail link.
param staffOidcClientSecret = readEnvironmentVariable('SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET', '')
param staffOidcIssuer = ''
param staffOidcAudience = ''
param staffOidcClientId = ''

// The desk's own Slack or Teams channel: the incoming-webhook URL is a credential, so it comes from the
// environment `contoso` (SUPPORTDESK_STAFF_CHAT_WEBHOOK); the format is 'slack' or 'teams', '' without one.
param staffChatWebhook = readEnvironmentVariable('SUPPORTDESK_STAFF_CHAT_WEBHOOK', '')
param staffChatFormat = ''

// E-mail in through Microsoft Graph (docs/mail-in.md, "Microsoft Graph: the admin steps"): Contoso's shared
// mailbox, and the clientState secret from the environment `contoso` (SUPPORTDESK_GRAPH_CLIENT_STATE, 32-128
// characters, e.g. `openssl rand -hex 32`). Empty mailbox: no mail is taken.
param graphMailbox = ''
param graphClientState = readEnvironmentVariable('SUPPORTDESK_GRAPH_CLIENT_STATE', '')
param rawMailRetentionDays = 90

// Where sign-in links point and cookie writes must come from. Empty: https://<customDomainHostName> if set.
param publicUrl = ''
// Contoso's host name for the app, e.g. 'support.contoso.com': adds Front Door with a managed certificate
// (docs/infrastructure.md, "Per client", step 7). publicUrl then defaults to https://<that name>.
param customDomainHostName = ''

param emailDataLocation = 'United States'
// Mail from Contoso's own domain: set the domain, verify its DNS records, then set the second line to true
// (docs/infrastructure.md, "Per client", step 9). Empty: the Azure-managed domain.
param emailCustomDomain = ''
param emailUseCustomDomain = false
param maximumInstanceCount = 40
// The smallest Flex Consumption instance (docs/infrastructure.md, "What it costs to run idle").
param instanceMemoryMB = 512
param logRetentionInDays = 30
param logDailyQuotaGb = '1'
param durableBackend = 'azureStorage'
param keyVaultPurgeProtection = true
