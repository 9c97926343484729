// Contoso Inc. (agreement: examples/clients/contoso-blocker.json): one Support Desk instance.
// Provision with the "provision" workflow (client: contoso, client-file: examples/clients/contoso-blocker.json)
// or by hand:
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

param emailDataLocation = 'United States'
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param logRetentionInDays = 30
param logDailyQuotaGb = '1'
