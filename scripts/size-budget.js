// Measures the bundles a page downloads (minified + gzip), prints a table,
// writes dist/size-report.json and fails the build when a bundle is over budget.
// Lazy chunks are reported but not budgeted: a page only fetches them when it
// needs them (an iCalendar source, HTML to sanitise).
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';

const KB = 1024;
export const ALL_IN_ONE = 'trust-widgets.js';
export const BUDGETS = {allInOne: 35 * KB, perWidget: 20 * KB};

const defaultDist = fileURLToPath(new URL('../dist', import.meta.url));

function measureFile(dir, name) {
  const bytes = readFileSync(join(dir, name));
  return {file: name, bytes: bytes.length, gzip: gzipSync(bytes, {level: 9}).length};
}

function jsFiles(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.js')).sort() : [];
}

/**
 * Sizes of every bundle in `dist` (and of its lazy chunks), each with the
 * budget it is held to; `over` is true when a bundle exceeds it.
 */
export function measureBundles(dist = defaultDist) {
  const bundles = jsFiles(dist).map((name) => {
    const budget = name === ALL_IN_ONE ? BUDGETS.allInOne : BUDGETS.perWidget;
    const size = measureFile(dist, name);
    return {...size, budget, over: size.gzip > budget};
  });
  const chunksDir = join(dist, 'chunks');
  const chunks = jsFiles(chunksDir).map((name) => ({...measureFile(chunksDir, name), file: `chunks/${name}`}));
  return {bundles, chunks};
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

function printTable({bundles, chunks}) {
  const rows = [
    ['file', 'min', 'min+gzip', 'budget'],
    ...bundles.map((b) => [b.file, kb(b.bytes), kb(b.gzip), `${kb(b.budget)}${b.over ? '  OVER' : ''}`]),
    ...chunks.map((c) => [c.file, kb(c.bytes), kb(c.gzip), 'lazy']),
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
  const over = report.bundles.filter((b) => b.over);
  if (over.length) {
    console.error(`Over budget: ${over.map((b) => `${b.file} ${kb(b.gzip)} > ${kb(b.budget)}`).join(', ')}`);
    process.exit(1);
  }
}
