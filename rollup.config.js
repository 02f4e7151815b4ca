// Bundles the tsc output in dist/esm into the files a CMS editor loads with one
// <script type="module"> tag: dist/trust-widgets.js (all four elements) and one
// self-registering file per widget. Each bundle is its own build, so none of
// them depends on another; only lazy imports (ical.js, the sanitiser) become
// chunks, fetched when a page first needs them.
//
// The relay's moderation console is one more bundle, from its own tsc output
// (relay/console/tsconfig.build.json -> dist/console-esm): dist/console/console.js
// (one file, the sanitiser inlined: every queue has post HTML to clean) and
// dist/console/console.css (the page's own few rules), which the relay serves at
// /admin/. TRUST_BUNDLES=console builds only it (npm run build:console).
import {existsSync, readFileSync} from 'node:fs';
import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';

const WIDGETS = ['schedule', 'speakers', 'hashtag-feed', 'follow-counter'];

const bundles = [
  {input: 'dist/esm/define.js', file: 'trust-widgets.js'},
  ...WIDGETS.map((widget) => ({input: `dist/esm/${widget}/define.js`, file: `trust-${widget}.js`})),
];

/**
 * Feeds tsc's source maps into Rollup, so the bundles' maps lead back to the
 * TypeScript sources rather than to dist/esm.
 */
function tscSourceMaps() {
  return {
    name: 'tsc-source-maps',
    load(id) {
      if (!/\/dist\/(esm|console-esm)\//.test(id) || !existsSync(`${id}.map`)) return null;
      return {code: readFileSync(id, 'utf8'), map: readFileSync(`${id}.map`, 'utf8')};
    },
  };
}

/** Browsers have no `process`; a dependency that asks gets production. */
function productionNodeEnv() {
  return {
    name: 'production-node-env',
    transform(code) {
      if (!code.includes('process.env.NODE_ENV')) return null;
      return {code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null};
    },
  };
}

/**
 * What turns the tsc output into what ships. rollup.prod-test.config.js runs
 * the same minifiers over every module for the production test run.
 */
export const minifiers = () => [
  tscSourceMaps(),
  // The CSS and HTML inside Lit's css`` and html`` literals, which terser leaves as written.
  minifyHTML({failOnError: true}),
  productionNodeEnv(),
];
export const terserPlugin = () =>
  terser({ecma: 2022, module: true, compress: {passes: 3, pure_getters: true}, format: {comments: false}});

/** The console page's stylesheet (its element styles itself; the page only sets the background and margins). */
function consolePageStyle() {
  return {
    name: 'console-page-style',
    generateBundle() {
      this.emitFile({type: 'asset', fileName: 'console.css', source: readFileSync('relay/console/console.css', 'utf8')});
    },
  };
}

const onwarn = (warning, warn) => {
  // tsc's decorator helper reads a top-level `this`, which is undefined in a module, as Rollup makes it.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  // A missing export or unresolved import is a broken bundle, not a warning.
  if (['MISSING_EXPORT', 'UNRESOLVED_IMPORT'].includes(warning.code)) throw new Error(warning.message);
  warn(warning);
};

const consoleBundle = {
  input: 'dist/console-esm/relay/console/define.js',
  plugins: [...minifiers(), nodeResolve({browser: true, exportConditions: ['production']}), terserPlugin(), consolePageStyle()],
  output: {dir: 'dist/console', format: 'es', entryFileNames: 'console.js', inlineDynamicImports: true, sourcemap: true},
  onwarn,
};

const widgetBundles = bundles.map(({input, file}) => ({
  input,
  plugins: [
    ...minifiers(),
    // Without the 'development' condition, lit resolves to its production build.
    nodeResolve({browser: true, exportConditions: ['production']}),
    terserPlugin(),
  ],
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: file,
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  onwarn,
}));

export default process.env.TRUST_BUNDLES === 'console' ? [consoleBundle] : [...widgetBundles, consoleBundle];
