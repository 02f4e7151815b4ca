// `npm start`: the demo pages, the library's TypeScript sources compiled on the
// fly, local stand-ins for a Mastodon server and for Bluesky (its API and its
// Jetstream WebSocket) replaying the week, and for the trust's X account and
// Facebook Page (their followers only), and trust-relay reading all of them:
// the pages' feed and counter read only the relay's files, under /relay/.
//
//   PORT=8000            port to listen on
//   DEMO_RATE=320        how many times faster than real time the week is replayed
//   DEMO_RATE_LIMIT=300  Mastodon API requests per IP address per 5 (demo) minutes
//   DEMO_OPEN=0          do not open a browser
//   DEMO_BLUESKY_APP_PASSWORD   the app password the demo's relay signs in to Bluesky with
//                        (set by this file for its own relay; set it to something else to see a refused login)
//   DEMO_X_BEARER_TOKEN, DEMO_META_PAGE_TOKEN   the tokens the relay reads the emulated X account and
//                        Facebook Page with (likewise: anything else is refused, as X and Meta refuse it)
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {blueskyServer} from './bluesky-server.js';
import {createDemoRelay} from './demo-relay.js';
import {mastodonServer} from './mastodon-server.js';
import {platformsServer} from './platforms-server.js';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const positive = (value) => (Number(value) > 0 ? Number(value) : undefined);

const PAGES = {'/': 'index.html', '/demo/': 'index.html', '/demo/index.html': 'index.html', '/demo/partner.html': 'partner.html'};

let nhsukCss;

/**
 * NHS.UK frontend's stylesheet from npm without its @font-face rules: they
 * fetch Frutiger from assets.nhs.uk, and the demo runs offline. Text falls
 * back to Arial, as NHS.UK frontend intends when Frutiger is unavailable.
 */
async function offlineNhsukCss(ctx, next) {
  if (ctx.path !== '/demo/vendor/nhsuk-frontend.css') return next();
  nhsukCss ??= (await readFile(new URL('node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css', `file://${rootDir}/`), 'utf8'))
    .replace(/@font-face\{[^}]*\}/g, '')
    .replaceAll('url(/assets/', 'url(/node_modules/nhsuk-frontend/dist/nhsuk/assets/');
  ctx.type = 'css';
  ctx.body = nhsukCss;
}

// Open a browser only where there is a desktop to open it on.
const hasDesktop = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

/**
 * The demo server: its @web/dev-server `config`, and the parts tests drive.
 *
 * @param {{port?: number, rate?: number, rateLimit?: number, clock?: ReturnType<import('./replay-clock.js').createReplayClock>, relayPolling?: boolean, relayFolder?: string, open?: boolean}} [options]
 *   `clock`: a replay clock of the caller's (tests pass one whose real time they move);
 *   `relayPolling: false`: the relay polls only when `relay.runAll()` is called.
 */
export function createDemoServer({port = 8000, rate, rateLimit, clock, relayPolling = true, relayFolder, open = false} = {}) {
  const mastodon = mastodonServer({rate, rateLimit, clock});
  const bluesky = blueskyServer({week: mastodon.week, clock: mastodon.clock});
  const platforms = platformsServer({week: mastodon.week, clock: mastodon.clock});
  const relay = createDemoRelay({clock: mastodon.clock, trustBluesky: mastodon.week.trust.bluesky, poll: relayPolling, folder: relayFolder});

  /**
   * Serves the demo pages with the replay's current time written in, so that
   * demo.js can set the library's clock before any widget starts.
   */
  async function demoPages(ctx, next) {
    const page = PAGES[ctx.path];
    if (!page || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const html = await readFile(new URL(page, import.meta.url), 'utf8');
    const replay = JSON.stringify({now: new Date(mastodon.clock.now()).toISOString(), rate: mastodon.clock.rate});
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = html.replace('<!-- demo-clock -->', `<script type="application/json" id="demo-clock">${replay}</script>`);
  }

  /**
   * Once the server listens (its port is known only then: tests ask for any
   * free port): the emulated Jetstream takes the server's WebSocket upgrades
   * for its own path (the dev server's reload socket keeps its own), then the
   * relay starts. Both stop with the server.
   */
  const relayPlugin = {
    name: 'demo-relay',
    serverStart({server, logger}) {
      bluesky.emulator.jetstream.listen(server);
      relay.start(`http://localhost:${server.address().port}`).catch((error) => logger.error(error));
    },
    async serverStop() {
      await relay.stop();
      bluesky.emulator.jetstream.close();
    },
  };

  const config = {
    rootDir,
    hostname: 'localhost',
    port,
    open: open ? '/' : false,
    nodeResolve: {exportConditions: ['development']},
    middleware: [demoPages, offlineNhsukCss, relay.middleware, bluesky, platforms, mastodon],
    plugins: [esbuildPlugin({ts: true, tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)), target: 'es2022'}), relayPlugin],
  };
  return {config, clock: mastodon.clock, relay, mastodon, bluesky: bluesky.emulator, platforms: platforms.emulator};
}

export default createDemoServer({
  port: positive(process.env.PORT) ?? 8000,
  rate: positive(process.env.DEMO_RATE),
  rateLimit: positive(process.env.DEMO_RATE_LIMIT),
  open: hasDesktop && process.env.DEMO_OPEN !== '0',
}).config;
