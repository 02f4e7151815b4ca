// Bytes a page downloads: every bundle in dist/ and each lazy chunk in
// dist/chunks/, minified (as rollup wrote them) and gzipped at level 9,
// measured by the build's own size check (scripts/size-budget.js) so the two
// never disagree. A bundle counts the chunks it imports statically and is held
// to the build's budget; the other chunks are loaded lazily.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {repoRoot} from '../lib/server.js';
import {KIB} from '../lib/units.js';

const BUNDLES = ['trust-widgets.js', 'trust-schedule.js', 'trust-speakers.js', 'trust-hashtag-feed.js', 'trust-follow-counter.js'];

/** `chunks/native-C3MsUe5N.js` → `chunks/native.js`. */
const unhashed = (file) => file.replace(/-[\w-]{8}\.js$/, '.js');

export default {
  title: 'bundle size',
  browser: false,
  once: true,
  async run() {
    const dist = path.join(repoRoot, 'dist');
    if (!BUNDLES.some((name) => existsSync(path.join(dist, name)))) return {skip: 'widget not built yet (no bundles in dist/; run npm run build)'};
    const {measureBundles} = await import('../../scripts/size-budget.js');
    const {bundles, chunks} = measureBundles(dist);
    const rows = BUNDLES.map((name) => {
      const size = bundles.find((b) => b.file === name);
      if (!size) return {metric: `${name} (min+gzip)`, unit: 'KiB', skip: 'widget not built yet'};
      return {metric: `${name} (min+gzip)`, value: size.gzip / KIB, unit: 'KiB', target: {atMost: size.budget / KIB}, notes: `${(size.bytes / KIB).toFixed(1)} KiB minified${size.files?.length > 1 ? `; with ${size.files.length - 1} chunk(s) it imports` : ''}`};
    });
    // Each bundle is its own build, so a lazy chunk exists once per bundle that
    // can load it, under another hash: one row per distinct chunk. Its name
    // without the hash, unless two different chunks share that name.
    const distinct = new Map();
    for (const chunk of chunks) {
      const key = `${unhashed(chunk.file)} ${chunk.bytes}`;
      distinct.set(key, [...(distinct.get(key) ?? []), chunk]);
    }
    const nameCount = new Map();
    for (const [first] of distinct.values()) nameCount.set(unhashed(first.file), (nameCount.get(unhashed(first.file)) ?? 0) + 1);
    for (const copies of [...distinct.values()].sort((a, b) => a[0].file.localeCompare(b[0].file))) {
      const [chunk] = copies;
      const name = nameCount.get(unhashed(chunk.file)) > 1 ? chunk.file : unhashed(chunk.file);
      const builds = copies.length > 1 ? `; ${copies.length} copies, one per bundle` : '';
      rows.push({metric: `${name} (min+gzip)`, value: chunk.gzip / KIB, unit: 'KiB', notes: `lazy; ${(chunk.bytes / KIB).toFixed(1)} KiB minified${builds}`});
    }
    return rows;
  },
};
