#!/usr/bin/env node
/* global console, process */
// Checks the secret inputs of a deployment before anything reaches Azure; run by the provision workflow
// and by azd's preprovision hook (azure.yaml), so both paths refuse the same mistakes.
//
// SUPPORTDESK_WEBHOOK_SECRETS: a JSON object of webhook secrets by name. Each name becomes the Key Vault
// secret `webhook-<name>` (infra/modules/keyvault.bicep), and Key Vault names are 1-127 letters, digits
// and hyphens; a bad name would otherwise fail half-way through a deployment, or worse, be accepted as
// something else. SUPPORTDESK_ADMIN_KEY: set, at least 24 characters (main.bicep's @minLength).

/** `webhook-` + name must be a Key Vault secret name: letters, digits, inner hyphens, at most 127 in all. */
const webhookSecretName = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,117}[A-Za-z0-9])?$/;

const problems = [];
const raw = process.env.SUPPORTDESK_WEBHOOK_SECRETS ?? '{}';
let secrets;
try {
  secrets = JSON.parse(raw === '' ? '{}' : raw);
} catch {
  problems.push('SUPPORTDESK_WEBHOOK_SECRETS is not JSON');
}
if (secrets !== undefined) {
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
    problems.push('SUPPORTDESK_WEBHOOK_SECRETS must be a JSON object of secrets by name');
  } else {
    for (const [name, value] of Object.entries(secrets)) {
      // The name is printed as JSON so that control characters in it cannot forge log lines.
      if (!webhookSecretName.test(name))
        problems.push(`webhook secret name ${JSON.stringify(name)}: letters, digits and inner hyphens, at most 119`);
      if (typeof value !== 'string' || value.length === 0)
        problems.push(`webhook secret ${JSON.stringify(name)}: the value must be a non-empty string`);
    }
  }
}
const adminKey = process.env.SUPPORTDESK_ADMIN_KEY ?? '';
if (adminKey.length < 24) problems.push('SUPPORTDESK_ADMIN_KEY must be set, at least 24 characters');

if (problems.length > 0) {
  for (const problem of problems) console.error(`error: ${problem}`);
  process.exit(1);
}
console.log('deployment inputs are well-formed');
