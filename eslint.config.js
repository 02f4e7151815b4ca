import js from '@eslint/js';
import {defineConfig, globalIgnores} from 'eslint/config';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The TypeScript that tsconfig.json covers, linted with type information.
const typedFiles = ['src/**/*.ts', 'test/**/*.ts', 'stories/**/*.ts', 'bench/**/*.ts', 'relay/**/*.ts'];
const testFiles = ['test/**/*.ts'];
// JavaScript that runs in Node: configs, build scripts, servers, the bench driver.
const nodeFiles = [
  '*.config.{js,mjs}',
  'scripts/**/*.js',
  'bench/**/*.js',
  'demo/**/*.js',
  'test/server/**/*.js',
  'relay/**/*.ts',
  '.storybook/main.js',
];
// Code that runs in the page. Scripts, bench and demo also hand functions to
// pages (Playwright's page.evaluate), so they see both sets of globals.
const browserFiles = ['src/**', 'test/**', 'stories/**', 'scripts/**', 'bench/**', 'demo/**', '.storybook/preview.js'];

export default defineConfig([
  globalIgnores(['dist/', 'coverage/', 'storybook-static/', 'bench/results/', 'custom-elements.json', '.tmp/']),

  js.configs.recommended,

  {
    files: typedFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
    },
    rules: {
      // Fire-and-forget is fine when it is written down: `void this.load()`.
      '@typescript-eslint/no-floating-promises': ['error', {ignoreVoid: true}],
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
    },
  },

  {
    files: ['src/**/*.ts', 'stories/**/*.ts', 'relay/console/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
    // The widgets extend our shared base class; the wc rules must know it is an element.
    settings: {wc: {elementBaseClasses: ['TrustElement']}},
    rules: {
      // LitElement always has these callbacks; guarding `super.connectedCallback()` is noise.
      'wc/guard-super-call': 'off',
    },
  },

  {
    files: testFiles,
    languageOptions: {globals: globals.mocha},
    rules: {
      // chai: expect(x).to.be.true
      '@typescript-eslint/no-unused-expressions': 'off',
      // sinon: expect(stub.calledOnce), spies handed around as values
      '@typescript-eslint/unbound-method': 'off',
      // @open-wc/semantic-dom-diff types every chai `equal` as a Promise; it is not
      // one. Real promises such as `expect(el).to.be.accessible()` must still be awaited.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {ignoreVoid: true, allowForKnownSafeCalls: [{from: 'package', name: 'Equal', package: 'chai'}]},
      ],
    },
  },

  {
    // node:test's describe() and it() return promises that the runner itself awaits.
    files: ['relay/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {ignoreVoid: true, allowForKnownSafeCalls: [{from: 'package', name: ['describe', 'it', 'before', 'after', 'beforeEach', 'afterEach'], package: 'node:test'}]},
      ],
    },
  },

  {files: browserFiles, languageOptions: {globals: globals.browser}},
  {files: nodeFiles, languageOptions: {globals: globals.node}},
]);
