/**
 * The provisioning workflow and azure.yaml: valid YAML, actions pinned, OIDC only, and the steps the
 * process depends on are there.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { repoRoot } from './support/bicep';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly if?: string;
  readonly environment?: string;
  readonly permissions?: Record<string, string> | string;
  readonly steps?: readonly Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const workflowsDir = join(repoRoot, '.github/workflows');
const workflowFiles = readdirSync(workflowsDir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'));

function load<T>(path: string): T {
  const document = parseDocument(readFileSync(path, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  expect(document.errors.map((e) => e.message), path).toEqual([]);
  expect(document.warnings.map((w) => w.message), path).toEqual([]);
  return document.toJS() as T;
}

/** `owner/repo[/path]@<40-hex sha>` or `@vX.Y.Z`; local (./) actions need no pin; docker needs a digest. */
function isPinned(uses: string): boolean {
  if (uses.startsWith('./')) return true;
  if (uses.startsWith('docker://')) return /@sha256:[0-9a-f]{64}$/.test(uses);
  return /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@([0-9a-f]{40}|v\d+\.\d+\.\d+)$/.test(uses);
}

describe('isPinned', () => {
  it.each([
    ['actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', true],
    ['actions/checkout@v7.0.1', true],
    ['github/codeql-action/init@v3.29.0', true],
    ['actions/checkout@v7', false],
    ['actions/checkout@main', false],
    ['actions/checkout', false],
    ['actions/checkout@3d3c42e', false],
    ['docker://alpine:3.20', false],
    ['./.github/actions/local', true],
  ])('%s -> %s', (uses, pinned) => {
    expect(isPinned(uses)).toBe(pinned);
  });
});

describe.each(workflowFiles)('.github/workflows/%s', (name) => {
  const workflow = load<Workflow>(join(workflowsDir, name));

  it('pins every action to a commit SHA or an exact version', () => {
    const uses = Object.entries(workflow.jobs).flatMap(([job, j]) => (j.steps ?? []).filter((s) => s.uses).map((s) => `${job}: ${s.uses}`));
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((u) => !isPinned(u.split(': ')[1] ?? ''))).toEqual([]);
  });

  it('logs in to Azure only with OpenID Connect, in jobs allowed to request an id token', () => {
    for (const [jobName, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        if (!step.uses?.toLowerCase().startsWith('azure/login@')) continue;
        expect(Object.keys(step.with ?? {}).sort(), jobName).toEqual(['client-id', 'subscription-id', 'tenant-id']);
        const permissions = typeof job.permissions === 'object' ? job.permissions : workflow.permissions;
        expect(permissions?.['id-token'], `${jobName} needs id-token: write`).toBe('write');
      }
    }
  });
});

describe('provision workflow', () => {
  const workflow = load<Workflow>(join(workflowsDir, 'provision.yml'));
  const allRuns = (job: Job): string => (job.steps ?? []).map((s) => s.run ?? '').join('\n');

  it('runs on pull requests and on demand for a named client', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'workflow_dispatch']));
    const dispatch = workflow.on.workflow_dispatch as { inputs: Record<string, { required?: boolean }> };
    expect(dispatch.inputs.client?.required).toBe(true);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('shows a what-if on pull requests and deploys nothing there', () => {
    const pr = Object.values(workflow.jobs).filter((j) => j.if?.includes("github.event_name == 'pull_request'"));
    expect(pr.length).toBeGreaterThan(0);
    const runs = pr.map(allRuns).join('\n');
    expect(runs).toMatch(/az deployment sub what-if/);
    expect(runs).not.toMatch(/az deployment sub create|functions-action/);
    expect(pr.flatMap((j) => j.steps ?? []).some((s) => s.uses?.startsWith('Azure/functions-action'))).toBe(false);
  });

  it('provisions, publishes, seeds and smoke-tests on workflow_dispatch', () => {
    const job = Object.values(workflow.jobs).find((j) => j.if?.includes("github.event_name == 'workflow_dispatch'"));
    expect(job).toBeDefined();
    expect(job?.environment).toBe('${{ inputs.client }}');
    const runs = allRuns(job!);
    const order = [
      /az deployment sub create[\s\S]*infra\/clients\/\$CLIENT\.bicepparam/,
      /npm run build/,
      /node scripts\/seed-client\.mjs/,
      /\/api\/health/,
    ].map((pattern) => runs.search(pattern));
    expect(order.every((index) => index >= 0), `steps found at ${order.join(', ')}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect((job?.steps ?? []).some((s) => s.uses?.startsWith('Azure/functions-action@') && s.with?.sku === 'flexconsumption')).toBe(true);
  });
});

describe('azure.yaml', () => {
  const azure = load<{ infra?: { path?: string }; services: Record<string, { project: string; language: string; host: string }> }>(
    join(repoRoot, 'azure.yaml'),
  );

  it('deploys the api service as a Function App from the project root, built from TypeScript', () => {
    expect(azure.services.api).toMatchObject({ project: '.', host: 'function' });
    expect(['js', 'ts']).toContain(azure.services.api?.language);
    expect(azure.infra?.path ?? 'infra').toBe('infra');
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBeDefined();
  });
});
