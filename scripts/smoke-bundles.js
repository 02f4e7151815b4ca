// Loads the built bundles the way a CMS page does, in Chromium, Firefox and
// WebKit, and checks what a user of the snippet relies on:
// - dist/trust-widgets.js loads in a plain page with no console error or
//   warning, registers all four tags, and each widget renders real text
//   (the schedule's session line with its separator, a speaker's name, a post,
//   the count), not an empty box;
// - each per-widget bundle alone renders its widget;
// - adding a per-widget bundle of the same library (a second copy) does not
//   throw, the first definition wins, and exactly one warning names the conflict.
// Run after `npm run build`. SMOKE_ENGINES=chromium,firefox picks engines.
import {createServer} from 'node:http';
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {dirname, extname, join, normalize} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {miniBrowserCapabilities, randomPort, startDriver, stopDriver} from '../test/server/webkit-launcher.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const types = {'.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json', '.json': 'application/json'};
const asRoot = process.getuid?.() === 0;
const engines = (process.env.SMOKE_ENGINES || 'chromium,firefox,webkit').split(',').map((e) => e.trim());

// Records what the page logs, for every engine alike (classic WebDriver has no console events).
const recorder = `<script>
  window.__log = [];
  for (const type of ['error', 'warn']) {
    const original = console[type];
    console[type] = (...args) => { window.__log.push({type, text: args.map(String).join(' ')}); original.apply(console, args); };
  }
  addEventListener('error', (e) => window.__log.push({type: 'error', text: String(e.message)}));
  addEventListener('unhandledrejection', (e) => window.__log.push({type: 'error', text: String(e.reason)}));
</script>`;

const widgets = {
  schedule: '<trust-schedule src="/demo/data/social-media-week.json" day="2016-10-24"></trust-schedule>',
  speakers: '<trust-speakers src="/demo/data/social-media-week.json" speakers="kyle-grieve"></trust-speakers>',
  'hashtag-feed': '<trust-hashtag-feed src="/test/fixtures/feed/native-posts.json" format="native" hashtag="nhssmw" max-posts="3" no-avatars no-media></trust-hashtag-feed>',
  'follow-counter': '<trust-follow-counter label="followers" goal="2300"><script type="application/json">{"count": 2214}</script></trust-follow-counter>',
};

/** What each widget must show once loaded: real text, spaces and all. */
const expected = {
  'trust-schedule': ['Welcome to social media week', ' · Seminar Room, Care City'],
  'trust-speakers': ['Kyle Grieve'],
  'trust-hashtag-feed': ['Welcome to day one of social media week!'],
  'trust-follow-counter': ['2,214', 'followers'],
};

const page = (title, scripts, body) =>
  `<!doctype html><html lang="en-GB"><title>${title}</title><link rel="icon" href="data:,">${recorder}${scripts
    .map((s) => `<script type="module" src="/dist/${s}"></script>`)
    .join('')}<main>${body}</main>`;

const pages = {
  '/one.html': page('one', ['trust-widgets.js'], Object.values(widgets).join('')),
  '/two.html': page('two', ['trust-widgets.js', 'trust-schedule.js'], widgets.schedule),
  ...Object.fromEntries(Object.entries(widgets).map(([name, html]) => [`/${name}.html`, page(name, [`trust-${name}.js`], html)])),
};

const served = ['dist', 'demo/data', 'test/fixtures/feed'].map((dir) => join(root, dir));
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (pages[path]) return res.writeHead(200, {'content-type': 'text/html'}).end(pages[path]);
  const file = normalize(join(root, path));
  if (!served.some((dir) => file.startsWith(dir))) return res.writeHead(404).end();
  try {
    res.writeHead(200, {'content-type': types[extname(file)] ?? 'application/octet-stream'}).end(await readFile(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// In the page: each widget's tag, whether it is defined, its status and its shadow text.
const READ = `(() => [...document.querySelectorAll('main > *')].map((el) => ({
  tag: el.localName,
  defined: !!customElements.get(el.localName),
  status: el.dataController ? el.dataController.status : 'none',
  text: el.shadowRoot ? el.shadowRoot.textContent.replace(/\\s+/g, ' ') : '',
})))()`;
const LOG = 'window.__log';

/** One page at a time on a Playwright or Puppeteer browser (their page APIs agree on these calls). */
function oneTab(browser) {
  let tab;
  return {
    async open(url) {
      await tab?.close();
      tab = await browser.newPage();
      await tab.goto(url);
    },
    evaluate: (expression) => tab.evaluate(expression),
    close: () => browser.close(),
  };
}

/** Each engine as {open(url), evaluate(expression), close()}. */
const launch = {
  async chromium() {
    const {chromium} = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(asRoot ? ['--no-sandbox'] : [])],
    });
    return oneTab(browser);
  },
  async firefox() {
    const {default: puppeteer} = await import('puppeteer');
    const browser = await puppeteer.launch({browser: 'firefox', executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', headless: true});
    return oneTab(browser);
  },
  async webkit() {
    // webdriverio as @web/test-runner-webdriver has it (its own dependency, not the project's).
    const launcher = createRequire(import.meta.url).resolve('@web/test-runner-webdriver');
    const webdriverio = createRequire(launcher).resolve('webdriverio');
    const {remote} = await import(pathToFileURL(join(dirname(webdriverio), 'node.js')).href);
    const port = randomPort();
    const driver = await startDriver(port);
    const browser = await remote({hostname: '127.0.0.1', port, logLevel: 'error', capabilities: miniBrowserCapabilities()});
    return {
      open: (url) => browser.navigateTo(url),
      evaluate: (expression) => browser.execute(`return ${expression}`),
      async close() {
        await browser.deleteSession().catch(() => undefined);
        stopDriver(driver);
      },
    };
  },
};

async function settle(engine, path) {
  await engine.open(base + path);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const shown = await engine.evaluate(READ);
    const done = shown.every((w) => w.defined && w.status !== 'loading' && w.text.trim());
    if (done || Date.now() > deadline) return {shown, log: await engine.evaluate(LOG)};
    await new Promise((r) => setTimeout(r, 100));
  }
}

const failures = [];
const summary = [];
for (const name of engines) {
  const started = Date.now();
  const engine = await launch[name]();
  const fail = (message) => failures.push(`${name}: ${message}`);
  try {
    for (const path of Object.keys(pages).filter((p) => p !== '/two.html')) {
      const {shown, log} = await settle(engine, path);
      const bad = log.filter((m) => m.type === 'error' || m.type === 'warn');
      if (bad.length) fail(`${path} logged ${JSON.stringify(bad)}`);
      for (const w of shown) {
        if (!w.defined) fail(`${path}: <${w.tag}> is not defined`);
        for (const text of expected[w.tag]) if (!w.text.includes(text)) fail(`${path}: <${w.tag}> does not show "${text}"; it shows "${w.text.slice(0, 200)}"`);
      }
    }
    const {shown, log} = await settle(engine, '/two.html');
    const errors = log.filter((m) => m.type === 'error');
    const warnings = log.filter((m) => m.type === 'warn');
    if (errors.length) fail(`two copies logged errors: ${JSON.stringify(errors)}`);
    if (warnings.length !== 1 || !warnings[0].text.includes('<trust-schedule> is already defined')) {
      fail(`two copies should warn exactly once about <trust-schedule>, got ${JSON.stringify(warnings)}`);
    }
    if (!shown[0]?.text.includes(expected['trust-schedule'][0])) fail('two copies: the schedule does not render');
  } finally {
    await engine.close();
  }
  summary.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

server.close();
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(
  `Bundles (${summary.join(', ')}): dist/trust-widgets.js and each per-widget bundle render real text with no console error or warning; a second copy warns once and does not throw.`,
);
