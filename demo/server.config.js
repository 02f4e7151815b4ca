// `npm start`: the demo pages, the library's TypeScript sources compiled on the
// fly, and a local stand-in for a Mastodon server replaying the week.
//
//   PORT=8000            port to listen on
//   DEMO_RATE=320        how many times faster than real time the week is replayed
//   DEMO_RATE_LIMIT=300  API requests per IP address per 5 (demo) minutes
//   DEMO_OPEN=0          do not open a browser
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {mastodonServer} from './mastodon-server.js';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const positive = (value) => (Number(value) > 0 ? Number(value) : undefined);

const mastodon = mastodonServer({rate: positive(process.env.DEMO_RATE), rateLimit: positive(process.env.DEMO_RATE_LIMIT)});

const PAGES = {'/': 'index.html', '/demo/': 'index.html', '/demo/index.html': 'index.html', '/demo/partner.html': 'partner.html'};

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

export default {
  rootDir,
  hostname: 'localhost',
  port: positive(process.env.PORT) ?? 8000,
  open: hasDesktop && process.env.DEMO_OPEN !== '0' ? '/' : false,
  nodeResolve: {exportConditions: ['development']},
  middleware: [demoPages, offlineNhsukCss, mastodon],
  plugins: [esbuildPlugin({ts: true, tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)), target: 'es2022'})],
};
