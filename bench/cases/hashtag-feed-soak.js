// <trust-hashtag-feed> on a wall screen for a day: one new post every 2 s for
// 24 simulated hours (43,200 posts; 4 hours with --quick) with max-posts 100.
// Each simulated minute is one refresh: the newest 100 posts (30 of them new)
// are set through the `data` property, as a polled source would answer, and
// rendered before the next, as fast as the widget goes. The JS heap is
// measured after a forced garbage collection (CDP) at the start and the end,
// with the DOM node count: a bounded feed must not grow.
import {NOT_RENDERED, openWidget} from '../lib/widgets.js';
import {MB} from '../lib/units.js';

const TAG = 'trust-hashtag-feed';
const MAX_POSTS = 100;
const POST_EVERY_S = 2;
const REFRESH_S = 60;
const POSTS_PER_REFRESH = REFRESH_S / POST_EVERY_S;
const REFRESHES_PER_CALL = 60; // an hour of refreshes per page.evaluate

/**
 * JS heap in use and DOM nodes alive in the page (attached or not), after a
 * full garbage collection, and the elements rendered in the feed's shadow tree.
 */
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const {usedSize} = await cdp.send('Runtime.getHeapUsage');
  const {metrics} = await cdp.send('Performance.getMetrics');
  const rendered = await page.evaluate((tag) => window.bench.deepQueryAll(document.querySelector(tag), '*').length, TAG);
  return {heap: usedSize, nodes: metrics.find((m) => m.name === 'Nodes').value, rendered};
}

export default {
  title: `${TAG} soak`,
  once: true,
  timeoutMs: 10 * 60_000,
  async run({page, baseUrl, cdp, quick}) {
    const skip = await openWidget(page, baseUrl, TAG);
    if (skip) return {skip};
    const hours = quick ? 4 : 24;
    const refreshes = (hours * 3600) / REFRESH_S;
    const total = refreshes * POSTS_PER_REFRESH;
    await cdp.send('Performance.enable');

    const filled = await page.evaluate(
      async ({tag, maxPosts}) => {
        const {makePost} = await import('/bench/lib/data.js');
        const el = await window.bench.mount(tag, {format: 'native', 'max-posts': String(maxPosts)});
        // The newest `maxPosts` posts up to post `n`, newest first.
        window.soakWindow = (n) => Array.from({length: Math.min(maxPosts, n + 1)}, (_, i) => makePost(n - i));
        // Newest first: the first post shown is the newest.
        window.soakShows = (n) => () => el.shadowRoot.querySelector('article')?.textContent.includes(`Post ${n} from`);
        return window.bench.time(el, () => (el.data = window.soakWindow(maxPosts - 1)), window.soakShows(maxPosts - 1));
      },
      {tag: TAG, maxPosts: MAX_POSTS},
    );
    if (filled === undefined) return {skip: NOT_RENDERED};

    const start = await memory(page, cdp);
    const startedAt = Date.now();
    let slowest = 0;
    for (let done = 0; done < refreshes; done += REFRESHES_PER_CALL) {
      const chunkSlowest = await page.evaluate(
        async ({tag, first, count, step}) => {
          const el = document.querySelector(tag);
          let worst = 0;
          for (let n = first; n < first + count * step; n += step) {
            const ms = await window.bench.time(el, () => (el.data = window.soakWindow(n)), window.soakShows(n));
            if (ms === undefined) throw new Error(`post ${n} was not rendered`);
            worst = Math.max(worst, ms);
          }
          return worst;
        },
        {tag: TAG, first: MAX_POSTS - 1 + (done + 1) * POSTS_PER_REFRESH, count: Math.min(REFRESHES_PER_CALL, refreshes - done), step: POSTS_PER_REFRESH},
      );
      slowest = Math.max(slowest, chunkSlowest);
    }
    const end = await memory(page, cdp);
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
    const notes = `${total.toLocaleString('en-GB')} posts (${hours} h, one per ${POST_EVERY_S} s, refreshed every ${REFRESH_S} s) in ${seconds} s; heap ${(start.heap / MB).toFixed(1)} → ${(end.heap / MB).toFixed(1)} MB after GC`;
    return [
      {metric: `JS heap growth over ${hours} h`, unit: 'MB', value: (end.heap - start.heap) / MB, target: {below: 5}, notes},
      {metric: 'DOM nodes at start', unit: 'nodes', value: start.nodes},
      {metric: `DOM nodes after ${hours} h`, unit: 'nodes', value: end.nodes, target: {atMost: Math.round(start.nodes * 1.1)}, notes: `at most 10 % more than at start; elements in the feed's shadow tree ${start.rendered} → ${end.rendered}`},
      {metric: `slowest refresh (${POSTS_PER_REFRESH} new posts)`, unit: 'ms', value: slowest},
    ];
  },
};
