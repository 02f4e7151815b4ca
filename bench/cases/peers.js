// Our <trust-hashtag-feed format="mastodon"> beside two published Mastodon
// embeds, on the same 40 statuses from the bench's emulated Mastodon server,
// each in a fresh browser context (cold cache): JS+CSS bytes transferred
// (gzipped, as served) and the time from the page's HTML arriving until the
// 40th post is in the DOM. Reported as values and as ratios ours / peer (below 1 is better).
import {existsSync, readFileSync} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {rollup} from 'rollup';
import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import {repoRoot} from '../lib/server.js';
import {KIB} from '../lib/units.js';

/** The CSS selector of one post in our feed's shadow DOM. */
const OUR_POST = 'article';

const CANDIDATES = [
  {name: 'ours', label: 'trust-hashtag-feed', page: '/bench/pages/peers/ours.html', countPosts: `() => deepCount(${JSON.stringify(OUR_POST)})`},
  {name: 'idotj', label: '@idotj/mastodon-embed-timeline 4.8', page: '/bench/pages/peers/idotj.html', countPosts: `() => document.querySelectorAll('#mt-container article.mt-post').length`},
  {name: 'emfed', label: 'emfed 1.6', page: '/bench/pages/peers/emfed.html', countPosts: `() => document.querySelectorAll('ol.toots > li.toot').length`},
];
const POSTS = 40;
const watcher = readFileSync(new URL('../lib/watch-posts.js', import.meta.url), 'utf8');

const emfedBundle = path.join(repoRoot, 'bench/results/.peers/emfed.min.js');

/** emfed ships unminified ES modules that import DOMPurify; bundle and minify them once, as a CDN would. */
async function buildEmfed() {
  if (existsSync(emfedBundle)) return;
  await mkdir(path.dirname(emfedBundle), {recursive: true});
  const bundle = await rollup({input: path.join(repoRoot, 'node_modules/emfed/dist/emfed.js'), plugins: [nodeResolve({browser: true}), terser({module: true})]});
  await bundle.write({file: emfedBundle, format: 'es'});
  await bundle.close();
}

/** Loads one candidate's page; returns {bytes, ms} or {skip}. */
async function measure(browser, baseUrl, candidate) {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, reducedMotion: 'reduce'});
  try {
    const page = await context.newPage();
    await page.addInitScript({content: `${watcher}\nwatchPosts(${POSTS}, ${candidate.countPosts});`});
    const sizes = [];
    page.on('requestfinished', (request) => {
      const isAsset = ['script', 'stylesheet'].includes(request.resourceType());
      if (isAsset) sizes.push(request.sizes());
    });
    await page.goto(baseUrl + candidate.page);
    // From the moment the page's HTML has arrived, so browser start-up noise is left out.
    const ms = await page
      .waitForFunction(() => window.__rendered && window.__rendered - performance.getEntriesByType('navigation')[0].responseEnd, null, {timeout: 5000})
      .then((handle) => handle.jsonValue())
      .catch(() => undefined);
    if (ms === undefined) return {skip: `${await page.evaluate(() => window.__countPosts())} of ${POSTS} posts rendered after 5 s`};
    const bytes = (await Promise.all(sizes)).reduce((sum, s) => sum + s.responseBodySize, 0);
    return {bytes, ms, files: sizes.length};
  } finally {
    await context.close();
  }
}

const failed = new Map();

export default {
  title: 'peers',
  async run({browser, baseUrl, iteration}) {
    await buildEmfed();
    const oursBuilt = existsSync(path.join(repoRoot, 'dist/trust-hashtag-feed.js'));
    const results = {};
    // A feed that never shows 40 posts is not retried in later runs.
    // Each run starts with a different candidate, so none always goes first.
    const shift = ((iteration % CANDIDATES.length) + CANDIDATES.length) % CANDIDATES.length;
    for (const candidate of [...CANDIDATES.slice(shift), ...CANDIDATES.slice(0, shift)]) {
      results[candidate.name] = (candidate.name === 'ours' && !oursBuilt ? {skip: 'widget not built yet'} : undefined) ?? failed.get(candidate.name) ?? (await measure(browser, baseUrl, candidate));
      if (results[candidate.name].skip) failed.set(candidate.name, results[candidate.name]);
    }
    const rows = [];
    for (const {name, label} of CANDIDATES) {
      const r = results[name];
      rows.push({metric: `${label}, JS+CSS transferred`, unit: 'KiB', value: r.bytes / KIB, skip: r.skip, notes: r.files ? `${r.files} files, gzip -9 as served` : undefined});
      rows.push({metric: `${label}, time to 40 posts`, unit: 'ms', value: r.ms, skip: r.skip, notes: 'from the HTML arriving'});
    }
    const ours = results.ours;
    for (const {name, label} of CANDIDATES.slice(1)) {
      const peer = results[name];
      const skip = ours.skip ?? peer.skip;
      rows.push({metric: `bytes, ours / ${label}`, unit: '×', value: ours.bytes / peer.bytes, skip});
      rows.push({metric: `time to 40 posts, ours / ${label}`, unit: '×', value: ours.ms / peer.ms, skip});
    }
    return rows;
  },
};
