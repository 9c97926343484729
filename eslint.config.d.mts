// Types for test/lint, which imports the layer and web rules from eslint.config.mjs.
import type { Linter } from 'eslint';

export declare const layerSyntaxRules: Linter.Config[];
export declare const webSyntaxRules: Linter.Config[];
declare const config: Linter.Config[];
export default config;
