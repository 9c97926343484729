/**
 * scripts/check-deploy-inputs.mjs, which the provision workflow and azd's preprovision hook run before a
 * deployment: webhook secret names become Key Vault secret names (`webhook-<name>`), so they are checked first.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/bicep';

const adminKey = 'a-well-formed-admin-key-0000000';
const check = (env: Record<string, string>) => {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts/check-deploy-inputs.mjs')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr };
};

describe('check-deploy-inputs', () => {
  it.each([
    ['no webhooks', undefined],
    ['an empty object', '{}'],
    ['names of letters, digits and inner hyphens', '{"teams":"whsec_a","ops-2":"whsec_b"}'],
    ['a name of 119 characters', JSON.stringify({ ['a'.repeat(119)]: 'whsec_a' })],
  ])('accepts %s', (_what, secrets) => {
    const result = check({ SUPPORTDESK_ADMIN_KEY: adminKey, ...(secrets === undefined ? {} : { SUPPORTDESK_WEBHOOK_SECRETS: secrets }) });
    expect(result).toEqual({ status: 0, stderr: '' });
  });

  it.each([
    ['an underscore', '{"team_s":"whsec_a"}', /team_s/],
    ['a dot', '{"teams.prod":"whsec_a"}', /teams\.prod/],
    ['a leading hyphen', '{"-teams":"whsec_a"}', /-teams/],
    ['a trailing hyphen', '{"teams-":"whsec_a"}', /teams-/],
    ['a newline (printed escaped, never as a line of its own)', '{"a\\nerror: forged":"whsec_a"}', /"a\\nerror: forged"/],
    ['120 characters', JSON.stringify({ ['a'.repeat(120)]: 'whsec_a' }), /at most 119/],
    ['an empty secret', '{"teams":""}', /non-empty string/],
    ['an array', '["teams"]', /JSON object/],
    ['not JSON', '{teams:1}', /not JSON/],
  ])('refuses %s', (_what, secrets, message) => {
    const result = check({ SUPPORTDESK_ADMIN_KEY: adminKey, SUPPORTDESK_WEBHOOK_SECRETS: secrets });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n').filter(Boolean).every((line) => line.startsWith('error: '))).toBe(true);
  });

  it('refuses a missing or short admin key', () => {
    expect(check({}).status).toBe(1);
    expect(check({ SUPPORTDESK_ADMIN_KEY: 'x'.repeat(23) }).stderr).toMatch(/SUPPORTDESK_ADMIN_KEY/);
  });
});
