import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {HashtagFilter, JetstreamSource, readEvent} from '../sources/jetstream.js';
import {Emulator, JETSTREAM_EXAMPLES} from './emulator.js';
import {published, setUp, statusOf, type Setup} from './helpers.js';

type Doc = {posts: Array<{uri: string; html?: string; text?: string}>};

const TIMING = {reconnectBaseMs: 20, pingMs: 40, idleMs: 150, quietMs: 50};

const config = (instances: string[], url: string, extra: Record<string, unknown> = {}) => ({
  feeds: {somewk: {hashtag: 'NelftSoMeWeek', bluesky: {jetstream: instances, appview: url, ...extra}, refresh: 60}},
});

/** Waits for I/O to have happened (a socket message, a reconnection), bounded; never a fixed sleep. */
async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A relay whose Jetstream connection uses short timings (ping, idle, reconnect), so tests wait milliseconds. */
const timedSetUp = (config: (url: string) => Record<string, unknown>, env: Record<string, string> = {}, random = () => 0.5) =>
  setUp(config, env, random, {jetstreamTiming: TIMING});

function jetstreamOf(s: Setup): JetstreamSource {
  return s.relay.sources.find((x) => x instanceof JetstreamSource) as JetstreamSource;
}

const uris = (s: Setup) => (published(s, 'feeds/somewk.json') as Doc).posts.map((p) => p.uri);

describe('Bluesky from Jetstream, with no login', () => {
  let s: Setup;
  afterEach(() => s.done());

  async function connected(extra: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<JetstreamSource> {
    s = await timedSetUp((url) => config([url.replace('http', 'ws')], url, extra), env);
    // The stream is opened by the source's first round.
    const first = s.relay.runDue();
    const jet = jetstreamOf(s);
    await first;
    await until(() => jet.connection.connected, 'the connection');
    return jet;
  }

  it('keeps the posts that carry the tag, read with the widget adapter from the public AppView', async () => {
    const jet = await connected();
    for (const line of JETSTREAM_EXAMPLES) s.emulator.jetstream.push({timeUs: 0, raw: line});
    for (const ws of s.emulator.sockets) for (const line of JETSTREAM_EXAMPLES) ws.send(line);
    const facet = s.emulator.jetstreamPost('Day one of #NelftSoMeWeek starts now', {facetTag: 'NelftSoMeWeek'});
    const tagsOnly = s.emulator.jetstreamPost('Our stall is open', {tags: ['nelftsomeweek']});
    const textOnly = s.emulator.jetstreamPost('Written without facets: #nelftsomeweek!');
    s.emulator.jetstreamPost('A longer tag #NelftSoMeWeekend');
    s.emulator.jetstreamPost('The word NelftSoMeWeek without its #');
    s.emulator.jetstreamPost('Not at all');
    await until(() => jet.received >= JETSTREAM_EXAMPLES.length + 6, 'the events');
    s.clock.advance(5_000);
    assert.equal(await s.relay.runDue(), true);
    assert.deepEqual(new Set(uris(s)), new Set([facet, tagsOnly, textOnly]));
    const post = (published(s, 'feeds/somewk.json') as Doc).posts.find((p) => p.uri === facet)!;
    assert.match(post.html ?? '', /Day one of <a href="https:\/\/bsky\.app\/hashtag\/NelftSoMeWeek" class="hashtag" rel="tag">#NelftSoMeWeek<\/a> starts now/);
    assert.equal(s.emulator.sessions, 0, 'no login at all');
    const url = s.emulator.requests('/subscribe')[0].url;
    assert.equal(url.searchParams.get('wantedCollections'), 'app.bsky.feed.post');
  });

  it('asks the AppView 25 posts at a time, and again a few seconds later for a post it has not indexed yet', async () => {
    const jet = await connected();
    const late = s.emulator.jetstreamPost('#NelftSoMeWeek late to the index', {unindexedAsks: 1});
    for (let i = 0; i < 29; i++) s.emulator.jetstreamPost(`#NelftSoMeWeek number ${i}`);
    await until(() => jet.received >= 30, 'the events');
    s.clock.advance(5_000);
    await s.relay.runDue();
    assert.deepEqual(s.emulator.requests('/xrpc/app.bsky.feed.getPosts').map((r) => r.url.searchParams.getAll('uris').length), [25, 5]);
    assert.equal(uris(s).length, 29);
    assert.ok(!uris(s).includes(late));
    s.clock.advance(5_000);
    await s.relay.runDue();
    assert.ok(uris(s).includes(late), 'asked again and published');
  });

  it('never publishes a post the AppView labels for logged-in viewers only', async () => {
    const jet = await connected();
    s.emulator.jetstreamPost('#NelftSoMeWeek hidden', {did: 'did:plc:private', labels: [{val: '!no-unauthenticated', src: 'did:plc:private', uri: 'at://did:plc:private/app.bsky.actor.profile/self', cts: '2024-01-01T00:00:00Z'}]});
    const shown = s.emulator.jetstreamPost('#NelftSoMeWeek shown');
    await until(() => jet.received >= 2, 'the events');
    s.clock.advance(5_000);
    await s.relay.runDue();
    assert.deepEqual(uris(s), [shown]);
  });

  it('removes a deleted post, a post edited to drop the tag and every post of an account that is gone, within one cycle', async () => {
    const jet = await connected();
    const keep = s.emulator.jetstreamPost('#NelftSoMeWeek keep', {did: 'did:plc:keeper'});
    const deleted = s.emulator.jetstreamPost('#NelftSoMeWeek deleted', {did: 'did:plc:keeper'});
    const edited = s.emulator.jetstreamPost('#NelftSoMeWeek edited', {did: 'did:plc:editor'});
    const gone1 = s.emulator.jetstreamPost('#NelftSoMeWeek one', {did: 'did:plc:leaver'});
    const gone2 = s.emulator.jetstreamPost('#NelftSoMeWeek two', {did: 'did:plc:leaver'});
    await until(() => jet.received >= 5, 'the posts');
    s.clock.advance(5_000);
    await s.relay.runDue();
    assert.equal(uris(s).length, 5);
    s.emulator.emit({did: 'did:plc:keeper', kind: 'commit', commit: {rev: 'x', operation: 'delete', collection: 'app.bsky.feed.post', rkey: deleted.split('/').pop()}});
    s.emulator.jetstreamPost('edited: no tag any more', {did: 'did:plc:editor', rkey: edited.split('/').pop(), operation: 'update'});
    s.emulator.emit({did: 'did:plc:leaver', kind: 'account', account: {active: false, did: 'did:plc:leaver', status: 'deactivated', seq: 1, time: new Date().toISOString()}});
    await until(() => jet.received >= 8, 'the changes');
    s.clock.advance(5_000);
    await s.relay.runDue();
    assert.deepEqual(uris(s), [keep]);
    assert.ok(![deleted, edited, gone1, gone2].some((u) => uris(s).includes(u)));
  });

  it('stores the cursor, and after a drop resumes a few seconds before it: nothing missed, nothing doubled', async () => {
    const jet = await connected();
    s.emulator.jetstreamPost('#NelftSoMeWeek before the drop');
    await until(() => jet.received >= 1, 'the first post');
    s.clock.advance(5_000);
    await s.relay.runDue();
    const cursor = Number(s.relay.state.source(jet.key).cursor);
    assert.ok(cursor > 0);
    s.emulator.drop();
    await until(() => !jet.connection.connected, 'the drop');
    // Posted while the relay was not connected: the replay brings them.
    s.emulator.jetstreamPost('#NelftSoMeWeek during the drop');
    await until(() => s.emulator.connections >= 2 && jet.connection.connected, 'the reconnection');
    await until(() => jet.received >= 3, 'the replay'); // the rewound replay repeats the first post
    s.clock.advance(5_000);
    await s.relay.runDue();
    const resumed = Number(s.emulator.requests('/subscribe').at(-1)!.url.searchParams.get('cursor'));
    assert.equal(resumed, cursor - 5_000_000);
    assert.equal(uris(s).length, 2);
  });

  it('resumes from the stored cursor after a restart', async () => {
    const jet = await connected();
    s.emulator.jetstreamPost('#NelftSoMeWeek first');
    await until(() => jet.received >= 1, 'the post');
    s.clock.advance(5_000);
    await s.relay.runDue();
    const cursor = s.relay.state.source(jet.key).cursor;
    s.restart();
    s.emulator.jetstreamPost('#NelftSoMeWeek while restarting');
    const round = s.relay.runDue(); // connects from the cursor and waits for the replay
    await round;
    assert.equal(Number(s.emulator.requests('/subscribe').at(-1)!.url.searchParams.get('cursor')), Number(cursor) - 5_000_000);
    s.clock.advance(5_000);
    await s.relay.runDue();
    assert.equal(uris(s).length, 2);
  });

  it('fails over to the next instance when one is down, and says so when all are', async () => {
    const down = await new Emulator().start();
    down.refuse = true;
    s = await timedSetUp((url) => config([down.url.replace('http', 'ws'), url.replace('http', 'ws')], url), {}, () => 0);
    s.relay = s.restart();
    const jet = jetstreamOf(s);
    await s.relay.runDue();
    await until(() => jet.connection.connected, 'the second instance');
    assert.ok(down.requests('/subscribe').length >= 1);
    assert.equal(s.emulator.requests('/subscribe').length, 1);
    s.emulator.refuse = true;
    s.emulator.drop();
    await until(() => !jet.connection.connected && down.requests('/subscribe').length >= 2, 'both down');
    s.clock.advance(5_000);
    assert.equal(await s.relay.runDue(), false);
    assert.match(String(statusOf(s)[0].lastError?.message), /Jetstream unreachable since \d{4}-/);
    s.emulator.refuse = false;
    await until(() => jet.connection.connected, 'recovery');
    s.clock.advance(60_000);
    assert.equal(await s.relay.runDue(), true);
    assert.equal(statusOf(s)[0].state, 'ok');
    await down.close();
  });

  it('notices a silently dead connection (no messages, no pongs) and reconnects', async () => {
    s = await timedSetUp((url) => config([url.replace('http', 'ws')], url));
    const jet = jetstreamOf(s);
    void s.relay.runDue();
    await until(() => jet.connection.connected, 'the connection');
    s.emulator.silent = true;
    await until(() => s.emulator.connections >= 2, 'the reconnection');
    await s.relay.idle();
  });

  it('fills the gap once with searchPosts when there is a login and no cursor yet, and never polls it', async () => {
    s = await timedSetUp((url) => config([url.replace('http', 'ws')], url, {identifier: 'nelft.bsky.social', appPassword: {env: 'BSKY'}, service: url}), {BSKY: 'app-password-1234'});
    s.emulator.blueskyPost('From before the stream #NelftSoMeWeek');
    await s.relay.runDue();
    for (let i = 0; i < 5; i++) {
      s.clock.advance(5_000);
      await s.relay.runDue();
    }
    assert.equal(s.emulator.requests('/xrpc/app.bsky.feed.searchPosts').length, 1);
    assert.equal(uris(s).length, 1);
  });

  it('says in status.json that posts may be missing when the gap is longer than Jetstream keeps and there is no login', async () => {
    s = await timedSetUp((url) => config([url.replace('http', 'ws')], url));
    const key = jetstreamOf(s).key;
    s.relay.state.saveSource({key, cursor: String((s.clock.now() - 3 * 86_400_000) * 1000), failures: 0});
    s.relay = s.restart();
    await s.relay.runDue();
    assert.match(String(statusOf(s)[0].notice), /Bluesky posts from \d{4}-\d\d-\d\dT.* until the stream resumed may be missing/);
  });
});

describe('the hashtag filter', () => {
  const filter = new HashtagFilter('NelftSoMeWeek');
  it('reads the README examples of every kind without taking any of them for a match', () => {
    for (const line of JETSTREAM_EXAMPLES) assert.equal(readEvent(JSON.parse(line), filter, new Set()), undefined, line.slice(0, 60));
  });
  it('matches a tag facet, a tags entry or the whole word, in any case, and not a longer tag', () => {
    assert.ok(filter.carries({text: 'x', facets: [{features: [{$type: 'app.bsky.richtext.facet#tag', tag: 'nelftsomeweek'}]}]}));
    assert.ok(filter.carries({text: 'x', tags: ['NELFTSOMEWEEK']}));
    assert.ok(filter.carries({text: 'Hello (#NelftSoMeWeek).'}));
    assert.ok(!filter.carries({text: '#NelftSoMeWeekend'}));
    assert.ok(!filter.carries({text: 'x#NelftSoMeWeek'}));
    assert.ok(!filter.carries({text: 'NelftSoMeWeek'}));
  });
});
