import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';

/**
 * A loopback server speaking the part of the Azure AI Search data-plane REST API (2024-07-01) the adapter
 * uses, as documented: index create (`PUT /indexes/{name}`), get and delete; `POST /indexes/{name}/docs/index`
 * (`mergeOrUpload`, answering per-document statuses); `POST /indexes/{name}/docs/search` with `queryType: full`
 * (the subset of Lucene syntax: `word*`, `word~1`, `OR` inside parentheses, `AND` between), `searchMode: all`,
 * `searchFields`, `$filter` (`eq`, `ne`, `and`, `or`, parentheses, `search.in`, `false`), `select`, `top`,
 * `skip`, `count`, `highlight` with custom tags and a `text.weights` scoring profile. It requires a bearer
 * token and the API version, and answers unknown fields or indexes as the service does (400, 404).
 */
export interface LoopbackAiSearch {
  readonly url: string;
  readonly requests: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

interface Index {
  readonly definition: { fields: { name: string; key?: boolean; searchable?: boolean }[]; scoringProfiles?: unknown };
  readonly docs: Map<string, Record<string, unknown>>;
}

export function staticToken(token: string): TokenCredential {
  return {
    getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}

/** A request or document value as text (the API's values here are strings and numbers). */
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

export async function startLoopbackAiSearch(expectedToken = 't0k'): Promise<LoopbackAiSearch> {
  const indexes = new Map<string, Index>();
  const requests: LoopbackAiSearch['requests'] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => send(res, 500, { error: { message: error.message } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${expectedToken}`) return send(res, 401, {});
    if (url.searchParams.get('api-version') !== '2024-07-01')
      return send(res, 400, { error: { message: 'api-version' } });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    const match = /^\/indexes\/([a-z0-9-]+)(\/docs\/(index|search))?$/.exec(url.pathname);
    if (!match) return send(res, 404, {});
    const [, name, , op] = match as unknown as [string, string, string | undefined, string | undefined];
    const index = indexes.get(name);
    if (!op) {
      if (req.method === 'PUT') {
        indexes.set(name, {
          definition: body as Index['definition'],
          docs: index?.docs ?? new Map<string, Record<string, unknown>>(),
        });
        return send(res, index ? 204 : 201, index ? undefined : body);
      }
      if (!index) return send(res, 404, { error: { message: `No index ${name}` } });
      if (req.method === 'GET') return send(res, 200, index.definition);
      if (req.method === 'DELETE') {
        indexes.delete(name);
        return send(res, 204);
      }
      return send(res, 405, {});
    }
    if (!index) return send(res, 404, { error: { message: `No index ${name}` } });
    const fieldNames = new Set(index.definition.fields.map((f) => f.name));
    const key = index.definition.fields.find((f) => f.key)!.name;
    if (op === 'index') {
      const value = body.value as Record<string, unknown>[];
      const statuses = value.map((action) => {
        const unknown = Object.keys(action).find((k) => k !== '@search.action' && !fieldNames.has(k));
        if (unknown)
          return { key: String(action[key]), status: false, errorMessage: `Unknown field ${unknown}`, statusCode: 400 };
        if (action['@search.action'] !== 'mergeOrUpload') throw new Error('only mergeOrUpload is spoken here');
        const { ['@search.action']: _, ...doc } = action;
        index.docs.set(String(doc[key]), { ...index.docs.get(String(doc[key])), ...doc });
        return { key: String(doc[key]), status: true, errorMessage: null, statusCode: 200 };
      });
      return send(res, statuses.every((s) => s.status) ? 200 : 207, { value: statuses });
    }
    return send(res, 200, search(index, body, fieldNames));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json; odata.metadata=minimal' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

const words = (text: string): string[] => (text.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase());

type Clause = { readonly word: string; readonly fuzzy: boolean };

/** `(word* OR word~1) AND word*` → one list of alternatives per AND-ed clause. */
function parseQuery(search: string): Clause[][] | 'all' {
  if (search === '*') return 'all';
  return search.split(' AND ').map((clause) =>
    clause
      .replace(/^\(|\)$/g, '')
      .split(' OR ')
      .map((term) => {
        const m = /^([\p{L}\p{N}]+)(\*|~1)$/u.exec(term);
        if (!m) throw new Error(`unsupported query term ${term}`);
        return { word: m[1]!, fuzzy: m[2] === '~1' };
      }),
  );
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]! <= 1;
}

const termMatches = (token: string, c: Clause) => (c.fuzzy ? withinOneEdit(token, c.word) : token.startsWith(c.word));

function search(index: Index, body: Record<string, unknown>, fieldNames: Set<string>) {
  const searchFields = body.searchFields
    ? text(body.searchFields).split(',')
    : index.definition.fields.filter((f) => f.searchable).map((f) => f.name);
  for (const f of searchFields) if (!fieldNames.has(f)) throw new Error(`unknown search field ${f}`);
  const query = parseQuery(text(body.search ?? '*'));
  const filter = body.filter ? parseFilter(text(body.filter)) : () => true;
  const weights =
    ((index.definition.scoringProfiles as { name: string; text: { weights: Record<string, number> } }[]) ?? []).find(
      (p) => p.name === body.scoringProfile,
    )?.text.weights ?? {};
  const scored: { doc: Record<string, unknown>; score: number; matched: Set<string> }[] = [];
  for (const doc of index.docs.values()) {
    if (!filter(doc)) continue;
    if (query === 'all') {
      scored.push({ doc, score: 1, matched: new Set() });
      continue;
    }
    let score = 0;
    const matched = new Set<string>();
    const all = query.every((alternatives) => {
      let hit = false;
      for (const field of searchFields) {
        for (const token of words(text(doc[field]))) {
          if (alternatives.some((c) => termMatches(token, c))) {
            hit = true;
            matched.add(token);
            score += (weights[field] ?? 1) * (alternatives.some((c) => c.word === token) ? 2 : 1);
          }
        }
      }
      return hit;
    });
    if (all) scored.push({ doc, score, matched });
  }
  scored.sort((a, b) => b.score - a.score || String(a.doc.ticketId).localeCompare(String(b.doc.ticketId)));
  const skip = Number(body.skip ?? 0);
  const top = Number(body.top ?? 50);
  const select = body.select ? text(body.select).split(',') : [...fieldNames];
  const highlight = body.highlight ? text(body.highlight).split(',') : [];
  const value = scored.slice(skip, skip + top).map(({ doc, score, matched }) => {
    const out: Record<string, unknown> = { '@search.score': score };
    for (const f of select) if (doc[f] !== undefined) out[f] = doc[f];
    const highlights: Record<string, string[]> = {};
    for (const field of highlight) {
      const fieldText = text(doc[field]);
      const first = [...fieldText.matchAll(/[\p{L}\p{N}]+/gu)].find((m) => matched.has(m[0].toLowerCase()));
      if (!first) continue;
      // A fragment of about 100 characters around the first match, every match in it tagged.
      const fragment = fieldText.slice(Math.max(0, first.index - 50), first.index + 50);
      highlights[field] = [
        fragment.replace(/[\p{L}\p{N}]+/gu, (w) =>
          matched.has(w.toLowerCase()) ? `${String(body.highlightPreTag)}${w}${String(body.highlightPostTag)}` : w,
        ),
      ];
    }
    if (highlight.length > 0) out['@search.highlights'] = highlights;
    return out;
  });
  return { ...(body.count ? { '@odata.count': scored.length } : {}), value };
}

/** The OData filter subset the adapter writes, evaluated on a document. */
function parseFilter(source: string): (doc: Record<string, unknown>) => boolean {
  const tokens = source.match(/search\.in|'(?:[^']|'')*'|\(|\)|,|[A-Za-z_][\w]*/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++]!;
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`filter: expected ${t} in ${source}`);
  };
  const str = (t: string) => t.slice(1, -1).replace(/''/g, "'");
  type Pred = (doc: Record<string, unknown>) => boolean;
  const or = (): Pred => {
    let left = and();
    while (peek() === 'or') {
      next();
      const l = left;
      const r = and();
      left = (d) => l(d) || r(d);
    }
    return left;
  };
  const and = (): Pred => {
    let left = primary();
    while (peek() === 'and') {
      next();
      const l = left;
      const r = primary();
      left = (d) => l(d) && r(d);
    }
    return left;
  };
  const primary = (): Pred => {
    const t = next();
    if (t === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (t === 'false') return () => false;
    if (t === 'search.in') {
      expect('(');
      const field = next();
      expect(',');
      const values = next();
      expect(',');
      const sep = str(next());
      expect(')');
      const set = new Set(str(values).split(sep));
      return (d) => set.has(String(d[field]));
    }
    const op = next();
    const value = str(next());
    if (op === 'eq') return (d) => d[t] === value;
    if (op === 'ne') return (d) => d[t] !== value;
    throw new Error(`filter: unsupported ${op}`);
  };
  const predicate = or();
  if (at !== tokens.length) throw new Error(`filter: trailing tokens in ${source}`);
  return predicate;
}
