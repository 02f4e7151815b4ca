import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {AdminConsole} from '../admin/http.js';
import {CONSOLE_DIR} from '../admin/pages.js';
import {startServer} from '../server.js';
import {published, setUp, type Setup} from './helpers.js';

/**
 * The moderation console walked through from the keyboard, end to end: the
 * real relay against the Mastodon emulator, its admin HTTP layer, the built
 * console (dist/console/console.js) in Chromium under the real CSP. Two
 * moderators. Each decision is checked where readers get it, in the feed's
 * public file. admin-browser.test.ts covers signing in and out, forged
 * requests and expiry; this file covers the console's own work.
 */

const CHROMIUM = '/usr/bin/chromium';
const built = existsSync(`${CONSOLE_DIR}console.js`);
const skip = !process.env.CI && (!existsSync(CHROMIUM) ? `${CHROMIUM} is missing (this test runs in CI)` : !built ? 'the console is not built (npm run build)' : false);
const PASSWORD = 'correct horse battery staple';
const TAG = '#NelftSoMeWeek';

type Page = import('playwright-core').Page;

declare global {
  interface Window {
    __violations?: string[];
    __pwned?: unknown;
  }
}

/** What the console's shadow root says about focus: the focused post's key, or the focused element's id or text. */
function focusIn(page: Page): Promise<{key?: string; id?: string; text?: string}> {
  return page.evaluate(() => {
    const active = document.querySelector('trust-moderation-console')?.shadowRoot?.activeElement;
    if (!active) return {};
    return {key: active.closest<HTMLElement>('article.item')?.dataset.key, id: active.id || undefined, text: active.textContent?.trim()};
  });
}

function shownKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(document.querySelector('trust-moderation-console')?.shadowRoot?.querySelectorAll<HTMLElement>('article.item') ?? [])].map((a) => a.dataset.key!));
}

/** Waits (on real time: the relay republishes on its own) until `check` holds, or fails saying what was waited for. */
async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the moderation console, walked through from the keyboard', {skip}, () => {
  let s: Setup;
  let admin: AdminConsole;
  let server: Server;
  let base: string;
  let browser: import('playwright-core').Browser;
  let alice: Page;
  let bob: Page;
  const errors: string[] = [];
  const outside: string[] = [];

  const publicTexts = () => (published(s, 'feeds/somewk.json').posts as Array<{text?: string; html?: string; pinned?: boolean}>).map((p) => `${p.pinned ? 'pinned: ' : ''}${p.text ?? p.html ?? ''}`);
  const queueKeys = () => s.relay.moderation.list('somewk', 'queue').items.map((i) => i.key);

  async function signIn(name: string, width: number): Promise<Page> {
    const context = await browser.newContext({locale: 'en-GB', viewport: {width, height: 800}});
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations!.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
    page.on('request', (request) => !request.url().startsWith(base) && outside.push(request.url()));
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', {name: 'Sign in'}).click();
    await page.waitForURL(`${base}/admin/`);
    await page.getByText(`Signed in as ${name}`).waitFor();
    await page.locator('article.item').first().waitFor();
    return page;
  }

  before(async () => {
    s = await setUp((url) => ({feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 60, moderation: {mode: 'approve-first'}}}}));
    s.emulator.post(`Come to the wellbeing workshop at 2pm ${TAG}`);
    s.emulator.post(`Free prizes <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> <a href="javascript:window.__pwned=3">claim</a> ${TAG}`);
    s.emulator.post(`Slides from the recovery colleges talk are online ${TAG}`);
    await s.relay.runDue();
    admin = new AdminConsole({config: s.relay.config.admin, moderation: s.relay.moderation, db: s.relay.state.db, log: s.log, now: s.clock.now});
    await admin.users.add('alice', PASSWORD);
    await admin.users.add('bob', PASSWORD);
    server = await startServer({output: s.relay.output, allowOrigins: [], health: () => s.relay.health(), admin: admin.handle}, '127.0.0.1', 0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const {chromium} = await import('playwright-core');
    browser = await chromium.launch({executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']});
    alice = await signIn('alice', 1280);
  });

  after(async () => {
    await browser?.close();
    admin?.close();
    server?.closeAllConnections();
    server?.close();
    await s?.done();
  });

  it('shows the queue newest first, the hostile post as inert text', async () => {
    assert.deepEqual(await shownKeys(alice), queueKeys());
    assert.equal(await alice.evaluate(() => window.__pwned), undefined);
    assert.equal(await alice.locator('article.item img, article.item script').count(), 0);
    assert.deepEqual(publicTexts(), [], 'approve-first: nothing public yet');
  });

  it('j then a approves the first post: it reaches the public file and focus moves to the next post', async () => {
    const keys = await shownKeys(alice);
    await alice.keyboard.press('j');
    assert.equal((await focusIn(alice)).key, keys[0]);
    await alice.keyboard.press('a');
    await alice.getByText('Approved.').waitFor();
    await eventually(async () => (await focusIn(alice)).key === keys[1], 'focus on the next post');
    await eventually(() => publicTexts().length === 1, 'the approved post in the public file');
    assert.match(publicTexts()[0], /recovery colleges/);
  });

  it('h hides the hostile post, u undoes it, h hides it again; the public file never shows it', async () => {
    const keys = await shownKeys(alice);
    assert.equal((await focusIn(alice)).key, keys[0]);
    await alice.keyboard.press('h');
    await alice.getByText('Hidden.').waitFor();
    await eventually(async () => !(await shownKeys(alice)).includes(keys[0]), 'the hidden post leaves the queue');
    await alice.keyboard.press('u');
    await alice.getByText('Undone.').waitFor();
    await eventually(async () => (await focusIn(alice)).key === keys[0], 'focus on the post that came back');
    await alice.keyboard.press('h');
    await alice.getByText('Hidden.').waitFor();
    await eventually(async () => (await focusIn(alice)).key === keys[1], 'focus on the last post');
    assert.ok(publicTexts().every((t) => !t.includes('Free prizes')));
    const audit = s.relay.moderation.audit('somewk').entries.map((e) => `${e.actor} ${e.action}`);
    assert.deepEqual(audit.slice(0, 4), ['alice hide', 'alice undo', 'alice hide', 'alice approve']);
  });

  it('a new post arrives without a reload, and focus stays where it was', async () => {
    const focused = (await focusIn(alice)).key;
    s.emulator.post(`Lunchtime walk round the grounds at 12:30 ${TAG}`);
    // The feed's next poll (every 60 s) on the relay's clock.
    s.clock.advance(61_000);
    await s.relay.runDue();
    await eventually(async () => (await shownKeys(alice)).length === 2, 'the new post in the queue');
    assert.equal((await focusIn(alice)).key, focused);
    await alice.getByText('1 new post in the queue').waitFor({state: 'attached'});
  });

  it('a second moderator hides the post the first is on: the first is told, and focus moves on', async () => {
    bob = await signIn('bob', 320);
    const on = (await focusIn(alice)).key!;
    const keys = await shownKeys(bob);
    const index = keys.indexOf(on);
    for (let i = 0; i <= index; i++) await bob.keyboard.press('j');
    assert.equal((await focusIn(bob)).key, on);
    await bob.keyboard.press('h');
    await bob.getByText('Hidden.').waitFor();
    await alice.getByText('bob hid the post you were on.').first().waitFor();
    await eventually(async () => !(await shownKeys(alice)).includes(on), 'the post leaves alice’s queue');
    const now = await focusIn(alice);
    assert.ok(now.key !== undefined || now.id === 'list-heading', `focus is on a post or the list's heading, not lost (${JSON.stringify(now)})`);
    assert.ok(await bob.evaluate(() => document.documentElement.scrollWidth <= 320), 'bob’s console fits 320 px');
  });

  it('pins a published post from the keyboard, then blocks its author after confirming: the public file follows', async () => {
    await alice.getByRole('tab', {name: /Published/}).click();
    await alice.locator('article.item').first().waitFor();
    await alice.keyboard.press('j');
    await alice.keyboard.press('p');
    await alice.getByText('Pinned.').waitFor();
    await eventually(() => publicTexts()[0]?.startsWith('pinned: ') === true, 'the pinned post first in the public file, pinned');
    await alice.keyboard.press('b');
    await alice.getByRole('dialog', {name: 'Block this author?'}).waitFor();
    await alice.keyboard.press('Shift+Tab');
    await alice.keyboard.press('Enter');
    await alice.getByText('Author blocked.').waitFor();
    await eventually(() => publicTexts().length === 0, 'every post of the blocked author gone from the public file');
    await eventually(async () => (await focusIn(alice)).id === 'list-heading', 'focus on the empty list’s heading');
    await alice.keyboard.press('u');
    await alice.getByText('Undone.').waitFor();
    await eventually(() => publicTexts().length === 1, 'unblocked: the approved post is public again');
  });

  it('shows the audit log, and nothing ran, nothing left for another origin, no violation but refused inline attributes of the hostile post', async () => {
    await alice.getByRole('tab', {name: 'Audit log'}).click();
    await alice.locator('.entry').first().waitFor();
    const entries = await alice.locator('.entry').allTextContents();
    assert.ok(entries.some((e) => /bob\s*·\s*Hid/.test(e)), entries.join('\n'));
    assert.ok(entries.some((e) => /alice\s*·\s*Blocked the author/.test(e)), entries.join('\n'));
    for (const page of [alice, bob]) {
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      const violations = await page.evaluate(() => window.__violations ?? []);
      assert.deepEqual(violations.filter((v) => !/^(script-src-attr|style-src-attr|style-src-elem) inline$/.test(v)), []);
    }
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
  });
});
