/**
 * Azure runs the supported Node.js LTS (22; Node 20 reached end of life in April 2026), and package.json
 * says which versions the code supports: 22 in Azure, 20.19+ still (CI runs on it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BicepFile, objectProperties } from './support/bicep';

describe('Node.js version', () => {
  it('is 22 on the Flex Consumption plan', async () => {
    const main = await BicepFile.load('infra/main.bicep');
    const functionApp = main.modules.get('functionApp');
    const params = objectProperties(objectProperties(functionApp!.body).get('params')!);
    expect(params.get('nodeVersion')?.text).toBe("'22'");
  });

  it('is allowed by package.json engines, as is 20.19 for CI', () => {
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(/>=22/);
    expect(engines).toMatch(/>=20\.19/);
  });
});
