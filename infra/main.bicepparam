// azd's parameters: `azd up` / `azd provision` evaluate this file with the azd environment's values as
// environment variables (`azd env set NAME value`). It sets the same parameters as every
// infra/clients/<client>.bicepparam (test/infra fails when the sets differ), so a developer's instance and
// a client's are deployed from one template with one parameter set; only where the values come from differs.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')
param clientId = readEnvironmentVariable('SUPPORTDESK_CLIENT_ID', 'dev')
param supportLeadEmail = readEnvironmentVariable('SUPPORTDESK_SUPPORT_LEAD_EMAIL')

// Secrets: from the environment only, never written here.
param adminKey = readEnvironmentVariable('SUPPORTDESK_ADMIN_KEY')
param webhookSecrets = json(readEnvironmentVariable('SUPPORTDESK_WEBHOOK_SECRETS', '{}'))
param staffOidcClientSecret = readEnvironmentVariable('SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET', '')
param staffChatWebhook = readEnvironmentVariable('SUPPORTDESK_STAFF_CHAT_WEBHOOK', '')
param staffChatFormat = readEnvironmentVariable('SUPPORTDESK_STAFF_CHAT_FORMAT', '')
param graphClientState = readEnvironmentVariable('SUPPORTDESK_GRAPH_CLIENT_STATE', '')

// E-mail in through Microsoft Graph (docs/mail-in.md): the shared mailbox; empty means no mail is taken.
param graphMailbox = readEnvironmentVariable('SUPPORTDESK_GRAPH_MAILBOX', '')
param rawMailRetentionDays = int(readEnvironmentVariable('SUPPORTDESK_RAW_MAIL_RETENTION_DAYS', '90'))

// People: the public URL (custom domain) and Entra ID sign-in for staff; empty means "not used".
param publicUrl = readEnvironmentVariable('SUPPORTDESK_PUBLIC_URL', '')
param customDomainHostName = readEnvironmentVariable('SUPPORTDESK_CUSTOM_DOMAIN_HOST_NAME', '')
param staffOidcIssuer = readEnvironmentVariable('SUPPORTDESK_STAFF_OIDC_ISSUER', '')
param staffOidcAudience = readEnvironmentVariable('SUPPORTDESK_STAFF_OIDC_AUDIENCE', '')
param staffOidcClientId = readEnvironmentVariable('SUPPORTDESK_STAFF_OIDC_CLIENT_ID', '')

param emailDataLocation = readEnvironmentVariable('SUPPORTDESK_EMAIL_DATA_LOCATION', 'Europe')
param emailCustomDomain = readEnvironmentVariable('SUPPORTDESK_EMAIL_CUSTOM_DOMAIN', '')
param emailUseCustomDomain = bool(readEnvironmentVariable('SUPPORTDESK_EMAIL_USE_CUSTOM_DOMAIN', 'false'))
param maximumInstanceCount = int(readEnvironmentVariable('SUPPORTDESK_MAXIMUM_INSTANCE_COUNT', '40'))
param instanceMemoryMB = int(readEnvironmentVariable('SUPPORTDESK_INSTANCE_MEMORY_MB', '512'))
param logRetentionInDays = 30
param logDailyQuotaGb = '1'
param durableBackend = readEnvironmentVariable('SUPPORTDESK_DURABLE_BACKEND', 'azureStorage')
// Throwaway developer environments may set this to 'false' before their first deployment.
param keyVaultPurgeProtection = bool(readEnvironmentVariable('SUPPORTDESK_KEY_VAULT_PURGE_PROTECTION', 'true'))
