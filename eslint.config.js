// Lint rules: typescript-eslint's recommended set with type information, plus
// the project's own guard rails (no browser APIs outside lib/ext, no `any`).
import tseslint from 'typescript-eslint';

/** Globals that exist only in a browser or an extension: code that uses them cannot run in Node. */
export const BROWSER_GLOBALS = ['browser', 'chrome', 'document', 'window', 'indexedDB', 'IDBKeyRange', 'navigator', 'location', 'localStorage', 'sessionStorage'];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'no eval: the extension runs no generated code' },
        { selector: "NewExpression[callee.name='Function']", message: 'no new Function: the extension runs no generated code' },
      ],
    },
  },
  {
    // lib/ is plain domain code that runs in Node: only lib/ext touches extension and page APIs. lib/capture reads
    // the DOM only through the document it is given (lib/ext/content.ts hands in the real page's).
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    ignores: ['lib/ext/**'],
    rules: {
      'no-restricted-globals': ['error', ...BROWSER_GLOBALS.map((name) => ({ name, message: 'browser APIs belong in lib/ext; pass what is needed in' }))],
      'no-restricted-imports': ['error', { paths: [{ name: 'wxt/browser', message: 'extension APIs belong in lib/ext' }] }],
    },
  },
  {
    // Pages render captured text as text: never as markup.
    files: ['**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'captured text is rendered as text, never markup' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
