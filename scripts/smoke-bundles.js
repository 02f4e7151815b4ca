// Loads the built bundles the way a CMS page does and checks what a user of
// the snippet relies on: dist/trust-widgets.js loads in a plain page with no
// console error and registers all four tags; adding a per-widget bundle of the
// same library (a second copy) does not throw, the first definition wins, and
// exactly one warning names the conflict. Run after `npm run build`.
import {createServer} from 'node:http';
import {readFile} from 'node:fs/promises';
import {extname, join, normalize} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const types = {'.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json'};

const pages = {
  '/one.html': '<!doctype html><html lang="en-GB"><title>one</title><link rel="icon" href="data:,"><script type="module" src="/dist/trust-widgets.js"></script>',
  '/two.html':
    '<!doctype html><html lang="en-GB"><title>two</title><link rel="icon" href="data:,"><script type="module" src="/dist/trust-widgets.js"></script><script type="module" src="/dist/trust-schedule.js"></script>',
};

const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (pages[path]) {
    res.writeHead(200, {'content-type': 'text/html'}).end(pages[path]);
    return;
  }
  const file = normalize(join(root, path));
  if (!file.startsWith(join(root, 'dist'))) return res.writeHead(404).end();
  try {
    res.writeHead(200, {'content-type': types[extname(file)] ?? 'application/octet-stream'}).end(await readFile(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
});

const failures = [];
async function visit(path) {
  const page = await browser.newPage();
  const messages = [];
  page.on('console', (m) => messages.push({type: m.type(), text: m.text()}));
  page.on('pageerror', (e) => messages.push({type: 'error', text: e.message}));
  await page.goto(base + path);
  await page.waitForFunction(() => ['trust-schedule', 'trust-speakers', 'trust-hashtag-feed', 'trust-follow-counter'].every((t) => customElements.get(t)), null, {timeout: 10_000});
  await page.waitForTimeout(300); // let the second module run too
  await page.close();
  return messages;
}

const one = await visit('/one.html');
const oneErrors = one.filter((m) => m.type === 'error' || m.type === 'warning');
if (oneErrors.length) failures.push(`dist/trust-widgets.js logged: ${JSON.stringify(oneErrors)}`);

const two = await visit('/two.html');
const errors = two.filter((m) => m.type === 'error');
const warnings = two.filter((m) => m.type === 'warning');
if (errors.length) failures.push(`two copies logged errors: ${JSON.stringify(errors)}`);
if (warnings.length !== 1 || !warnings[0].text.includes('<trust-schedule> is already defined')) {
  failures.push(`two copies should warn exactly once about <trust-schedule>, got ${JSON.stringify(warnings)}`);
}

await browser.close();
server.close();
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('Bundles: dist/trust-widgets.js registers all four tags with no console error; a second copy warns once and does not throw.');
