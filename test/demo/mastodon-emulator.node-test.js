// Tests of the demo's Mastodon emulator and replay (Node, not the browser):
//   node --test test/demo/
// The emulator must behave like a real Mastodon server as the widgets see it,
// so these compare it with the real recorded responses in test/fixtures/formats.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {createMastodonEmulator} from '../../demo/mastodon-server.js';
import {createReplayClock, WEEK_END, WEEK_START} from '../../demo/replay-clock.js';
import {generateWeek} from '../../demo/week-posts.js';

const readJson = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const event = readJson('../../demo/data/social-media-week.json');
const realTimeline = readJson('../fixtures/formats/mastodon-tag-timeline.json');
const realAccount = readJson('../fixtures/formats/mastodon-account-lookup.json');
const ORIGIN = 'http://localhost:8000';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** An emulator on a replay clock that only moves when the test says so. */
function setUp({rate = 1, rateLimit} = {}) {
  let real = 0;
  const clock = createReplayClock({rate, realNow: () => real});
  const week = generateWeek(event);
  const emulator = createMastodonEmulator({week, clock, rateLimit});
  const request = (path, {method = 'GET', headers = {}, ip = '192.0.2.1', body} = {}) => {
    const url = new URL(path, ORIGIN);
    return emulator.handle({method, path: url.pathname, query: url.searchParams, headers, ip, origin: ORIGIN, body});
  };
  const get = (path, options) => {
    const response = request(path, options);
    return {...response, json: response.body ? JSON.parse(response.body) : undefined};
  };
  return {
    get,
    request,
    week,
    clock,
    /** Moves demo time forward (at rate 1, real and demo time are the same). */
    pass: (ms) => (real += ms / rate),
    jumpTo: (iso) => clock.set(Date.parse(iso)),
  };
}

const timeline = '/api/v1/timelines/tag/NelftSoMeWeek';
const ids = (statuses) => statuses.map((s) => BigInt(s.id));
const isNewestFirst = (statuses) => ids(statuses).every((id, i, all) => i === 0 || id < all[i - 1]);
function linksOf(response) {
  const links = {};
  for (const [, url, rel] of (response.headers.Link ?? '').matchAll(/<([^>]+)>; rel="(\w+)"/g)) links[rel] = new URL(url);
  return links;
}

describe('replay of the week', () => {
  it('starts on Monday morning, runs at the given rate and starts again after Friday evening', () => {
    let real = 1_000;
    const clock = createReplayClock({rate: 320, realNow: () => real});
    assert.equal(new Date(clock.now()).toISOString(), '2016-10-24T07:30:00.000Z');
    real += 60_000; // one real minute is 320 demo minutes
    assert.equal(clock.now() - WEEK_START, 320 * MINUTE);
    real += ((WEEK_END - WEEK_START) / 320) * 1.5; // past Friday evening
    assert.ok(clock.now() >= WEEK_START && clock.now() < WEEK_END);
  });

  it('jumps to a moment of the week, never outside it', () => {
    const clock = createReplayClock({realNow: () => 0});
    clock.set(Date.parse('2016-10-27T08:30:00+01:00'));
    assert.equal(new Date(clock.now()).toISOString(), '2016-10-27T07:30:00.000Z');
    clock.set(Date.parse('2030-01-01T00:00:00Z'));
    assert.ok(clock.now() < WEEK_END);
  });

  it('tells its listeners when time goes back: the replay starting again, or a jump back', () => {
    let real = 0;
    const clock = createReplayClock({rate: 320, realNow: () => real});
    let restarts = 0;
    const stop = clock.onRestart(() => (restarts += 1));
    clock.set(Date.parse('2016-10-26T08:30:00+01:00'));
    assert.equal(restarts, 0, 'a jump forward');
    clock.set(Date.parse('2016-10-25T08:30:00+01:00'));
    assert.equal(restarts, 1, 'a jump back');
    real += (WEEK_END - WEEK_START) / 320;
    clock.now();
    assert.equal(restarts, 2, 'past Friday evening');
    stop();
    clock.set(WEEK_START);
    assert.equal(restarts, 2);
  });

  it('the same event file always gives the same week', () => {
    const a = generateWeek(event);
    const b = generateWeek(event);
    assert.deepEqual(
      a.posts.map((p) => [p.id, p.text]),
      b.posts.map((p) => [p.id, p.text]),
    );
  });

  it('serves only the posts that were posted on Mastodon (the rest are on Bluesky)', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-28T19:00:00+01:00');
    const served = new Set(pageThrough(demo).map((s) => s.id));
    const mastodon = demo.week.posts.filter((p) => p.network === 'mastodon');
    assert.equal(served.size, mastodon.length);
    assert.ok(demo.week.bluesky.posts.every((p) => !served.has(p.id)));
  });

  it('has about 300 posts, denser during tweetchats, with ids that grow with time', () => {
    const {posts} = generateWeek(event);
    assert.ok(posts.length >= 250 && posts.length <= 350, `${posts.length} posts`);
    assert.ok(ids(posts).every((id, i, all) => i === 0 || id > all[i - 1]));
    const tweetchat = event.sessions.find((s) => s.id === 'mon-tweetchat-careers');
    const during = posts.filter((p) => p.at >= Date.parse(`${tweetchat.start}+01:00`) && p.at < Date.parse(`${tweetchat.end}+01:00`));
    const morning = posts.filter((p) => p.at >= Date.parse('2016-10-24T10:00:00+01:00') && p.at < Date.parse('2016-10-24T11:00:00+01:00'));
    assert.ok(during.length > 3 * morning.length, `${during.length} posts in the tweetchat hour, ${morning.length} in a workshop hour`);
  });
});

describe('GET /api/v1/timelines/tag/:tag', () => {
  it('shows only posts whose time has come, newest first, and new ones as time passes', () => {
    const demo = setUp();
    const first = demo.get(`${timeline}?limit=40`).json;
    assert.ok(first.length > 0);
    assert.ok(first.every((s) => Date.parse(s.created_at) <= WEEK_START));
    assert.ok(isNewestFirst(first));
    demo.pass(3 * HOUR);
    const later = demo.get(`${timeline}?limit=40`).json;
    assert.ok(BigInt(later[0].id) > BigInt(first[0].id));
    assert.ok(later.every((s) => Date.parse(s.created_at) <= WEEK_START + 3 * HOUR));
  });

  it('has exactly the fields of a real Mastodon status and account', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-28T19:00:00+01:00');
    const statuses = demo.get(`${timeline}?limit=40`).json;
    for (const status of statuses) {
      assert.deepEqual(Object.keys(status), Object.keys(realTimeline[0]));
      assert.deepEqual(Object.keys(status.account).sort(), Object.keys(realTimeline[0].account).sort());
    }
  });

  it('writes content the way Mastodon does: paragraphs, hashtag links and h-card mentions', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-28T19:00:00+01:00');
    const all = pageThrough(demo);
    const local = all.find((s) => !s.reblog && !s.account.acct.includes('@'));
    assert.match(local.content, /^<p>.*<\/p>$/s);
    assert.match(local.content, /<a href="http:\/\/localhost:8000\/tags\/nelftsomeweek" class="mention hashtag" rel="tag">#<span>NelftSoMeWeek<\/span><\/a>/);
    const withMention = all.find((s) => s.mentions.length > 0);
    assert.match(withMention.content, /<span class="h-card" translate="no"><a href="[^"]+" class="u-url mention"[^>]*>@<span>\w+<\/span><\/a><\/span>/);
    const reply = all.find((s) => s.in_reply_to_id);
    assert.ok(all.some((s) => s.id === reply.in_reply_to_id) || BigInt(reply.in_reply_to_id) < BigInt(reply.id));
  });

  it('includes images with alt text, content warnings, a sensitive image, boosts and custom emoji', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-28T19:00:00+01:00');
    const all = pageThrough(demo);
    const images = all.flatMap((s) => s.media_attachments);
    assert.ok(images.length >= 5);
    assert.ok(images.every((m) => m.type === 'image' && m.description.length > 20 && m.blurhash.length === 6));
    assert.ok(all.some((s) => s.spoiler_text && !s.sensitive));
    assert.ok(all.some((s) => s.sensitive && s.media_attachments.length > 0));
    const boost = all.find((s) => s.reblog);
    assert.equal(boost.content, '');
    assert.ok(boost.reblog.tags.some((t) => t.name === 'nelftsomeweek'));
    assert.ok(all.some((s) => s.emojis.some((e) => e.shortcode === 'nhs_heart')));
    assert.ok(all.some((s) => s.tags.some((t) => t.name !== 'nelftsomeweek')));
  });

  it('loads every image from this server only', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-28T19:00:00+01:00');
    const imageUrls = pageThrough(demo).flatMap((s) => {
      const accounts = [s.account, s.reblog?.account].filter(Boolean);
      return [
        ...accounts.flatMap((a) => [a.avatar, a.avatar_static, a.header, a.header_static, ...a.emojis.map((e) => e.url)]),
        ...s.media_attachments.flatMap((m) => [m.url, m.preview_url]),
        ...s.emojis.flatMap((e) => [e.url, e.static_url]),
      ];
    });
    assert.ok(imageUrls.length > 100);
    for (const url of imageUrls) assert.ok(url.startsWith(`${ORIGIN}/demo/media/`), url);
  });

  it('pages with max_id, since_id and min_id like Mastodon, and links both ways', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-25T20:00:00+01:00');
    const newest = demo.get(`${timeline}?limit=5`);
    assert.equal(newest.json.length, 5);
    const links = linksOf(newest);
    assert.equal(links.next.origin, ORIGIN);
    assert.equal(links.next.searchParams.get('max_id'), newest.json.at(-1).id);
    assert.equal(links.next.searchParams.get('limit'), '5');
    assert.equal(links.prev.searchParams.get('min_id'), newest.json[0].id);

    const older = demo.get(links.next.pathname + links.next.search).json;
    assert.equal(older.length, 5);
    assert.ok(BigInt(older[0].id) < BigInt(newest.json.at(-1).id));

    const anchor = older.at(-1).id;
    const afterAnchor = demo.get(`${timeline}?limit=3&min_id=${anchor}`).json;
    const sinceAnchor = demo.get(`${timeline}?limit=3&since_id=${anchor}`).json;
    assert.ok(isNewestFirst(afterAnchor) && isNewestFirst(sinceAnchor));
    // min_id: the three just after the anchor; since_id: the newest three.
    assert.deepEqual(afterAnchor.map((s) => s.id), older.slice(-4, -1).map((s) => s.id));
    assert.deepEqual(sinceAnchor.map((s) => s.id), newest.json.slice(0, 3).map((s) => s.id));

    const nothingNewer = demo.get(`${timeline}?min_id=${newest.json[0].id}`);
    assert.deepEqual(nothingNewer.json, []);
    assert.equal(nothingNewer.headers.Link, undefined);
  });

  it('returns 20 posts by default and never more than 40', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-28T19:00:00+01:00');
    assert.equal(demo.get(timeline).json.length, 20);
    assert.equal(demo.get(`${timeline}?limit=500`).json.length, 40);
  });

  it('filters local posts, matches the tag in any case and answers an unknown tag with an empty list', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-28T19:00:00+01:00');
    const local = demo.get(`${timeline}?local=true&limit=40`).json;
    assert.ok(local.length > 0 && local.every((s) => !s.account.acct.includes('@')));
    assert.deepEqual(demo.get('/api/v1/timelines/tag/NELFTSOMEWEEK?limit=3').json, demo.get(`${timeline}?limit=3`).json);
    assert.deepEqual(demo.get('/api/v1/timelines/tag/nosuchtag').json, []);
  });

  it('sends Mastodon headers, a weak ETag, and 304 when nothing changed', () => {
    const demo = setUp();
    const first = demo.get(timeline);
    assert.equal(first.status, 200);
    assert.equal(first.headers['Content-Type'], 'application/json; charset=utf-8');
    assert.equal(first.headers['Cache-Control'], 'private, no-store');
    assert.equal(first.headers.Vary, 'Authorization, Origin');
    assert.equal(first.headers['Access-Control-Allow-Origin'], '*');
    assert.match(first.headers.ETag, /^W\/"[0-9a-f]{32}"$/);

    const again = demo.get(timeline, {headers: {'if-none-match': first.headers.ETag}});
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.ETag, first.headers.ETag);

    demo.jumpTo('2016-10-24T19:30:00+01:00');
    const changed = demo.get(timeline, {headers: {'if-none-match': first.headers.ETag}});
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.ETag, first.headers.ETag);
  });

  it('answers CORS preflights', () => {
    const demo = setUp();
    const response = demo.request(timeline, {method: 'OPTIONS'});
    assert.equal(response.status, 200);
    assert.equal(response.headers['Access-Control-Allow-Origin'], '*');
    assert.equal(response.headers['Access-Control-Allow-Headers'], '*');
    assert.match(response.headers['Access-Control-Allow-Methods'], /GET/);
  });
});

describe('rate limit', () => {
  it('counts down per IP address, then answers 429 with Retry-After until the 5-minute window resets', () => {
    const demo = setUp({rateLimit: 3});
    const remaining = [1, 2, 3].map(() => demo.get(timeline).headers['X-RateLimit-Remaining']);
    assert.deepEqual(remaining, ['2', '1', '0']);
    assert.equal(demo.get(timeline, {ip: '192.0.2.99'}).headers['X-RateLimit-Remaining'], '2');

    const refused = demo.get(timeline);
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.json, {error: 'Too many requests'});
    const reset = Date.parse(refused.headers['X-RateLimit-Reset']);
    assert.match(refused.headers['X-RateLimit-Reset'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(Number(refused.headers['Retry-After']), Math.ceil((reset - demo.clock.now()) / 1000));
    assert.ok(reset > demo.clock.now() && reset <= demo.clock.now() + 5 * MINUTE);

    demo.pass(reset - demo.clock.now() + 1);
    assert.equal(demo.get(timeline).status, 200);
  });

  it('is 300 requests per 5 minutes by default, as on mastodon.social', () => {
    const demo = setUp();
    assert.equal(demo.get(timeline).headers['X-RateLimit-Limit'], '300');
    assert.equal(demo.get(timeline).headers['X-RateLimit-Remaining'], '298');
  });
});

describe('GET /api/v1/accounts/lookup', () => {
  it('returns the trust account with every field of a real Mastodon account', () => {
    const demo = setUp();
    const account = demo.get('/api/v1/accounts/lookup?acct=NELFT').json;
    assert.deepEqual(Object.keys(account).sort(), Object.keys(realAccount).sort());
    assert.equal(account.acct, 'NELFT');
    assert.equal(account.url, `${ORIGIN}/@NELFT`);
  });

  it("has the trust's followers climb from about 2,100 to over 2,300 by Friday evening", () => {
    const demo = setUp();
    const followers = () => demo.get('/api/v1/accounts/lookup?acct=NELFT').json.followers_count;
    const monday = followers();
    assert.ok(monday >= 2090 && monday <= 2110, `${monday} on Monday morning`);
    demo.jumpTo('2016-10-26T12:00:00+01:00');
    const wednesday = followers();
    demo.jumpTo('2016-10-28T18:30:00+01:00');
    const friday = followers();
    assert.ok(monday < wednesday && wednesday < friday);
    assert.ok(friday > 2300, `${friday} on Friday evening`);
  });

  it('finds accounts on other servers by their full address, and answers 404 like Mastodon otherwise', () => {
    const demo = setUp();
    assert.equal(demo.get('/api/v1/accounts/lookup?acct=kofi@nursing.example').json.acct, 'kofi@nursing.example');
    assert.equal(demo.get('/api/v1/accounts/lookup?acct=@nelft@localhost:8000').json.username, 'NELFT');
    for (const acct of ['nobody', 'kofi', 'NELFT@elsewhere.example', '']) {
      const response = demo.get(`/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`);
      assert.equal(response.status, 404, acct);
      assert.deepEqual(response.json, {error: 'Record not found'});
    }
  });
});

describe('demo API', () => {
  it('tells the page the replay time and rate, and jumps when asked', () => {
    const demo = setUp({rate: 320});
    assert.deepEqual(demo.get('/demo-api/clock').json, {now: '2016-10-24T07:30:00.000Z', rate: 320});
    const jumped = demo.get('/demo-api/clock', {method: 'POST', body: JSON.stringify({now: '2016-10-26T08:30:00+01:00'})});
    assert.equal(jumped.json.now, '2016-10-26T07:30:00.000Z');
    assert.equal(demo.get('/demo-api/clock', {method: 'POST', body: 'not json'}).status, 400);
  });

  it('serves the follower history hourly, in the native counter format', () => {
    const demo = setUp();
    demo.jumpTo('2016-10-25T12:00:00+01:00');
    const {count, history} = demo.get('/demo-api/followers-history.json').json;
    assert.equal(history.length, 24 + 12 + 1);
    assert.ok(history.every((point, i) => i === 0 || Date.parse(point.at) - Date.parse(history[i - 1].at) === HOUR));
    assert.ok(history.at(-1).count <= count + 2 && history[0].count <= count);
  });
});

describe('demo event file', () => {
  it('links every session to rooms and speakers that exist, and has the statuses the widgets show', () => {
    const rooms = new Set(event.rooms.map((r) => r.id));
    const speakers = new Set(event.speakers.map((s) => s.id));
    for (const session of event.sessions) {
      if (session.room) assert.ok(rooms.has(session.room), session.id);
      for (const id of session.speakers) assert.ok(speakers.has(id), `${session.id}: ${id}`);
      assert.ok(session.start < session.end, session.id);
    }
    for (const status of ['full', 'cancelled', 'moved']) assert.equal(event.sessions.filter((s) => s.status === status).length, 1, status);
    assert.ok(event.sessions.some((s) => s.service));
    assert.ok(event.speakers.every((s) => !('photo' in s)));
  });
});

/** Every visible post of the tag timeline, following the Link header. */
function pageThrough(demo) {
  const all = [];
  let path = `${timeline}?limit=40`;
  while (path) {
    const response = demo.get(path);
    all.push(...response.json);
    const next = linksOf(response).next;
    path = response.json.length ? next.pathname + next.search : undefined;
  }
  return all;
}
