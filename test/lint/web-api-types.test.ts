import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { webSyntaxRules } from '../../eslint.config.mjs';
import { openApiDocument } from '../../src/http/operations/get-openapi';
import { generateApiTypes } from '../../scripts/generate-api';

const repo = path.resolve(__dirname, '../..');

describe('web-api-types (ESLint, part of npm run lint)', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string, filename: string) =>
    linter
      .verify(
        code,
        [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...webSyntaxRules],
        { filename },
      )
      .map((m) => m.message);

  it('refuses a hand-written API type in a page, and names the rule', () => {
    const messages = [
      ...lint('export interface Ticket { readonly id: string; readonly status: string }\n', 'web/src/lib/tickets.ts'),
      ...lint("export type TicketStatus = 'new' | 'closed';\n", 'web/src/lib/tickets.ts'),
      ...lint('type StaffMember = { email: string; active?: boolean };\n', 'web/src/console/ticket-page.tsx'),
      ...lint('export const t = (data: unknown) => data as { id: string };\n', 'web/src/portal/ticket-page.tsx'),
      ...lint("export const r = () => fetch('/api/staff');\n", 'web/src/console/ticket-page.tsx'),
    ];
    expect(messages).toHaveLength(5);
    for (const message of messages) expect(message).toMatch(/^web-api-types:/);
  });

  it('allows UI shapes named for their role, types taken from web/src/api, and anything in web/src/api', () => {
    expect(lint('interface FieldProps { readonly id: string }\n', 'web/src/components/field.tsx')).toEqual([]);
    expect(lint("type ShowFilter = 'all' | 'mine';\n", 'web/src/console/queue-page.tsx')).toEqual([]);
    expect(lint("import type { Ticket } from '../api/types';\ntype T = Ticket;\n", 'web/src/lib/x.ts')).toEqual([]);
    expect(lint('export interface Problem { title: string }\n', 'web/src/api/client.ts')).toEqual([]);
    expect(lint("export const c = () => fetch('/api');\n", 'web/src/api/client.ts')).toEqual([]);
  });
});

/**
 * The contract end to end: the web's types are generated from the document the server serves, so a
 * server field renamed (here the ticket's `title`) fails the web's typecheck where a page reads it.
 */
describe('npm run typecheck on the web after a server schema change', () => {
  let scratch: string | undefined;
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function typecheckWebAgainst(document: unknown): Promise<{ code: number; output: string }> {
    scratch ??= await mkdtemp(path.join(tmpdir(), 'web-contract-'));
    const web = path.join(scratch, 'web');
    await rm(web, { recursive: true, force: true });
    await cp(path.join(repo, 'web'), web, { recursive: true });
    await symlink(path.join(repo, 'node_modules'), path.join(scratch, 'node_modules'), 'dir').catch(() => undefined);
    await writeFile(path.join(web, 'src/api/schema.d.ts'), await generateApiTypes(document));
    try {
      await promisify(execFile)(
        process.execPath,
        [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'web/tsconfig.json', '--noEmit'],
        { cwd: scratch },
      );
      return { code: 0, output: '' };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, output: e.stdout + e.stderr };
    }
  }

  it('passes against the document as served, and fails where a page reads a renamed field', async () => {
    const served = await typecheckWebAgainst(openApiDocument());
    expect(served).toEqual({ code: 0, output: '' });

    const renamed = structuredClone(openApiDocument()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const ticket = (
      renamed.paths['/api/tickets/{ticketId}']?.get?.responses['200'] as {
        content: { 'application/json': { schema: { properties: Record<string, unknown>; required: string[] } } };
      }
    ).content['application/json'].schema;
    ticket.properties.heading = ticket.properties.title;
    delete ticket.properties.title;
    ticket.required = ticket.required.map((name) => (name === 'title' ? 'heading' : name));
    const drifted = await typecheckWebAgainst(renamed);
    expect(drifted.code).not.toBe(0);
    expect(drifted.output).toMatch(/web\/src\/(console|portal)\/ticket-page\.tsx.*Property 'title' does not exist/);
  }, 180_000);
});
