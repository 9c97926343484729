// Types for test/lint/layer-rules.test.ts, which imports the layer rules from eslint.config.mjs.
import type { Linter } from 'eslint';

export declare const layerSyntaxRules: Linter.Config[];
declare const config: Linter.Config[];
export default config;
