// Bytes a page downloads: every bundle in dist/ and each lazy chunk in
// dist/chunks/, minified (as rollup wrote them) and gzipped at level 9,
// measured by the build's own size check (scripts/size-budget.js) so the two
// never disagree. Bundles are held to its budgets; chunks are lazy.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {repoRoot} from '../lib/server.js';
import {KIB} from '../lib/units.js';

const BUNDLES = ['trust-widgets.js', 'trust-schedule.js', 'trust-speakers.js', 'trust-hashtag-feed.js', 'trust-follow-counter.js'];

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
      return {metric: `${name} (min+gzip)`, value: size.gzip / KIB, unit: 'KiB', target: {atMost: size.budget / KIB}, notes: `${(size.bytes / KIB).toFixed(1)} KiB minified`};
    });
    for (const chunk of chunks) {
      rows.push({metric: `${chunk.file} (min+gzip)`, value: chunk.gzip / KIB, unit: 'KiB', notes: `lazy chunk; ${(chunk.bytes / KIB).toFixed(1)} KiB minified`});
    }
    return rows;
  },
};
