// Bytes a page downloads: every bundle in dist/ and each lazy chunk in
// dist/chunks/, minified (as rollup wrote them) and gzipped at level 9.
import {readdir, readFile} from 'node:fs/promises';
import {gzipSync, constants as zlib} from 'node:zlib';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {repoRoot} from '../lib/server.js';

const dist = path.join(repoRoot, 'dist');
const BUNDLES = ['trust-widgets.js', 'trust-schedule.js', 'trust-speakers.js', 'trust-hashtag-feed.js', 'trust-follow-counter.js'];

async function fallbackMeasure(file) {
  const bytes = await readFile(file);
  return {min: bytes.length, gzip: gzipSync(bytes, {level: zlib.Z_BEST_COMPRESSION}).length};
}

/**
 * scripts/size-budget.js is the build's size check; when it exports a way to
 * measure a file, the bench uses it so the two never disagree.
 */
async function measurer() {
  const script = path.join(repoRoot, 'scripts/size-budget.js');
  if (!existsSync(script)) return {measure: fallbackMeasure, via: 'zlib gzip -9'};
  const mod = await import(script);
  const fn = mod.measure ?? mod.measureFile ?? mod.sizeOf;
  if (typeof fn !== 'function') return {measure: fallbackMeasure, via: 'zlib gzip -9'};
  return {
    measure: async (file) => {
      const size = await fn(file);
      return {min: size.min ?? size.raw ?? size.bytes, gzip: size.gzip ?? size.gzipped};
    },
    via: 'scripts/size-budget.js',
  };
}

export default {
  title: 'bundle size',
  browser: false,
  once: true,
  async run() {
    const present = BUNDLES.filter((name) => existsSync(path.join(dist, name)));
    if (present.length === 0) return {skip: 'widget not built yet (no bundles in dist/; run npm run build)'};
    const chunkDir = path.join(dist, 'chunks');
    const chunks = existsSync(chunkDir) ? (await readdir(chunkDir)).filter((f) => f.endsWith('.js')).sort().map((f) => `chunks/${f}`) : [];
    const {measure, via} = await measurer();
    const rows = [];
    for (const name of [...BUNDLES, ...chunks]) {
      if (!present.includes(name) && !name.startsWith('chunks/')) {
        rows.push({metric: `${name} (min+gzip)`, unit: 'kB', skip: 'widget not built yet'});
        continue;
      }
      const {min, gzip} = await measure(path.join(dist, name));
      rows.push({metric: `${name} (min+gzip)`, value: gzip / 1000, unit: 'kB', notes: `${(min / 1000).toFixed(1)} kB minified; ${via}`});
    }
    return rows;
  },
};
