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
  readonly env?: Record<string, string>;
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
      /node scripts\/check-deploy-inputs\.mjs/,
      /az deployment sub create[\s\S]*infra\/clients\/\$CLIENT\.bicepparam/,
      /node scripts\/stage-function-package\.mjs --out "\$RUNNER_TEMP\/package"/,
      /node scripts\/seed-client\.mjs/,
      /\/api\/health/,
    ].map((pattern) => runs.search(pattern));
    expect(order.every((index) => index >= 0), `steps found at ${order.join(', ')}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const publish = (job?.steps ?? []).find((s) => s.uses?.startsWith('Azure/functions-action@'));
    expect(publish?.with).toMatchObject({ sku: 'flexconsumption', package: '${{ runner.temp }}/package' });
  });

  // Issue 35: a pull request could log in as the identity that deploys (Contributor and RBAC Administrator).
  const logins = (job: Job) => (job.steps ?? []).filter((s) => s.uses?.toLowerCase().startsWith('azure/login@'));
  const deploymentIdentity = '${{ secrets.AZURE_CLIENT_ID }}';

  it('never lets a pull_request job use the deployment identity or a client environment', () => {
    const pr = Object.entries(workflow.jobs).filter(([, j]) => !j.if?.includes("github.event_name == 'workflow_dispatch'"));
    expect(pr.length).toBeGreaterThan(0);
    for (const [name, job] of pr) {
      expect(job.if, `${name} runs on pull requests only`).toMatch(/github\.event_name == 'pull_request'/);
      expect(job.environment, `${name}: an environment's federated credential belongs to the deployment identity`).toBeUndefined();
      for (const login of logins(job)) {
        expect(login.with?.['client-id'], name).not.toBe(deploymentIdentity);
        expect(login.with?.['client-id'], name).toBe('${{ secrets.AZURE_WHATIF_CLIENT_ID }}');
      }
    }
    expect(readFileSync(join(workflowsDir, 'provision.yml'), 'utf8').split('AZURE_CLIENT_ID }}').length - 1).toBe(1);
  });

  it('deploys only from main, through the client environment, with the deployment identity', () => {
    const [name, job] = Object.entries(workflow.jobs).find(([, j]) => logins(j).some((l) => l.with?.['client-id'] === deploymentIdentity)) ?? [];
    expect(name).toBe('provision');
    expect(job?.if).toMatch(/github\.event_name == 'workflow_dispatch' && github\.ref == 'refs\/heads\/main'/);
    expect(job?.environment).toBe('${{ inputs.client }}');
  });
});

describe('one deployment package for azd and the workflow', () => {
  const azure = load<{
    services: Record<string, { dist?: string; remoteBuild?: boolean; hooks?: Record<string, Record<string, { run: string }>> }>;
    hooks?: Record<string, Record<string, { run: string }>>;
  }>(join(repoRoot, 'azure.yaml'));
  const script = readFileSync(join(repoRoot, 'scripts/stage-function-package.mjs'), 'utf8');

  it('azd zips the folder the staging script fills, with no remote build', () => {
    const api = azure.services.api!;
    expect(api.remoteBuild).toBe(false);
    expect(api.dist).toBe('.deploy/package');
    for (const shell of ['posix', 'windows']) {
      expect(api.hooks?.prepackage?.[shell]?.run).toBe('node scripts/stage-function-package.mjs --out .deploy/package');
      expect(azure.hooks?.preprovision?.[shell]?.run).toBe('node scripts/check-deploy-inputs.mjs');
    }
    expect(readFileSync(join(repoRoot, '.gitignore'), 'utf8').split('\n')).toContain('/.deploy');
  });

  it('the staging script installs production dependencies only, as locked, and leaves out the local host', () => {
    expect(script).toMatch(/\['ci', '--omit=dev', '--ignore-scripts'/);
    expect(script).toMatch(/local-host/);
    expect(script).toMatch(/\.js\.map/);
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

describe('the custom roles of the two GitHub identities (infra/github)', () => {
  const role = (file: string) =>
    JSON.parse(readFileSync(join(repoRoot, 'infra/github', file), 'utf8')) as {
      Actions: string[];
      DataActions: string[];
      AssignableScopes: string[];
    };

  it('lets the what-if identity predict and validate, and change nothing', () => {
    const whatIf = role('what-if-role.json');
    expect(whatIf.Actions.sort()).toEqual([
      'Microsoft.Resources/deployments/validate/action',
      'Microsoft.Resources/deployments/whatIf/action',
    ]);
    expect(whatIf.DataActions).toEqual([]);
    expect(whatIf.AssignableScopes).toEqual(['/subscriptions/SUBSCRIPTION_ID']);
  });

  it('lets the deployment identity manage role definitions only, for the instances\' e-mail roles', () => {
    const writer = role('deployer-role-definitions.json');
    expect(writer.Actions.every((action) => action.startsWith('Microsoft.Authorization/roleDefinitions/'))).toBe(true);
    expect(writer.DataActions).toEqual([]);
  });
});
