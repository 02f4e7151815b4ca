import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {published, setUp, type Setup} from './helpers.js';

type Sourced = {sources?: Array<{network: string; source: string; state: string; since: string; interval: number; message?: string}>};

describe('a failing source never looks fresh: every file names the state of its sources', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('says when a source started failing, and why, and clears it when the source recovers', async () => {
    s = await setUp((url) => ({feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 60}}, counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}], refresh: 60}}}));
    s.emulator.post('#NelftSoMeWeek');
    await s.relay.runDue();
    const ok = (published(s, 'feeds/somewk.json') as Sourced).sources!;
    assert.deepEqual(ok.map((x) => [x.network, x.source, x.state, x.interval]), [['mastodon', s.emulator.url, 'ok', 60]]);
    const okSince = ok[0].since;
    const etag = s.relay.output.get('feeds/somewk.json')!.etag;

    // Still fine a minute later: nothing a reader sees changed, so neither does the file.
    s.clock.advance(60_000);
    await s.relay.runDue();
    assert.equal(s.relay.output.get('feeds/somewk.json')!.etag, etag);

    // The server starts refusing: the file says so from the first failure, with the time it began.
    s.emulator.requireToken = 'now-private';
    const failedAt = s.clock.now() + 60_000;
    s.clock.advance(60_000);
    await s.relay.runDue();
    const failing = (published(s, 'feeds/somewk.json') as Sourced).sources![0];
    assert.equal(failing.state, 'failing');
    assert.equal(failing.since, new Date(failedAt).toISOString());
    assert.match(failing.message ?? '', /keeps its hashtag timelines for signed-in users \(401\)/);
    assert.equal((published(s, 'feeds/somewk.json') as {posts: unknown[]}).posts.length, 1, 'the posts already published stay');
    const failingEtag = s.relay.output.get('feeds/somewk.json')!.etag;

    // Failing again: same state, same since, same file.
    s.clock.advance(10 * 60_000);
    await s.relay.runDue();
    assert.equal(s.relay.output.get('feeds/somewk.json')!.etag, failingEtag);

    // Recovery clears it.
    s.emulator.requireToken = undefined;
    s.clock.advance(60 * 60_000);
    await s.relay.runDue();
    const recovered = (published(s, 'feeds/somewk.json') as Sourced).sources![0];
    assert.equal(recovered.state, 'ok');
    assert.notEqual(recovered.since, okSince);
    assert.equal(recovered.message, undefined);
    assert.equal((published(s, 'counters/nelft.json') as Sourced).sources![0].state, 'ok');
  });

  it('names a source paused by a rate limit, and keeps the states across a restart', async () => {
    s = await setUp((url) => ({counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}], refresh: 60}}}));
    await s.relay.runDue();
    s.emulator.faults.set('/api/v1/accounts/lookup', {status: 429, headers: {'Retry-After': '900'}, body: '{"error":"Too many requests"}', times: 1});
    s.clock.advance(60_000);
    await s.relay.runDue();
    const paused = (published(s, 'counters/nelft.json') as Sourced).sources![0];
    assert.equal(paused.state, 'paused');
    s.restart();
    s.relay.publishAll();
    assert.deepEqual((published(s, 'counters/nelft.json') as Sourced).sources![0], paused);
  });
});
