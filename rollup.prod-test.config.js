// The production test run's build (dist/test/prod, not shipped: package.json
// leaves dist/test/ out). Every module of dist/esm goes through exactly what
// the shipped bundles go through (the HTML/CSS literal minifier, then terser),
// one output file per module in src/'s layout, so the browser tests can import
// the widgets and their internals (the one manual clock, the model modules)
// from it and see one instance of each. Packages stay bare imports: the test
// server resolves them without the 'development' condition, so Lit runs in
// production mode, one copy shared with the tests' own `lit` imports.
// The shipped bundles themselves are tested as built by test/bundles/ and by
// scripts/smoke-bundles.js.
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {minifiers, terserPlugin} from './rollup.config.js';

const root = 'dist/esm';
const modules = readdirSync(root, {recursive: true})
  .map(String)
  .filter((name) => name.endsWith('.js'))
  .map((name) => join(root, name));

export default {
  input: modules,
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  plugins: [...minifiers(), terserPlugin()],
  preserveEntrySignatures: 'strict',
  output: {dir: 'dist/test/prod', format: 'es', preserveModules: true, preserveModulesRoot: root, sourcemap: true},
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    if (['MISSING_EXPORT', 'UNRESOLVED_IMPORT'].includes(warning.code)) throw new Error(warning.message);
    warn(warning);
  },
};
