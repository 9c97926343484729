import { z } from 'zod';
import { outboundPolicy, type OutboundPolicy } from '../domain/network/outbound-url';
import { isAcceptableIdentityUrl } from './identity-url';

const notKeyVaultReference = (value: string): boolean => !value.startsWith('@Microsoft.KeyVault(');

/** Bicep sets optional settings to `''` when they are not used: that means unset. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/**
 * Every app setting the code reads, parsed once at start-up.
 *
 * Names are the ones `infra/` sets on the Function App; `test/infra` fails when the two drift apart.
 * Storage and Service Bus use the identity-based `<connection>__<property>` form that the Functions
 * host itself understands, so the host's triggers and the app's own SDK clients share one setting.
 */
export const appSettingsSchema = z
  .object({
    AzureWebJobsStorage: z
      .string()
      .min(1)
      .optional()
      .describe('Storage connection string. Local host and tests only; Azure uses the identity-based settings below.'),
    AzureWebJobsStorage__tableServiceUri: z
      .url()
      .optional()
      .describe('Table endpoint reached with the managed identity (Azure).'),
    AzureWebJobsStorage__queueServiceUri: z
      .url()
      .optional()
      .describe('Queue endpoint used by Durable Functions (Azure).'),
    AzureWebJobsStorage__blobServiceUri: z
      .url()
      .optional()
      .describe('Blob endpoint used by the host and Durable Functions (Azure).'),
    AzureWebJobsStorage__credential: z
      .literal('managedidentity')
      .optional()
      .describe('The host authenticates to storage with a managed identity.'),
    AzureWebJobsStorage__clientId: z
      .string()
      .optional()
      .describe('Client id of the user-assigned identity the host uses for storage.'),
    AZURE_CLIENT_ID: z
      .string()
      .optional()
      .describe('Client id of the user-assigned managed identity the app SDK clients use.'),
    ServiceBusConnection__fullyQualifiedNamespace: z
      .string()
      // The namespace host in Azure's public cloud and in the sovereign clouds infra/ can deploy to (Bicep
      // takes it from the namespace's own endpoint): Azure Government and Azure operated by 21Vianet.
      .regex(
        /^[a-z0-9-]+\.servicebus\.(?:windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/i,
        'must be <namespace>.servicebus.windows.net (or .usgovcloudapi.net, .chinacloudapi.cn)',
      )
      .optional()
      .describe(
        'Service Bus namespace for publishing and for the deliverer triggers. Unset: events stay in the storage-queue stand-in of the local host.',
      ),
    ServiceBusConnection__credential: z
      .literal('managedidentity')
      .optional()
      .describe('The host reaches Service Bus with a managed identity.'),
    ServiceBusConnection__clientId: z
      .string()
      .optional()
      .describe('Client id of the identity the host uses for Service Bus.'),
    SUPPORTDESK_EVENTS_TOPIC: z
      .string()
      .min(1)
      .default('support-events')
      .describe('Service Bus topic every domain event is published to.'),
    SUPPORTDESK_ADMIN_KEY: z
      .string()
      .min(24, 'must be at least 24 characters')
      // An unresolved Key Vault reference reaches the app as its literal text: never accept that as a key.
      .refine((key) => !key.startsWith('@Microsoft.KeyVault('), 'is an unresolved Key Vault reference')
      .describe('Bearer key of the administrator. A Key Vault reference in Azure.'),
    SUPPORTDESK_SUPPORT_LEAD_EMAIL: z
      .email()
      .optional()
      .describe('Who receives SLA warnings, breaches and hour-bank alerts.'),
    SUPPORTDESK_EMAIL_ENDPOINT: z
      .url()
      .optional()
      .describe('Azure Communication Services endpoint for e-mail (Azure).'),
    SUPPORTDESK_EMAIL_SENDER: z.email().optional().describe('From address of notification e-mail.'),
    SUPPORTDESK_SUPPORT_ADDRESS: optional(z.email()).describe(
      "The desk's support address (docs/product-spec.md §8): the mailbox mail is taken from and the Reply-To of every mail sent. Unset: the e-mail sender's address.",
    ),
    SUPPORTDESK_CLOCK: z
      .enum(['system', 'virtual'])
      .default('system')
      .describe('`virtual` enables /api/dev/clock on the local host.'),
    SUPPORTDESK_AUTH_FAILURE_BUDGET: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(10)
      .describe(
        'Failed authentications an address may make at once before it is answered 429; refilled at this many a minute.',
      ),
    SUPPORTDESK_WEBHOOK_ALLOW_HTTP: z
      .enum(['true', 'false'])
      .default('false')
      .describe('`true` accepts plain `http:` webhook URLs (the local host only; Azure sets `false`: https only).'),
    SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .optional()
      .describe(
        'Comma-separated host names or addresses webhooks may reach although they are not public (local development and tests). Never set in Azure.',
      ),
    SUPPORTDESK_PUBLIC_URL: optional(z.url({ protocol: /^https?$/ })).describe(
      "The app's own URL as people reach it: sign-in links point there and it is the origin cookie writes must come from. The local host defaults it to its own URL.",
    ),
    SUPPORTDESK_STAFF_CHAT_WEBHOOK: optional(
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
        .refine(notKeyVaultReference, 'is an unresolved Key Vault reference'),
    ).describe(
      "The desk's own Slack or Teams channel (an incoming-webhook URL, which is its credential: a Key Vault reference in Azure). It hears SLA warnings and breaches, new tickets and quarantined mail of every client. Unset: no desk channel.",
    ),
    SUPPORTDESK_STAFF_CHAT_FORMAT: optional(z.enum(['slack', 'teams'])).describe(
      'What SUPPORTDESK_STAFF_CHAT_WEBHOOK is: `slack` (incoming webhook) or `teams` (Teams Workflows webhook).',
    ),
    SUPPORTDESK_STAFF_OIDC_ISSUER: optional(
      z.url().refine(isAcceptableIdentityUrl, 'must be https (http only on loopback)'),
    ).describe(
      'Entra ID issuer staff sign in with, e.g. https://login.microsoftonline.com/{tenant}/v2.0. Unset: staff sign in by e-mail link.',
    ),
    SUPPORTDESK_STAFF_OIDC_AUDIENCE: optional(z.string().min(1)).describe(
      "The `aud` staff bearer tokens must carry (the app registration's client id or Application ID URI).",
    ),
    SUPPORTDESK_STAFF_OIDC_CLIENT_ID: optional(z.string().min(1)).describe(
      'Client id of the app registration for "Sign in with Microsoft" (authorization code with PKCE).',
    ),
    SUPPORTDESK_SEARCH_ENDPOINT: optional(z.url({ protocol: /^https?$/ })).describe(
      'Azure AI Search service (https://<name>.search.windows.net) tickets are indexed in, with the managed identity. Unset: the embedded engine (one instance only; docs/search.md).',
    ),
    SUPPORTDESK_SEARCH_INDEX_DIR: optional(z.string().min(1)).describe(
      "Folder the embedded search engine keeps its index in. Unset: the system's temporary folder (rebuilt from the tables after a restart). The local host uses its data folder.",
    ),
    SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET: optional(
      z.string().min(1).refine(notKeyVaultReference, 'is an unresolved Key Vault reference'),
    ).describe('Client secret of that app registration. A Key Vault reference in Azure.'),
    SUPPORTDESK_MAIL_IN_TRANSPORT: z
      .enum(['none', 'graph'])
      .default('none')
      .describe(
        '`graph`: mail is taken from the shared mailbox SUPPORTDESK_GRAPH_MAILBOX through Microsoft Graph (change notifications, delta catch-up). `none`: no cloud transport (the local host reads its inbox folder).',
      ),
    SUPPORTDESK_GRAPH_MAILBOX: optional(z.string().min(1)).describe(
      'The shared mailbox mail is taken from (its address or user id), e.g. support@contoso.com.',
    ),
    SUPPORTDESK_GRAPH_CLIENT_STATE: optional(
      z
        .string()
        .min(32, 'must be at least 32 characters')
        .max(128, 'must be at most 128 characters')
        .refine(notKeyVaultReference, 'is an unresolved Key Vault reference'),
    ).describe(
      'The secret Microsoft Graph sends back in every change notification (`clientState`); notifications without it are refused. A Key Vault reference in Azure.',
    ),
    SUPPORTDESK_GRAPH_BASE_URL: z
      .url({ protocol: /^https?$/ })
      .default('https://graph.microsoft.com/v1.0')
      .describe(
        'Microsoft Graph endpoint; every Graph call goes there and nowhere else (a national cloud, or a loopback server in tests).',
      ),
    SUPPORTDESK_MAIL_TAKEN_FOLDER: z
      .string()
      .min(1)
      .max(255)
      .default('Taken')
      .describe('Folder of the shared mailbox every taken mail is moved to, so the inbox shows what is left.'),
    SUPPORTDESK_RAW_MAIL_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(90)
      .describe('Days the raw message of each taken mail (blob container `raw-mail`) and its intake record are kept.'),
    SUPPORTDESK_ATTACHMENT_SCAN: z
      .enum(['defender', 'none'])
      .default('none')
      .describe(
        '`defender`: Defender for Storage scans uploads and attachments wait for its scan-result tag; `none`: no scanner, files are available at once and say `scan: "not-configured"`.',
      ),
  })
  .refine(
    (s) => (s.SUPPORTDESK_STAFF_OIDC_ISSUER === undefined) === (s.SUPPORTDESK_STAFF_OIDC_AUDIENCE === undefined),
    {
      message: 'set SUPPORTDESK_STAFF_OIDC_ISSUER and SUPPORTDESK_STAFF_OIDC_AUDIENCE together',
      path: ['SUPPORTDESK_STAFF_OIDC_AUDIENCE'],
    },
  )
  .refine((s) => (s.SUPPORTDESK_STAFF_CHAT_WEBHOOK === undefined) === (s.SUPPORTDESK_STAFF_CHAT_FORMAT === undefined), {
    message: 'set SUPPORTDESK_STAFF_CHAT_WEBHOOK and SUPPORTDESK_STAFF_CHAT_FORMAT together',
    path: ['SUPPORTDESK_STAFF_CHAT_FORMAT'],
  })
  .refine((s) => s.SUPPORTDESK_STAFF_OIDC_CLIENT_ID === undefined || s.SUPPORTDESK_STAFF_OIDC_ISSUER !== undefined, {
    message: 'the code flow needs SUPPORTDESK_STAFF_OIDC_ISSUER',
    path: ['SUPPORTDESK_STAFF_OIDC_CLIENT_ID'],
  })
  .refine((s) => s.SUPPORTDESK_MAIL_IN_TRANSPORT !== 'graph' || s.SUPPORTDESK_GRAPH_MAILBOX !== undefined, {
    message: 'the graph transport needs the shared mailbox',
    path: ['SUPPORTDESK_GRAPH_MAILBOX'],
  })
  .refine((s) => s.SUPPORTDESK_MAIL_IN_TRANSPORT !== 'graph' || s.SUPPORTDESK_GRAPH_CLIENT_STATE !== undefined, {
    message: 'the graph transport needs the clientState secret',
    path: ['SUPPORTDESK_GRAPH_CLIENT_STATE'],
  })
  .refine((s) => s.SUPPORTDESK_MAIL_IN_TRANSPORT !== 'graph' || s.SUPPORTDESK_PUBLIC_URL !== undefined, {
    message: 'the graph transport needs the public URL (its notification URL is derived from it)',
    path: ['SUPPORTDESK_PUBLIC_URL'],
  })
  .refine((s) => s.AzureWebJobsStorage !== undefined || s.AzureWebJobsStorage__tableServiceUri !== undefined, {
    message: 'set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__tableServiceUri (managed identity)',
    path: ['AzureWebJobsStorage'],
  });

export type AppSettings = z.infer<typeof appSettingsSchema>;

export class AppSettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid app settings:\n  ${problems.join('\n  ')}`);
    this.name = 'AppSettingsError';
  }
}

/** Parses the environment; throws an error that names every missing or bad setting. */
export function parseAppSettings(env: Readonly<Record<string, string | undefined>>): AppSettings {
  const result = appSettingsSchema.safeParse(env);
  if (!result.success) {
    throw new AppSettingsError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

/** Which client-configured URLs the app may call, from the two webhook settings. */
export function outboundPolicyOf(settings: AppSettings): OutboundPolicy {
  return outboundPolicy({
    allowHttp: settings.SUPPORTDESK_WEBHOOK_ALLOW_HTTP === 'true',
    allowedHosts: settings.SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS ?? '',
  });
}
