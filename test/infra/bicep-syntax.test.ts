/**
 * Every Bicep and Bicep parameters file parses, and the files agree with each other where a compiler would
 * check it: decorators, module references and their parameters, parameter files against main.bicep.
 * (No Bicep CLI here; the pipeline's validate job runs `az bicep build` and `az bicep lint` as well.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BicepFile, infraBicepFiles, parseSource, repoRoot, syntaxProblems, type ParamDeclaration } from './support/bicep';

const files = infraBicepFiles();
const loaded = new Map<string, BicepFile | Error>();

beforeAll(async () => {
  // A file with syntax errors fails its own "parses" test below and every test that needs it; the rest run.
  for (const file of files) loaded.set(file, await BicepFile.load(file).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
});

function file(path: string): BicepFile {
  const found = loaded.get(path);
  if (!found) throw new Error(`${path} was not loaded`);
  if (found instanceof Error) throw found;
  return found;
}

const required = (param: ParamDeclaration): boolean => param.defaultValue === null && !param.nullable;

describe('the parser catches what it must', () => {
  it('finds the infra files', () => {
    expect(files).toContain('infra/main.bicep');
    expect(files).toContain('infra/clients/contoso.bicepparam');
    expect(files.filter((f) => f.startsWith('infra/modules/')).length).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['an unclosed object', "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'x'\n"],
    ['a parameter without a value', 'param location string =\n'],
    ['a property without a colon', "var v = {\n  name 'x'\n}\n"],
    ['an unterminated string', "var v = 'abc\n"],
    ['a resource without =', "resource r 'A.B/c@2024-01-01' {\n  name: 'x'\n}\n"],
    ['a for loop without a body', 'var xs = [for x in items: ]\n'],
  ])('reports error nodes in .bicep with %s', async (_what, source) => {
    const problems = syntaxProblems(await parseSource(source, 'bicep'));
    expect(problems.length).toBeGreaterThan(0);
  });

  it.each([
    ['a missing value', "using '../main.bicep'\nparam location =\n"],
    ['an unclosed object', "using '../main.bicep'\nparam tags = {\n  a: 'b'\n"],
    ['a broken call', "using '../main.bicep'\nparam adminKey = readEnvironmentVariable('X'\n"],
  ])('reports error nodes in .bicepparam with %s', async (_what, source) => {
    const problems = syntaxProblems(await parseSource(source, 'bicepparam'));
    expect(problems.length).toBeGreaterThan(0);
  });

  it('accepts well-formed snippets of both kinds', async () => {
    const bicep = "@description('d')\nparam p string = 'x'\nresource r 'A.B/c@2024-01-01' = [for (s, i) in xs: if (s.f != null) {\n  name: '${s.name}-${i}'\n}]\n";
    const bicepparam = "using '../main.bicep'\nparam p = json(readEnvironmentVariable('P', '{}'))\nparam q = [\n  1\n]\n";
    expect(syntaxProblems(await parseSource(bicep, 'bicep'))).toEqual([]);
    expect(syntaxProblems(await parseSource(bicepparam, 'bicepparam'))).toEqual([]);
  });
});

describe.each(files)('%s', (path) => {
  it('parses without error nodes', async () => {
    const kind = path.endsWith('.bicepparam') ? 'bicepparam' : 'bicep';
    const problems = syntaxProblems(await parseSource(readFileSync(join(repoRoot, path), 'utf8'), kind));
    expect(problems, problems.map((p) => `${path}:${p.line}:${p.column} ${p.kind} ${p.text}`).join('\n')).toEqual([]);
  });
});

describe('Bicep files', () => {
  const bicepFiles = files.filter((f) => f.endsWith('.bicep'));

  it.each(bicepFiles)('%s: every parameter has @description', (path) => {
    const undocumented = [...file(path).params.values()].filter((p) => !p.decorators.includes('description')).map((p) => p.name);
    expect(undocumented).toEqual([]);
  });

  it.each(bicepFiles)('%s: resource types carry an API version', (path) => {
    for (const resource of file(path).resources.values()) {
      expect(resource.apiVersion, `${resource.symbol}`).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
    }
  });

  it.each(bicepFiles)('%s: modules are local files or AVM modules pinned to an exact version', (path) => {
    for (const module of file(path).modules.values()) {
      if (module.path.startsWith('br/') || module.path.startsWith('br:')) {
        expect(module.path, module.symbol).toMatch(/^br\/public:avm\/(res|ptn|utl)\/[a-z0-9-]+(\/[a-z0-9-]+)+:\d+\.\d+\.\d+$/);
      } else {
        expect(existsSync(join(repoRoot, dirname(path), module.path)), `${module.symbol}: ${module.path}`).toBe(true);
      }
    }
  });

  it.each(bicepFiles)('%s: calls of local modules pass exactly known parameters and every required one', (path) => {
    for (const module of file(path).modules.values()) {
      if (module.path.startsWith('br')) continue;
      const target = file(normalize(join(dirname(path), module.path)));
      const paramsNode = module.body.namedChildren
        .find((p) => p.type === 'object_property' && p.namedChildren[0]?.text === 'params')
        ?.namedChildren[1];
      const passed = new Set<string>();
      for (const property of paramsNode?.namedChildren ?? []) {
        if (property.type === 'object_property') passed.add(property.namedChildren[0]?.text ?? '');
      }
      const unknown = [...passed].filter((name) => !target.params.has(name));
      const missing = [...target.params.values()].filter((p) => required(p) && !passed.has(p.name)).map((p) => p.name);
      expect({ module: module.symbol, unknown, missing }).toEqual({ module: module.symbol, unknown: [], missing: [] });
    }
  });
});

describe('parameter files', () => {
  const main = () => file('infra/main.bicep');

  it.each(files.filter((f) => f.endsWith('.bicepparam')))('%s targets main.bicep and sets known and all required parameters', (path) => {
    const params = file(path);
    expect(params.using).not.toBeNull();
    expect(normalize(join(dirname(path), params.using ?? ''))).toBe('infra/main.bicep');
    const assigned = [...params.assignments.keys()];
    expect(assigned.filter((name) => !main().params.has(name))).toEqual([]);
    const missing = [...main().params.values()].filter((p) => required(p) && !params.assignments.has(p.name)).map((p) => p.name);
    expect(missing).toEqual([]);
  });

  it('azd and the provision workflow deploy with one parameter set: main.bicepparam and every client file set the same parameters', () => {
    const clients = files.filter((f) => f.startsWith('infra/clients/') && f.endsWith('.bicepparam'));
    expect(clients.length).toBeGreaterThan(0);
    expect(files).toContain('infra/main.bicepparam');
    // azd would read main.parameters.json instead of (or besides) main.bicepparam: one file only.
    expect(existsSync(join(repoRoot, 'infra/main.parameters.json'))).toBe(false);
    const names = (path: string) => [...file(path).assignments.keys()].sort();
    const azd = names('infra/main.bicepparam');
    for (const client of clients) expect({ file: client, params: names(client) }).toEqual({ file: client, params: azd });
    // What a real client needs reaches Azure on both paths (issue 35: azd used to drop these).
    expect(azd).toEqual(
      expect.arrayContaining(['webhookSecrets', 'publicUrl', 'staffOidcIssuer', 'staffOidcAudience', 'staffOidcClientId', 'staffOidcClientSecret', 'instanceMemoryMB']),
    );
  });

  it('no parameter file holds a literal secret: every @secure() parameter of main.bicep is set from the environment', () => {
    const secure = [...main().params.values()].filter((p) => p.decorators.includes('secure')).map((p) => p.name);
    expect(secure).toEqual(expect.arrayContaining(['adminKey', 'webhookSecrets', 'staffOidcClientSecret']));
    for (const path of files.filter((f) => f.endsWith('.bicepparam'))) {
      const params = file(path);
      for (const name of secure) {
        const value = params.assignments.get(name);
        expect(value?.text ?? '(not set)', `${path}: ${name}`).toMatch(/readEnvironmentVariable\(/);
      }
    }
  });
});
