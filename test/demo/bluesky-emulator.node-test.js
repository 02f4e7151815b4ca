// Tests of the demo's Bluesky emulator (Node): it must answer as Bluesky does
// for trust-relay, so its shapes are compared with the real recorded answers
// in test/fixtures/formats.
//   node --test test/demo/
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {describe, it} from 'node:test';
import WebSocket from 'ws';
import {createBlueskyEmulator, DEMO_APP_PASSWORD, richText} from '../../demo/bluesky-server.js';
import {createReplayClock, WEEK_END, WEEK_START} from '../../demo/replay-clock.js';
import {generateWeek, tid} from '../../demo/week-posts.js';

const readJson = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const event = readJson('../../demo/data/social-media-week.json');
const realSearch = readJson('../fixtures/formats/bluesky-search-posts.json');
const realProfile = readJson('../fixtures/formats/bluesky-get-profile.json');
/** Jetstream's own example events (its README), one a line: commit create, commit delete, identity, account. */
const realEvents = readFileSync(new URL('../fixtures/formats/jetstream-events.jsonl', import.meta.url), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const ORIGIN = 'http://localhost:8000';
const HOUR = 3_600_000;
const SEARCH = '/xrpc/app.bsky.feed.searchPosts?q=%23NelftSoMeWeek&sort=latest&limit=100';

function setUp() {
  let real = 0;
  const clock = createReplayClock({rate: 1, realNow: () => real});
  const week = generateWeek(event);
  const emulator = createBlueskyEmulator({week, clock});
  const call = (path, {method = 'GET', headers = {}, body} = {}) => {
    const url = new URL(path, ORIGIN);
    const response = emulator.handle({method, path: url.pathname, query: url.searchParams, headers, body: body === undefined ? '' : JSON.stringify(body), origin: ORIGIN});
    return {...response, json: response.body ? JSON.parse(response.body) : undefined};
  };
  const login = (password = DEMO_APP_PASSWORD) => call('/xrpc/com.atproto.server.createSession', {method: 'POST', body: {identifier: 'nelft.example.com', password}});
  const bearer = (token) => ({authorization: `Bearer ${token}`});
  return {call, login, bearer, week, clock, emulator, pass: (ms) => (real += ms), jumpTo: (iso) => clock.set(Date.parse(iso))};
}

describe('the week on Bluesky', () => {
  it('carries a believable share of the posts, from accounts that are on Bluesky, and never the same post twice', () => {
    const week = generateWeek(event);
    const share = week.bluesky.posts.length / week.posts.length;
    assert.ok(share > 0.08 && share < 0.3, `${week.bluesky.posts.length} of ${week.posts.length} posts`);
    assert.ok(new Set(week.bluesky.posts.map((p) => p.account)).size >= 5);
    for (const post of week.posts) assert.equal(post.network === 'bluesky', week.bluesky.posts.includes(post));
    assert.ok(week.bluesky.posts.every((p) => p.account.bluesky && !p.media.length && !p.reblogOf && !p.replyTo));
    assert.ok(week.posts.some((p) => p.network === 'mastodon' && p.account.bluesky), 'people on both networks post on both');
  });

  it('is the same week every time', () => {
    const a = generateWeek(event).bluesky.posts.map((p) => [p.rkey, p.cid, p.account.did]);
    const b = generateWeek(event).bluesky.posts.map((p) => [p.rkey, p.cid, p.account.did]);
    assert.deepEqual(a, b);
  });

  it('has record keys that are TIDs of the post time, in order', () => {
    assert.match(tid(Date.parse('2016-10-24T09:00:00Z'), 7), /^[234567a-z]{13}$/);
    const keys = generateWeek(event).bluesky.posts.map((p) => p.rkey);
    assert.deepEqual([...keys].sort(), keys);
  });

  it("has the trust's Bluesky followers grow over the week", () => {
    const {bluesky} = generateWeek(event);
    const monday = bluesky.followersAt(WEEK_START);
    const friday = bluesky.followersAt(WEEK_END - 1);
    assert.ok(monday >= 400 && monday < 460, `${monday} on Monday`);
    assert.ok(friday > monday + 60, `${friday} on Friday`);
  });
});

describe('Bluesky sessions', () => {
  it('signs the trust in with the demo app password and refuses any other', () => {
    const demo = setUp();
    const session = demo.login();
    assert.equal(session.status, 200);
    assert.equal(session.json.handle, 'nelft.example.com');
    assert.match(session.json.did, /^did:plc:[a-z2-7]{24}$/);
    assert.match(session.json.accessJwt, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const refused = demo.login('not-the-password');
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.json, {error: 'AuthenticationRequired', message: 'Invalid identifier or password'});
  });

  it('refreshes a session once per refresh token, and expires access tokens after two hours of demo time', () => {
    const demo = setUp();
    const {accessJwt, refreshJwt} = demo.login().json;
    assert.equal(demo.call(SEARCH, {headers: demo.bearer(accessJwt)}).status, 200);
    const refreshed = demo.call('/xrpc/com.atproto.server.refreshSession', {method: 'POST', headers: demo.bearer(refreshJwt)});
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.json.accessJwt, accessJwt);
    assert.equal(demo.call('/xrpc/com.atproto.server.refreshSession', {method: 'POST', headers: demo.bearer(refreshJwt)}).status, 400, 'a refresh token works once');
    demo.pass(2 * HOUR + 1000);
    const expired = demo.call(SEARCH, {headers: demo.bearer(refreshed.json.accessJwt)});
    assert.equal(expired.status, 400);
    assert.equal(expired.json.error, 'ExpiredToken');
  });
});

describe('GET /xrpc/app.bsky.feed.searchPosts', () => {
  it('answers 403 without a login, as the real AppView', () => {
    const demo = setUp();
    const response = demo.call(SEARCH);
    assert.equal(response.status, 403);
    assert.equal(response.json.error, 'Forbidden');
  });

  it('has the shape of a real searchPosts answer: postViews with author, record, facets, counts and labels', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-28T19:00:00+01:00');
    const {accessJwt} = demo.login().json;
    const {json, headers} = demo.call(SEARCH, {headers: demo.bearer(accessJwt)});
    assert.ok(json.posts.length > 20);
    const real = realSearch.posts.find((p) => !p.embed);
    const realAuthor = realSearch.posts.find((p) => !p.author.associated).author;
    for (const post of json.posts) {
      assert.deepEqual(Object.keys(post), Object.keys(real));
      assert.deepEqual(Object.keys(post.author), Object.keys(realAuthor));
      assert.equal(post.record.$type, 'app.bsky.feed.post');
      assert.deepEqual(post.record.langs, ['en']);
      assert.match(post.uri, /^at:\/\/did:plc:[a-z2-7]{24}\/app\.bsky\.feed\.post\/[234567a-z]{13}$/);
      assert.match(post.cid, /^bafyrei[a-z2-7]{52}$/);
      assert.ok(post.author.avatar.startsWith(`${ORIGIN}/demo/media/`));
      assert.ok(Date.parse(post.indexedAt) >= Date.parse(post.record.createdAt));
      // Every tag facet covers the #tag it names, counted in UTF-8 bytes.
      const bytes = Buffer.from(post.record.text);
      const tags = (post.record.facets ?? []).filter((f) => f.features[0].$type === 'app.bsky.richtext.facet#tag');
      assert.ok(tags.length > 0);
      for (const f of tags) assert.equal(bytes.subarray(f.index.byteStart, f.index.byteEnd).toString(), `#${f.features[0].tag}`);
    }
    assert.ok(json.posts.every((p, i, all) => i === 0 || p.record.createdAt <= all[i - 1].record.createdAt), 'newest first');
    assert.equal(headers['RateLimit-Limit'], '3000');
  });

  it('shows only posts whose time has come, and pages with cursor and limit', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-25T12:00:00+01:00');
    const {accessJwt} = demo.login().json;
    const auth = {headers: demo.bearer(accessJwt)};
    const all = demo.call(SEARCH, auth).json.posts;
    assert.ok(all.every((p) => Date.parse(p.record.createdAt) <= demo.clock.now()));
    const first = demo.call('/xrpc/app.bsky.feed.searchPosts?q=%23nelftsomeweek&limit=5', auth).json;
    assert.equal(first.posts.length, 5);
    assert.equal(first.cursor, '5');
    const second = demo.call(`/xrpc/app.bsky.feed.searchPosts?q=%23nelftsomeweek&limit=5&cursor=${first.cursor}`, auth).json;
    assert.deepEqual([...first.posts, ...second.posts].map((p) => p.uri), all.slice(0, 10).map((p) => p.uri));
    assert.deepEqual(demo.call('/xrpc/app.bsky.feed.searchPosts?q=%23nosuchtag', auth).json, {posts: []});
  });

  it('writes facets in UTF-8 bytes, also after characters outside ASCII', () => {
    const {text, facets} = richText([
      {type: 'text', text: 'Siân says ☕ '},
      {type: 'tag', name: 'NelftSoMeWeek'},
    ]);
    const [facet] = facets;
    assert.equal(Buffer.from(text).subarray(facet.index.byteStart, facet.index.byteEnd).toString(), '#NelftSoMeWeek');
    assert.notEqual(facet.index.byteStart, text.indexOf('#'));
  });
});

describe('GET /xrpc/app.bsky.actor.getProfile', () => {
  it("has the fields of a real profileViewDetailed, and the trust's followers growing", () => {
    const demo = setUp();
    const monday = demo.call('/xrpc/app.bsky.actor.getProfile?actor=nelft.example.com');
    assert.equal(monday.status, 200);
    const expected = Object.keys(realProfile).sort();
    assert.deepEqual(Object.keys(monday.json).sort(), expected);
    demo.jumpTo('2016-10-28T18:00:00+01:00');
    const friday = demo.call(`/xrpc/app.bsky.actor.getProfile?actor=${monday.json.did}`).json;
    assert.ok(friday.followersCount > monday.json.followersCount);
    const unknown = demo.call('/xrpc/app.bsky.actor.getProfile?actor=nobody.example.com');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json, {error: 'InvalidRequest', message: 'Profile not found'});
  });
});

const keysDeep = (value) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'record' ? '…' : keysDeep(v)])) : typeof value);
const uriOf = (p) => `at://${p.account.did}/app.bsky.feed.post/${p.rkey}`;

describe('GET /xrpc/app.bsky.feed.getPosts', () => {
  it('answers without a login with the postViews searchPosts gives, in the order asked, leaving out unknown and future posts', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-26T12:00:00+01:00');
    const {accessJwt} = demo.login().json;
    const searched = demo.call(SEARCH, {headers: demo.bearer(accessJwt)}).json.posts.slice(0, 3).reverse();
    const future = demo.week.bluesky.posts.at(-1);
    const uris = [...searched.map((p) => p.uri), 'at://did:plc:nobody/app.bsky.feed.post/3l3qo2vuowo2b', uriOf(future)];
    const got = demo.call(`/xrpc/app.bsky.feed.getPosts?${uris.map((u) => `uris=${encodeURIComponent(u)}`).join('&')}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, {posts: searched});
    assert.equal(demo.emulator.stats.getPosts, 1);
    const many = demo.call(`/xrpc/app.bsky.feed.getPosts?${Array.from({length: 26}, () => `uris=${encodeURIComponent(uris[0])}`).join('&')}`);
    assert.equal(many.status, 400);
    assert.equal(demo.call('/xrpc/app.bsky.feed.getPosts').json.error, 'InvalidRequest');
  });

  it('forgets the post deleted on Friday afternoon, in getPosts and searchPosts alike', () => {
    const demo = setUp();
    const {deleted} = demo.emulator;
    assert.ok(deleted.post.at < deleted.at);
    demo.jumpTo('2016-10-28T14:59:00+01:00');
    const ask = `/xrpc/app.bsky.feed.getPosts?uris=${encodeURIComponent(deleted.uri)}`;
    assert.equal(demo.call(ask).json.posts.length, 1);
    demo.pass(2 * 60_000);
    assert.deepEqual(demo.call(ask).json, {posts: []});
    const {accessJwt} = demo.login().json;
    assert.ok(!demo.call(SEARCH, {headers: demo.bearer(accessJwt)}).json.posts.some((p) => p.uri === deleted.uri));
  });
});

describe('the emulated Jetstream', () => {
  const parsed = (demo) => demo.emulator.jetstream.events.map((e) => JSON.parse(e.raw));

  it("writes Jetstream's event shapes: a commit create for every post of the week, others from strangers, identity, account, one deletion", () => {
    const demo = setUp();
    const events = parsed(demo);
    const [realCreate, realDelete, realIdentity, realAccount] = realEvents;
    const creates = events.filter((e) => e.kind === 'commit' && e.commit.operation === 'create');
    for (const e of creates) assert.deepEqual(keysDeep(e), keysDeep(realCreate));
    for (const e of events.filter((e) => e.kind === 'identity')) assert.deepEqual(keysDeep(e), keysDeep(realIdentity));
    const accounts = events.filter((e) => e.kind === 'account');
    assert.ok(accounts.some((e) => e.account.active === false));
    for (const e of accounts) assert.deepEqual(Object.keys(e), Object.keys(realAccount));
    const deletions = events.filter((e) => e.kind === 'commit' && e.commit.operation === 'delete');
    assert.equal(deletions.length, 1);
    assert.deepEqual(keysDeep(deletions[0]), keysDeep(realDelete));
    assert.equal(`at://${deletions[0].did}/app.bsky.feed.post/${deletions[0].commit.rkey}`, demo.emulator.deleted.uri);
    assert.ok(events.every((e, i) => i === 0 || e.time_us > events[i - 1].time_us), 'time_us grows');

    // The week's posts, with the records the AppView shows, each at a moment after its createdAt.
    demo.clock.set(WEEK_END);
    const byUri = new Map(creates.map((e) => [`at://${e.did}/app.bsky.feed.post/${e.commit.rkey}`, e]));
    for (const post of demo.week.bluesky.posts) {
      const event = byUri.get(uriOf(post));
      assert.ok(event, uriOf(post));
      assert.ok(event.time_us / 1000 >= post.at);
      if (post === demo.emulator.deleted.post || post.at > demo.clock.now()) continue;
      const view = demo.call(`/xrpc/app.bsky.feed.getPosts?uris=${encodeURIComponent(uriOf(post))}`).json.posts[0];
      assert.deepEqual([event.commit.record, event.commit.cid], [view.record, view.cid]);
    }
    // The rest of the network: many posts, none carrying the week's tag as a tag.
    const others = creates.filter((e) => !demo.week.bluesky.posts.some((p) => uriOf(p) === `at://${e.did}/app.bsky.feed.post/${e.commit.rkey}`));
    assert.ok(others.length > 100);
    assert.ok(others.some((e) => /#NelftSoMeWeekend/.test(e.commit.record.text)));
    assert.ok(others.every((e) => !/#NelftSoMeWeek\b/i.test(e.commit.record.text) && !(e.commit.record.facets ?? []).some((f) => f.features[0].tag?.toLowerCase() === 'nelftsomeweek')));
  });

  it('speaks WebSocket on /jetstream/subscribe: the live tail, replay from a cursor, wantedCollections, a fresh stream when time goes back', async () => {
    const demo = setUp();
    const server = createServer((req, res) => res.writeHead(404).end());
    demo.emulator.jetstream.listen(server);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `ws://127.0.0.1:${server.address().port}/jetstream/subscribe`;
    const open = (query) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${base}${query}`);
        const messages = [];
        ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
        ws.on('open', () => resolve({ws, messages, closed: new Promise((r) => ws.on('close', r))}));
        ws.on('error', reject);
      });
    /** Waits for I/O by checking a condition, within a bound. */
    const until = async (condition, what) => {
      const end = Date.now() + 5000;
      while (!condition()) {
        if (Date.now() > end) assert.fail(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    try {
      const events = demo.emulator.jetstream.events;
      demo.jumpTo('2016-10-25T12:00:00+01:00');
      demo.emulator.jetstream.tick();
      const live = await open('?wantedCollections=app.bsky.feed.post');
      const noPosts = await open('?wantedCollections=app.bsky.feed.like&cursor=0');
      const cursor = Date.parse('2016-10-25T09:00:00+01:00') * 1000;
      const replay = await open(`?wantedCollections=app.bsky.feed.post&cursor=${cursor}`);
      const due = (from, to) => events.filter((e) => e.timeUs >= from && e.timeUs <= to).map((e) => JSON.parse(e.raw));
      const replayed = due(cursor, Date.parse('2016-10-25T12:00:00+01:00') * 1000);
      await until(() => replay.messages.length === replayed.length, 'the replay');
      assert.deepEqual(replay.messages, replayed);
      assert.ok(replayed.some((e) => e.kind === 'commit') && replayed.some((e) => e.kind === 'identity'));
      await until(() => noPosts.messages.length > 0, 'the identity and account events');
      assert.ok(noPosts.messages.every((e) => e.kind !== 'commit'));
      assert.equal(live.messages.length, 0, 'no cursor: the live tail only');

      // Two demo hours later: the live connection gets what happened meanwhile, at its time.
      demo.pass(2 * HOUR);
      demo.emulator.jetstream.tick();
      const later = due(Date.parse('2016-10-25T12:00:00+01:00') * 1000 + 1, demo.clock.now() * 1000);
      assert.ok(later.length > 3);
      await until(() => live.messages.length === later.length, 'the live events');
      assert.deepEqual(live.messages, later);

      // Back to Monday: the stream starts again, its connections close.
      demo.jumpTo('2016-10-24T10:00:00+01:00');
      await Promise.all([live.closed, noPosts.closed, replay.closed]);
      const again = await open('?wantedCollections=app.bsky.feed.post');
      demo.pass(HOUR);
      demo.emulator.jetstream.tick();
      const monday = due(Date.parse('2016-10-24T10:00:00+01:00') * 1000 + 1, demo.clock.now() * 1000).filter((e) => e.kind === 'commit');
      await until(() => again.messages.length >= monday.length, 'the restarted stream');
      assert.ok(again.messages.every((e) => e.time_us <= demo.clock.now() * 1000 && e.time_us > Date.parse('2016-10-24T10:00:00+01:00') * 1000));
      again.ws.close();
    } finally {
      demo.emulator.jetstream.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
