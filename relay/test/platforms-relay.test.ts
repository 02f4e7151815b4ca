import assert from 'node:assert/strict';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, it} from 'node:test';
import {Ajv2020} from 'ajv/dist/2020.js';
import {native as nativeCount} from '../../src/follow-counter/adapters.js';
import {adaptNative as adaptNativeFeed} from '../../src/hashtag-feed/formats/native.js';
import {ConfigError, parseConfig} from '../config.js';
import {ROW_DETAIL_MS, rowHistory} from '../native-json.js';
import {nextUtcMidnight} from '../sources/platform.js';
import {published, setUp, statusOf as sourcesOf, type Setup, type SourceStatus} from './helpers.js';
import {PlatformEmulator} from './platform-emulator.js';

/**
 * X, Facebook and Instagram wired into the relay: an X feed through to
 * feeds/<name>.json, and one counter across Mastodon, Bluesky, X, Facebook
 * and Instagram, on the Mastodon/Bluesky emulator and the X/Graph emulator at
 * once. A platform that fails keeps its last count, marked stale; X's daily
 * limit pauses the feed until 00:00 UTC by the relay's clock.
 */

const QUERY = '#NelftSoMeWeek -is:retweet';
const HOUR = 3_600_000;

type Row = {count: number; network?: string; account?: string; url?: string; stale?: boolean; since?: string; history?: Array<{at: string; count: number}>};
type CounterDoc = {count: number; accounts: Row[]; stale?: string[]; history: Array<{at: string; count: number}>; sources?: Array<{network: string; state: string; message?: string}>};

interface Rig extends Setup {
  platform: PlatformEmulator;
  env: Record<string, string>;
}

let platform: PlatformEmulator | undefined;

/** status.json's sources, with the state in words while it is not ok. */
const statusOf = (s: Setup) => sourcesOf(s) as Array<SourceStatus & {message?: string}>;

async function rig(config: (mastodon: string, platform: string) => Record<string, unknown>): Promise<Rig> {
  platform = await new PlatformEmulator().start();
  const p = platform;
  const env = {X_BEARER_TOKEN: p.bearerToken, META_PAGE_TOKEN: p.pageToken};
  const s = await setUp((url) => config(url, p.url), env);
  p.now = s.clock.now;
  return Object.assign(s, {platform: p, env});
}

const everywhere = (mastodon: string, url: string) => ({
  counters: {
    nelft: {
      mastodon: [{instance: mastodon, account: 'nelft'}],
      bluesky: [{account: 'nelft.bsky.social', appview: mastodon}],
      x: {usernames: ['@NelftComms'], bearerToken: {env: 'X_BEARER_TOKEN'}, apiBase: url},
      facebook: {pages: ['100000000000001'], pageToken: {env: 'META_PAGE_TOKEN'}, version: 'v24.0', apiBase: url},
      instagram: {accounts: ['17841400000000001'], pageToken: {env: 'META_PAGE_TOKEN'}, version: 'v24.0', apiBase: url},
      refresh: 300,
    },
  },
});

/** Every byte the relay wrote (published files, the state file) and logged, as text. */
function everythingWritten(s: Setup): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(readFileSync(path).toString('latin1'));
    }
  };
  walk(s.dir);
  return [...files, ...s.log.lines].join('\n');
}

describe('the relay with X, Facebook and Instagram', () => {
  let s: Rig;
  afterEach(async () => {
    await s.done();
    await platform?.close();
  });

  it('sums Mastodon, Bluesky, X, Facebook and Instagram, with each account’s own count and history', async () => {
    s = await rig(everywhere);
    await s.relay.runDue();
    s.clock.advance(300_000);
    s.platform.followers.set('nelftcomms', 2320);
    s.emulator.followers = 2101;
    await s.relay.runDue();
    const doc = published(s, 'counters/nelft.json') as CounterDoc;
    assert.equal(doc.count, 2101 + 554 + 2320 + 1102 + 688);
    assert.deepEqual(
      doc.accounts.map((a) => [a.network, a.account, a.count, a.url]),
      [
        ['mastodon', '@nelft', 2101, `${s.emulator.url}/@nelft`],
        ['bluesky', '@nelft.bsky.social', 554, 'https://bsky.app/profile/nelft.bsky.social'],
        ['x', '@NelftComms', 2320, 'https://x.com/NelftComms'],
        ['facebook', 'NELFT NHS Foundation Trust (fictional)', 1102, 'https://www.facebook.com/FictionalNelftPage'],
        ['instagram', '@fictional_nelft', 688, 'https://www.instagram.com/fictional_nelft'],
      ],
    );
    assert.deepEqual(doc.accounts.find((a) => a.network === 'x')!.history!.map((p) => p.count), [2314, 2320], 'each account keeps its own history');
    assert.deepEqual(doc.history.map((p) => p.count), [2100 + 554 + 2314 + 1102 + 688, doc.count], 'and the total’s');
    assert.equal(doc.stale, undefined);
    assert.ok(doc.accounts.every((a) => !a.stale));
    const read = nativeCount.adapt(doc, {baseUrl: 'https://relay.example/counters/nelft.json', timeZone: 'Europe/London'}) as {value: {count: number; accounts: Array<{history?: unknown[]}>}; problems: unknown[]};
    assert.deepEqual(read.problems, [], 'the widget’s native adapter reads it without a complaint');
    assert.equal(read.value.accounts[2].history?.length, 2);
    assert.deepEqual(
      statusOf(s).map((r) => [r.network, r.state]),
      [['mastodon', 'ok'], ['bluesky', 'ok'], ['x', 'ok'], ['facebook', 'ok'], ['instagram', 'ok']],
    );
  });

  it('publishes nothing until every account has been read once', async () => {
    s = await rig(everywhere);
    s.platform.faults.set('/v24.0/100000000000001', {status: 500, body: '{"error":{"message":"An unknown error has occurred.","type":"OAuthException","code":1}}'});
    await s.relay.runDue();
    assert.equal(s.relay.output.get('counters/nelft.json'), undefined);
  });

  it('keeps a failing platform’s last count, marked stale with when it was read, the total unchanged; and recovers', async () => {
    s = await rig(everywhere);
    await s.relay.runDue();
    const before = published(s, 'counters/nelft.json') as CounterDoc;
    const readAt = new Date(s.clock.now()).toISOString();
    s.clock.advance(300_000);
    s.platform.faults.set('/v24.0/100000000000001', {status: 400, body: JSON.stringify({error: {message: 'Error validating access token: Session has expired.', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'AbC'}})});
    await s.relay.runDue();
    const doc = published(s, 'counters/nelft.json') as CounterDoc;
    assert.equal(doc.count, before.count, 'the total does not drop by the Page’s followers');
    const facebook = doc.accounts.find((a) => a.network === 'facebook')!;
    assert.equal(facebook.count, 1102);
    assert.equal(facebook.stale, true);
    assert.equal(facebook.since, readAt, 'when it was last read');
    assert.deepEqual(doc.stale, ['facebook'], 'the file says the total holds a last-known count');
    assert.ok(doc.accounts.filter((a) => a.network !== 'facebook').every((a) => !a.stale));
    const source = doc.sources!.find((x) => x.network === 'facebook')!;
    assert.equal(source.state, 'failing');
    assert.match(source.message!, /Page token from \$META_PAGE_TOKEN has expired/);
    assert.match(statusOf(s).find((r) => r.network === 'facebook')!.message ?? '', /has expired/, 'status.json says so in words');
    const schema = JSON.parse(readFileSync(new URL('../../../../schemas/followers.schema.json', import.meta.url), 'utf8')) as object;
    const valid = new Ajv2020({strict: false, validateFormats: false}).compile(schema);
    assert.ok(valid(doc), `the file follows schemas/followers.schema.json: ${JSON.stringify(valid.errors)}`);
    const read = nativeCount.adapt(doc, {baseUrl: 'https://relay.example/counters/nelft.json', timeZone: 'Europe/London'}) as {value: {accounts: Array<{stale?: boolean; readAt?: number}>}; problems: unknown[]};
    assert.deepEqual(read.problems, []);
    assert.equal(read.value.accounts[3].stale, true);
    assert.equal(read.value.accounts[3].readAt, Date.parse(readAt));

    // Still failing an hour on (retried with back-off): the same row, the same words.
    for (let i = 0; i < 6; i++) {
      s.clock.advance(10 * 60_000);
      await s.relay.runDue();
    }
    const afterHour = published(s, 'counters/nelft.json') as CounterDoc;
    assert.deepEqual(afterHour.accounts.find((a) => a.network === 'facebook'), facebook);
    assert.equal(afterHour.count, before.count);
    assert.deepEqual(afterHour.stale, ['facebook']);

    s.platform.faults.clear();
    s.platform.pages.get('100000000000001')!.followers_count = 1110;
    s.clock.advance(HOUR);
    await s.relay.runDue();
    const recovered = published(s, 'counters/nelft.json') as CounterDoc;
    assert.equal(recovered.stale, undefined);
    assert.ok(recovered.accounts.every((a) => !a.stale && a.since === undefined));
    assert.equal(recovered.count, before.count + 8);
  });

  it('pauses a Graph source until exactly when Meta says access is back, not by the back-off, keeping its count', async () => {
    s = await rig(everywhere);
    await s.relay.runDue();
    s.clock.advance(300_000);
    const usage = {'100000000000001': [{type: 'pages', call_count: 100, total_cputime: 12, total_time: 20, estimated_time_to_regain_access: 37}]};
    s.platform.faults.set('/v24.0/100000000000001', {
      status: 400,
      headers: {'X-Business-Use-Case-Usage': JSON.stringify(usage)},
      body: JSON.stringify({error: {message: 'User request limit reached', type: 'OAuthException', code: 80001, fbtrace_id: 'AbC'}}),
      times: 1,
    });
    const limitedAt = s.clock.now();
    await s.relay.runDue();
    const facebook = statusOf(s).find((r) => r.network === 'facebook')!;
    assert.equal(facebook.state, 'paused');
    assert.equal(facebook.nextPoll, new Date(limitedAt + 37 * 60_000).toISOString(), 'when Meta said, not a back-off');
    assert.match(facebook.message ?? '', /^Paused until .*: Meta's rate limit for this app is reached \(X-Business-Use-Case-Usage: 100 % used, access back in about 37 minutes\)/);
    const doc = published(s, 'counters/nelft.json') as CounterDoc;
    assert.deepEqual(doc.stale, ['facebook']);
    assert.equal(doc.count, 2100 + 554 + 2314 + 1102 + 688);

    const asked = s.platform.requests('/v24.0/100000000000001').length;
    s.clock.t = limitedAt + 37 * 60_000 - 1000;
    await s.relay.runDue();
    assert.equal(s.platform.requests('/v24.0/100000000000001').length, asked, 'nothing asked before then');
    s.clock.t = limitedAt + 37 * 60_000;
    await s.relay.runDue();
    assert.equal(s.platform.requests('/v24.0/100000000000001').length, asked + 1);
    assert.equal(statusOf(s).find((r) => r.network === 'facebook')!.state, 'ok');
    assert.equal((published(s, 'counters/nelft.json') as CounterDoc).stale, undefined);
  });

  it('brings an X feed’s posts into feeds/<name>.json as native posts with network "x"', async () => {
    s = await rig((_, url) => ({feeds: {somewk: {x: {bearerToken: {env: 'X_BEARER_TOKEN'}, query: QUERY, apiBase: url}}}}));
    s.platform.query = QUERY;
    s.platform.post('Our first #NelftSoMeWeek workshop starts at 10 in room 2: https://www.example.nhs.uk/week', {media: [{type: 'photo', alt_text: 'A room set out for a workshop'}]});
    await s.relay.runDue();
    const doc = published(s, 'feeds/somewk.json') as {hashtag: string; posts: Array<Record<string, unknown>>};
    assert.equal(doc.hashtag, 'NelftSoMeWeek', 'named by the query’s #tag');
    const post = doc.posts[0] as {network: string; url: string; html: string; author: {handle: string}; media: Array<{alt?: string}>};
    assert.equal(post.network, 'x');
    assert.match(post.url, /^https:\/\/x\.com\/[^/]+\/status\/\d+$/);
    assert.match(post.html, /href="https:\/\/www\.example\.nhs\.uk\/week"/, 'the t.co link expanded');
    assert.match(post.html, /href="https:\/\/x\.com\/hashtag\/NelftSoMeWeek"/);
    assert.equal(post.media[0].alt, 'A room set out for a workshop');
    assert.ok(post.author.handle);
    const read = await adaptNativeFeed(doc, {baseUrl: 'https://relay.example/feeds/somewk.json', timeZone: 'Europe/London'});
    assert.deepEqual(read.problems, [], 'the feed widget’s native adapter reads it without a complaint');
    assert.equal(read.value.posts[0].network, 'x');
    assert.equal(read.value.posts[0].url, post.url);
  });

  it('pauses an X feed at the day’s limit until 00:00 UTC, says so in status.json, and resumes then', async () => {
    s = await rig((_, url) => ({feeds: {somewk: {hashtag: 'NelftSoMeWeek', x: {bearerToken: {env: 'X_BEARER_TOKEN'}, query: QUERY, apiBase: url, maxPostsPerDay: 10}}}}));
    for (let i = 0; i < 15; i++) s.platform.post(`Post ${i} from #NelftSoMeWeek`);
    await s.relay.runDue();
    assert.equal((published(s, 'feeds/somewk.json') as {posts: unknown[]}).posts.length, 10);
    s.clock.advance(60_000);
    const requests = s.platform.requests('/2/tweets').length;
    await s.relay.runDue();
    assert.equal(s.platform.requests('/2/tweets').length, requests, 'no request once the day’s limit is reached');
    const midnight = nextUtcMidnight(s.clock.now());
    const x = statusOf(s).find((r) => r.network === 'x')!;
    assert.equal(x.state, 'paused');
    assert.equal(x.message, "Paused until 00:00 UTC: the day's limit of 10 posts read from X is reached (x.maxPostsPerDay)");
    assert.equal(x.nextPoll, new Date(midnight).toISOString(), 'exactly at 00:00 UTC, not a back-off');
    const feed = published(s, 'feeds/somewk.json') as {sources: Array<{network: string; state: string; message?: string}>; posts: unknown[]};
    assert.deepEqual(
      feed.sources.map((x) => [x.network, x.state, x.message]),
      [['x', 'paused', "Paused until 00:00 UTC: the day's limit of 10 posts read from X is reached (x.maxPostsPerDay)"]],
      'the feed’s file says so too',
    );
    assert.equal(feed.posts.length, 10, 'the posts read stay');

    s.platform.post('A new day at #NelftSoMeWeek');
    s.clock.t = midnight - 1000;
    await s.relay.runDue();
    assert.equal(s.platform.requests('/2/tweets').length, requests, 'not a second early');
    s.clock.t = midnight;
    await s.relay.runDue();
    assert.equal(s.platform.requests('/2/tweets').length, requests + 1, 'resumed at 00:00 UTC');
    assert.equal(statusOf(s).find((r) => r.network === 'x')!.state, 'ok');
    assert.equal((published(s, 'feeds/somewk.json') as {posts: unknown[]}).posts.length, 11);
  });

  it('check: says what each platform source fetches and how often, with the X daily limit, and reads no X posts', async () => {
    s = await rig((mastodon, url) => ({...everywhere(mastodon, url), feeds: {somewk: {x: {bearerToken: {env: 'X_BEARER_TOKEN'}, query: QUERY, apiBase: url, maxPostsPerDay: 500}}}}));
    s.platform.query = QUERY;
    for (let i = 0; i < 12; i++) s.platform.post(`Post ${i} #NelftSoMeWeek`);
    const said = new Map<string, string>();
    for (const source of s.relay.sources) said.set(source.key, `${source.intervalMs / 1000} s: ${source.describe()} → ${(await s.relay.checkSource(source)).message}`);
    const search = [...said].find(([key]) => key.startsWith('x ') && key.includes('search'))![1];
    assert.match(search, /^60 s: GET .*\/2\/tweets\/search\/recent\?query=%23NelftSoMeWeek.* at most 500 posts read a day\)/);
    assert.match(search, /X accepts the bearer token from \$X_BEARER_TOKEN; X counts 43,435 of 2,000,000 posts read by the project this month/);
    assert.match(search, /0 of 500 posts read today by this feed; no posts read by check \(X bills each one\)$/);
    assert.equal(s.platform.requests('/2/tweets/search').length, 0, 'no search at all');
    assert.match(said.get(`x ${s.platform.url} @nelftcomms`)!, /^300 s: GET .*\/2\/users\/by\/username\/NelftComms\?user\.fields=public_metrics .*→ 2,314 followers \(@NelftComms\)$/);
    assert.match(said.get(`facebook ${s.platform.url} 100000000000001`)!, /Graph API v24\.0, the Facebook Page 100000000000001's followers, with the Page token from \$META_PAGE_TOKEN\) → 1,102 followers/);
    assert.match(said.get(`instagram ${s.platform.url} 17841400000000001`)!, /→ 688 followers \(@fictional_nelft\)$/);
  });

  it('never writes or logs the X bearer token or the Page token', async () => {
    s = await rig((mastodon, url) => ({
      ...everywhere(mastodon, url),
      feeds: {somewk: {x: {bearerToken: {env: 'X_BEARER_TOKEN'}, query: QUERY, apiBase: url, maxPostsPerDay: 10}}},
    }));
    s.platform.query = QUERY;
    for (let i = 0; i < 12; i++) s.platform.post(`Post ${i} #NelftSoMeWeek`);
    await s.relay.runDue();
    // Failures whose answers echo the tokens back.
    s.platform.faults.set('/v24.0/', {status: 400, body: JSON.stringify({error: {message: `Invalid OAuth access token - Cannot parse access token ${s.platform.pageToken}`, type: 'OAuthException', code: 190}})});
    s.platform.faults.set('/2/users/', {status: 403, body: JSON.stringify({title: 'Forbidden', detail: `Bearer ${s.platform.bearerToken} is not allowed`, type: 'about:blank'})});
    s.clock.advance(HOUR);
    await s.relay.runDue();
    s.relay.close();
    const written = everythingWritten(s);
    assert.ok(written.includes('somewk'), 'the files were read');
    assert.ok(!written.includes(s.platform.bearerToken), 'no X bearer token anywhere');
    assert.ok(!written.includes(s.platform.pageToken), 'no Page token anywhere');
    s.restart();
  });
});

describe('an account’s own history in its row', () => {
  it('keeps every sample of the last week and one a day (the day’s last) before that', () => {
    const now = Date.UTC(2026, 11, 3, 12);
    const samples = [];
    for (let at = now - 30 * 86_400_000; at <= now; at += HOUR) samples.push({at, count: Math.floor((at - now) / HOUR) + 10_000});
    const kept = rowHistory(samples, now);
    const recent = kept.filter((p) => now - p.at <= ROW_DETAIL_MS);
    assert.equal(recent.length, samples.filter((p) => now - p.at <= ROW_DETAIL_MS).length);
    const older = kept.filter((p) => now - p.at > ROW_DETAIL_MS);
    assert.ok(older.length >= 23 && older.length <= 24, `${older.length} days`);
    assert.ok(older.every((p) => new Date(p.at).getUTCHours() === 23), 'the last sample of each UTC day');
    assert.deepEqual(rowHistory([], now), []);
  });
});

describe('the X, Facebook and Instagram config', () => {
  const env = {X_BEARER_TOKEN: 'x', META_PAGE_TOKEN: 'm'};
  const problems = (config: unknown): string[] => {
    try {
      parseConfig(JSON.stringify(config), '/tmp/relay.json', env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('takes a feed of X alone, and every platform in a counter', () => {
    assert.deepEqual(problems({feeds: {a: {x: {bearerToken: {env: 'X_BEARER_TOKEN'}, query: QUERY}}}}), []);
    const config = parseConfig(JSON.stringify({feeds: {a: {hashtag: 'Tag', x: {bearerToken: {env: 'X_BEARER_TOKEN'}}}}, ...everywhere('https://nhs.social', 'https://api.example')}), '/tmp/relay.json', env);
    assert.equal(config.feeds[0].x?.query, '#Tag -is:retweet', 'the default query');
    assert.equal(config.feeds[0].x?.maxPostsPerDay, 1000);
    assert.equal(config.feeds[0].x?.apiBase, 'https://api.x.com');
    const c = config.counters[0];
    assert.deepEqual(c.x.map((a) => a.username), ['NelftComms']);
    assert.deepEqual([c.facebook[0].id, c.facebook[0].version, c.instagram[0].id], ['100000000000001', 'v24.0', '17841400000000001']);
  });

  it('says what is wrong in words', () => {
    const token = {env: 'X_BEARER_TOKEN'};
    assert.deepEqual(problems({feeds: {a: {x: {bearerToken: token, query: QUERY, maxPostsPerDay: 0}}}}), ['feeds.a.x.maxPostsPerDay: must be 1 or more']);
    assert.deepEqual(problems({counters: {a: {facebook: {pages: ['1'], pageToken: {env: 'META_PAGE_TOKEN'}, version: '24'}}}}), ['counters.a.facebook.version: is not valid: a Graph API version such as "v24.0" (pinned, so a change on Meta\'s side does not change what the relay reads)']);
    assert.deepEqual(problems({counters: {a: {x: {usernames: ['no spaces'], bearerToken: token}}}}), ['counters.a.x.usernames[0]: is not valid: an X username is letters, digits and _ ("NELFT" or "@NELFT")']);
    assert.deepEqual(problems({counters: {a: {instagram: {accounts: ['@nelft'], pageToken: {env: 'META_PAGE_TOKEN'}}}}}), [
      "counters.a.instagram.accounts[0]: is not valid: an Instagram user id is digits only (the Graph API's id of the professional account, not its @name)",
    ]);
    assert.deepEqual(problems({counters: {a: {x: {usernames: ['nelft'], bearerToken: 'abc'}}}}), ['counters.a.x.bearerToken: a secret must not be written in the file; put it in an environment variable and write {"env": "NAME"}']);
    assert.deepEqual(problems({counters: {a: {facebook: {pages: ['1'], pageToken: 'abc'}}}}), ['counters.a.facebook.pageToken: a secret must not be written in the file; put it in an environment variable and write {"env": "NAME"}']);
    assert.deepEqual(
      parseConfigProblems({counters: {a: {x: {usernames: ['nelft'], bearerToken: {env: 'NOT_SET_ANYWHERE'}}}}}),
      ['counters.a.x.bearerToken: the environment variable NOT_SET_ANYWHERE is not set'],
    );
    assert.deepEqual(problems({feeds: {a: {x: {bearerToken: token, query: 'from:NELFT'}}}}), ['feeds.a: has no "hashtag", and "x.query" names none (write one, such as "#NelftSoMeWeek -is:retweet", or add "hashtag")']);
    assert.deepEqual(problems({feeds: {a: {x: {bearerToken: token}}}}), ['feeds.a: give "hashtag", or "x.query", so X knows what to search for']);
    assert.deepEqual(problems({counters: {a: {x: {usernames: [], bearerToken: token}}}}), ['counters.a.x.usernames: must list at least one']);
  });

  function parseConfigProblems(config: unknown): string[] {
    try {
      parseConfig(JSON.stringify(config), '/tmp/relay.json', {});
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }
});
