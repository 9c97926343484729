import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AlertAction, AlertSignal } from '../../../src/alerts/alert-signal';
import type { Principal } from '../../../src/app/principal';

const fixturesDir = path.resolve(__dirname, '../../fixtures/alerts');

/** A payload of `test/fixtures/alerts/` (see its README for where each comes from), parsed afresh. */
export function alertFixture(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(fixturesDir, file), 'utf8')) as Record<string, unknown>;
}

/** The Azure sample is a Resolved notice; this is the Fired notice of the same alert. */
export function azureFired(): Record<string, unknown> {
  const payload = alertFixture('azure-monitor/common-schema-sample.json') as {
    data: { essentials: Record<string, unknown> };
  };
  payload.data.essentials.monitorCondition = 'Fired';
  delete payload.data.essentials.resolvedDateTime;
  return payload;
}

/** A signal as a source would read it, for driving the service directly. */
export function alertSignal(dedupKey: string, action: AlertAction = 'trigger', severity = 'critical'): AlertSignal {
  return {
    action,
    dedupKey,
    derivedKey: false,
    severity,
    title: `Alert ${dedupKey}`,
    description: `The ${dedupKey} alert.`,
    payload: { probe: dedupKey },
  };
}

export function alertKey(clientId: string, name = 'monitoring'): Principal {
  return { kind: 'client-key', clientId, keyId: `key-${name}`, name, scopes: ['alerts:write'] };
}
