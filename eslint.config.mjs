import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layer rules the import graph cannot see (the others are in .dependency-cruiser.cjs, run by
 * `npm run lint:layers`). Exported so test/lint/layer-rules.test.ts can show them failing.
 */
const noHttpStatus = {
  selector: 'Property[key.name=/^(status|statusCode)$/] > Literal[raw=/^[1-5][0-9][0-9]$/]',
  message:
    'app-no-http-status: the domain, the use cases and the ports return domain outcomes; src/http maps them to status codes.',
};

/**
 * `domain-no-api-shapes`: request and response shapes (`…BodySchema`, `…RequestSchema`,
 * `…ResponseSchema`) belong to src/http/operations, views of data for callers (`present…`) to
 * src/app. The domain keeps its rules and the validation of its own values.
 */
const noApiShapesInDomain = [
  {
    selector: 'VariableDeclarator[id.name=/(Body|Request|Response)Schema$/]',
    message:
      'domain-no-api-shapes: request and response schemas go in src/http/operations/*-schemas.ts; the domain validates only its own values.',
  },
  {
    selector: ':matches(FunctionDeclaration, VariableDeclarator)[id.name=/^present[A-Z]/]',
    message: 'domain-no-api-shapes: views of data for callers (presentation) go in src/app, beside ticket-view.ts.',
  },
];

/**
 * `web-api-types`: the web's API types are generated from the server's OpenAPI document into
 * web/src/api (`npm run generate:api`), and requests go through its typed client, so that a server
 * change a page no longer fits fails `npm run typecheck`. Elsewhere in web/ a declared object or
 * union type is a UI shape, named for its role; anything else would be a hand-written copy of the API.
 */
const uiShapeName = '/(Props|Route|Query|Range|Filter|Point)$/';
const noHandWrittenApiTypes = [
  {
    selector: `TSInterfaceDeclaration:not([id.name=${uiShapeName}])`,
    message:
      'web-api-types: API types come from web/src/api/types.ts (generated from the OpenAPI document); a UI-only shape is named …Props, …Route, …Query, …Range, …Filter or …Point.',
  },
  {
    selector: `TSTypeAliasDeclaration[typeAnnotation.type=/^(TSTypeLiteral|TSUnionType)$/]:not([id.name=${uiShapeName}])`,
    message:
      'web-api-types: API types come from web/src/api/types.ts (generated from the OpenAPI document); a UI-only shape is named …Props, …Route, …Query, …Range, …Filter or …Point.',
  },
  {
    selector: 'TSAsExpression > TSTypeLiteral',
    message: 'web-api-types: a cast to a written-out object type is a hand-written API type; use web/src/api/types.ts.',
  },
  {
    selector: "CallExpression[callee.name='fetch'], CallExpression[callee.property.name='fetch']",
    message: 'web-api-types: call the API through web/src/api/client.ts, whose requests and answers are typed.',
  },
];

export const webSyntaxRules = [
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    ignores: ['web/src/api/**'],
    rules: { 'no-restricted-syntax': ['error', ...noHandWrittenApiTypes] },
  },
];

export const layerSyntaxRules = [
  {
    files: ['src/domain/**/*.ts', 'src/app/**/*.ts', 'src/ports/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', noHttpStatus] },
  },
  {
    // A later entry replaces the rule's options for these files, so it repeats the status rule.
    files: ['src/domain/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', noHttpStatus, ...noApiShapesInDomain] },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.local/**', 'coverage/**', '.scratch/**', 'web/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layerSyntaxRules,
  ...webSyntaxRules,
  { files: ['**/*.mjs', '**/*.cjs', '**/*.d.mts'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly', setTimeout: 'readonly' },
    },
    // CommonJS loads with require(); these files are plain Node.js scripts (e.g. local-host/azurite-launcher.cjs).
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
