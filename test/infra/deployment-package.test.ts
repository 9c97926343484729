import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

/** What Azure runs: `npm run build` (tsconfig.build.json) packaged without what .funcignore names. */
const repo = path.resolve(__dirname, '../..');

function compiledBy(config: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(repo, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!parsed) throw new Error(`cannot read ${config}`);
  return parsed.fileNames.map((f) => path.relative(repo, f));
}

describe('the build Azure runs', () => {
  it('compiles the registrations and src/ without the local host', () => {
    const files = compiledBy('tsconfig.build.json');
    expect(files.some((f) => f.startsWith('functions/'))).toBe(true);
    expect(files).toContain('src/composition/runtime.ts');
    expect(files.filter((f) => f.startsWith('local-host/'))).toEqual([]);
  });

  it('leaves the local host to its own build, which npm start runs', () => {
    expect(compiledBy('tsconfig.local-host.json')).toContain('local-host/main.ts');
  });
});

describe('.funcignore', () => {
  // git's own matcher applies the file exactly as the packaging tools read gitignore syntax.
  const scratch = mkdtempSync(path.join(tmpdir(), 'funcignore-'));
  execFileSync('git', ['init', '-q'], { cwd: scratch });
  copyFileSync(path.join(repo, '.funcignore'), path.join(scratch, '.gitignore'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const ignored = (paths: string[]): string[] => {
    try {
      return execFileSync('git', ['check-ignore', '--no-index', ...paths], { cwd: scratch, encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch (error) {
      if ((error as { status?: number }).status === 1) return []; // none ignored
      throw error;
    }
  };

  it('leaves out the local host, the sources, tests and tooling', () => {
    const out = ['dist/local-host/main.js', 'dist/local-host/durable/instance-store.js', 'src/app/ticket-service.ts', 'test/e2e/smoke.test.ts', 'bench/sla.bench.ts', 'infra/main.bicep', 'web/index.html', '.local/admin-key', 'local.settings.json', 'dist/src/app/ticket-service.js.map'];
    expect(ignored(out).sort()).toEqual([...out].sort());
  });

  it('keeps what the Functions host loads', () => {
    const kept = ['host.json', 'package.json', 'dist/functions/http/create-ticket.js', 'dist/src/app/ticket-service.js', 'dist/src/composition/runtime.js', 'dist/web/index.html', 'node_modules/zod/package.json'];
    expect(ignored(kept)).toEqual([]);
  });
});
