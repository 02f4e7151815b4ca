// trust-relay under load, with a real nginx (Debian's package) and autocannon.
//
// (a) nginx with proxy_cache (the block in docs/relay-load.md) in front of a
//     relay polling the platform emulator in real time at the shortest
//     refresh (15 s): 10,000 readers polling every 30 s, i.e. 333 requests a
//     second over 333 connections (each one 30 readers), for 5 minutes
//     (RELAY_LOAD_SECONDS overrides it; --quick: 45 s). A page's three files
//     (feed, counter, schedule), conditional as the widgets ask (If-None-Match
//     with the newest ETag seen). Upstream requests per source against the
//     intervals elapsed, requests reaching the relay against the cache
//     windows (max-age = 7 s), errors, latency through nginx, and how long a
//     new post takes to reach a reader.
// (b) no cache: `trust-relay serve` alone (its own process, as deployed)
//     serving a 200-post feed (brotli, unconditional: the worst case) at
//     1,000 requests a second over 50 connections for 20 s (--quick: 10 s).
//
// The rig is relay/test/nginx-load.ts (compiled to dist/node by the build),
// shared with the node:test load test relay/test/nginx.test.ts. Readers run in
// their own process, so their latency is not the relay's event loop.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {repoRoot} from '../lib/server.js';

const RIG = path.join(repoRoot, 'dist/node/relay/test/nginx-load.js');
const NGINX = path.join(repoRoot, 'dist/node/relay/test/nginx.js');
const REFRESH_S = 15;
const MAX_AGE_S = Math.floor(REFRESH_S / 2);
const READERS = 10_000;
const POLL_S = 30;

function seconds(quick) {
  const env = Number(process.env.RELAY_LOAD_SECONDS);
  if (Number.isFinite(env) && env > 0) return Math.round(env);
  return quick ? 45 : 300;
}

const list = (object) => Object.entries(object).map(([k, v]) => `${k} ${v}`).join(', ');

async function cached({startRig, get, readers, watchChange, READER_HEADERS, READER_PATHS, UPSTREAM_SOURCES}, duration) {
  const rig = await startRig({refresh: REFRESH_S});
  try {
    const loadStartedAt = Date.now();
    for (const p of READER_PATHS) await get(`${rig.nginx.url}${p}`, READER_HEADERS);
    const change = watchChange(rig, 20_000);
    const rate = Math.round(READERS / POLL_S);
    const result = await readers({url: rig.nginx.url, paths: READER_PATHS, headers: READER_HEADERS, rate, connections: rate, seconds: duration, conditional: true, phases: 10});
    const endedAt = Date.now();
    const upstream = rig.upstream();
    const delay = await change.done();
    const elapsed = (endedAt - rig.startedAt) / 1000;
    const intervals = Math.floor(elapsed / REFRESH_S);
    const perSource = Object.keys(UPSTREAM_SOURCES).map((name) => upstream[name]);
    const loadSeconds = (endedAt - loadStartedAt) / 1000;
    const windows = Math.floor(loadSeconds / MAX_AGE_S) + 1;
    const hits = READER_PATHS.map((p) => rig.hits.byPath.get(p)?.total ?? 0);
    const relayStatus = {};
    for (const entry of rig.hits.byPath.values()) for (const [code, n] of entry.status) relayStatus[code] = (relayStatus[code] ?? 0) + n;
    const cache = {};
    for (const e of rig.nginx.accessLog()) cache[e.cache] = (cache[e.cache] ?? 0) + 1;
    const setting = `${READERS.toLocaleString('en-GB')} readers every ${POLL_S} s for ${duration} s`;
    return [
      {
        metric: `(a) nginx: most upstream requests to one source (${setting})`,
        unit: 'requests',
        value: Math.max(...perSource),
        target: {atMost: intervals + 1},
        notes: `${intervals} intervals of ${REFRESH_S} s in ${elapsed.toFixed(0)} s since the first poll, so ${intervals + 1} with the first poll; fewest ${Math.min(...perSource)}; ${list(upstream)}`,
      },
      {
        metric: '(a) nginx: most requests reaching the relay for one file',
        unit: 'requests',
        value: Math.max(...hits),
        target: {atMost: windows},
        notes: `${windows} cache windows (max-age ${MAX_AGE_S} s) in ${loadSeconds.toFixed(0)} s, counting the first fill; ${READER_PATHS.map((p, i) => `${p} ${hits[i]}`).join(', ')}; the relay answered ${list(relayStatus)}; nginx: ${list(cache)}`,
      },
      {metric: '(a) nginx: reader requests', unit: 'requests', value: result.requests, notes: `${result.rate.toFixed(0)}/s achieved (asked ${rate}/s over ${rate} connections); ${list(result.status)}`},
      {metric: '(a) nginx: errors (connection, time-out, 4xx/5xx)', unit: 'errors', value: result.errors, target: {atMost: 0}},
      {metric: '(a) nginx: latency p50', unit: 'ms', value: result.latency.p50},
      {metric: '(a) nginx: latency p99', unit: 'ms', value: result.latency.p99, notes: `max ${result.latency.max.toFixed(1)} ms`},
      delay === undefined
        ? {metric: '(a) nginx: a new post reaches a reader after', unit: 's', skip: duration < 45 ? 'run too short to see a change (post at 20 s)' : 'the new post never reached a reader'}
        : {metric: '(a) nginx: a new post reaches a reader after', unit: 's', value: delay, target: {atMost: REFRESH_S + MAX_AGE_S + 3}, notes: 'at most one refresh, then one cache window'},
    ];
  } finally {
    await rig.close();
  }
}

async function alone({startRelayProcess, readers, READER_HEADERS}, duration) {
  const relay = await startRelayProcess({posts: 200});
  try {
    const headers = {'accept-encoding': READER_HEADERS['accept-encoding']};
    const result = await readers({url: relay.url, paths: ['/feeds/somewk.json'], headers, rate: 1000, connections: 50, seconds: duration, conditional: false, phases: 20});
    return [
      {metric: `(b) relay alone: 200-post feed at 1,000/s for ${duration} s, latency p50`, unit: 'ms', value: result.latency.p50},
      {metric: '(b) relay alone: latency p99', unit: 'ms', value: result.latency.p99, target: {below: 10}, notes: `max ${result.latency.max.toFixed(1)} ms; mean ${result.latency.mean.toFixed(2)} ms`},
      {metric: '(b) relay alone: achieved rate', unit: 'requests/s', value: result.rate, notes: `${result.requests} requests over 50 connections; ${list(result.status)}`},
      {metric: '(b) relay alone: errors', unit: 'errors', value: result.errors, target: {atMost: 0}},
    ];
  } finally {
    await relay.stop();
  }
}

export default {
  title: 'relay-load',
  browser: false,
  once: true,
  // The longest run (RELAY_LOAD_SECONDS) plus (b), start-up and tear-down.
  timeoutMs: (seconds(false) + 120) * 1000,
  async run({quick}) {
    if (!existsSync(RIG)) return {skip: 'relay not built (dist/node/relay missing; run npm run build:relay)'};
    const {nginxMissing} = await import(pathToFileURL(NGINX).href);
    const missing = nginxMissing();
    if (missing) return {skip: missing};
    const rig = await import(pathToFileURL(RIG).href);
    const duration = seconds(quick);
    return [...(await cached(rig, duration)), ...(await alone(rig, quick ? 10 : 20))];
  },
};
