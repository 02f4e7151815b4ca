import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {AdminConsole} from '../admin/http.js';
import {CONSOLE_DIR} from '../admin/pages.js';
import {startServer} from '../server.js';
import {published, setUp, type Setup} from './helpers.js';

/**
 * The console as a moderator's browser meets it: the real relay, its admin
 * HTTP layer and the built console (dist/console/) in Chromium, under the
 * real CSP with Trusted Types. Sign-in with a wrong then a right password,
 * an approval that reaches the public file, sign-out, an expired session.
 */

const CHROMIUM = '/usr/bin/chromium';
const built = existsSync(`${CONSOLE_DIR}console.js`);
const skip = !process.env.CI && (!existsSync(CHROMIUM) ? `${CHROMIUM} is missing (this test runs in CI)` : !built ? 'the console is not built (npm run build)' : false);
const PASSWORD = 'correct horse battery staple';

declare global {
  interface Window {
    __violations?: string[];
  }
}

describe('the console in a browser, through the admin HTTP layer', {skip}, () => {
  let s: Setup;
  let admin: AdminConsole;
  let server: Server;
  let base: string;
  let browser: import('playwright-core').Browser;
  let tab: import('playwright-core').Page;
  const errors: string[] = [];
  const outside: string[] = [];
  const refused: string[] = [];

  before(async () => {
    s = await setUp((url) => ({feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 60, moderation: {mode: 'approve-first'}}}}));
    s.emulator.post('Come to the wellbeing workshop at 2pm #NelftSoMeWeek');
    await s.relay.runDue();
    admin = new AdminConsole({config: s.relay.config.admin, moderation: s.relay.moderation, db: s.relay.state.db, log: s.log, now: s.clock.now});
    await admin.users.add('alice', PASSWORD);
    server = await startServer({output: s.relay.output, allowOrigins: [], health: () => s.relay.health(), admin: admin.handle}, '127.0.0.1', 0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const {chromium} = await import('playwright-core');
    browser = await chromium.launch({executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']});
    const context = await browser.newContext({locale: 'en-GB', viewport: {width: 320, height: 640}});
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations!.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    tab = await context.newPage();
    tab.on('pageerror', (error) => errors.push(error.message));
    // A refused request shows as a console error too; those are checked one by one through `refused`.
    tab.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(message.text()));
    tab.on('response', (response) => response.status() >= 400 && refused.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`));
    tab.on('request', (request) => !request.url().startsWith(base) && outside.push(request.url()));
  });

  after(async () => {
    await browser?.close();
    admin?.close();
    server?.closeAllConnections();
    server?.close();
    await s?.done();
  });

  const violations = () => tab.evaluate(() => window.__violations ?? []);

  it('signs in through the form (a wrong password first), approves a post that then reaches the public file, and signs out', async () => {
    await tab.goto(`${base}/admin/`);
    assert.equal(new URL(tab.url()).pathname, '/admin/login', 'sent to sign in');
    assert.ok(await tab.evaluate(() => document.documentElement.scrollWidth <= 320), 'the form fits 320 px without scrolling sideways');
    await tab.getByLabel('Name').fill('alice');
    await tab.getByLabel('Password').fill('not the password at all');
    await tab.getByRole('button', {name: 'Sign in'}).click();
    await tab.getByRole('alert').filter({hasText: 'That name and password do not match'}).waitFor();
    assert.equal(await tab.getByLabel('Name').inputValue(), 'alice', 'the name is kept');
    await tab.getByLabel('Password').fill(PASSWORD);
    await tab.getByRole('button', {name: 'Sign in'}).click();
    await tab.waitForURL(`${base}/admin/`);
    await tab.getByText('Signed in as alice').waitFor();
    await tab.getByText('Come to the wellbeing workshop').waitFor();
    assert.equal((published(s, 'feeds/somewk.json').posts as unknown[]).length, 0, 'approve-first: nothing public yet');
    await tab.getByRole('button', {name: 'Approve', exact: true}).first().click();
    await tab.getByText('Approved.').first().waitFor();
    const posts = published(s, 'feeds/somewk.json').posts as Array<{content?: string; text?: string}>;
    assert.equal(posts.length, 1, 'the approved post is in the public file');
    assert.match(s.log.lines.join('\n'), /"event":"admin.signin","user":"alice"/);
    await tab.getByRole('button', {name: 'Sign out'}).click();
    await tab.waitForURL(`${base}/admin/login?signed-out`);
    await tab.getByText('You have signed out.').waitFor();
    await tab.goto(`${base}/admin/`);
    assert.equal(new URL(tab.url()).pathname, '/admin/login', 'the session ended on the server');
    assert.deepEqual(await violations(), [], 'no CSP or Trusted Types violation');
    assert.deepEqual(outside, [], 'no request left for another origin');
    assert.deepEqual(errors, []);
    // The wrong password; and the browser's own favicon request, which the relay does not serve.
    assert.deepEqual(refused.filter((r) => r !== '404 GET /favicon.ico'), ['401 POST /admin/login']);
  });

  it("refuses another site's forged requests while the moderator is signed in: a form to sign out, a text/plain 'JSON' action, a fetch", async () => {
    await tab.goto(`${base}/admin/login`);
    await tab.getByLabel('Name').fill('alice');
    await tab.getByLabel('Password').fill(PASSWORD);
    await tab.getByRole('button', {name: 'Sign in'}).click();
    await tab.getByText('Signed in as alice').waitFor();
    const audit = () => s.relay.moderation.audit('somewk').entries.length;
    const before = audit();
    const [item] = s.relay.moderation.list('somewk', 'queue').items.concat(s.relay.moderation.list('somewk', 'published').items);
    // Another port of the same address: the same site, so SameSite=Strict still sends the cookie; only the Origin check stands.
    const attacks = new Map<string, string>([
      ['/logout', `<form method="post" action="${base}/admin/logout"><input name="csrf" value="guessed"></form><script>document.forms[0].submit()</script>`],
      [
        '/act',
        `<form method="post" enctype="text/plain" action="${base}/admin/api/feeds/somewk/actions"><input name='{"key":${JSON.stringify(JSON.stringify(item.key)).slice(1, -1)},"action":"hide","version":${item.version},"x":"' value='"}'></form><script>document.forms[0].submit()</script>`,
      ],
      ['/fetch', `<script>fetch("${base}/admin/api/feeds/somewk/actions",{method:"POST",credentials:"include",headers:{"Content-Type":"application/json","X-CSRF-Token":"x"},body:"{}"}).catch(()=>{document.title="blocked"})</script>`],
    ]);
    const evil = createServer((req, res) => {
      res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
      res.end(`<!doctype html><title>evil</title>${attacks.get(req.url ?? '') ?? ''}`);
    });
    await new Promise<void>((done) => evil.listen(0, '127.0.0.1', done));
    const evilBase = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    try {
      const attacker = await tab.context().newPage();
      for (const path of ['/logout', '/act']) {
        const answer = attacker.waitForResponse((r) => r.url().startsWith(`${base}/admin/`) && r.request().method() === 'POST');
        await attacker.goto(`${evilBase}${path}`);
        const response = await answer;
        assert.equal(response.status(), 403, path);
        assert.match(await response.text(), /Refused: changes may only be made from the console's own page, not from http:\/\/127\.0\.0\.1:\d+/);
      }
      await attacker.goto(`${evilBase}/fetch`);
      await attacker.waitForFunction(() => document.title === 'blocked');
      await attacker.close();
    } finally {
      evil.close();
    }
    assert.equal(audit(), before, 'no decision was made');
    await tab.reload();
    await tab.getByText('Signed in as alice').waitFor();
    assert.equal(s.log.lines.filter((l) => l.includes('"admin.signout"')).length, 1, 'not signed out by the forged form (only by the first test)');
    await tab.getByRole('button', {name: 'Sign out'}).click();
    await tab.waitForURL(`${base}/admin/login?signed-out`);
  });

  it('sends a moderator whose session expired back to the sign-in form, saying so', async () => {
    await tab.goto(`${base}/admin/login`);
    await tab.getByLabel('Name').fill('alice');
    await tab.getByLabel('Password').fill(PASSWORD);
    await tab.getByRole('button', {name: 'Sign in'}).click();
    await tab.getByText('Signed in as alice').waitFor();
    s.clock.advance(31 * 60_000);
    await tab.reload();
    assert.equal(new URL(tab.url()).pathname, '/admin/login');
    await tab.getByText('Your session has ended. Sign in again to carry on.').waitFor();
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
  });
});
