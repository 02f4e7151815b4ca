import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {adaptNative} from '../../src/hashtag-feed/formats/native.js';
import {TrustError} from '../../src/shared/errors.js';
import {Upstream} from '../upstream.js';
import {Emulator} from './emulator.js';
import {published, setUp, statusOf, type Setup} from './helpers.js';

const feedConfig = (url: string, extra: Record<string, unknown> = {}) => ({
  feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 60, ...extra}},
});

type Doc = {posts: Array<Record<string, unknown>>};

describe('Mastodon hashtag timelines', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('publishes the posts in the native format, and the widget reads back what the relay read', async () => {
    s = await setUp((url) => feedConfig(url));
    const first = s.emulator.post('Hello from <strong>#NelftSoMeWeek</strong> at Care City');
    assert.equal(await s.relay.runDue(), true);
    const doc = published(s, 'feeds/somewk.json') as Doc;
    assert.equal(doc.posts.length, 1);
    assert.equal(doc.posts[0].uri, first.uri);
    // The widget's own native adapter reads the file back to the same post.
    const back = await adaptNative(doc, {baseUrl: s.emulator.url, timeZone: 'Europe/London'});
    assert.equal(back.problems.length, 0);
    const post = back.value.posts[0];
    assert.equal(post.text, 'Hello from #NelftSoMeWeek at Care City');
    assert.equal(post.network, 'mastodon');
    assert.equal(post.author.handle, `${(first.account as Record<string, string>).acct}@localhost:3000`); // the recorded account lives on localhost:3000
    assert.equal(post.created.toISOString(), first.created_at);
  });

  it('pages forward with min_id from the newest post seen: nothing between two polls is missed, nothing doubled', async () => {
    s = await setUp((url) => feedConfig(url));
    for (let i = 0; i < 3; i++) s.emulator.post(`first ${i}`);
    await s.relay.runDue();
    // 45 new posts between two polls: more than one page of 40.
    for (let i = 0; i < 45; i++) s.emulator.post(`burst ${i}`);
    s.clock.advance(60_000);
    await s.relay.runDue();
    s.clock.advance(60_000);
    await s.relay.runDue();
    const timeline = s.emulator.requests('/api/v1/timelines/tag/');
    assert.equal(timeline.length, 3, 'one request per interval');
    assert.equal(timeline[0].url.searchParams.get('min_id'), null);
    assert.equal(timeline[1].url.searchParams.get('min_id'), s.emulator.statuses.at(-3)!.id);
    const posts = (published(s, 'feeds/somewk.json') as Doc).posts;
    assert.equal(posts.length, 48);
    assert.equal(new Set(posts.map((p) => p.uri)).size, 48);
  });

  it('asks each server once per interval, however many feeds use it, at the shortest of their intervals', async () => {
    s = await setUp((url) => ({
      feeds: {
        a: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 120},
        b: {hashtag: 'nelftsomeweek', mastodon: [url], refresh: 60, moderation: {blockWords: ['giveaway']}},
      },
    }));
    s.emulator.post('Our #NelftSoMeWeek giveaway!');
    s.emulator.post('A talk at #NelftSoMeWeek');
    for (let minute = 0; minute < 10; minute++) {
      await s.relay.runDue();
      s.clock.advance(60_000);
    }
    assert.equal(s.emulator.requests('/api/v1/timelines/tag/').length, 10);
    assert.equal((published(s, 'feeds/a.json') as Doc).posts.length, 2);
    // The same rule module as the widget: moderation applied once, before publishing.
    assert.deepEqual((published(s, 'feeds/b.json') as Doc).posts.map((p) => p.html), ['<p>A talk at #NelftSoMeWeek</p>']);
  });

  it('publishes a post seen through two servers once (by its uri), and rewrites nothing when nothing changed', async () => {
    const second = await new Emulator().start();
    s = await setUp((url) => feedConfig(url, {mastodon: [url, second.url]}));
    second.now = s.clock.now;
    const original = s.emulator.post('Federated #NelftSoMeWeek post');
    // The same status as the second server shows it: its own id and local URL, the same ActivityPub uri.
    second.statuses.unshift({...structuredClone(original), id: '9000000000000000001', url: `${second.url}/@someone@elsewhere/9000000000000000001`});
    second.post('Only on the second server');
    await s.relay.runDue();
    const posts = (published(s, 'feeds/somewk.json') as Doc).posts;
    assert.equal(posts.length, 2);
    assert.equal(posts.filter((p) => p.uri === original.uri).length, 1);
    const etag = s.relay.output.get('feeds/somewk.json')!.etag;
    const writes = () => s.log.lines.filter((l) => l.includes('"event":"publish"') && l.includes('feeds/somewk')).length;
    const before = writes();
    s.clock.advance(60_000);
    await s.relay.runDue();
    await second.close();
    assert.equal(s.relay.output.get('feeds/somewk.json')!.etag, etag);
    assert.equal(writes(), before, 'the file was not rewritten');
  });

  it('asks for a token where the server keeps hashtag timelines for signed-in users, and sends it', async () => {
    s = await setUp((url) => ({feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [{instance: url, accessToken: {env: 'NHS_TOKEN'}}]}}}), {NHS_TOKEN: 'nhs-token-4711'});
    s.emulator.requireToken = 'nhs-token-4711';
    s.emulator.post('signed-in only');
    assert.equal(await s.relay.runDue(), true);
    assert.equal(s.emulator.requests('/api/v1/timelines/tag/')[0].headers.authorization, 'Bearer nhs-token-4711');
  });

  it('names the missing login in status.json when a server answers 401', async () => {
    s = await setUp((url) => feedConfig(url));
    s.emulator.requireToken = 'something';
    assert.equal(await s.relay.runDue(), false);
    const status = statusOf(s);
    assert.equal(status[0].state, 'failing');
    assert.match(String(status[0].lastError?.message), /keeps its hashtag timelines for signed-in users \(401\): give it an "accessToken"/);
  });
});

describe('polite and robust', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('honours Retry-After for the whole server: the account lookup waits too, never a request before the reset', async () => {
    s = await setUp((url) => ({...feedConfig(url), counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}], refresh: 60}}}));
    s.emulator.faults.set('/api/v1/timelines/tag/', {status: 429, headers: {'Retry-After': '300'}, body: '{"error":"Too many requests"}', times: 1});
    await s.relay.runDue();
    const before = s.emulator.seen.length;
    for (let t = 0; t < 290; t += 10) {
      s.clock.advance(10_000);
      await s.relay.runDue();
    }
    assert.equal(s.emulator.seen.length, before, 'no request to that server until its reset');
    const status = statusOf(s);
    assert.ok(status.every((src) => src.rateLimit?.reason === 'answered 429'));
    s.clock.advance(20_000);
    await s.relay.runDue();
    assert.equal(s.emulator.requests('/api/v1/timelines/tag/').length, 2);
    // The lookup's first answer came with the 429's (in parallel); its second only after the reset.
    assert.equal(s.emulator.requests('/api/v1/accounts/lookup').length, 2);
  });

  it("waits for the reset when a server's rate-limit allowance is nearly spent", async () => {
    s = await setUp((url) => feedConfig(url));
    const reset = new Date(s.clock.now() + 200_000).toISOString();
    s.emulator.faults.set('/api/v1/timelines/tag/', {status: 200, body: '[]', headers: {'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '12', 'X-RateLimit-Reset': reset}, times: 1});
    assert.equal(await s.relay.runDue(), true);
    for (let t = 0; t < 190; t += 10) {
      s.clock.advance(10_000);
      await s.relay.runDue();
    }
    assert.equal(s.emulator.requests('/api/v1/timelines/tag/').length, 1, 'held until the reset, though the interval is 60 s');
    assert.equal(statusOf(s)[0].rateLimit?.reason, 'rate-limit allowance nearly spent');
    s.clock.advance(20_000);
    await s.relay.runDue();
    assert.equal(s.emulator.requests('/api/v1/timelines/tag/').length, 2);
  });

  it('reads Retry-After as an HTTP date, and keeps the hold across a restart', async () => {
    s = await setUp((url) => feedConfig(url));
    const reset = new Date(s.clock.now() + 600_000).toUTCString();
    s.emulator.faults.set('/api/v1/timelines/tag/', {status: 503, headers: {'Retry-After': reset}, body: '', times: 1});
    await s.relay.runDue();
    s.restart();
    s.clock.advance(590_000);
    await s.relay.runDue();
    assert.equal(s.emulator.requests('/api/v1/timelines/tag/').length, 1);
    s.clock.advance(11_000);
    await s.relay.runDue();
    assert.equal(s.emulator.requests('/api/v1/timelines/tag/').length, 2);
  });

  it('backs off exponentially with full jitter on failure and resets after a success', async () => {
    s = await setUp((url) => feedConfig(url), {}, () => 1); // jitter at its ceiling
    s.emulator.faults.set('/api/v1/timelines/tag/', {status: 500, body: '{"error":"boom"}', times: 3});
    const gaps: number[] = [];
    let last = s.clock.now();
    await s.relay.runDue();
    while (s.emulator.requests('/api/v1/timelines/tag/').length < 5) {
      s.clock.advance(1000);
      const before = s.emulator.requests('/api/v1/timelines/tag/').length;
      await s.relay.runDue();
      if (s.emulator.requests('/api/v1/timelines/tag/').length > before) {
        gaps.push((s.clock.now() - last) / 1000);
        last = s.clock.now();
      }
    }
    // Failures 1, 2, 3 wait 2, 4, 8 intervals (the ceiling); the success resets to one interval.
    assert.deepEqual(gaps, [120, 240, 480, 60]);
  });

  it('keeps the last good posts when a server answers a web page, broken JSON or a changed shape, and says why', async () => {
    s = await setUp((url) => feedConfig(url));
    s.emulator.post('still here');
    await s.relay.runDue();
    const messages: string[] = [];
    for (const body of ['<!doctype html><h1>Maintenance</h1>', '[{"id": "1", "content": "<p>cut', '{"statuses": []}']) {
      s.emulator.faults.set('/api/v1/timelines/tag/', {status: 200, body, times: 1});
      s.clock.advance(3_600_000);
      assert.equal(await s.relay.runDue(), false);
      messages.push(String(statusOf(s)[0].lastError?.message));
      assert.equal((published(s, 'feeds/somewk.json') as Doc).posts.length, 1);
    }
    assert.match(messages[0], /answered with a web page, not JSON/);
    assert.match(messages[1], /answered with broken JSON/);
    assert.match(messages[2], /did not answer with a list of posts/);
  });

  it('skips one bad post with its reason and publishes the rest', async () => {
    s = await setUp((url) => feedConfig(url));
    s.emulator.post('good one');
    s.emulator.statuses.unshift({id: '999999999999999999999', content: 'no account, no date'});
    assert.equal(await s.relay.runDue(), true);
    assert.equal((published(s, 'feeds/somewk.json') as Doc).posts.length, 1);
    assert.ok(s.log.lines.some((l) => l.includes('item.skipped') && l.includes('A status needs a valid created_at')));
  });

  it('refuses an answer over the size cap without holding it in memory, and a slow platform does not delay another', async () => {
    s = await setUp((url) => ({...feedConfig(url), maxResponseBytes: 65536, schedules: {week: {src: `${url}/schedule.json`, format: 'native'}}}));
    s.emulator.faults.set('/api/v1/timelines/tag/', {status: 200, body: `[${'"x",'.repeat(20000)}"x"]`, times: 1});
    assert.equal(await s.relay.runDue(), false);
    const status = statusOf(s);
    assert.match(String(status.find((x) => x.network === 'mastodon')!.lastError?.message), /sent more than 64 KB; the answer was refused/);
    assert.equal(status.find((x) => x.network === 'schedule')!.state, 'ok');
  });

  it('gives up on a platform that does not answer within the time-out, in words', async () => {
    s = await setUp((url) => feedConfig(url));
    s.emulator.faults.set('/api/v1/timelines/tag/', {delayMs: 3_000, times: 1});
    const upstream = new Upstream({timeoutMs: 50, maxBytes: 65536, clock: s.clock});
    await assert.rejects(upstream.json(`${s.emulator.url}/api/v1/timelines/tag/x`), (e: TrustError) => e.kind === 'timeout' && /No answer from http:\/\/127\.0\.0\.1:\d+ within 0\.05 seconds/.test(e.message));
  });

  it('publishes what a fast platform says while a slow one is still answering', async () => {
    s = await setUp((url) => ({...feedConfig(url), counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}]}}}));
    let release = () => {};
    s.emulator.faults.set('/api/v1/timelines/tag/', {hold: new Promise<void>((r) => (release = r)), times: 1});
    const round = s.relay.runDue();
    // Waits on I/O (the lookup's answer), bounded; the timeline answers only when released.
    const end = Date.now() + 60_000;
    while (!s.relay.output.get('counters/nelft.json') && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    assert.ok(s.relay.output.get('counters/nelft.json'), 'the counter was published');
    assert.equal(s.relay.output.get('feeds/somewk.json'), undefined, 'while the feed was still waiting');
    release();
    await round;
    assert.ok(s.relay.output.get('feeds/somewk.json'));
  });
});
