import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {request, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {parseConfig} from '../config.js';
import {installSanitiserDom} from '../dom.js';
import {memoryLogger} from '../log.js';
import {startPolling} from '../loop.js';
import {Relay} from '../relay.js';
import {startServer} from '../server.js';
import {Emulator} from './emulator.js';
import {assertLoopback, freePort, startNginx, type Nginx} from './nginx.js';
import type {LoadOptions, LoadResult} from './nginx-readers.js';

/**
 * The load rig shared by relay/test/nginx.test.ts and bench/cases/relay-load.js:
 * the platform emulator, a relay polling it in real time with the serve loop,
 * the relay's HTTP server (every request it answers counted), nginx with
 * proxy_cache in front, and readers simulated with autocannon in a child
 * process (relay/test/nginx-readers.ts).
 */

/** Each upstream source of the rig's config and the emulator path it asks. */
export const UPSTREAM_SOURCES: Record<string, string> = {
  'mastodon hashtag timeline': '/api/v1/timelines/tag/',
  'bluesky searchPosts': '/xrpc/app.bsky.feed.searchPosts',
  'mastodon account lookup': '/api/v1/accounts/lookup',
  'bluesky getProfile': '/xrpc/app.bsky.actor.getProfile',
  schedule: '/schedule.json',
};

/** What a reader polls: the feed, the counter and the schedule a page shows. */
export const READER_PATHS = ['/feeds/somewk.json', '/counters/nelft.json', '/schedules/week.json'];

/** A browser's request headers that matter to a cache (Vary: Accept-Encoding, Origin). */
export const READER_HEADERS = {'accept-encoding': 'gzip, deflate, br', origin: 'https://www.nelft.nhs.uk'};

export interface RelayHits {
  total: number;
  byPath: Map<string, {total: number; status: Map<number, number>}>;
}

export interface Rig {
  emulator: Emulator;
  relay: Relay;
  server: Server;
  relayUrl: string;
  nginx: Nginx;
  refresh: number;
  /** Date.now() when the first poll started. */
  startedAt: number;
  hits: RelayHits;
  /** Upstream requests per source (UPSTREAM_SOURCES' names), and the Bluesky logins. */
  upstream(): Record<string, number>;
  close(): Promise<void>;
}

function relayConfig(url: string, refresh: number, maxPosts: number): Record<string, unknown> {
  return {
    out: './out',
    state: './state.sqlite',
    allowOrigins: [READER_HEADERS.origin],
    feeds: {
      somewk: {
        hashtag: 'NelftSoMeWeek',
        mastodon: [url],
        // Polled searchPosts (not Jetstream's stream): a source asked once per interval like the others.
        bluesky: {jetstream: false, identifier: 'nelft.bsky.social', appPassword: {env: 'BSKY_APP_PASSWORD'}, service: url, appview: url},
        refresh,
        maxPosts,
      },
    },
    counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}], bluesky: [{account: 'nelft.bsky.social', appview: url}], refresh}},
    schedules: {week: {src: `${url}/schedule.json`, format: 'native', refresh}},
  };
}

function seed(emulator: Emulator, mastodon: number, bluesky: number): void {
  for (let i = 0; i < mastodon; i++) emulator.post(`Post ${i} for #NelftSoMeWeek: ${'a few words about the week, '.repeat(3)}`);
  for (let i = 0; i < bluesky; i++) emulator.blueskyPost(`Bluesky post ${i} #NelftSoMeWeek`);
}

/** The relay in-process, polling in real time (the serve loop), behind nginx. */
export async function startRig({refresh = 15} = {}): Promise<Rig> {
  installSanitiserDom();
  const emulator = await new Emulator().start();
  seed(emulator, 30, 10);
  const dir = mkdtempSync(join(tmpdir(), 'trust-relay-load-'));
  const text = JSON.stringify(relayConfig(emulator.url, refresh, 200));
  const relay = new Relay(parseConfig(text, join(dir, 'relay.json'), {BSKY_APP_PASSWORD: emulator.password}), {log: memoryLogger()});
  relay.publishAll();
  const startedAt = Date.now();
  const polling = startPolling(relay);
  await relay.idle();
  for (const path of READER_PATHS) if (!relay.output.get(path.slice(1))) throw new Error(`the relay did not publish ${path} on its first round`);

  const server = await startServer({output: relay.output, allowOrigins: relay.config.allowOrigins, health: () => relay.health()}, '127.0.0.1', 0);
  const hits: RelayHits = {total: 0, byPath: new Map()};
  // A second listener beside the relay's handler: counts every request the relay answers, by path and status.
  server.on('request', (req, res) => {
    res.once('finish', () => {
      hits.total++;
      const path = (req.url ?? '').split('?')[0];
      const entry = hits.byPath.get(path) ?? hits.byPath.set(path, {total: 0, status: new Map()}).get(path)!;
      entry.total++;
      entry.status.set(res.statusCode, (entry.status.get(res.statusCode) ?? 0) + 1);
    });
  });
  const relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const nginx = await startNginx(relayUrl);
  return {
    emulator,
    relay,
    server,
    relayUrl,
    nginx,
    refresh,
    startedAt,
    hits,
    upstream() {
      const counts: Record<string, number> = {};
      for (const [name, prefix] of Object.entries(UPSTREAM_SOURCES)) counts[name] = emulator.requests(prefix).length;
      counts['bluesky logins'] = emulator.requests('/xrpc/com.atproto.server.createSession').length;
      return counts;
    },
    async close() {
      polling.stop();
      await nginx.stop();
      server.closeAllConnections();
      server.close();
      await relay.idle();
      relay.close();
      await emulator.close();
      rmSync(dir, {recursive: true, force: true});
    },
  };
}

/** The relay as deployed: `trust-relay serve` in its own process, serving a feed of `posts` posts (published from the state it starts on). */
export async function startRelayProcess({posts = 200} = {}): Promise<{url: string; emulator: Emulator; stop(): Promise<void>}> {
  installSanitiserDom();
  const emulator = await new Emulator().start();
  const dir = mkdtempSync(join(tmpdir(), 'trust-relay-alone-'));
  const port = await freePort();
  const text = JSON.stringify({
    listen: `127.0.0.1:${port}`,
    out: './out',
    state: './state.sqlite',
    allowOrigins: [READER_HEADERS.origin],
    feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [emulator.url], refresh: 60, maxPosts: posts}},
  });
  writeFileSync(join(dir, 'relay.json'), text);
  // Fill the state first, as a busy hashtag would: a page of 40 new posts before each round (the relay pages forward from the newest it has seen).
  const filler = new Relay(parseConfig(text, join(dir, 'relay.json'), {}), {log: memoryLogger()});
  for (let added = 0; added < posts; added += 40) {
    seed(emulator, Math.min(40, posts - added), 0);
    await filler.runAll();
  }
  const published = (JSON.parse(filler.output.get('feeds/somewk.json')!.body.toString()) as {posts: unknown[]}).posts.length;
  filler.close();
  if (published !== posts) throw new Error(`the feed has ${published} posts, not ${posts}`);

  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--config', join(dir, 'relay.json')], {stdio: ['ignore', 'ignore', 'pipe']});
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`trust-relay serve did not start: ${log}`)), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('serve.listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`trust-relay serve exited (${code}): ${log}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    emulator,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      process.off('exit', killOnExit);
      await emulator.close();
      rmSync(dir, {recursive: true, force: true});
    },
  };
}

/** One GET, for checks beside the load. */
export function get(url: string, headers: Record<string, string> = {}): Promise<{status: number; headers: Record<string, string | string[] | undefined>; body: Buffer}> {
  assertLoopback(url);
  return new Promise((resolve, reject) => {
    const req = request(url, {headers}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks)}));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A new post on the emulated Mastodon `afterMs` from now, and one reader
 * polling the feed through nginx every 250 ms until it shows. `done()` stops
 * the reader and gives the seconds from the post until a reader saw it
 * (undefined if it never did).
 */
export function watchChange(rig: Rig, afterMs: number): {done(): Promise<number | undefined>} {
  const marker = `Fresh post ${Date.now()} #NelftSoMeWeek`;
  let postedAt = 0;
  let seenAt = 0;
  let watching = true;
  const timer = setTimeout(() => {
    rig.emulator.post(marker);
    postedAt = Date.now();
  }, afterMs);
  const watch = (async () => {
    while (watching && !seenAt) {
      const res = await get(`${rig.nginx.url}/feeds/somewk.json`, READER_HEADERS);
      const encoding = res.headers['content-encoding'];
      const text = (encoding === 'br' ? brotliDecompressSync(res.body) : encoding === 'gzip' ? gunzipSync(res.body) : res.body).toString();
      if (postedAt && text.includes(marker)) seenAt = Date.now();
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async done() {
      clearTimeout(timer);
      watching = false;
      await watch;
      return seenAt ? (seenAt - postedAt) / 1000 : undefined;
    },
  };
}

/**
 * Simulated readers in their own process (as real readers are): the relay in
 * this process then never shares a thread with the load, and a synchronous
 * fsync in the relay does not show up as reader latency.
 */
export function readers(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const script = fileURLToPath(new URL('./nginx-readers.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(options)], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the readers' process exited with ${code}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch {
        reject(new Error(`the readers' process printed no result: ${out.slice(0, 200)} ${err.trim()}`));
      }
    });
  });
}
