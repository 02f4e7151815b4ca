/**
 * trust-relay inside the demo server: the same relay a trust runs (compiled
 * from relay/ into dist/node/relay/ by `npm run build:relay`, which `npm
 * start` runs first), polling this server's own emulated Mastodon and
 * following its emulated Bluesky Jetstream, and reading its emulated X and
 * Facebook accounts' followers (platforms-server.js), on the replay's clock, so its intervals run in demo time like
 * everything else in the demo. Its files are served under /relay/ by
 * relay/server.ts's handleRequest, with the relay's ETags, 304s, compression
 * and Cache-Control: the page's feed and counter read only these.
 *
 * State and output live in a throwaway folder (.tmp/demo-relay/<port>/),
 * emptied at start and removed at stop. When time goes back (the replay
 * starts again from Monday, or someone jumps back) the relay starts afresh
 * in a new folder, so posts from "later" do not linger.
 */
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {DEMO_APP_PASSWORD, JETSTREAM_PATH} from './bluesky-server.js';
import {DEMO_META_PAGE_TOKEN, DEMO_X_BEARER_TOKEN, FACEBOOK_PAGE, GRAPH_VERSION, X_USERNAME} from './platforms-server.js';
import {TRUST_USERNAME} from './week-accounts.js';
import {EVENT_HASHTAG} from './week-posts.js';

/** The environment variable that holds the Bluesky app password in the relay's config (secrets only ever as {"env": NAME}). */
export const APP_PASSWORD_ENV = 'DEMO_BLUESKY_APP_PASSWORD';
/** The environment variables that hold the emulated X's bearer token and the emulated Facebook Page's token. */
export const X_TOKEN_ENV = 'DEMO_X_BEARER_TOKEN';
export const PAGE_TOKEN_ENV = 'DEMO_META_PAGE_TOKEN';
export const RELAY_PATH = '/relay';
export const ADMIN_PATH = '/admin';
/** The demo's moderator account, seeded in every run of the relay (named in demo/README.md; a demo, not a secret). */
export const DEMO_MODERATOR = {name: 'moderator', password: 'demo-moderator-week'};
const DIST = new URL('../dist/node/relay/', import.meta.url);
const DEFAULT_FOLDER = fileURLToPath(new URL('../.tmp/demo-relay/', import.meta.url));

/**
 * The demo relay's configuration: the same shape as any trust-relay config
 * file (schemas/relay.schema.json), with every base URL pointing at this
 * server. Intervals are in demo time.
 */
export function demoRelayConfig(origin, {trustBluesky}) {
  return {
    $schema: 'https://unpkg.com/trust-widgets/schemas/relay.schema.json',
    out: './out',
    state: './state.sqlite',
    feeds: {
      somewk: {
        hashtag: EVENT_HASHTAG,
        mastodon: [origin],
        // Live from the emulated Jetstream, each match hydrated by the emulated public AppView (getPosts). The login is
        // only for the gap before the stream: a fresh relay has no cursor, so it fills that once with searchPosts.
        bluesky: {jetstream: [jetstreamUrl(origin)], appview: origin, identifier: trustBluesky, appPassword: {env: APP_PASSWORD_ENV}, service: origin},
        refresh: 60,
        maxPosts: 200,
        // Published at once, reviewed in the console at /admin/ (sign in as DEMO_MODERATOR).
        moderation: {mode: 'publish-then-review'},
      },
    },
    counters: {
      // One count across the trust's Mastodon, Bluesky, X and Facebook accounts (X and the Graph API emulated by platforms-server.js).
      nelft: {
        mastodon: [{instance: origin, account: TRUST_USERNAME}],
        bluesky: [{account: trustBluesky, appview: origin}],
        x: {usernames: [X_USERNAME], bearerToken: {env: X_TOKEN_ENV}, apiBase: origin},
        facebook: {pages: [FACEBOOK_PAGE.id], pageToken: {env: PAGE_TOKEN_ENV}, version: GRAPH_VERSION, apiBase: origin},
        refresh: 300,
      },
    },
    schedules: {
      week: {src: `${origin}/demo/data/social-media-week.json`, format: 'native', timezone: 'Europe/London', refresh: 600},
    },
  };
}

/** The emulated Jetstream instance on the demo server (ws:// beside its http:// origin). */
export function jetstreamUrl(origin) {
  return `${origin.replace(/^http/, 'ws')}${JETSTREAM_PATH}`;
}

async function loadRelay() {
  try {
    const [{Relay}, {parseConfig}, {installSanitiserDom}, {handleRequest}, {startPolling}, {createLogger}, {AdminConsole}] = await Promise.all(
      ['relay.js', 'config.js', 'dom.js', 'server.js', 'loop.js', 'log.js', 'admin/http.js'].map((file) => import(new URL(file, DIST).href)),
    );
    installSanitiserDom();
    return {Relay, parseConfig, handleRequest, startPolling, createLogger, AdminConsole};
  } catch (error) {
    throw new Error(`The demo's relay is not built: run "npm run build:relay" first (npm start does). ${error.message}`);
  }
}

/**
 * @param {{clock: ReturnType<import('./replay-clock.js').createReplayClock>, trustBluesky: string, folder?: string, poll?: boolean, log?: (line: string) => void}} options
 *   `poll: false` leaves polling to the caller (`runAll`), for tests that drive the clock by hand.
 */
export function createDemoRelay({clock, trustBluesky, folder = process.env.DEMO_RELAY_DIR || DEFAULT_FOLDER, poll = true, log = (line) => process.stderr.write(line)}) {
  let modules;
  let origin;
  let runFolder;
  let current;
  let generation = 0;
  let unsubscribe;
  let starting;
  const retiring = new Set();
  // The Bluesky app password reaches the relay as an environment variable the demo sets itself.
  const env = {
    ...process.env,
    [APP_PASSWORD_ENV]: process.env[APP_PASSWORD_ENV] || DEMO_APP_PASSWORD,
    // The emulated X and Facebook accept the demo's own tokens (set them to anything else to see a refused token in /relay/status.json).
    [X_TOKEN_ENV]: process.env[X_TOKEN_ENV] || DEMO_X_BEARER_TOKEN,
    [PAGE_TOKEN_ENV]: process.env[PAGE_TOKEN_ENV] || DEMO_META_PAGE_TOKEN,
  };

  // Only what the relay warns about: its every poll (several a second in demo time) would drown the server's log.
  const logger = () => modules.createLogger('text', (line) => {
    if (/^\S+ (warn|error) /.test(line)) log(`[relay] ${line}`);
  });

  function startGeneration() {
    generation += 1;
    const dir = join(runFolder, String(generation));
    mkdirSync(dir, {recursive: true});
    const file = join(dir, 'relay.json');
    const text = `${JSON.stringify(demoRelayConfig(origin, {trustBluesky}), null, 2)}\n`;
    writeFileSync(file, text);
    const relay = new modules.Relay(modules.parseConfig(text, file, env), {clock: {now: () => clock.now()}, log: logger()});
    relay.publishAll();
    // The moderation console, as `serve` runs it on `listen` (sessions expire in real time, not the replay's).
    const admin = new modules.AdminConsole({config: relay.config.admin, moderation: relay.moderation, db: relay.state.db, log: logger()});
    const run = {relay, admin, dir, polling: undefined, retired: false};
    const seeded = admin.users.add(DEMO_MODERATOR.name, DEMO_MODERATOR.password);
    // One round first, so every file is there before the first page asks; then the relay's own loop (relay/loop.ts).
    run.ready = poll
      ? Promise.all([seeded, relay.runAll()]).then(() => {
          if (!run.retired) run.polling = modules.startPolling(relay);
        })
      : seeded;
    return run;
  }

  /** Stops a relay's polling, lets a poll in flight finish, then closes its state and removes its folder. */
  async function retire(run) {
    retiring.add(run);
    run.retired = true;
    run.polling?.stop();
    try {
      await run.ready.catch(() => {});
      await run.relay.idle();
    } finally {
      run.admin.close();
      run.relay.close();
      rmSync(run.dir, {recursive: true, force: true});
      retiring.delete(run);
    }
  }

  let restartQueued = false;
  function restart() {
    if (!restartQueued || !current) return;
    restartQueued = false;
    const old = current;
    current = startGeneration();
    void retire(old);
  }

  return {
    /** Starts the relay against the server at `serverOrigin` (known once the dev server listens); `started()` resolves when it has. */
    start(serverOrigin) {
      // After the dev server's other plugins have started: the schedule is a static file that their middleware serves.
      starting = new Promise((resolve) => setImmediate(resolve)).then(() => begin(serverOrigin));
      return starting;
    },

    /** Resolves once the relay has started and made its first round (with polling on). */
    started() {
      return starting ?? Promise.reject(new Error('The demo relay was not started'));
    },

    async stop() {
      await starting?.catch(() => {});
      unsubscribe?.();
      const run = current;
      current = undefined;
      if (run) await retire(run);
      await Promise.all([...retiring].map((r) => r.relay.idle()));
      if (runFolder) rmSync(runFolder, {recursive: true, force: true});
    },

    /** The relay running now (a new one after each restart). */
    get relay() {
      return current?.relay;
    },

    get folder() {
      return current?.dir;
    },

    /** One round of every source, awaited (tests; `npm start` polls on its own). */
    async runAll() {
      await starting;
      restart();
      return current.relay.runAll();
    },

    /** Koa middleware: the relay's files under /relay/, answered by relay/server.ts itself, and its console under /admin/. */
    async middleware(ctx, next) {
      const under = (path) => ctx.path === path || ctx.path.startsWith(`${path}/`);
      const forConsole = under(ADMIN_PATH);
      if (!forConsole && !under(RELAY_PATH)) return next();
      await starting?.catch(() => {});
      restart();
      if (!current) {
        ctx.status = 503;
        ctx.set('Retry-After', '1');
        ctx.body = 'The relay is not running\n';
        return;
      }
      const run = current;
      await run.ready;
      const {req, res} = ctx;
      if (forConsole) {
        ctx.respond = false;
        run.admin.handle(req, res);
        return;
      }
      const url = req.url.slice(RELAY_PATH.length) || '/';
      // Koa steps aside: the relay writes the answer (headers, 304, br/gzip) as it does behind any proxy.
      ctx.respond = false;
      const relay = run.relay;
      modules.handleRequest({method: req.method, url, headers: req.headers}, res, {output: relay.output, allowOrigins: relay.config.allowOrigins, health: () => relay.health()});
    },
  };

  async function begin(serverOrigin) {
    modules ??= await loadRelay();
    origin = serverOrigin;
    runFolder = join(folder, new URL(origin).port || '80');
    rmSync(runFolder, {recursive: true, force: true});
    // Time went back: start afresh once the code that noticed has finished (never inside a poll's own clock read).
    unsubscribe = clock.onRestart(() => {
      if (restartQueued) return;
      restartQueued = true;
      queueMicrotask(restart);
    });
    current = startGeneration();
    await current.ready;
  }
}

