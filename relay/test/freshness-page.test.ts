/**
 * A failing source never looks fresh, end to end: a real relay (in process,
 * against the emulator) serves its files over HTTP to a page that loads the
 * built all-in-one bundle (dist/trust-widgets.js) in Chromium. When the
 * emulated Mastodon starts answering 401, status.json, the feed file and the
 * page all say so (the page once three of the source's intervals have
 * passed); when it recovers, all three clear.
 *
 * Time is manual on both sides and moved in step: the relay's ManualClock,
 * and the page's clock through Playwright's clock (the bundle's widgets read
 * Date and setTimeout like any page). Nothing waits for real time but I/O.
 */
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {extname, join, normalize, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {startServer} from '../server.js';
import {published, setUp, statusOf, type Setup} from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
// dist/node/relay/test/ → the repository.
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const BUNDLE = join(ROOT, 'dist', 'trust-widgets.js');
const skip = !existsSync(CHROMIUM) && !process.env.CI ? `${CHROMIUM} is missing (this test runs in CI, where it must be installed)` : false;

/** The Monday of the event week, 09:30 in London (BST): the relay's and the page's time. */
const START = Date.parse('2016-10-24T09:30:00+01:00');
const INTERVAL = 60_000;

type Sourced = {sources?: Array<{network: string; state: string; since: string; interval: number}>; posts?: unknown[]};

/** Serves the test page and the built bundle (dist/) from another origin than the relay's. */
function pageServer(relayUrl: () => string): Promise<Server> {
  const types: Record<string, string> = {'.js': 'text/javascript; charset=utf-8', '.map': 'application/json'};
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path === '/') {
      res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
      res.end(`<!doctype html>
<html lang="en-GB">
  <head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Social media week</title><script type="module" src="/dist/trust-widgets.js"></script></head>
  <body><main><trust-hashtag-feed src="${relayUrl()}/feeds/somewk.json" hashtag="NelftSoMeWeek" refresh="15"></trust-hashtag-feed></main></body>
</html>`);
      return;
    }
    const file = normalize(join(ROOT, path));
    if (!path.startsWith('/dist/') || !file.startsWith(join(ROOT, 'dist')) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {'Content-Type': types[extname(file)] ?? 'application/octet-stream'});
    res.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('a failing source, from the relay to the page', {skip}, () => {
  let s: Setup;
  let relayServer: Server;
  let page: Server;
  let browser: import('playwright-core').Browser;
  let tab: import('playwright-core').Page;
  const errors: string[] = [];

  before(async () => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build (then npm run build:relay, which the build's clean removes)`);
    page = await pageServer(() => urlOf(relayServer));
    s = await setUp((url) => ({
      allowOrigins: [urlOf(page)],
      feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: INTERVAL / 1000}},
    }));
    s.clock.t = START;
    relayServer = await startServer({output: s.relay.output, allowOrigins: s.relay.config.allowOrigins, health: () => s.relay.health()}, '127.0.0.1', 0);
    const {chromium} = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({locale: 'en-GB', timezoneId: 'Europe/London'});
    tab = await context.newPage();
    tab.on('pageerror', (error) => errors.push(error.message));
    // The emulator's recorded avatar URL points at its recording's server: a picture that does not load is the widget's to hide, not an error.
    tab.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(message.text()));
  });

  after(async () => {
    await browser?.close();
    relayServer?.closeAllConnections();
    page?.closeAllConnections();
    await new Promise((done) => relayServer?.close(done));
    await new Promise((done) => page?.close(done));
    await s?.done();
  });

  /** What a reader of the page has: the posts, the quiet line, and (for the test) the answers read and what the live region said. */
  const read = () =>
    tab.evaluate(() => {
      const root = document.querySelector('trust-hashtag-feed')!.shadowRoot!;
      return {
        posts: root.querySelectorAll('[role="feed"] > article').length,
        line: root.querySelector('[part="not-updated"]')?.textContent?.trim() ?? null,
        loads: (window as unknown as {loads: number}).loads,
        said: (window as unknown as {said: string[]}).said,
      };
    });

  /** Waits for I/O (never for the page's time, which stands still) until `done` holds; 30 s at most. */
  async function until(done: () => Promise<boolean>, what: string): Promise<void> {
    for (const start = Date.now(); !(await done()); ) {
      if (Date.now() - start > 30_000) assert.fail(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until the page has taken in one more answer of the relay (a 200 or a 304) than `loads`. */
  const answered = (loads: number) => until(async () => (await read()).loads > loads, 'the page read the relay’s file again');

  /** Moves the relay's clock and runs what is due. */
  async function relayAt(at: number): Promise<void> {
    s.clock.t = at;
    await s.relay.runDue();
  }

  /**
   * Moves the page's clock to `at` as a sleeping laptop wakes: each due timer
   * fires once (so the poll goes out, and its time-out is not reached before
   * its answer), then waits for the answer to the poll. Every jump is longer
   * than the page's refresh (15 s), so a poll is always due.
   */
  async function pageAt(at: number): Promise<void> {
    const {loads} = await read();
    const now = await tab.evaluate(() => Date.now());
    await tab.clock.fastForward(at - now);
    await answered(loads);
  }

  const sourcesIn = () => (published(s, 'feeds/somewk.json') as Sourced).sources ?? [];

  it('is failing in status.json, in the file and on the page within three intervals, and recovery clears all three', async () => {
    s.emulator.post('Welcome to social media week #NelftSoMeWeek');
    await relayAt(START);
    assert.deepEqual(sourcesIn().map((x) => [x.network, x.state, x.interval]), [['mastodon', 'ok', 60]]);

    // The page's time runs from 09:30 until it has shown the post, then stands still until moved.
    await tab.clock.install({time: START});
    await tab.goto(`${urlOf(page)}/`);
    await until(() => tab.evaluate(() => Boolean(document.querySelector('trust-hashtag-feed')?.shadowRoot?.querySelector('[role="feed"] > article'))), 'the page shows the post');
    await tab.clock.pauseAt(START + 5_000);
    await tab.evaluate(() => {
      const w = window as unknown as {loads: number; said: string[]};
      w.loads = 0;
      w.said = [];
      document.querySelector('trust-hashtag-feed')!.addEventListener('trust-load', () => w.loads++);
      const region = document.querySelector('trust-hashtag-feed')!.shadowRoot!.querySelector('[role="status"]')!;
      new MutationObserver(() => region.textContent.trim() && w.said.push(region.textContent.trim())).observe(region, {childList: true, subtree: true, characterData: true});
    });
    assert.deepEqual(await read(), {posts: 1, line: null, loads: 0, said: []});

    // 09:31: Mastodon starts answering 401.
    s.emulator.requireToken = 'now-private';
    await relayAt(START + INTERVAL);
    assert.equal(statusOf(s)[0].state, 'failing', 'status.json');
    const [failing] = sourcesIn();
    assert.equal(failing.state, 'failing', 'the file');
    const since = Date.parse(failing.since);
    assert.equal(since, START + INTERVAL);
    assert.equal((published(s, 'feeds/somewk.json') as Sourced).posts?.length, 1, 'the posts published stay');

    // The page reads the failing file, but three intervals have not passed.
    await pageAt(since + 20_000);
    assert.equal((await read()).line, null, 'failing for 20 s');
    await relayAt(since + 2 * INTERVAL);
    await pageAt(since + 2 * INTERVAL + 20_000);
    assert.equal((await read()).line, null, 'failing for two intervals');

    // More than three intervals: the file has not changed (304s), and the page says so by its own clock.
    const etag = s.relay.output.get('feeds/somewk.json')!.etag;
    await relayAt(since + 4 * INTERVAL);
    assert.equal(s.relay.output.get('feeds/somewk.json')!.etag, etag, 'the relay’s file is unchanged');
    await pageAt(since + 4 * INTERVAL);
    const stale = await read();
    assert.equal(stale.line, 'Posts from Mastodon not updated since 09:31');
    assert.equal(stale.posts, 1, 'the post shown stays');
    await pageAt(since + 5 * INTERVAL);
    assert.deepEqual((await read()).said.filter((x) => x.startsWith('Posts from')), ['Posts from Mastodon not updated since 09:31'], 'announced once');

    // Recovery clears all three, at the relay's next read of Mastodon (it backs off while a source fails).
    s.emulator.requireToken = undefined;
    let at = since + 5 * INTERVAL;
    for (let i = 0; i < 120 && sourcesIn()[0].state !== 'ok'; i++) await relayAt((at += INTERVAL));
    assert.equal(statusOf(s)[0].state, 'ok', 'status.json');
    assert.equal(sourcesIn()[0].state, 'ok', 'the file');
    await pageAt(at + 20_000);
    const recovered = await read();
    assert.equal(recovered.line, null, 'the page');
    assert.equal(recovered.posts, 1);
    assert.deepEqual(errors, [], 'no error in the page');
  });
});
