// The requests a page with all four widgets makes in 10 minutes, each widget
// polling a native source on the bench server with refresh=60 (the schedule
// and the speakers share one file). Time is the library's manual clock,
// advanced 5 s at a time (the network settling in real time after each
// step), so the 10 minutes take a few real seconds.
// Expected: one request per source per interval, 11 per source (the first
// load and one a minute), however many widgets share it.
import {existsSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {rollup} from 'rollup';
import {nodeResolve} from '@rollup/plugin-node-resolve';
import {repoRoot} from '../lib/server.js';

const MINUTES = 10;
const REFRESH_S = 60;
const STEP_S = 5;
const EVENT = '/bench-api/event.json?sessions=100';
const WIDGETS = [
  ['trust-schedule', {src: EVENT, format: 'native'}],
  ['trust-speakers', {src: EVENT, format: 'native'}],
  ['trust-hashtag-feed', {src: '/bench-api/posts.json', format: 'native', hashtag: 'SocialMediaWeek'}],
  ['trust-follow-counter', {src: '/bench-api/count.json', format: 'native'}],
];

const libDir = path.join(repoRoot, 'bench/results/.lib');

/**
 * The widgets and the clock they read, as one module graph: the bundles in
 * dist/ register the elements but do not export the clock, so the bench
 * bundles tsc's output (dist/esm) itself, index and define sharing one clock.
 */
async function buildLibrary() {
  await rm(libDir, {recursive: true, force: true});
  const bundle = await rollup({
    input: {index: path.join(repoRoot, 'dist/esm/index.js'), define: path.join(repoRoot, 'dist/esm/define.js')},
    plugins: [nodeResolve({browser: true, exportConditions: ['production']})],
    onwarn: () => {},
  });
  await bundle.write({dir: libDir, format: 'es'});
  await bundle.close();
}

export default {
  title: 'requests',
  once: true,
  async run({page, baseUrl}) {
    if (!existsSync(path.join(repoRoot, 'dist/esm/index.js'))) return {skip: 'widget not built yet (dist/esm missing; run npm run build)'};
    await buildLibrary();
    const counts = new Map();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/bench-api/') && !url.pathname.startsWith('/bench-api/avatar/')) {
        const key = url.pathname + url.search;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    });
    await page.addInitScript(() => {
      // Counts fetches in flight, so the bench knows when the network is quiet.
      window.inflight = 0;
      const fetch = window.fetch;
      window.fetch = (...args) => {
        window.inflight++;
        return fetch(...args).finally(() => window.inflight--);
      };
    });
    await page.goto(`${baseUrl}/bench/pages/blank.html`);

    const loaded = await page.evaluate(
      async ({widgets, refresh}) => {
        const {clock} = await import('/bench/results/.lib/index.js');
        await import('/bench/results/.lib/define.js');
        clock.useManualTime(Date.parse('2016-10-24T09:00:00Z'));
        window.clock = clock;
        window.settleNetwork = async () => {
          for (let quiet = 0; quiet < 3; ) {
            await new Promise((resolve) => setTimeout(resolve, 2));
            quiet = window.inflight === 0 ? quiet + 1 : 0;
          }
        };
        const main = document.querySelector('main');
        const elements = widgets.map(([tag, attributes]) => {
          const el = document.createElement(tag);
          for (const [name, value] of Object.entries({...attributes, refresh: String(refresh)})) el.setAttribute(name, value);
          main.append(el);
          return el;
        });
        const loads = elements.map((el) => new Promise((resolve) => el.addEventListener('trust-load', () => resolve(el.localName), {once: true})));
        const timeout = new Promise((resolve) => setTimeout(resolve, 3000));
        await window.settleNetwork();
        return Promise.all(loads.map((load) => Promise.race([load, timeout])));
      },
      {widgets: WIDGETS, refresh: REFRESH_S},
    );

    // Steps that divide the interval, so each poll falls due exactly at the end of a step.
    for (let second = 0; second < MINUTES * 60; second += STEP_S) {
      await page.evaluate(async (ms) => {
        await window.clock.advance(ms);
        await window.settleNetwork();
      }, STEP_S * 1000);
    }

    const missing = WIDGETS.map(([tag]) => tag).filter((tag) => !loaded.includes(tag));
    const expected = (MINUTES * 60) / REFRESH_S + 1;
    const perSource = [...counts].map(([url, n]) => `${url} ${n}`).join(', ');
    const notes = [missing.length ? `no trust-load from ${missing.join(', ')} (widget not built yet?)` : '', `expected ${expected} per source; ${perSource || 'no requests'}`].filter(Boolean).join('; ');
    if (counts.size === 0) return {skip: `no widget made a request (${notes})`};
    return [
      {metric: `most requests to one source in ${MINUTES} min`, unit: 'requests', value: Math.max(...counts.values()), target: {atMost: expected}, notes},
      {metric: `requests in ${MINUTES} min, all sources`, unit: 'requests', value: [...counts.values()].reduce((a, b) => a + b, 0), notes: `${counts.size} sources`},
    ];
  },
};
