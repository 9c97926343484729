import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layer rule the import graph cannot see (the others are in .dependency-cruiser.cjs, run by
 * `npm run lint:layers`). Exported so test/lint/layer-rules.test.ts can show it failing.
 */
export const layerSyntaxRules = {
  files: ['src/domain/**/*.ts', 'src/app/**/*.ts', 'src/ports/**/*.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: 'Property[key.name=/^(status|statusCode)$/] > Literal[raw=/^[1-5][0-9][0-9]$/]',
        message: 'app-no-http-status: the domain, the use cases and the ports return domain outcomes; src/http maps them to status codes.',
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.local/**', 'coverage/**', '.scratch/**'] },
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
  layerSyntaxRules,
  { files: ['**/*.mjs', '**/*.cjs', '**/*.d.mts'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', process: 'readonly', setTimeout: 'readonly' } },
    // CommonJS loads with require(); these files are plain Node.js scripts (e.g. src/local-host/azurite-launcher.cjs).
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
