// Measures what a page downloads for each bundle (minified + gzip), prints a
// table, writes dist/size-report.json and fails the build when a bundle is
// over budget. A bundle's size is its entry file plus every chunk it imports
// statically (all fetched before anything renders). Chunks reached only
// through import() are reported but not budgeted: a page fetches them when it
// needs them (one source format's adapter, the iCalendar parser, the sanitiser).
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {parseAst} from 'rollup/parseAst';

const KB = 1024;
export const ALL_IN_ONE = 'trust-widgets.js';
/** The relay's moderation console (/admin/): its own bundle, for moderators' browsers, not readers'. */
export const CONSOLE = 'console/console.js';
/**
 * The targets of the embed-anywhere issue: what a page should download before anything renders.
 * The console's is its size when it was first cut (36.6 KB measured: Lit, the feed's own post
 * templates and native adapter, the console, and DOMPurify inlined, 8.6 KB of it, since every queue
 * has post HTML to clean): it may only shrink.
 */
export const BUDGETS = {allInOne: 35 * KB, perWidget: 20 * KB, console: 37 * KB};

/**
 * Bundles that are not yet under their target carry a ceiling at their size
 * when it was last cut, so they can only shrink: the build fails on any growth
 * past it, and prints the distance to the target every time. Lower a ceiling
 * whenever a bundle gets smaller; delete it once the bundle meets its target.
 */
export const CEILINGS = {
  // +0.6 KB (measured +0.56): the feed's and counter's "not updated since" line (shared/freshness.ts: the three-intervals rule, its one timer, the Intl time and list of networks).
  // +0.75 KB (measured +0.74): the counter across platforms (network=, breakdown="line", stale counts "last read 09:40", X/Facebook/Instagram names).
  // +0.1 KB (measured +72 B): posts the relay's moderators pinned (native "pinned", kept first, labelled "Pinned").
  'trust-widgets.js': 44.65 * KB,
  // +0.1 KB each (a few bytes gzipped): spaces a reader sees moved into expressions, where the HTML minifier cannot drop them.
  'trust-schedule.js': 27.5 * KB,
  // +0.7 KB (measured +0.67): the "Posts from Bluesky not updated since 09:40" line (shared/freshness.ts and the feed's sources).
  // +0.1 KB (measured +68 B): posts the relay's moderators pinned (native "pinned", kept first, labelled "Pinned").
  'trust-hashtag-feed.js': 24.7 * KB,
  'trust-speakers.js': 20.1 * KB,
  // Was 19.9 KB, under its target; +0.77 KB measured: the counter across platforms (network=, breakdown="line", stale counts, X/Facebook/Instagram names).
  'trust-follow-counter.js': 20.7 * KB,
};

const defaultDist = fileURLToPath(new URL('../dist', import.meta.url));

function measureFile(dir, name) {
  const bytes = readFileSync(join(dir, name));
  return {file: name, bytes: bytes.length, gzip: gzipSync(bytes, {level: 9}).length};
}

function jsFiles(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.js')).sort() : [];
}

/** Files a module imports statically (import and export-from declarations; not import()), relative to dist. */
function staticImports(dist, file) {
  const ast = parseAst(readFileSync(join(dist, file), 'utf8'));
  return ast.body
    .filter((node) => ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration'].includes(node.type) && node.source)
    .map((node) => join(dirname(file), node.source.value).replace(/^\.\//, ''));
}

/** The entry and every chunk reachable from it by static imports. */
function initialFiles(dist, entry) {
  const seen = new Set([entry]);
  const queue = [entry];
  while (queue.length) {
    for (const next of staticImports(dist, queue.shift())) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

/**
 * Sizes of every bundle in `dist` (entry plus static imports) and of the lazy
 * chunks, each bundle with the budget it is held to; `over` is true when a
 * bundle exceeds it.
 */
export function measureBundles(dist = defaultDist) {
  const initial = new Set();
  const names = [...jsFiles(dist), ...(existsSync(join(dist, CONSOLE)) ? [CONSOLE] : [])];
  const bundles = names.map((name) => {
    const target = name === ALL_IN_ONE ? BUDGETS.allInOne : name === CONSOLE ? BUDGETS.console : BUDGETS.perWidget;
    const budget = Math.max(target, CEILINGS[name] ?? 0);
    const files = initialFiles(dist, name);
    files.forEach((f) => initial.add(f));
    const sizes = files.map((f) => measureFile(dist, f));
    const size = {file: name, bytes: sizes.reduce((a, b) => a + b.bytes, 0), gzip: sizes.reduce((a, b) => a + b.gzip, 0), files};
    return {...size, target, budget, over: size.gzip > budget, overTarget: size.gzip > target};
  });
  const chunks = jsFiles(join(dist, 'chunks'))
    .map((name) => `chunks/${name}`)
    .filter((file) => !initial.has(file))
    .map((file) => measureFile(dist, file));
  return {bundles, chunks};
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

function printTable({bundles, chunks}) {
  const rows = [
    ['file', 'min', 'min+gzip', 'target', 'ceiling'],
    ...bundles.map((b) => [
      b.file,
      kb(b.bytes),
      kb(b.gzip),
      `${kb(b.target)}${b.overTarget ? ` (+${kb(b.gzip - b.target)})` : ' ok'}`,
      b.budget > b.target ? `${kb(b.budget)}${b.over ? '  OVER' : ''}` : '',
    ]),
    ...chunks.map((c) => [c.file, kb(c.bytes), kb(c.gzip), 'lazy', '']),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  for (const row of rows) {
    console.log(row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = measureBundles();
  if (!report.bundles.some((b) => b.file === ALL_IN_ONE)) {
    console.error(`size-budget: dist/${ALL_IN_ONE} not found; run the build first.`);
    process.exit(1);
  }
  printTable(report);
  writeFileSync(join(defaultDist, 'size-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const overTarget = report.bundles.filter((b) => b.overTarget);
  if (overTarget.length) {
    console.warn(`Not yet at target: ${overTarget.map((b) => `${b.file} ${kb(b.gzip)} (target ${kb(b.target)})`).join(', ')}`);
  }
  const over = report.bundles.filter((b) => b.over);
  if (over.length) {
    console.error(`Grew past its ceiling: ${over.map((b) => `${b.file} ${kb(b.gzip)} > ${kb(b.budget)}`).join(', ')}`);
    process.exit(1);
  }
}
