import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, it} from 'node:test';
import type {Block, Post} from '../../src/hashtag-feed/model.js';
import {TrustError} from '../../src/shared/errors.js';
import type {Problem} from '../../src/shared/events.js';
import {memoryLogger} from '../log.js';
import {Secret} from '../secrets.js';
import {PlatformState, utcDay} from '../sources/platform.js';
import type {PollResult, SourceContext} from '../sources/source.js';
import {MAX_PAGES, XFollowersSource, XSearchSource, xSearchPage} from '../sources/x.js';
import {State} from '../state.js';
import {Upstream, xRateLimit} from '../upstream.js';
import {ManualClock} from './helpers.js';
import {PlatformEmulator, SEARCH_FIXTURE, X_PROBLEMS} from './platform-emulator.js';

const QUERY = '#NelftSoMeWeek -is:retweet';

interface Rig {
  emulator: PlatformEmulator;
  clock: ManualClock;
  state: State;
  context: SourceContext;
  token: Secret;
  dir: string;
  search(options?: {maxPostsPerDay?: number}): XSearchSource;
  /** Polls like the relay does: the cursor kept between polls. */
  poll(source: XSearchSource): Promise<PollResult & {kind: 'posts'}>;
  cursor?: string;
}

async function rig(): Promise<Rig> {
  const emulator = await new PlatformEmulator().start();
  const clock = new ManualClock();
  emulator.now = clock.now;
  emulator.query = QUERY;
  const dir = mkdtempSync(join(tmpdir(), 'trust-relay-x-'));
  const state = new State(join(dir, 'state.sqlite'));
  const upstream = new Upstream({timeoutMs: 5000, maxBytes: 1 << 20, clock, onHold: (origin, hold) => state.saveHold(origin, hold)});
  const token = new Secret('X_BEARER_TOKEN', emulator.bearerToken);
  const r: Rig = {
    emulator,
    clock,
    state,
    dir,
    token,
    context: {upstream, state, clock, log: memoryLogger()},
    search: (options = {}) => new XSearchSource({apiBase: emulator.url, query: QUERY, bearerToken: token, intervalMs: 60_000, ...options}),
    async poll(source) {
      const result = await source.poll(r.context, r.cursor);
      if (result.kind !== 'posts') assert.fail(`posts, not ${result.kind}`);
      r.cursor = result.cursor;
      return result;
    },
  };
  return r;
}

/** Asserts a poll fails, and returns its error. */
async function failure(promise: Promise<unknown>): Promise<TrustError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TrustError, `a TrustError, not ${String(error)}`);
    return error;
  }
  assert.fail('the poll should have failed');
}

const inline = (blocks: Block[] | undefined) => (blocks ?? []).flatMap((b) => b.children);
const links = (post: Post) => inline(post.content).filter((n) => n.t === 'a');

describe('X: the recorded search answer', () => {
  it('maps posts with their entities, pictures, authors, replies and sensitive media', () => {
    const problems: Problem[] = [];
    const page = xSearchPage(structuredClone(SEARCH_FIXTURE), problems);
    assert.deepEqual(problems, []);
    assert.equal(page.returned, 3);
    assert.equal(page.newest, '1861234567890123459');
    const [first, reply, video] = page.posts;
    // &amp; is X's escaping, and the emoji before the entities do not shift them (code points, not UTF-16).
    assert.equal(first.text, 'Day one of #NelftSoMeWeek 🎉🧠 starts now: wellbeing & digital skills with @NelftComms. Programme: example.nhs.uk/social-media-w…');
    assert.deepEqual(links(first), [
      {t: 'a', href: 'https://x.com/hashtag/NelftSoMeWeek', kind: 'tag', children: [{t: 'text', text: '#NelftSoMeWeek'}]},
      {t: 'a', href: 'https://x.com/NelftComms', kind: 'mention', children: [{t: 'text', text: '@NelftComms'}]},
      {t: 'a', href: 'https://www.example.nhs.uk/social-media-week/programme', kind: 'link', children: [{t: 'text', text: 'example.nhs.uk/social-media-w…'}]},
    ]);
    assert.ok(!first.text.includes('t.co'), 't.co links are replaced, and the link to the picture dropped');
    assert.deepEqual(first.media, [{type: 'image', url: 'https://pbs.twimg.com/media/FictionalPhoto01.jpg', alt: 'A seminar room set out with chairs facing a screen that reads Social media week', width: 1600, height: 900}]);
    assert.deepEqual(first.author, {name: 'A Fictional Nurse', handle: 'FictionalNurse', avatar: 'https://pbs.twimg.com/profile_images/1000000000000000001/fictional_normal.jpg', url: 'https://x.com/FictionalNurse', emojis: []});
    assert.equal(first.url, 'https://x.com/FictionalNurse/status/1861234567890123459');
    assert.equal(first.network, 'x');
    assert.equal(first.language, 'en');
    assert.equal(first.created.toISOString(), '2026-10-24T08:30:05.000Z');
    assert.deepEqual(first.tags, ['NelftSoMeWeek']);
    assert.equal(first.isReply, false);
    assert.equal(first.sensitive, false);
    assert.equal(reply.isReply, true);
    assert.equal(reply.author.handle, 'sam_example');
    assert.equal(reply.author.name, 'Sam Example 🌱');
    assert.equal(video.sensitive, true);
    // No file to play without media.fields=variants: the still, linked to the post.
    assert.deepEqual(video.media, [{type: 'image', url: 'https://x.com/NelftComms/status/1861234567890123457', previewUrl: 'https://pbs.twimg.com/ext_tw_video_thumb/1861234560000000002/pu/img/FictionalStill.jpg', alt: 'A short video inviting people to the tweetchat', width: 1280, height: 720}]);
    assert.equal(video.text, 'Our tweetchat is at 1pm: follow #NelftSoMeWeek and say hello 👋🏽');
  });
});

describe('X recent search through the emulator', () => {
  let r: Rig;
  beforeEach(async () => (r = await rig()));
  afterEach(async () => {
    r.state.close();
    await r.emulator.close();
    rmSync(r.dir, {recursive: true, force: true});
  });

  it('asks for the fields the issue names, with the token in the Authorization header only', async () => {
    r.emulator.post('Hello #NelftSoMeWeek');
    const source = r.search();
    const result = await r.poll(source);
    assert.equal(result.posts.length, 1);
    const [seen] = r.emulator.requests('/2/tweets/search/recent');
    assert.equal(seen.headers.authorization, `Bearer ${r.emulator.bearerToken}`);
    assert.equal(seen.url.searchParams.get('query'), QUERY);
    assert.equal(seen.url.searchParams.get('since_id'), null, 'no cursor yet');
    assert.ok(!seen.url.href.includes(r.emulator.bearerToken));
    assert.ok(!source.describe().includes(r.emulator.bearerToken));
    assert.match(source.describe(), /bearer token from \$X_BEARER_TOKEN; at most 1,000 posts read a day/);
    assert.ok(!JSON.stringify(result).includes(r.emulator.bearerToken));
  });

  it('tells `check` whether the token works and what X counts this month, reading no posts', async () => {
    const source = r.search();
    assert.deepEqual(await source.access(r.context), {ok: true, message: 'X accepts the bearer token from $X_BEARER_TOKEN; X counts 43,435 of 2,000,000 posts read by the project this month (cap_reset_day: 10); 0 of 1,000 posts read today by this feed'});
    assert.equal(r.emulator.requests('/2/tweets/').length, 0);
    r.emulator.bearerToken = 'another';
    const refused = await source.access(r.context);
    assert.equal(refused.ok, false);
    assert.match(refused.message, /^X refused the bearer token from \$X_BEARER_TOKEN \(401/);
  });

  it('reads entities by code points, so emoji and other astral characters do not shift the links', async () => {
    r.emulator.post('🎉🧠👩🏽‍⚕️ #NelftSoMeWeek with @NelftComms & <friends> 𝒳 at https://www.example.nhs.uk/a?b=1&c=2 #MentalHealth🙂');
    const [post] = (await r.poll(r.search())).posts;
    assert.deepEqual(post.content, [
      {
        t: 'p',
        children: [
          {t: 'text', text: '🎉🧠👩🏽‍⚕️ '},
          {t: 'a', href: 'https://x.com/hashtag/NelftSoMeWeek', kind: 'tag', children: [{t: 'text', text: '#NelftSoMeWeek'}]},
          {t: 'text', text: ' with '},
          {t: 'a', href: 'https://x.com/NelftComms', kind: 'mention', children: [{t: 'text', text: '@NelftComms'}]},
          {t: 'text', text: ' & <friends> 𝒳 at '},
          {t: 'a', href: 'https://www.example.nhs.uk/a?b=1&c=2', kind: 'link', children: [{t: 'text', text: 'example.nhs.uk/a?b=1&c=2'}]},
          {t: 'text', text: ' '},
          {t: 'a', href: 'https://x.com/hashtag/MentalHealth', kind: 'tag', children: [{t: 'text', text: '#MentalHealth'}]},
          {t: 'text', text: '🙂'},
        ],
      },
    ]);
    assert.deepEqual(post.tags, ['NelftSoMeWeek', 'MentalHealth']);
  });

  it('keeps paragraphs and line breaks, and pictures with their alt text (or none said)', async () => {
    r.emulator.post('First line\nsecond line\n\nA new paragraph #NelftSoMeWeek', {media: [{type: 'photo', alt_text: 'Two people at a stand'}, {type: 'photo'}, {type: 'animated_gif', alt_text: 'A waving hand'}]});
    const [post] = (await r.poll(r.search())).posts;
    assert.equal(post.content?.length, 2);
    assert.deepEqual(post.content?.[0].children, [{t: 'text', text: 'First line'}, {t: 'br'}, {t: 'text', text: 'second line'}]);
    assert.deepEqual(
      post.media.map((m) => [m.type, m.alt, m.previewUrl === undefined ? 'photo' : 'still']),
      [
        ['image', 'Two people at a stand', 'photo'],
        ['image', undefined, 'photo'],
        ['image', 'A waving hand', 'still'],
      ],
    );
    assert.equal(post.media[2].url, post.url, 'an animated GIF is its still, linked to the post');
    assert.ok(!post.text.includes('pic.x.com'));
  });

  it('pages forward with since_id from meta.newest_id; a quiet poll changes nothing', async () => {
    const source = r.search();
    r.emulator.post('one #NelftSoMeWeek');
    const older = r.emulator.post('two #NelftSoMeWeek');
    const first = await r.poll(source);
    assert.equal(first.posts.length, 2);
    assert.equal(r.cursor, older.id);
    r.emulator.post('three #NelftSoMeWeek');
    const newest = r.emulator.post('four #NelftSoMeWeek');
    const second = await r.poll(source);
    assert.deepEqual(
      second.posts.map((p) => p.text),
      ['four #NelftSoMeWeek', 'three #NelftSoMeWeek'],
    );
    assert.equal(r.emulator.requests('/2/tweets/search/recent').at(-1)!.url.searchParams.get('since_id'), older.id);
    assert.equal(r.cursor, newest.id);
    const quiet = await r.poll(source);
    assert.deepEqual(quiet.posts, []);
    assert.equal(r.cursor, newest.id);
    assert.equal(source.readToday(r.context), 4, 'posts read today, counted as returned');
  });

  it('fills first with next_token up to MAX_PAGES pages, then reads only what is new', async () => {
    for (let i = 0; i < 650; i++) r.emulator.post(`post ${i} #NelftSoMeWeek`);
    const source = r.search();
    const first = await r.poll(source);
    assert.equal(r.emulator.requests('/2/tweets/search/recent').length, MAX_PAGES);
    assert.equal(first.posts.length, MAX_PAGES * 100);
    assert.equal(first.posts[0].text, 'post 649 #NelftSoMeWeek');
    assert.match(first.note ?? '', /first fill: the newest 500 posts \(a poll reads at most 500\); older ones are not read/);
    assert.equal(r.cursor, r.emulator.tweets[0].id);
    // A busy hour: 130 new posts, read over two pages within since_id.
    for (let i = 0; i < 130; i++) r.emulator.post(`new ${i} #NelftSoMeWeek`);
    const second = await r.poll(source);
    assert.equal(second.posts.length, 130);
    const pages = r.emulator.requests('/2/tweets/search/recent').slice(MAX_PAGES);
    assert.equal(pages.length, 2);
    assert.ok(pages.every((p) => p.url.searchParams.get('since_id') === first.posts[0].id));
    assert.ok(pages[1].url.searchParams.get('next_token'));
    assert.equal(second.note, undefined);
  });

  it('pauses until 00:00 UTC at maxPostsPerDay, says so in words, and resumes the next day', async () => {
    // 23:00 UTC yesterday, as the relay's clock.
    r.clock.t = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 1, 23, 0, 0);
    const source = r.search({maxPostsPerDay: 30});
    for (let i = 0; i < 25; i++) r.emulator.post(`early ${i} #NelftSoMeWeek`);
    const first = await r.poll(source);
    assert.equal(first.posts.length, 25);
    assert.equal(r.emulator.requests('/2/tweets/search/recent')[0].url.searchParams.get('max_results'), '30', 'asks for no more than the day allows');
    assert.equal(first.notice, undefined);
    for (let i = 0; i < 12; i++) r.emulator.post(`late ${i} #NelftSoMeWeek`);
    r.clock.advance(60_000);
    const second = await r.poll(source);
    // X takes 10 at least: the day's count may pass the limit by up to 9.
    assert.equal(r.emulator.requests('/2/tweets/search/recent')[1].url.searchParams.get('max_results'), '10');
    assert.equal(second.posts.length, 10);
    assert.equal(second.notice, "Paused until 00:00 UTC: the day's limit of 30 posts read from X is reached (x.maxPostsPerDay)");
    const asked = r.emulator.seen.length;
    r.clock.advance(60_000);
    const paused = await failure(source.poll(r.context, r.cursor));
    assert.equal(paused.kind, 'rate-limited');
    assert.equal(paused.message, "Paused until 00:00 UTC: the day's limit of 30 posts read from X is reached (x.maxPostsPerDay)");
    assert.equal(paused.details.retryAfterMs, Date.UTC(new Date(r.clock.t).getUTCFullYear(), new Date(r.clock.t).getUTCMonth(), new Date(r.clock.t).getUTCDate() + 1) - r.clock.t);
    assert.equal(r.emulator.seen.length, asked, 'no request while paused');
    // Kept in the state file: a restart is paused too.
    r.state.close();
    r.state = r.context.state = new State(join(r.dir, 'state.sqlite'));
    await failure(r.search({maxPostsPerDay: 30}).poll(r.context, r.cursor));
    assert.equal(r.emulator.seen.length, asked);
    // After midnight: the new day's count starts at 0. (The two the limit left unread are older than the cursor: skipped, as the note said.)
    assert.match(second.note ?? '', /more new posts than were read \(the day's limit of 30 posts is reached\): the older ones since the last poll are skipped/);
    r.clock.t = Date.UTC(new Date(r.clock.t).getUTCFullYear(), new Date(r.clock.t).getUTCMonth(), new Date(r.clock.t).getUTCDate() + 1, 0, 1);
    r.emulator.post('morning #NelftSoMeWeek');
    r.emulator.post('morning too #NelftSoMeWeek');
    const next = await r.poll(source);
    assert.equal(next.posts.length, 2);
    assert.equal(next.notice, undefined);
    assert.equal(source.readToday(r.context), 2);
  });

  it("says the day's limit with the number in en-GB form (1,000 by default)", async () => {
    const source = r.search();
    new PlatformState(r.state).addReads(source.key, utcDay(r.clock.now()), 1000, 40);
    const paused = await failure(source.poll(r.context, undefined));
    assert.equal(paused.message, "Paused until 00:00 UTC: the day's limit of 1,000 posts read from X is reached (x.maxPostsPerDay)");
    assert.equal(r.emulator.seen.length, 0);
  });

  it('never asks before x-rate-limit-reset after a 429 without Retry-After', async () => {
    const reset = Math.ceil((r.clock.now() + 900_000) / 1000);
    r.emulator.faults.set('/2/tweets/search/recent', {status: 429, body: JSON.stringify(X_PROBLEMS.rateLimited.body), headers: {'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset)}, times: 1});
    const source = r.search();
    const limited = await failure(source.poll(r.context, undefined));
    assert.equal(limited.kind, 'rate-limited');
    assert.match(limited.message, new RegExp(`X's rate limit is reached \\(429, X says: "Too Many Requests"\\): no request before ${new Date(reset * 1000).toISOString()}`));
    assert.equal(r.context.upstream.holdOn(source.url)?.until, reset * 1000);
    const asked = r.emulator.seen.length;
    for (let i = 0; i < 14; i++) {
      r.clock.advance(60_000);
      const held = await failure(source.poll(r.context, undefined));
      assert.equal(held.kind, 'rate-limited');
    }
    // The follower count on the same server is held too: X counts an app's requests together.
    await failure(new XFollowersSource({apiBase: r.emulator.url, username: 'NelftComms', bearerToken: r.token, intervalMs: 60_000}).poll(r.context));
    assert.equal(r.emulator.seen.length, asked, 'not one request before the reset');
    r.clock.t = reset * 1000;
    r.emulator.post('after the reset #NelftSoMeWeek');
    assert.equal((await r.poll(source)).posts.length, 1);
  });

  it('holds back when the window is nearly spent (x-rate-limit-remaining under a tenth)', async () => {
    r.emulator.rateLimit = 5;
    const source = r.search();
    await r.poll(source);
    await r.poll(source);
    await r.poll(source);
    await r.poll(source);
    assert.equal(r.emulator.seen.length, 4);
    // 5 allowed: after the fifth, none is left (under a tenth), so the relay waits for the reset.
    await r.poll(source);
    assert.equal(r.emulator.seen.length, 5);
    await failure(source.poll(r.context, r.cursor));
    assert.equal(r.emulator.seen.length, 5);
  });

  it('reads x-rate-limit-reset as epoch seconds', () => {
    const now = Date.UTC(2026, 9, 24, 9);
    const headers = new Headers({'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '448', 'x-rate-limit-reset': String(now / 1000 + 600)});
    assert.deepEqual(xRateLimit(headers, now), {untilReset: 600_000, wait: 0});
    headers.set('x-rate-limit-remaining', '44');
    assert.deepEqual(xRateLimit(headers, now), {untilReset: 600_000, wait: 600_000});
    headers.set('x-rate-limit-reset', String(now / 1000 - 5));
    assert.deepEqual(xRateLimit(headers, now), {untilReset: undefined, wait: 0});
    assert.deepEqual(xRateLimit(new Headers(), now), {wait: 0});
  });

  it('explains each refusal in words, quoting X, and never shows the token', async () => {
    const source = r.search();
    const cases: Array<[string, RegExp, string]> = [
      ['clientNotEnrolled', /^X refuses this app \(403, X says: "Client Forbidden: When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project\. .*"\): the bearer token from \$X_BEARER_TOKEN must belong to an app in a project/, 'http'],
      ['creditsDepleted', /^X will not answer until the app has credit \(402, X says: "Payment Required: credits depleted"\): add credit or check the payment method in X's developer console; not asking again for 1 hour$/, 'http'],
      ['usageCapExceeded', /^X's usage cap for this app is reached \(429, X says: "UsageCapExceeded: Usage cap exceeded: Monthly product cap"\): nothing more is read until it resets/, 'rate-limited'],
    ];
    const messages: string[] = [];
    for (const [name, words, kind] of cases) {
      const {status, body} = X_PROBLEMS[name];
      r.emulator.faults.set('/2/tweets/search/recent', {status, body: JSON.stringify(body), times: 1});
      const error = await failure(source.poll(r.context, undefined));
      assert.match(error.message, words, name);
      assert.equal(error.kind, kind, name);
      messages.push(error.message);
      // Credit and caps: not asked again for an hour (X bills no errors, but asking cannot help).
      if (name !== 'clientNotEnrolled') {
        const asked = r.emulator.seen.length;
        r.clock.advance(30 * 60_000);
        assert.equal((await failure(source.poll(r.context, undefined))).message, error.message);
        assert.equal(r.emulator.seen.length, asked);
        r.clock.advance(31 * 60_000);
      }
    }
    r.emulator.bearerToken = 'a-different-token';
    const refused = await failure(source.poll(r.context, undefined));
    assert.equal(refused.message, 'X refused the bearer token from $X_BEARER_TOKEN (401, X says: "Unauthorized"): check it, or make a new one, in X\'s developer console');
    messages.push(refused.message);
    // A platform that echoes the token back in its error is not quoted with it.
    r.emulator.bearerToken = r.token.reveal();
    r.emulator.faults.set('/2/tweets/search/recent', {status: 403, body: JSON.stringify({title: 'Forbidden', detail: `Token ${r.token.reveal()} is not allowed`, type: 'about:blank'}), times: 1});
    const echoed = await failure(source.poll(r.context, undefined));
    assert.equal(echoed.message, 'X refused the request (403, X says: "Forbidden: Token [secret] is not allowed")');
    messages.push(echoed.message);
    for (const message of messages) assert.ok(!message.includes(r.token.reveal()), message);
  });

  it('reads afresh when the cursor is older than the seven days X searches', async () => {
    const source = r.search();
    r.emulator.post('recent #NelftSoMeWeek');
    r.emulator.minSinceId = '1861234567890100000';
    r.cursor = '1000000000000000000';
    const result = await r.poll(source);
    assert.equal(result.posts.length, 1);
    assert.match(result.note ?? '', /older than the seven days X searches: read afresh/);
    assert.equal(r.cursor, r.emulator.tweets[0].id);
  });

  it('skips a malformed or hostile post as a problem in words, and keeps the rest', async () => {
    r.emulator.post('good one #NelftSoMeWeek');
    r.emulator.raw(42);
    r.emulator.raw({id: 'not-digits', text: 'x'});
    r.emulator.raw({id: '1861234567890299990', text: 7, author_id: '1000000000000000001'});
    r.emulator.post('by nobody', {extra: {author_id: '1000000000000000999'}});
    r.emulator.post('a repost', {extra: {referenced_tweets: [{type: 'retweeted', id: '1'}]}});
    r.emulator.post('undated', {extra: {created_at: 'yesterday'}});
    // Hostile: markup in the text, a javascript: link, an entity past the end, overlapping entities, a bad username.
    r.emulator.post('<img src=x onerror=alert(1)> click', {
      extra: {
        entities: {
          urls: [{start: 0, end: 5, url: 'https://t.co/a', expanded_url: 'javascript:alert(1)', display_url: 'evil'}],
          mentions: [{start: 30, end: 999, username: 'NelftComms'}, {start: 1, end: 4, username: 'x"><b>'}],
          hashtags: [{start: 2, end: 6, tag: 'overlap'}],
        },
      },
    });
    r.emulator.post('last good one #NelftSoMeWeek');
    const result = await r.poll(r.search());
    assert.deepEqual(
      result.posts.map((p) => p.text),
      ['last good one #NelftSoMeWeek', '<img src=x onerror=alert(1)> click', 'good one #NelftSoMeWeek'],
    );
    const hostile = result.posts[1];
    assert.ok(inline(hostile.content).every((n) => n.t === 'text' || (n.t === 'a' && n.href.startsWith('https://'))), 'plain text, and only http(s) links');
    // The javascript: link stays text; the tag starts inside "&lt;"; the mentions run past the end or name no one X could have.
    assert.equal(links(hostile).length, 0);
    assert.deepEqual(
      result.problems.map((p) => p.reason),
      [
        'post 1861234567890200003 has no usable created_at',
        'post 1861234567890200002 is a repost (a retweet): add -is:retweet to the query',
        "post 1861234567890200001: its author is not in the answer's includes.users (a suspended or protected account?)",
        'post 1861234567890299990 has no text',
        'no usable id',
        'not an object',
      ],
    );
  });

  it('quotes the partial errors X sends beside the data as problems', async () => {
    r.emulator.post('fine #NelftSoMeWeek');
    const page = structuredClone(SEARCH_FIXTURE) as Record<string, unknown>;
    page.errors = [{value: '1000000000000000004', detail: 'Could not find user with id: [1000000000000000004].', title: 'Not Found Error', resource_type: 'user', type: 'https://api.twitter.com/2/problems/resource-not-found'}];
    r.emulator.faults.set('/2/tweets/search/recent', {status: 200, body: JSON.stringify(page), times: 1});
    const result = await r.poll(r.search());
    assert.equal(result.posts.length, 3);
    assert.deepEqual(result.problems, [{where: 'X', reason: 'X says: "Could not find user with id: [1000000000000000004]."'}]);
  });

  it('keeps a post that quotes another as a post of its own, with the link to the quoted one', async () => {
    r.emulator.post('So true https://x.com/NelftComms/status/1861234567890100001 #NelftSoMeWeek', {quotes: '1861234567890100001'});
    const [post] = (await r.poll(r.search())).posts;
    assert.equal(post.isReply, false);
    assert.equal(post.quote, undefined);
    assert.deepEqual(links(post)[0], {t: 'a', href: 'https://x.com/NelftComms/status/1861234567890100001', kind: 'link', children: [{t: 'text', text: 'x.com/NelftComms/status/1…'}]});
  });

  it('gives up on a slow X within the time-out, in words', async () => {
    r.emulator.faults.set('/2/tweets/search/recent', {delayMs: 2_000, times: 1});
    const upstream = new Upstream({timeoutMs: 50, maxBytes: 1 << 20, clock: r.clock});
    const error = await failure(r.search().poll({...r.context, upstream}, undefined));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /^No answer from http:\/\/127\.0\.0\.1:\d+ within 0\.05 seconds$/);
  });

  it('refuses an answer that is not X search JSON, in words', async () => {
    r.emulator.faults.set('/2/tweets/search/recent', {status: 200, body: '<html>maintenance</html>', times: 1});
    assert.match((await failure(r.search().poll(r.context, undefined))).message, /answered with a web page, not JSON/);
    r.emulator.faults.set('/2/tweets/search/recent', {status: 200, body: '{"data": {"id": "1"}}', times: 1});
    assert.equal((await failure(r.search().poll(r.context, undefined))).message, 'X answered without a list of posts in "data"');
  });
});

describe('X follower counts through the emulator', () => {
  let r: Rig;
  beforeEach(async () => (r = await rig()));
  afterEach(async () => {
    r.state.close();
    await r.emulator.close();
    rmSync(r.dir, {recursive: true, force: true});
  });

  const followers = (username: string) => new XFollowersSource({apiBase: r.emulator.url, username, bearerToken: r.token, intervalMs: 300_000});

  it('reads public_metrics.followers_count as an account of the counter', async () => {
    const source = followers('@NelftComms');
    const result = await source.poll(r.context);
    assert.deepEqual(result, {kind: 'count', account: {count: 2314, network: 'x', account: '@NelftComms', name: 'NELFT Comms (fictional)', url: 'https://x.com/NelftComms', source: source.key}, problems: []});
    const [seen] = r.emulator.requests('/2/users/by/username/');
    assert.equal(seen.url.pathname, '/2/users/by/username/NelftComms');
    assert.equal(seen.url.searchParams.get('user.fields'), 'public_metrics');
    assert.equal(seen.headers.authorization, `Bearer ${r.token.reveal()}`);
    assert.ok(!source.describe().includes(r.token.reveal()));
    assert.match(source.describe(), /\$X_BEARER_TOKEN/);
    assert.equal(source.network, 'x');
  });

  it('says in words when the account does not exist, or the token is refused', async () => {
    const missing = await failure(followers('nosuchaccount').poll(r.context));
    assert.equal(missing.kind, 'not-found');
    assert.equal(missing.message, 'X has no account @nosuchaccount, X says: "Not Found Error: Could not find user with username: [nosuchaccount]."');
    r.emulator.bearerToken = 'another';
    const refused = await failure(followers('NelftComms').poll(r.context));
    assert.match(refused.message, /^X refused the bearer token from \$X_BEARER_TOKEN \(401/);
    assert.ok(!refused.message.includes(r.token.reveal()));
  });

  it('refuses a username X could not have, before asking', () => {
    assert.throws(() => followers('nelft.bsky.social'), (e: TrustError) => e.kind === 'config' && /is not an X username/.test(e.message));
  });
});
