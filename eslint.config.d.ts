// The types of eslint.config.js, for the test that runs its rules on snippets (test/unit/architecture).
import type { Linter } from 'eslint';

export declare const BROWSER_GLOBALS: readonly string[];
declare const config: Linter.Config[];
export default config;
