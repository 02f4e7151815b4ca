#!/usr/bin/env node
// The trust-widgets benchmark harness: `npm run bench` (builds first) or
// `node bench/run.js [--quick] [--runs N] [--filter name[,name]]`.
//
// It serves the repository from its own server on 127.0.0.1, drives headless
// Chromium with playwright-core, runs each case in bench/cases/ N times (a
// fresh browser context each time, after one unrecorded warm-up), and prints
// median/min/max per measurement. The table is also written to
// bench/results/latest.json and latest.md, with the machine it ran on.
import {chromium} from 'playwright-core';
import {mkdir, writeFile} from 'node:fs/promises';
import os from 'node:os';
import {execSync} from 'node:child_process';
import {startServer} from './lib/server.js';

const CASES = ['bundle-sizes', 'schedule', 'speakers', 'hashtag-feed', 'hashtag-feed-soak', 'follow-counter', 'requests', 'peers', 'relay-load', 'jetstream-filter'];
/** How long one run of a case may take, unless the case says (`timeoutMs`). */
const ITERATION_TIMEOUT_MS = 120_000;

function parseArgs(argv) {
  const options = {quick: false, runs: undefined, filters: []};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg.startsWith('--runs=')) options.runs = Number(arg.slice(7));
    else if (arg === '--filter') options.filters.push(...argv[++i].split(','));
    else if (arg.startsWith('--filter=')) options.filters.push(...arg.slice(9).split(','));
    else if (arg === '--help' || arg === '-h') {
      console.log(`usage: node bench/run.js [--quick] [--runs N] [--filter name[,name]]\ncases: ${CASES.join(', ')}`);
      process.exit(0);
    } else {
      console.error(`unknown option ${arg} (try --help)`);
      process.exit(2);
    }
  }
  options.runs ??= options.quick ? 3 : 15;
  if (!Number.isInteger(options.runs) || options.runs < 1) {
    console.error('--runs needs a whole number of at least 1');
    process.exit(2);
  }
  return options;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const withTimeout = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms).unref())]);

/**
 * Runs one case `runs` times and folds its measurements into rows. A case
 * returns an array of {metric, value, unit, target?, notes?} (or {metric, skip}
 * for one measurement it cannot take), or {skip: reason} for the whole case.
 * A target is {below: n} or {atMost: n}, checked against the median.
 */
async function runCase(spec, {browser, server, options}) {
  const samples = new Map();
  const notes = new Map();
  const addNote = (metric, note) => note && (notes.get(metric) ?? notes.set(metric, new Set()).get(metric)).add(note);
  const iterations = spec.once ? 1 : options.runs;
  const warmUp = spec.browser !== false && !spec.once;

  for (let i = warmUp ? -1 : 0; i < iterations; i++) {
    const context = spec.browser === false ? undefined : await browser.newContext({viewport: {width: 1280, height: 900}, reducedMotion: 'reduce'});
    const page = await context?.newPage();
    const cdp = page && (await context.newCDPSession(page));
    const pageErrors = [];
    page?.on('pageerror', (error) => pageErrors.push(error.message));
    let result;
    try {
      result = await withTimeout(
        spec.run({browser, context, page, cdp, baseUrl: server.baseUrl, server, quick: options.quick, iteration: i}),
        spec.timeoutMs ?? ITERATION_TIMEOUT_MS,
        spec.name,
      );
    } catch (error) {
      result = {skip: `error: ${error.message.split('\n')[0]}${pageErrors[0] ? ` (page: ${pageErrors[0]})` : ''}`};
    } finally {
      await context?.close();
    }
    if (!Array.isArray(result)) return [{case: spec.title, metric: '', skip: result.skip, notes: []}];
    // Nothing measurable (widgets not built yet): record the reasons once, without repeating.
    const nothing = result.every((m) => m.skip);
    if (i < 0 && !nothing) continue;
    for (const m of result) {
      if (!samples.has(m.metric)) samples.set(m.metric, {unit: m.unit, target: m.target, values: [], skip: undefined});
      const entry = samples.get(m.metric);
      if (m.skip) entry.skip = m.skip;
      else entry.values.push(m.value);
      addNote(m.metric, m.notes);
    }
    if (pageErrors.length) addNote([...samples.keys()][0], `page error: ${pageErrors[0]}`);
    if (nothing) break;
  }

  return [...samples].map(([metric, {unit, target, values, skip}]) => {
    const row = {case: spec.title, metric, unit, target, notes: [...(notes.get(metric) ?? [])]};
    if (values.length === 0) return {...row, skip: skip ?? 'no measurement'};
    const mid = median(values);
    const pass = target === undefined ? undefined : 'below' in target ? mid < target.below : mid <= target.atMost;
    return {...row, median: mid, min: Math.min(...values), max: Math.max(...values), samples: values, pass};
  });
}

function format(value, unit) {
  if (value === undefined) return '—';
  if (unit === 'ms') return value < 10 ? value.toFixed(2) : value.toFixed(1);
  if (unit === 'KiB') return value.toFixed(1);
  if (unit === 'MB') return value.toFixed(2);
  if (unit === '×') return value.toFixed(2);
  if (unit === 's' || unit === 'requests/s') return value.toFixed(1);
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function rowCells(row) {
  const notes = [...row.notes];
  if (row.target !== undefined && row.median !== undefined) {
    const bound = 'below' in row.target ? `< ${format(row.target.below, row.unit)}` : `≤ ${format(row.target.atMost, row.unit)}`;
    notes.unshift(`target ${bound} ${row.unit} ${row.pass ? '✓' : '✗ MISSED'}`);
  }
  if (row.skip) notes.unshift(`skipped: ${row.skip}`);
  return [row.metric ? `${row.case}: ${row.metric}` : row.case, format(row.median, row.unit), format(row.min, row.unit), format(row.max, row.unit), row.unit ?? '', notes.join('; ')];
}

const HEADER = ['case', 'median', 'min', 'max', 'unit', 'notes'];

function textTable(rows) {
  const cells = [HEADER, ...rows.map(rowCells)];
  const widths = HEADER.map((_, c) => Math.max(...cells.map((r) => (c === 5 ? 0 : r[c].length))));
  return cells.map((r) => r.map((cell, c) => (c === 0 || c >= 4 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}

function markdownTable(rows) {
  const escape = (s) => s.replaceAll('|', '\\|');
  return [`| ${HEADER.join(' | ')} |`, '| --- | ---: | ---: | ---: | --- | --- |', ...rows.map((r) => `| ${rowCells(r).map(escape).join(' | ')} |`)].join('\n');
}

/** The machine, and how busy it was: timings from a loaded machine are slower. */
function machine(chromiumVersion, loadAtStart) {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    chromium: chromiumVersion,
    loadAverage: {start: Number(loadAtStart.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2))},
  };
}

function commit() {
  try {
    return execSync('git rev-parse --short HEAD', {cwd: new URL('..', import.meta.url), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const selected = CASES.filter((name) => options.filters.length === 0 || options.filters.some((f) => name.includes(f)));
  if (selected.length === 0) {
    console.error(`no case matches ${options.filters.join(', ')}; cases: ${CASES.join(', ')}`);
    process.exit(2);
  }
  const specs = await Promise.all(selected.map(async (name) => ({name, ...(await import(`./cases/${name}.js`)).default})));

  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--js-flags=--expose-gc',
      '--enable-precise-memory-info',
    ],
  });
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const rows = [];
  try {
    for (const spec of specs) {
      const caseStart = Date.now();
      process.stderr.write(`${spec.name}… `);
      const caseRows = await runCase(spec, {browser, server, options});
      rows.push(...caseRows);
      process.stderr.write(`${((Date.now() - caseStart) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }

  const info = machine(browser.version(), loadAtStart);
  const mode = `${options.quick ? 'quick' : 'full'}, ${options.runs} runs per case`;
  const results = {date: new Date().toISOString(), commit: commit(), mode, runs: options.runs, durationSeconds: (Date.now() - started) / 1000, machine: info, results: rows};
  const machineLine = `${info.os}; ${info.cpu}, ${info.cores} cores, ${info.memory}; Node ${info.node}; Chromium ${info.chromium}; load average ${info.loadAverage.start} at start, ${info.loadAverage.end} at end`;

  console.log(`\n${textTable(rows)}\n\nMachine: ${machineLine}\nMode: ${mode}; ${results.durationSeconds.toFixed(0)} s; commit ${results.commit}`);
  const resultsDir = new URL('./results/', import.meta.url);
  await mkdir(resultsDir, {recursive: true});
  await writeFile(new URL('latest.json', resultsDir), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(
    new URL('latest.md', resultsDir),
    `# trust-widgets bench, ${results.date.slice(0, 10)}\n\n${markdownTable(rows)}\n\nMachine: ${machineLine}  \nMode: ${mode}; ${results.durationSeconds.toFixed(0)} s; commit ${results.commit}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
