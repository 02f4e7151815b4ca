// <trust-hashtag-feed> on a wall screen for a day: one new post every 2 s for
// 24 simulated hours (43,200 posts; 2 hours with --quick) with max-posts 100,
// driven as fast as the widget renders through its `data` property (the
// newest 100 posts each time, as a source would answer). The JS heap is
// measured after a forced garbage collection (CDP) at the start and the end,
// and the DOM node count with it: a bounded feed must not grow.
import {NOT_RENDERED, openWidget} from '../lib/widgets.js';
import {MB} from '../lib/units.js';

const TAG = 'trust-hashtag-feed';
const MAX_POSTS = 100;
const POST_EVERY_S = 2;
const CHUNK = 1800; // posts per page.evaluate: an hour of posts between GC samples

/** JS heap in use and live DOM nodes, after a full garbage collection. */
async function memory(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const {usedSize} = await cdp.send('Runtime.getHeapUsage');
  const {metrics} = await cdp.send('Performance.getMetrics');
  return {heap: usedSize, nodes: metrics.find((m) => m.name === 'Nodes').value};
}

export default {
  title: `${TAG} soak`,
  once: true,
  async run({page, baseUrl, cdp, quick}) {
    const skip = await openWidget(page, baseUrl, TAG);
    if (skip) return {skip};
    const hours = quick ? 2 : 24;
    const total = (hours * 3600) / POST_EVERY_S;
    await cdp.send('Performance.enable');

    const filled = await page.evaluate(
      async ({tag, maxPosts}) => {
        const {makePost} = await import('/bench/lib/data.js');
        const el = await window.bench.mount(tag, {format: 'native', 'max-posts': String(maxPosts)});
        // The newest `maxPosts` posts up to post `n`, newest first.
        window.soakWindow = (n) => Array.from({length: Math.min(maxPosts, n + 1)}, (_, i) => makePost(n - i));
        window.soakShows = (n) => () => window.bench.deepText(el).includes(`Post ${n} from`);
        return window.bench.time(el, () => (el.data = window.soakWindow(maxPosts - 1)), window.soakShows(maxPosts - 1));
      },
      {tag: TAG, maxPosts: MAX_POSTS},
    );
    if (filled === undefined) return {skip: NOT_RENDERED};

    const start = await memory(cdp);
    const startedAt = Date.now();
    let slowest = 0;
    for (let from = MAX_POSTS; from < MAX_POSTS + total; from += CHUNK) {
      const to = Math.min(from + CHUNK, MAX_POSTS + total);
      const chunkSlowest = await page.evaluate(
        async ({tag, from, to}) => {
          const el = document.querySelector(tag);
          let worst = 0;
          for (let n = from; n < to; n++) {
            const ms = await window.bench.time(el, () => (el.data = window.soakWindow(n)), window.soakShows(n));
            if (ms === undefined) throw new Error(`post ${n} was not rendered`);
            worst = Math.max(worst, ms);
          }
          return worst;
        },
        {tag: TAG, from, to},
      );
      slowest = Math.max(slowest, chunkSlowest);
    }
    const end = await memory(cdp);
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
    const notes = `${total.toLocaleString('en-GB')} posts (${hours} h at one per ${POST_EVERY_S} s) in ${seconds} s; heap ${(start.heap / MB).toFixed(1)} → ${(end.heap / MB).toFixed(1)} MB after GC`;
    return [
      {metric: `JS heap growth over ${hours} h`, unit: 'MB', value: (end.heap - start.heap) / MB, target: {below: 5}, notes},
      {metric: 'DOM nodes at start', unit: 'nodes', value: start.nodes},
      {metric: `DOM nodes after ${hours} h`, unit: 'nodes', value: end.nodes, target: {atMost: start.nodes * 1.1}, notes: 'at most 10 % more than at start'},
      {metric: 'slowest single update', unit: 'ms', value: slowest},
    ];
  },
};
