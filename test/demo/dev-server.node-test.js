// `npm start` end to end (Node): the demo config serves the pages, an offline
// NHS.UK stylesheet, the Mastodon and Bluesky emulators and the demo's
// trust-relay through the real dev server. The replay clock moves only when a
// test says so, and the relay polls only when a test asks it to: no sleeps.
//   npm run build:relay && node --test test/demo/
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {after, before, describe, it} from 'node:test';
import {startDevServer} from '@web/dev-server';
import {createReplayClock} from '../../demo/replay-clock.js';

process.env.DEMO_OPEN = '0';
const {createDemoServer, default: defaultConfig} = await import('../../demo/server.config.js');
const {DEMO_MODERATOR} = await import('../../demo/demo-relay.js');

const HOUR = 3_600_000;
const RATE = 320;

describe('demo dev server', () => {
  let server;
  let origin;
  let demo;
  let folder;
  let real = 0;
  /** Moves demo time forward: real time at the replay's rate. */
  const pass = (ms) => (real += ms / RATE);
  const jumpTo = (iso) => fetch(`${origin}/demo-api/clock`, {method: 'POST', body: JSON.stringify({now: iso})}).then((r) => r.json());
  const getJson = async (path, init) => (await fetch(`${origin}${path}`, init)).json();
  const jetstreamSource = () => demo.relay.relay.sources.find((s) => s.key.startsWith('bluesky jetstream'));
  /** Waits for I/O by checking a condition, within a bound (never a fixed sleep). */
  async function until(condition, what, boundMs = 10_000) {
    const end = Date.now() + boundMs;
    while (!(await condition())) {
      if (Date.now() > end) assert.fail(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  /** The emulated Jetstream sends what is due, the relay's connection receives all of it, then one relay round. */
  async function settle() {
    demo.bluesky.jetstream.tick();
    await until(() => (jetstreamSource()?.received ?? 0) >= demo.bluesky.jetstream.sent(), 'the relay to receive the stream');
    await demo.relay.runAll();
  }

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'demo-relay-'));
    const clock = createReplayClock({rate: RATE, realNow: () => real});
    demo = createDemoServer({port: 0, clock, relayPolling: false, relayFolder: folder});
    server = await startDevServer({config: demo.config, readCliArgs: false, readFileConfig: false, autoExitProcess: false, logStartMessage: false});
    origin = `http://localhost:${server.server.address().port}`;
    await demo.relay.started();
  });

  after(async () => {
    await server?.stop();
    rmSync(folder, {recursive: true, force: true});
  });

  it('is the config `npm start` uses: the same middleware and the relay plugin', () => {
    assert.equal(defaultConfig.middleware.length, demo.config.middleware.length);
    assert.ok(defaultConfig.plugins.some((p) => p.name === 'demo-relay'));
    assert.equal(defaultConfig.open, false);
  });

  it('serves the trust page at / with the replay time written in for the page clock', async () => {
    const response = await fetch(`${origin}/`);
    assert.equal(response.status, 200);
    const html = await response.text();
    const [, json] = /<script type="application\/json" id="demo-clock">([^<]+)<\/script>/.exec(html) ?? [];
    assert.deepEqual(JSON.parse(json), {now: '2016-10-24T07:30:00.000Z', rate: RATE});
    assert.match(html, /<script type="module" src="\/src\/define.ts"><\/script>/);
  });

  it('points the feed, the counter, the schedule and the speakers at the relay, on both pages', async () => {
    const page = await (await fetch(`${origin}/`)).text();
    assert.match(page, /<trust-hashtag-feed src="\/relay\/feeds\/somewk.json" refresh="30">/);
    assert.match(page, /<trust-follow-counter src="\/relay\/counters\/nelft.json" refresh="60" since="2016-10-24" goal="\d+">/);
    assert.match(page, /<trust-schedule src="\/relay\/schedules\/week.json"/);
    assert.match(page, /<trust-speakers src="\/relay\/schedules\/week.json"/);
    const partner = await (await fetch(`${origin}/demo/partner.html`)).text();
    assert.match(partner, /<trust-hashtag-feed src="\/relay\/feeds\/somewk.json" refresh="30">/);
    assert.match(partner, /<trust-schedule src="\/relay\/schedules\/week.json"/);
    // No widget on either page asks a platform itself.
    for (const html of [page, partner]) assert.doesNotMatch(html, /instance=|format="(mastodon|bluesky)"|data-this-server/);
  });

  it('serves NHS.UK frontend from npm without the fonts it would fetch from the internet', async () => {
    const css = await (await fetch(`${origin}/demo/vendor/nhsuk-frontend.css`)).text();
    assert.match(css, /\.nhsuk-header\{/);
    assert.doesNotMatch(css, /@font-face|https?:\/\//);
  });

  it('answers the Mastodon API with its headers through the dev server', async () => {
    const response = await fetch(`${origin}/api/v1/timelines/tag/NelftSoMeWeek?limit=2`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    assert.equal(response.headers.get('x-ratelimit-limit'), '300');
    assert.match(response.headers.get('link'), new RegExp(`^<${origin}/api/v1/timelines/tag/NelftSoMeWeek\\?limit=2&max_id=\\d+>; rel="next"`));
    const statuses = await response.json();
    assert.equal(statuses.length, 2);
    const url = `${origin}/api/v1/accounts/lookup?acct=nelft`;
    const first = await fetch(url);
    const second = await fetch(url, {headers: {'If-None-Match': first.headers.get('etag')}});
    assert.equal(second.status, 304);
  });

  it('answers Bluesky through the dev server: search only signed in, profiles for anyone', async () => {
    const search = `${origin}/xrpc/app.bsky.feed.searchPosts?q=%23NelftSoMeWeek&sort=latest`;
    assert.equal((await fetch(search)).status, 403);
    const refused = await fetch(`${origin}/xrpc/com.atproto.server.createSession`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({identifier: 'nelft.example.com', password: 'wrong'})});
    assert.equal(refused.status, 401);
    const profile = await getJson('/xrpc/app.bsky.actor.getProfile?actor=nelft.example.com');
    assert.equal(profile.handle, 'nelft.example.com');
    assert.ok(profile.followersCount > 0);
  });

  it("publishes the relay's files under /relay/ with its ETag, Cache-Control and 304", async () => {
    await demo.relay.runAll();
    const url = `${origin}/relay/feeds/somewk.json`;
    const first = await fetch(url);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('etag'), /^"[\w-]+"$/);
    assert.equal(first.headers.get('cache-control'), 'public, max-age=30, stale-while-revalidate=60, stale-if-error=86400');
    assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await first.json()).hashtag, 'NelftSoMeWeek');

    const again = await fetch(url, {headers: {'If-None-Match': first.headers.get('etag')}});
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');

    const brotli = await fetch(url, {headers: {'Accept-Encoding': 'br'}});
    assert.equal(brotli.headers.get('content-encoding'), 'br');
    assert.equal((await fetch(`${origin}/relay/healthz`)).status, 200);
    assert.equal((await fetch(`${origin}/relay/feeds/elsewhere.json`)).status, 404);
    assert.equal((await fetch(`${origin}/relay/feeds/somewk.json`, {method: 'POST'})).status, 405);
    const status = await getJson('/relay/status.json');
    assert.deepEqual(status.sources.map((s) => s.state), status.sources.map(() => 'ok'));
  });

  it('has posts from both networks in the feed after some demo time, none from the future', async () => {
    await jumpTo('2016-10-25T20:00:00+01:00');
    await settle();
    const {posts} = await getJson('/relay/feeds/somewk.json');
    assert.ok(posts.some((p) => p.network === 'mastodon'));
    assert.ok(posts.some((p) => p.network === 'bluesky' && p.uri.startsWith('at://did:plc:')));
    assert.ok(posts.every((p) => Date.parse(p.created) <= Date.parse('2016-10-25T20:00:00+01:00')));
    // The Bluesky login came from the environment variable the demo sets; the config file holds only its name.
    const config = readFileSync(join(demo.relay.folder, 'relay.json'), 'utf8');
    assert.match(config, /"appPassword": \{\s*"env": "DEMO_BLUESKY_APP_PASSWORD"\s*\}/);
  });

  it('keeps a follower history of every network (Mastodon, Bluesky, X, Facebook) in the counter file', async () => {
    for (let i = 0; i < 3; i++) {
      pass(2 * HOUR);
      await demo.relay.runAll();
    }
    const counter = await getJson('/relay/counters/nelft.json');
    assert.deepEqual(counter.accounts.map((a) => a.network), ['mastodon', 'bluesky', 'x', 'facebook']);
    assert.equal(counter.count, counter.accounts.reduce((sum, a) => sum + a.count, 0));
    const mastodon = await getJson('/api/v1/accounts/lookup?acct=NELFT');
    const bluesky = await getJson('/xrpc/app.bsky.actor.getProfile?actor=nelft.example.com');
    const now = demo.clock.now();
    const x = demo.platforms.followers.x(now);
    const facebook = demo.platforms.followers.facebook(now);
    assert.equal(counter.count, mastodon.followers_count + bluesky.followersCount + x + facebook);
    assert.ok(counter.accounts.every((a) => a.history.length >= 3 && !a.stale), 'each network with its own history');
    assert.equal((await fetch(`${origin}/2/users/by/username/NELFT_demo?user.fields=public_metrics`)).status, 401, 'the emulated X wants its token');
    const status = await getJson('/relay/status.json');
    assert.deepEqual(status.sources.filter((s) => s.network === 'x' || s.network === 'facebook').map((s) => s.state), ['ok', 'ok']);
    // The tokens came from the environment the demo sets: the config holds only their names, no file or answer the tokens.
    const config = readFileSync(join(demo.relay.folder, 'relay.json'), 'utf8');
    assert.match(config, /"bearerToken": \{\s*"env": "DEMO_X_BEARER_TOKEN"\s*\}/);
    assert.ok(!JSON.stringify(status).includes('demo-x-bearer-token') && !JSON.stringify(counter).includes('demo-meta-page-token'));
    assert.ok(counter.history.length >= 3, `${counter.history.length} points`);
    assert.ok(counter.history.every((p, i, all) => i === 0 || Date.parse(p.at) > Date.parse(all[i - 1].at)));
    assert.ok(counter.history.at(-1).count > counter.history[0].count);
  });

  it('re-publishes the schedule with the same sessions and speakers', async () => {
    const schedule = await getJson('/relay/schedules/week.json');
    const original = await getJson('/demo/data/social-media-week.json');
    assert.equal(schedule.sessions.length, original.sessions.length);
    assert.equal(schedule.speakers.length, original.speakers.length);
  });

  it('runs the feed in publish-then-review with the seeded moderator: sign in at /admin/, hide a post, and the feed file loses it', async () => {
    await jumpTo('2016-10-25T12:00:00+01:00');
    await settle();
    // The sign-in form and its one-time token, bound to a cookie.
    const form = await fetch(`${origin}/admin/login`);
    const formCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const token = /name="csrf" value="([^"]+)"/.exec(await form.text())[1];
    const body = new URLSearchParams({csrf: token, name: DEMO_MODERATOR.name, password: DEMO_MODERATOR.password});
    const signIn = await fetch(`${origin}/admin/login`, {method: 'POST', redirect: 'manual', body, headers: {Origin: origin, Cookie: formCookie}});
    assert.equal(signIn.status, 303, 'the seeded account signs in');
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).filter((c) => !c.includes('-login=')).join('; ');
    const session = await getJson('/admin/api/session', {headers: {Cookie: cookie}});
    assert.equal(session.user, DEMO_MODERATOR.name);
    assert.deepEqual(session.feeds.map((f) => [f.name, f.mode]), [['somewk', 'publish-then-review']]);

    // Published at once, waiting for review: the queue is what the feed shows.
    const queue = await getJson('/admin/api/feeds/somewk/items?list=queue', {headers: {Cookie: cookie}});
    const feed = await getJson('/relay/feeds/somewk.json');
    assert.ok(queue.items.length > 0 && queue.items.every((i) => i.public));
    const item = queue.items[0];
    assert.ok(feed.posts.some((p) => p.id === item.post.id));
    const act = await fetch(`${origin}/admin/api/feeds/somewk/actions`, {
      method: 'POST',
      headers: {Cookie: cookie, Origin: origin, 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf},
      body: JSON.stringify({key: item.key, action: 'hide', version: item.version}),
    });
    assert.equal(act.status, 200);
    const after = await getJson('/relay/feeds/somewk.json');
    assert.ok(!after.posts.some((p) => p.id === item.post.id), 'the hidden post has left the published file');
    assert.equal(after.posts.length, feed.posts.length - 1);
  });

  it('starts the relay afresh when time goes back, so no post from "later" lingers', async () => {
    await jumpTo('2016-10-28T12:00:00+01:00');
    await settle();
    const before = demo.relay.relay;
    const friday = await getJson('/relay/feeds/somewk.json');
    assert.ok(friday.posts.some((p) => Date.parse(p.created) > Date.parse('2016-10-26T00:00:00+01:00')));

    await jumpTo('2016-10-25T10:00:00+01:00');
    // Straight after the jump the old files are gone: a fresh relay has published an empty feed and no counter yet.
    assert.deepEqual((await getJson('/relay/feeds/somewk.json')).posts, []);
    assert.notEqual(demo.relay.relay, before);
    await demo.relay.runAll();
    const tuesday = await getJson('/relay/feeds/somewk.json');
    assert.ok(tuesday.posts.length > 0);
    assert.ok(tuesday.posts.every((p) => Date.parse(p.created) <= Date.parse('2016-10-25T10:00:00+01:00')));
    const counter = await getJson('/relay/counters/nelft.json');
    assert.ok(counter.history.every((p) => Date.parse(p.at) >= Date.parse('2016-10-25T10:00:00+01:00')));
  });

  it('takes the Bluesky posts from the emulated Jetstream, hydrated with getPosts: searchPosts is not polled, and a deletion removes the post', async () => {
    const bluesky = demo.bluesky;
    const week = demo.mastodon.week;
    const uriOf = (p) => `at://${p.account.did}/app.bsky.feed.post/${p.rkey}`;
    const fresh = demo.relay.relay;
    const searches = bluesky.stats.searches;
    const hydrations = bluesky.stats.getPosts;
    // The fresh relay (Tuesday 10:00) follows the stream; everything from Tuesday to Thursday evening comes through it.
    await jumpTo('2016-10-27T20:00:00+01:00');
    await settle();
    const thursday = await getJson('/relay/feeds/somewk.json');
    const oldest = Math.min(...thursday.posts.map((p) => Date.parse(p.created)));
    const expected = week.bluesky.posts.filter((p) => p.at >= oldest && p.at <= Date.parse('2016-10-27T20:00:00+01:00')).map(uriOf).sort();
    const shown = thursday.posts.filter((p) => p.network === 'bluesky').map((p) => p.uri).sort();
    // Every one of the week's Bluesky posts in that time, once; none of the stream's other posts (no tag, #NelftSoMeWeekend) passed the filter.
    assert.deepEqual(shown, expected);
    assert.ok(week.bluesky.posts.filter((p) => p.at > Date.parse('2016-10-25T10:00:00+01:00') && p.at <= Date.parse('2016-10-27T20:00:00+01:00')).length >= 5);
    assert.ok(shown.includes(bluesky.deleted.uri), 'the post deleted on Friday is there on Thursday');
    assert.equal(demo.relay.relay, fresh);
    assert.equal(bluesky.stats.searches, searches, 'searchPosts is not polled');
    assert.ok(bluesky.stats.getPosts > hydrations, 'posts are hydrated with getPosts');
    assert.match(bluesky.jetstream.stats.requests.at(-1), /^\?wantedCollections=app\.bsky\.feed\.post$/);
    const config = JSON.parse(readFileSync(join(demo.relay.folder, 'relay.json'), 'utf8'));
    assert.deepEqual(config.feeds.somewk.bluesky.jetstream, [`${origin.replace('http', 'ws')}/jetstream`]);

    // Friday 15:00: the stream says the Wednesday post was deleted; the next publish takes it out.
    await jumpTo('2016-10-28T16:00:00+01:00');
    await settle();
    const friday = await getJson('/relay/feeds/somewk.json');
    assert.ok(!friday.posts.some((p) => p.uri === bluesky.deleted.uri), 'the deleted post is gone');
    assert.ok(friday.posts.some((p) => p.network === 'bluesky' && Date.parse(p.created) > Date.parse('2016-10-27T20:00:00+01:00')));
    assert.equal(bluesky.stats.searches, searches, 'searchPosts is still not polled');
    const status = await getJson('/relay/status.json');
    assert.deepEqual(status.sources.map((s) => s.state), status.sources.map(() => 'ok'));
  });
});
