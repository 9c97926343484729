import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerSyntaxRules } from '../../eslint.config.mjs';

/**
 * `npm run lint` runs `lint:layers` (dependency-cruiser with .dependency-cruiser.cjs). These tests run
 * the same command and config on a scratch project shaped like this one, with one deliberate violation
 * per rule, and check that it fails naming the rule and the offending file.
 */
const repo = path.resolve(__dirname, '../..');
const run = promisify(execFile);
let scratch: string;

const files: Record<string, string> = {
  // Allowed: domain uses zod; app uses domain and ports; http uses app; composition uses adapters.
  'src/domain/thing.ts': "import { z } from 'zod';\nexport const thing = z.string();\n",
  'src/ports/thing-store.ts':
    "import type { thing } from '../domain/thing';\nexport type ThingStore = { get(): typeof thing };\n",
  'src/app/thing-service.ts':
    "import type { ThingStore } from '../ports/thing-store';\nexport const use = (s: ThingStore) => s.get();\n",
  'src/adapters/table-thing-store.ts':
    "import { TableClient } from '@azure/data-tables';\nexport const client = TableClient;\n",
  'src/http/thing.ts': "import { use } from '../app/thing-service';\nexport const h = use;\n",
  'local-host/host.ts': "import { Cron } from 'croner';\nexport const c = Cron;\n",
  // Violations, one per rule.
  'src/domain/bad-domain.ts': "import { client } from '../adapters/table-thing-store';\nexport const x = client;\n",
  'src/app/bad-app.ts': "import { h } from '../http/thing';\nexport const x = h;\n",
  'src/app/bad-sdk.ts':
    "import type { OrchestrationContext } from 'durable-functions';\nexport type X = OrchestrationContext;\n",
  'src/http/bad-local.ts': "import { c } from '../../local-host/host';\nexport const x = c;\n",
  'src/adapters/bad-dev.ts': "import { Cron } from 'croner';\nexport const x = Cron;\n",
  'functions/bad-function.ts': "import { use } from '../src/app/thing-service';\nexport const x = use;\n",
};

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'layer-rules-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(scratch, file)), { recursive: true });
    await writeFile(path.join(scratch, file), text);
  }
  // The real manifest, so production and dev dependencies are told apart as in the repo.
  await writeFile(path.join(scratch, 'package.json'), await readFile(path.join(repo, 'package.json')));
  await writeFile(
    path.join(scratch, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'preserve', moduleResolution: 'bundler', strict: true } }),
  );
  await symlink(path.join(repo, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function cruise(): Promise<{ code: number; output: string }> {
  const bin = path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [bin, '--config', path.join(repo, '.dependency-cruiser.cjs'), '--output-type', 'err', 'functions', 'src'],
      {
        cwd: scratch,
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('npm run lint:layers', () => {
  it('fails on each deliberate violation, naming the rule and the file, and passes the allowed imports', async () => {
    const { code, output } = await cruise();
    expect(code).not.toBe(0);
    const violations = output.split('\n').filter((line) => line.includes('error '));
    const found = violations.map((line) => /error ([a-z-]+): (\S+)/.exec(line)?.slice(1, 3).join(' ')).sort();
    expect(found).toEqual([
      'app-no-sdk src/app/bad-sdk.ts',
      'app-only-domain-ports-helpers src/app/bad-app.ts',
      'deployed-no-dev-dependencies src/adapters/bad-dev.ts',
      'domain-is-pure src/domain/bad-domain.ts',
      'functions-register-entry-points functions/bad-function.ts',
      'local-host-is-private src/http/bad-local.ts',
    ]);
  }, 60_000);

  it('passes this repository', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        '--config',
        '.dependency-cruiser.cjs',
        '--output-type',
        'err',
        'functions',
        'src',
      ],
      { cwd: repo },
    );
    expect(stdout).toContain('no dependency violations found');
  }, 60_000);
});

describe('app-no-http-status (ESLint, part of npm run lint)', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string, filename: string) =>
    linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layerSyntaxRules], {
      filename,
    });

  it('refuses a status code in a use case, and names the rule', () => {
    const messages = lint('export const outcome = { status: 412, body: {} };\n', 'src/app/thing-service.ts');
    expect(messages.map((m) => m.message)).toEqual([expect.stringMatching(/^app-no-http-status:/)]);
  });

  it('leaves src/http and non-status numbers alone', () => {
    expect(lint('export const r = { status: 412 };\n', 'src/http/thing.ts')).toEqual([]);
    expect(lint("export const r = { status: 'resolved', attempts: 412 };\n", 'src/app/thing-service.ts')).toEqual([]);
  });
});

describe('domain-no-api-shapes (ESLint, part of npm run lint)', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string, filename: string) =>
    linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layerSyntaxRules], {
      filename,
    });

  it('refuses a request schema and a presenter in the domain, and names the rule', () => {
    const schema = lint(
      "import { z } from 'zod';\nexport const thingBodySchema = z.object({});\n",
      'src/domain/thing.ts',
    );
    const presenter = lint('export function presentThing(t: object) { return t; }\n', 'src/domain/thing.ts');
    expect([...schema, ...presenter].map((m) => m.message)).toEqual([
      expect.stringMatching(/^domain-no-api-shapes:/),
      expect.stringMatching(/^domain-no-api-shapes:/),
    ]);
  });

  it('still refuses a status code in the domain, and allows both shapes in src/http and src/app', () => {
    expect(lint('export const outcome = { status: 412 };\n', 'src/domain/thing.ts').map((m) => m.message)).toEqual([
      expect.stringMatching(/^app-no-http-status:/),
    ]);
    expect(
      lint(
        "import { z } from 'zod';\nexport const thingBodySchema = z.object({});\n",
        'src/http/operations/thing-schemas.ts',
      ),
    ).toEqual([]);
    expect(lint('export function presentThing(t: object) { return t; }\n', 'src/app/thing-view.ts')).toEqual([]);
  });
});
