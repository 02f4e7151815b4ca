import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {published, setUp, statusOf, type Setup} from './helpers.js';
import {SEARCH_TEMPLATE} from './emulator.js';

const PASSWORD = 'app-password-1234';
const config = (url: string) => ({
  feeds: {somewk: {hashtag: 'NelftSoMeWeek', bluesky: {jetstream: false, identifier: 'nelft.bsky.social', appPassword: {env: 'BSKY_APP_PASSWORD'}, service: url, appview: url}, refresh: 60}},
});
type Doc = {posts: Array<Record<string, unknown>>};

describe('Bluesky', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('signs in once and reuses the session for every poll', async () => {
    s = await setUp(config, {BSKY_APP_PASSWORD: PASSWORD});
    s.emulator.blueskyPost('Join us for #NelftSoMeWeek today');
    for (let i = 0; i < 30; i++) {
      assert.equal(await s.relay.runDue(), true);
      s.clock.advance(60_000);
    }
    assert.equal(s.emulator.sessions, 1);
    assert.equal(s.emulator.requests('/xrpc/app.bsky.feed.searchPosts').length, 30);
    const search = s.emulator.requests('/xrpc/app.bsky.feed.searchPosts')[0].url;
    assert.equal(search.searchParams.get('q'), '#NelftSoMeWeek');
    assert.equal(search.searchParams.get('sort'), 'latest');
    assert.equal((published(s, 'feeds/somewk.json') as Doc).posts[0].network, 'bluesky');
  });

  it('refreshes the session before the access token expires, and signs in afresh only when the refresh is refused', async () => {
    s = await setUp(config, {BSKY_APP_PASSWORD: PASSWORD});
    s.emulator.accessTtlS = 600; // ten-minute access tokens
    s.emulator.blueskyPost('#NelftSoMeWeek');
    for (let minute = 0; minute < 30; minute++) {
      assert.equal(await s.relay.runDue(), true, `poll at minute ${minute}`);
      s.clock.advance(60_000);
    }
    assert.equal(s.emulator.sessions, 1, 'one login');
    assert.ok(s.emulator.refreshes >= 5, `refreshed ${s.emulator.refreshes} times`);
    // The PDS forgets the refresh token (revoked): the next renewal logs in again.
    s.emulator.faults.set('/xrpc/com.atproto.server.refreshSession', {status: 400, body: '{"error":"ExpiredToken","message":"Token has been revoked"}', times: 1});
    s.clock.advance(600_000);
    assert.equal(await s.relay.runDue(), true);
    assert.equal(s.emulator.sessions, 2);
  });

  it('says clearly when the app password is refused, and does not try again on every poll', async () => {
    s = await setUp(config, {BSKY_APP_PASSWORD: 'wrong-password-99'});
    assert.equal(await s.relay.runDue(), false);
    for (let i = 0; i < 20; i++) {
      s.clock.advance(60_000);
      await s.relay.runDue();
    }
    assert.ok(s.emulator.sessions <= 2, `${s.emulator.sessions} logins in 20 minutes`);
    const status = statusOf(s);
    assert.match(String(status[0].lastError?.message), /Bluesky refused the (login|app password) for nelft\.bsky\.social \(\$BSKY_APP_PASSWORD\)/);
  });

  it('publishes only posts that carry the tag, never an author who asked not to be shown to logged-out viewers', async () => {
    s = await setUp(config, {BSKY_APP_PASSWORD: PASSWORD});
    s.emulator.blueskyPost('Tagged #NelftSoMeWeek');
    s.emulator.blueskyPost('Only the word NelftSoMeWeek');
    s.emulator.blueskyPost('Longer tag #NelftSoMeWeekend');
    // The recorded search answer's posts with the !no-unauthenticated self-label, carrying the tag.
    const hidden = SEARCH_TEMPLATE.posts.filter((p) => JSON.stringify(p.author).includes('!no-unauthenticated'));
    assert.ok(hidden.length > 0, 'the recording has such an author');
    for (const p of hidden) s.emulator.blueskyPosts.push({...structuredClone(p), record: {...(p.record as object), text: 'Also #NelftSoMeWeek', facets: []}});
    await s.relay.runDue();
    const posts = (published(s, 'feeds/somewk.json') as Doc).posts;
    assert.deepEqual(posts.map((p) => p.html ?? p.text), ['<p>Tagged #NelftSoMeWeek</p>']);
  });

  it('keeps count of logins across runs of once: a refused password waits, and no more than 90 logins a day', async () => {
    s = await setUp(config, {BSKY_APP_PASSWORD: 'wrong-password-99'});
    assert.equal(await s.relay.runAll(), false);
    s.restart(); // the next `once`, five minutes later: the refusal is remembered
    s.clock.advance(300_000);
    assert.equal(await s.relay.runAll(), false);
    assert.equal(s.emulator.sessions, 1);
    assert.match(String(statusOf(s)[0].lastError?.message), /not trying again until/);
    await s.done();

    s = await setUp(config, {BSKY_APP_PASSWORD: PASSWORD});
    s.emulator.blueskyPost('#NelftSoMeWeek');
    // `once` every five minutes signs in on every run (tokens are never stored): 288 a day, past Bluesky's limit.
    for (let run = 0; run < 100; run++) {
      s.restart();
      await s.relay.runAll();
      s.clock.advance(300_000);
    }
    assert.equal(s.emulator.sessions, 90);
    assert.match(String(statusOf(s)[0].lastError?.message), /90 Bluesky logins for nelft\.bsky\.social in the last 24 hours/);
  });
});
