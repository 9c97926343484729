/**
 * Offline reading of the Bicep in infra/: a real parser (tree-sitter's Bicep grammar, compiled to WebAssembly
 * and shipped inside the `tree-sitter-bicep` npm package, run by `web-tree-sitter`), plus a small evaluator for
 * the compile-time literals the tests need (objects, arrays, strings, `loadJsonContent`).
 *
 * No Bicep CLI, no network: the grammar's .wasm is read from node_modules.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const infraDir = join(repoRoot, 'infra');

let parserPromise: Promise<Parser> | undefined;

/** One parser for the whole test run (loading the wasm takes a few tens of milliseconds). */
export function bicepParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/**
 * tree-sitter-bicep 1.1.0 models `.bicep` files; in a `.bicepparam` file it knows `using` but expects a type
 * in `param <name> = <value>`. This rewrites exactly that form into `param <name> any = <value>`, keeping
 * line and column of everything after it stable enough for error messages, so the value expression is still
 * fully parsed and any other mistake still yields error nodes.
 */
export function bicepparamAsBicep(source: string): string {
  return source.replace(/^([ \t]*param[ \t]+[A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm, '$1 any =');
}

export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly kind: 'ERROR' | 'MISSING';
  readonly text: string;
}

export function syntaxProblems(root: Node): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) {
      problems.push({
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        kind: node.isMissing ? 'MISSING' : 'ERROR',
        text: node.isMissing ? node.type : node.text.slice(0, 80),
      });
    }
    if (node.hasError || node.isMissing) for (const child of node.children) visit(child);
  };
  visit(root);
  // hasError on the root also covers MISSING nodes nested anywhere, so a tree with hasError but no problem
  // found above would be a bug in this walk; report it rather than pass.
  if (problems.length === 0 && root.hasError) problems.push({ line: 1, column: 1, kind: 'ERROR', text: '(unlocated)' });
  return problems;
}

export async function parseSource(source: string, kind: 'bicep' | 'bicepparam'): Promise<Node> {
  const parser = await bicepParser();
  const tree = parser.parse(kind === 'bicepparam' ? bicepparamAsBicep(source) : source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree.rootNode;
}

/** Every .bicep and .bicepparam file under infra/, relative to the repository root. */
export function infraBicepFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.bicep') || entry.endsWith('.bicepparam')) found.push(path.slice(repoRoot.length + 1));
    }
  };
  walk(infraDir);
  return found.sort();
}

// ---------------------------------------------------------------------------------------------------------
// Values

export const UNKNOWN: unique symbol = Symbol('runtime value');
export type BicepValue = string | number | boolean | null | BicepValue[] | { [key: string]: BicepValue } | typeof UNKNOWN;

const isRecord = (value: BicepValue): value is { [key: string]: BicepValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The decoded text of a string literal, or UNKNOWN if it interpolates. */
function stringValue(node: Node): string | typeof UNKNOWN {
  let out = '';
  for (const part of node.namedChildren) {
    if (part.type === 'interpolation') return UNKNOWN;
    if (part.type === 'string_content') out += part.text;
    else if (part.type === 'escape_sequence') out += decodeEscape(part.text);
  }
  return out;
}

function decodeEscape(text: string): string {
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };
  const key = text.slice(1);
  return map[key] ?? key;
}

/** Name of an object property key (identifier or string). */
export function propertyKey(property: Node): string {
  const key = property.namedChildren[0];
  if (!key) throw new Error(`object property without key at line ${property.startPosition.row + 1}`);
  if (key.type === 'string') {
    const value = stringValue(key);
    if (value === UNKNOWN) throw new Error(`interpolated property key at line ${key.startPosition.row + 1}`);
    return value;
  }
  return key.text;
}

/** The value expression of an object property. */
export function propertyValue(property: Node): Node {
  const value = property.namedChildren[1];
  if (!value) throw new Error(`object property without value at line ${property.startPosition.row + 1}`);
  return value;
}

/** The properties of an object node, by key, in source order. */
export function objectProperties(object: Node): Map<string, Node> {
  if (object.type !== 'object') throw new Error(`expected an object, found ${object.type} at line ${object.startPosition.row + 1}`);
  const properties = new Map<string, Node>();
  for (const child of object.namedChildren) {
    if (child.type === 'object_property') properties.set(propertyKey(child), propertyValue(child));
  }
  return properties;
}

// ---------------------------------------------------------------------------------------------------------
// Files

export interface ParamDeclaration {
  readonly name: string;
  readonly node: Node;
  readonly decorators: readonly string[];
  readonly defaultValue: Node | null;
  readonly nullable: boolean;
}

export interface ResourceDeclaration {
  readonly symbol: string;
  /** e.g. `Microsoft.ServiceBus/namespaces/topics` (no API version). */
  readonly type: string;
  readonly apiVersion: string;
  readonly existing: boolean;
  /** The object that describes one instance (inside a loop and/or condition). */
  readonly body: Node;
  readonly loop: { readonly item: string; readonly index: string | null; readonly collection: string } | null;
  readonly condition: string | null;
}

export interface ModuleDeclaration {
  readonly symbol: string;
  readonly path: string;
  readonly body: Node;
  /** Source text of `if (...)` when the module is deployed conditionally. */
  readonly condition: string | null;
}

export class BicepFile {
  readonly params = new Map<string, ParamDeclaration>();
  readonly vars = new Map<string, Node>();
  readonly resources = new Map<string, ResourceDeclaration>();
  readonly modules = new Map<string, ModuleDeclaration>();
  readonly outputs = new Map<string, Node>();
  /** `param x = value` assignments of a .bicepparam file. */
  readonly assignments = new Map<string, Node>();
  readonly using: string | null;

  private constructor(
    readonly path: string,
    readonly root: Node,
    readonly kind: 'bicep' | 'bicepparam',
  ) {
    let using: string | null = null;
    for (const statement of root.namedChildren) {
      switch (statement.type) {
        case 'parameter_declaration':
          this.readParam(statement);
          break;
        case 'variable_declaration':
          this.vars.set(this.nameOf(statement), this.lastExpression(statement));
          break;
        case 'resource_declaration':
          this.readResource(statement);
          break;
        case 'module_declaration':
          this.readModule(statement);
          break;
        case 'output_declaration':
          this.outputs.set(this.nameOf(statement), this.lastExpression(statement));
          break;
        case 'using_statement': {
          const target = statement.namedChildren.find((c) => c.type === 'string');
          const value = target ? stringValue(target) : UNKNOWN;
          if (typeof value === 'string') using = value;
          break;
        }
        default:
          break;
      }
    }
    this.using = using;
  }

  static async load(relativePath: string): Promise<BicepFile> {
    const kind = relativePath.endsWith('.bicepparam') ? 'bicepparam' : 'bicep';
    const root = await parseSource(readFileSync(join(repoRoot, relativePath), 'utf8'), kind);
    const problems = syntaxProblems(root);
    if (problems.length > 0) {
      throw new Error(`${relativePath} has syntax errors: ${problems.map((p) => `${p.line}:${p.column} ${p.kind} ${p.text}`).join('; ')}`);
    }
    return new BicepFile(relativePath, root, kind);
  }

  private nameOf(declaration: Node): string {
    const name = declaration.namedChildren.find((c) => c.type === 'identifier');
    if (!name) throw new Error(`${this.path}: declaration without a name at line ${declaration.startPosition.row + 1}`);
    return name.text;
  }

  private lastExpression(declaration: Node): Node {
    const children = declaration.namedChildren;
    const last = children[children.length - 1];
    if (!last) throw new Error(`${this.path}: empty declaration at line ${declaration.startPosition.row + 1}`);
    return last;
  }

  private decoratorsOf(declaration: Node): string[] {
    let previous = declaration.previousNamedSibling;
    while (previous && previous.type === 'comment') previous = previous.previousNamedSibling;
    if (!previous || previous.type !== 'decorators') return [];
    return previous.namedChildren
      .filter((d) => d.type === 'decorator')
      .map((d) => {
        const call = d.namedChildren[0];
        const fn = call?.childForFieldName('function');
        // `@sys.description(...)` is a member expression; keep the last segment.
        return (fn?.text ?? '').split('.').pop() ?? '';
      });
  }

  /** The argument of decorator `@name(...)` on a declaration, e.g. the array of `@allowed([...])`. */
  decoratorArgument(declaration: Node, name: string): Node | null {
    let previous = declaration.previousNamedSibling;
    while (previous && previous.type === 'comment') previous = previous.previousNamedSibling;
    if (!previous || previous.type !== 'decorators') return null;
    for (const decorator of previous.namedChildren) {
      const call = decorator.namedChildren[0];
      if (call?.childForFieldName('function')?.text.split('.').pop() !== name) continue;
      return call.childForFieldName('arguments')?.namedChildren[0] ?? null;
    }
    return null;
  }

  private readParam(statement: Node): void {
    const name = this.nameOf(statement);
    const type = statement.namedChildren.find((c) => c.type === 'type');
    const equals = statement.children.findIndex((c) => c.type === '=');
    const defaultValue = equals >= 0 ? (statement.children[equals + 1] ?? null) : null;
    const declaration: ParamDeclaration = {
      name,
      node: statement,
      decorators: this.decoratorsOf(statement),
      defaultValue,
      nullable: type?.text.trim().endsWith('?') ?? false,
    };
    this.params.set(name, declaration);
    if (this.kind === 'bicepparam' && defaultValue) this.assignments.set(name, defaultValue);
  }

  private readResource(statement: Node): void {
    const symbol = this.nameOf(statement);
    const typeNode = statement.namedChildren.find((c) => c.type === 'string');
    const typeText = typeNode ? stringValue(typeNode) : UNKNOWN;
    if (typeof typeText !== 'string') throw new Error(`${this.path}: resource ${symbol} has no literal type`);
    const [type = '', apiVersion = ''] = typeText.split('@');
    const existing = statement.children.some((c) => c.type === 'existing');
    const value = this.lastExpression(statement);
    const { body, loop, condition } = unwrapBody(value);
    this.resources.set(symbol, { symbol, type, apiVersion, existing, body, loop, condition });
  }

  private readModule(statement: Node): void {
    const symbol = this.nameOf(statement);
    const pathNode = statement.namedChildren.find((c) => c.type === 'string');
    const path = pathNode ? stringValue(pathNode) : UNKNOWN;
    if (typeof path !== 'string') throw new Error(`${this.path}: module ${symbol} has no literal path`);
    const { body, condition } = unwrapBody(this.lastExpression(statement));
    this.modules.set(symbol, { symbol, path, body, condition });
  }

  /** Evaluates a compile-time expression; runtime values (resource properties, functions) are UNKNOWN. */
  evaluate(node: Node, scope: ReadonlyMap<string, BicepValue> = new Map()): BicepValue {
    switch (node.type) {
      case 'string':
        return stringValue(node);
      case 'number':
        return Number(node.text);
      case 'boolean':
        return node.text === 'true';
      case 'null':
        return null;
      case 'parenthesized_expression': {
        const inner = node.namedChildren[0];
        return inner ? this.evaluate(inner, scope) : UNKNOWN;
      }
      case 'array':
        return node.namedChildren.filter((c) => c.type !== 'comment').map((c) => this.evaluate(c, scope));
      case 'object': {
        const out: { [key: string]: BicepValue } = {};
        for (const [key, value] of objectProperties(node)) out[key] = this.evaluate(value, scope);
        return out;
      }
      case 'identifier': {
        if (scope.has(node.text)) return scope.get(node.text) ?? null;
        const variable = this.vars.get(node.text);
        return variable ? this.evaluate(variable, scope) : UNKNOWN;
      }
      case 'member_expression': {
        const object = node.childForFieldName('object');
        const property = node.childForFieldName('property');
        if (!object || !property) return UNKNOWN;
        const value = this.evaluate(object, scope);
        return isRecord(value) && property.text in value ? (value[property.text] ?? null) : UNKNOWN;
      }
      case 'call_expression': {
        const fn = node.childForFieldName('function')?.text;
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        if ((fn === 'loadJsonContent' || fn === 'sys.loadJsonContent') && args.length === 1 && args[0]) {
          const file = this.evaluate(args[0], scope);
          if (typeof file !== 'string') return UNKNOWN;
          return JSON.parse(readFileSync(join(repoRoot, dirname(this.path), file), 'utf8')) as BicepValue;
        }
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /**
   * The GUID of a role assignment's roleDefinitionId, however it is spelled; for a custom role defined in
   * the same file (`someRole.id`, or `subscriptionResourceId(..., someRole.name)`), `custom:<symbol>`.
   */
  roleDefinitionGuid(expression: Node): string | null {
    if (expression.type === 'member_expression' && expression.childForFieldName('property')?.text === 'id') {
      const symbol = expression.childForFieldName('object')?.text ?? '';
      const resource = this.resources.get(symbol);
      if (resource?.type === 'Microsoft.Authorization/roleDefinitions') return `custom:${symbol}`;
    }
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (expression.type === 'call_expression') {
      const fn = expression.childForFieldName('function')?.text ?? '';
      const args = expression.childForFieldName('arguments')?.namedChildren ?? [];
      if (/^(subscriptionResourceId|resourceId|tenantResourceId)$/.test(fn)) {
        const type = args[0] ? this.evaluate(args[0]) : UNKNOWN;
        const last = args[args.length - 1];
        // `subscriptionResourceId('Microsoft.Authorization/roleDefinitions', someRole.name)`: a custom role of the file.
        if (type === 'Microsoft.Authorization/roleDefinitions' && last?.type === 'member_expression' && last.childForFieldName('property')?.text === 'name') {
          const symbol = last.childForFieldName('object')?.text ?? '';
          if (this.resources.get(symbol)?.type === 'Microsoft.Authorization/roleDefinitions') return `custom:${symbol}`;
        }
        const value = last ? this.evaluate(last) : UNKNOWN;
        if (type === 'Microsoft.Authorization/roleDefinitions' && typeof value === 'string' && guid.test(value)) return value.toLowerCase();
      }
      return null;
    }
    const value = this.evaluate(expression);
    if (typeof value !== 'string') return null;
    const match = /roleDefinitions\/([0-9a-f-]{36})$/i.exec(value) ?? (guid.test(value) ? [value, value] : null);
    return match?.[1]?.toLowerCase() ?? null;
  }
}

function unwrapBody(value: Node): {
  body: Node;
  loop: ResourceDeclaration['loop'];
  condition: string | null;
} {
  let node = value;
  let loop: ResourceDeclaration['loop'] = null;
  let condition: string | null = null;
  if (node.type === 'for_statement') {
    const parameters = node.namedChildren.find((c) => c.type === 'for_loop_parameters');
    const item = parameters?.namedChildren.find((c) => c.type === 'loop_variable')?.text ?? node.childForFieldName('initializer')?.text ?? '';
    const index = parameters?.namedChildren.find((c) => c.type === 'loop_enumerator')?.text ?? null;
    const inKeyword = node.children.findIndex((c) => c.type === 'in');
    const collection = inKeyword >= 0 ? (node.children[inKeyword + 1]?.text ?? '') : '';
    loop = { item, index, collection };
    const body = node.childForFieldName('body');
    if (!body) throw new Error(`loop without body at line ${node.startPosition.row + 1}`);
    node = body;
  }
  if (node.type === 'if_statement') {
    condition = node.namedChildren.find((c) => c.type === 'parenthesized_expression')?.text ?? null;
    const object = node.namedChildren.find((c) => c.type === 'object');
    if (!object) throw new Error(`condition without body at line ${node.startPosition.row + 1}`);
    node = object;
  }
  return { body: node, loop, condition };
}

// ---------------------------------------------------------------------------------------------------------
// Role assignments

export interface RoleAssignment {
  readonly file: string;
  readonly symbol: string;
  readonly roleDefinitionId: string;
  /** The resource the assignment is scoped to, in the same file. */
  readonly scope: ResourceDeclaration;
  /** True when the scope is one element of a resource loop (`scope: things[i]`). */
  readonly scopeIndexed: boolean;
  readonly loop: ResourceDeclaration['loop'];
  /** Source text of properties.principalId, e.g. `principalId`. */
  readonly principal: string;
  readonly principalType: BicepValue;
}

export function roleAssignments(file: BicepFile): RoleAssignment[] {
  const found: RoleAssignment[] = [];
  for (const resource of file.resources.values()) {
    if (resource.type !== 'Microsoft.Authorization/roleAssignments') continue;
    const body = objectProperties(resource.body);
    const where = `${file.path}: role assignment ${resource.symbol}`;
    const scopeNode = body.get('scope');
    if (!scopeNode) throw new Error(`${where} has no scope: it would land on the whole resource group`);
    const scopeIndexed = scopeNode.type === 'subscript_expression';
    const scopeSymbol = scopeIndexed ? scopeNode.childForFieldName('object')?.text : scopeNode.text;
    const scope = scopeSymbol ? file.resources.get(scopeSymbol) : undefined;
    if (!scope) throw new Error(`${where} is scoped to ${scopeNode.text}, which is not a resource of the file`);
    const propertiesNode = body.get('properties');
    if (!propertiesNode) throw new Error(`${where} has no properties`);
    const properties = objectProperties(propertiesNode);
    const roleNode = properties.get('roleDefinitionId');
    const roleDefinitionId = roleNode ? file.roleDefinitionGuid(roleNode) : null;
    if (!roleDefinitionId) throw new Error(`${where}: cannot resolve roleDefinitionId ${roleNode?.text ?? '(none)'}`);
    const principalType = properties.get('principalType');
    found.push({
      file: file.path,
      symbol: resource.symbol,
      roleDefinitionId,
      scope,
      scopeIndexed,
      loop: resource.loop,
      principal: properties.get('principalId')?.text ?? '',
      principalType: principalType ? file.evaluate(principalType) : UNKNOWN,
    });
  }
  return found;
}

/** The actions, data actions and assignable scopes of a custom role defined in a file, as written. */
export function customRole(file: BicepFile, symbol: string): { actions: BicepValue; dataActions: BicepValue; assignableScopes: string[] } {
  const resource = file.resources.get(symbol);
  if (resource?.type !== 'Microsoft.Authorization/roleDefinitions') throw new Error(`${file.path}: ${symbol} is not a role definition`);
  const properties = objectProperties(objectProperties(resource.body).get('properties')!);
  const permissions = properties.get('permissions');
  const entries = permissions?.namedChildren.filter((c) => c.type === 'object') ?? [];
  if (entries.length !== 1) throw new Error(`${file.path}: ${symbol} must have exactly one permissions entry`);
  const permission = objectProperties(entries[0]!);
  // As source text, one scope per line (tree-sitter splits a call followed by `.id` inside an array).
  const scopes = (properties.get('assignableScopes')?.text ?? '').replace(/^\[|\]$/g, '').split('\n').map((line) => line.trim()).filter(Boolean);
  return {
    actions: permission.get('actions') ? file.evaluate(permission.get('actions')!) : [],
    dataActions: permission.get('dataActions') ? file.evaluate(permission.get('dataActions')!) : [],
    assignableScopes: scopes,
  };
}
