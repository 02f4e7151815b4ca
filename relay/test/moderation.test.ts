import assert from 'node:assert/strict';
import {join} from 'node:path';
import {afterEach, describe, it} from 'node:test';
import type {Post} from '../../src/hashtag-feed/model.js';
import {parseConfig} from '../config.js';
import type {ActionName, ActionResult, ChangeEvent, ListName, ModeratedItem} from '../moderation/api.js';
import {ModerationError} from '../moderation/moderation.js';
import {Relay} from '../relay.js';
import {JetstreamSource} from '../sources/jetstream.js';
import {TIMELINE_TEMPLATE} from './emulator.js';
import {published, setUp, type Setup} from './helpers.js';

type Doc = {posts: Array<Record<string, unknown> & {uri: string; html?: string}>};

const feed = (url: string, moderation: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 60, moderation, ...extra}},
});

/** A Mastodon account other than the recorded one, as the emulator's statuses carry it. */
const account = (acct: string, name = acct, host = 'elsewhere.example') => ({
  account: {...(TIMELINE_TEMPLATE.account as Record<string, unknown>), id: `id-${acct}`, acct: acct.includes('@') ? acct : `${acct}@${host}`, username: acct.split('@')[0], display_name: name, url: `https://${host}/@${acct.split('@')[0]}`},
});

/** What a reader's feed shows: each post's uri, in the file's order. */
const shown = (s: Setup, name = 'somewk') => (published(s, `feeds/${name}.json`) as Doc).posts.map((p) => p.uri);

const keys = (items: ModeratedItem[]) => items.map((i) => i.key);

function item(s: Setup, key: string, name = 'somewk'): ModeratedItem {
  for (const list of ['queue', 'published', 'hidden'] as ListName[]) {
    const found = s.relay.moderation.list(name, list, {limit: 200}).items.find((i) => i.key === key);
    if (found) return found;
  }
  throw new Error(`${key} is in no list`);
}

/** One moderator's action on the version they see now. */
function act(s: Setup, key: string, action: ActionName, actor = 'alice', name = 'somewk'): Extract<ActionResult, {ok: true}> {
  const result = s.relay.moderation.act(name, {key, action, version: item(s, key, name).version}, actor);
  assert.equal(result.ok, true, `${action} of ${key} by ${actor} succeeded`);
  return result;
}

/** Posts a status at the next second and polls it in. */
async function arrive(s: Setup, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  s.clock.advance(1_000);
  const status = s.emulator.post(text, extra);
  s.clock.advance(60_000);
  assert.equal(await s.relay.runDue(), true);
  return status.uri as string;
}

const hhmm = (ms: number) => new Intl.DateTimeFormat('en-GB', {hour: '2-digit', minute: '2-digit'}).format(ms);

describe('moderation: modes and automatic verdicts', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('approve-first publishes nothing until a moderator approves it, and the decision is in the file at once', async () => {
    s = await setUp((url) => feed(url, {mode: 'approve-first'}));
    const first = await arrive(s, 'Waiting for a moderator #NelftSoMeWeek');
    const second = await arrive(s, 'Also waiting #NelftSoMeWeek');
    assert.deepEqual(shown(s), []);
    const queue = s.relay.moderation.list('somewk', 'queue');
    assert.deepEqual(keys(queue.items), [second, first], 'newest first');
    assert.equal(queue.items[0].public, false);
    assert.deepEqual(queue.counts, {queue: 2, published: 0, hidden: 0});
    // The file is rewritten inside act(): no poll, no time passing.
    const seen: string[][] = [];
    s.relay.moderation.onChange(() => seen.push(shown(s)));
    const result = act(s, first, 'approve');
    assert.deepEqual(shown(s), [first]);
    assert.deepEqual(seen, [[first]], 'listeners hear of it after the file is republished');
    assert.equal(result.item.list, 'published');
    assert.deepEqual(result.item.verdict && {by: result.item.verdict.by, reason: result.item.verdict.reason, actor: result.item.verdict.actor}, {by: 'person', reason: 'Approved by alice', actor: 'alice'});
    assert.deepEqual(result.counts, {queue: 1, published: 1, hidden: 0});
    const [entry] = s.relay.moderation.audit('somewk').entries;
    assert.equal(entry.id, result.auditId);
    assert.deepEqual([entry.actor, entry.action, entry.key, entry.network, entry.excerpt], ['alice', 'approve', first, 'mastodon', 'Waiting for a moderator #NelftSoMeWeek']);
    // The next poll neither re-queues nor unpublishes it.
    s.clock.advance(60_000);
    await s.relay.runDue();
    assert.deepEqual(shown(s), [first]);
  });

  it('approve-first lets the trust’s own accounts and trustedAccounts through, and no one else', async () => {
    s = await setUp((url) => ({
      ...feed(url, {mode: 'approve-first', trustedAccounts: ['@Guest@Speakers.example']}),
      counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}]}},
    }));
    const host = new URL(s.emulator.url).host;
    const own = await arrive(s, 'From the trust #NelftSoMeWeek', account('nelft', 'NELFT', host));
    const guest = await arrive(s, 'From a guest speaker #NelftSoMeWeek', account('guest@speakers.example'));
    // Someone borrowing the name on another server is not the trust.
    const lookalike = await arrive(s, 'Not really the trust #NelftSoMeWeek', account('nelft', 'NELFT', 'impostor.example'));
    assert.deepEqual(shown(s), [guest, own]);
    assert.deepEqual(item(s, own).verdict?.reason, "From the trust's own account");
    assert.deepEqual(item(s, guest).verdict && [item(s, guest).verdict!.by, item(s, guest).verdict!.reason], ['trusted', 'From a trusted account']);
    assert.equal(item(s, lookalike).list, 'queue');
    const audit = s.relay.moderation.audit('somewk').entries;
    assert.deepEqual(audit.map((e) => [e.actor, e.action, e.key]), [['trusted', 'auto-approve', guest], ['trusted', 'auto-approve', own]]);
  });

  it('approve-first counts the counters’ X accounts as the trust’s own, on X only', async () => {
    s = await setUp(
      (url) => ({...feed(url, {mode: 'approve-first'}), counters: {nelft: {x: {usernames: ['NELFT'], bearerToken: {env: 'X_BEARER_TOKEN'}, apiBase: url}}}}),
      {X_BEARER_TOKEN: 'test-token'},
    );
    const post = (network: string, handle: string, id: string): Post => ({
      id, network, uri: `${network}:${id}`, url: `https://x.com/${handle}/status/${id}`, author: {name: 'NELFT', handle, emojis: []}, created: new Date(s.clock.now() - 60_000),
      text: 'From the trust #NelftSoMeWeek', sensitive: false, media: [], isReply: false, isBoost: false, tags: ['nelftsomeweek'],
    });
    s.relay.moderation.received(['somewk'], [post('x', 'NELFT', '1'), post('native', 'nelft', '2')]);
    s.relay.moderation.flush();
    assert.deepEqual([item(s, 'x:1').list, item(s, 'x:1').verdict?.reason], ['published', "From the trust's own account"]);
    assert.equal(item(s, 'native:2').list, 'queue', 'the bare name on another network is not the trust');
  });

  it('publish-then-review publishes at once, the queue public until someone looks at it', async () => {
    s = await setUp((url) => feed(url));
    const uri = await arrive(s, 'Straight out #NelftSoMeWeek');
    assert.deepEqual(shown(s), [uri]);
    const [queued] = s.relay.moderation.list('somewk', 'queue').items;
    assert.deepEqual([queued.key, queued.public, queued.verdict], [uri, true, undefined]);
    assert.deepEqual(s.relay.moderation.feeds(), [{name: 'somewk', hashtag: 'NelftSoMeWeek', mode: 'publish-then-review', counts: {queue: 1, published: 0, hidden: 0}}]);
  });

  for (const mode of ['publish-then-review', 'approve-first']) {
    it(`runs the config's rules first in ${mode}, each verdict with its reason, logged once`, async () => {
      s = await setUp((url) => ({
        ...feed(url, {mode, blockWords: ['scam', 'free money'], hideReplies: true, hideSensitive: true, blockAccounts: ['spammer'], trustedAccounts: ['nelft@trust.example']}),
      }));
      const scam = await arrive(s, 'Total SCAM here #NelftSoMeWeek');
      const money = await arrive(s, 'Get free   money #NelftSoMeWeek');
      const reply = await arrive(s, 'Replying #NelftSoMeWeek', {in_reply_to_id: '1', in_reply_to_account_id: 'someone-else'});
      const sensitive = await arrive(s, 'Look #NelftSoMeWeek', {sensitive: true});
      const warned = await arrive(s, 'Behind a warning #NelftSoMeWeek', {spoiler_text: 'Self-harm'});
      const spammer = await arrive(s, 'Buy now #NelftSoMeWeek', account('spammer@spam.example'));
      // Trusted accounts do not get past the rules either.
      const trustedScam = await arrive(s, 'A scam warning from us #NelftSoMeWeek', account('nelft@trust.example'));
      const clean = await arrive(s, 'A good talk #NelftSoMeWeek');
      const hidden = s.relay.moderation.list('somewk', 'hidden').items;
      const verdicts = Object.fromEntries(hidden.map((i) => [i.key, [i.verdict?.by, i.verdict?.rule, i.verdict?.reason]]));
      assert.deepEqual(verdicts, {
        [scam]: ['rule', 'blockWords', 'Contains the blocked word "scam"'],
        [money]: ['rule', 'blockWords', 'Contains the blocked word "free money"'],
        [reply]: ['rule', 'hideReplies', 'A reply'],
        [sensitive]: ['rule', 'hideSensitive', 'Marked sensitive'],
        [warned]: ['rule', 'hideSensitive', 'Has a content warning ("Self-harm")'],
        [spammer]: ['rule', 'blockAccounts', 'From a blocked account (@spammer@spam.example)'],
        [trustedScam]: ['rule', 'blockWords', 'Contains the blocked word "scam"'],
      });
      assert.deepEqual(shown(s), mode === 'approve-first' ? [] : [clean]);
      assert.deepEqual(keys(s.relay.moderation.list('somewk', 'queue').items), [clean]);
      s.clock.advance(60_000);
      await s.relay.runDue();
      const audit = s.relay.moderation.audit('somewk').entries;
      assert.equal(audit.length, 7, 'one entry per automatic verdict, not one per poll');
      assert.deepEqual(audit.find((e) => e.key === reply) && [audit.find((e) => e.key === reply)!.actor, audit.find((e) => e.key === reply)!.action], ['rule:hideReplies', 'auto-hide']);
    });
  }
});

describe('moderation: the rules’ reasons', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('words every rule’s verdict: boosts, languages, allowed accounts, quotes, boosters', async () => {
    s = await setUp((url) => ({
      feeds: {
        open: {hashtag: 'NelftSoMeWeek', mastodon: [url], moderation: {hideBoosts: true, languages: ['en', 'cy'], hideSensitive: true, blockAccounts: ['spammer']}},
        closed: {hashtag: 'NelftSoMeWeek', mastodon: [url], moderation: {allowAccounts: ['nelft@trust.example']}},
      },
    }));
    const author = (handle: string) => ({name: handle, handle, emojis: []});
    let n = 0;
    const post = (extra: Partial<Post>): Post => ({
      id: String(++n), network: 'mastodon', uri: `https://x.example/${n}`, author: author('someone@x.example'), created: new Date(s.clock.now() - n * 1000),
      text: `post ${n}`, sensitive: false, media: [], isReply: false, isBoost: false, tags: [], ...extra,
    });
    const posts = [
      post({isBoost: true, booster: author('friend@x.example'), boostedAt: new Date(s.clock.now())}),
      post({language: 'fr-FR'}),
      post({language: 'cy'}),
      post({quote: post({sensitive: true})}),
      post({isBoost: false, booster: author('spammer@spam.example')}),
      post({quote: post({author: author('spammer@spam.example')})}),
    ];
    s.relay.moderation.received(['open', 'closed'], posts);
    const reason = (feed: string, p: Post) => item(s, p.uri!, feed).verdict?.reason;
    assert.deepEqual(posts.map((p) => reason('open', p)), [
      'A boost',
      'In a language not shown (fr)',
      undefined,
      'Quotes a post marked sensitive',
      'Boosted by a blocked account (@spammer@spam.example)',
      'Quotes a blocked account (@spammer@spam.example)',
    ]);
    assert.ok(posts.every((p) => reason('closed', p) === 'Not from an allowed account'));
  });
});

describe('moderation: rules over time', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('hides a post edited to break a rule, unless a person decided on it', async () => {
    s = await setUp((url) => feed(url, {mode: 'approve-first', blockWords: ['scam'], trustedAccounts: ['nelft@trust.example']}));
    const base = (id: string, text: string, handle = 'nelft@trust.example'): Post => ({
      id, network: 'mastodon', uri: `https://trust.example/${id}`, author: {name: 'NELFT', handle, emojis: []}, created: new Date(s.clock.now()),
      text, sensitive: false, media: [], isReply: false, isBoost: false, tags: [],
    });
    s.relay.moderation.received(['somewk'], [base('1', 'Welcome'), base('2', 'Hello', 'visitor@x.example')]);
    act(s, 'https://trust.example/2', 'approve');
    s.relay.publishAll();
    assert.deepEqual(shown(s), ['https://trust.example/2', 'https://trust.example/1']);
    s.relay.moderation.received(['somewk'], [base('1', 'Welcome to our scam'), base('2', 'Hello, a scam', 'visitor@x.example')]);
    s.relay.publishAll();
    assert.deepEqual([item(s, 'https://trust.example/1').list, item(s, 'https://trust.example/1').verdict?.reason], ['hidden', 'Contains the blocked word "scam"']);
    assert.equal(s.relay.moderation.audit('somewk').entries[0].reason, 'Edited: contains the blocked word "scam"');
    assert.equal(item(s, 'https://trust.example/2').list, 'published', "the moderator's approval holds");
    assert.deepEqual(shown(s), ['https://trust.example/2']);
  });

  it('applies a rule added to the config to the posts already kept, but not to a person’s decisions', async () => {
    s = await setUp((url) => feed(url));
    const kept = await arrive(s, 'A giveaway #NelftSoMeWeek');
    const approved = await arrive(s, 'Another giveaway, approved #NelftSoMeWeek');
    const fine = await arrive(s, 'A talk #NelftSoMeWeek');
    act(s, approved, 'approve');
    const config = JSON.parse(s.configText) as {feeds: {somewk: {moderation: Record<string, unknown>}}};
    config.feeds.somewk.moderation = {blockWords: ['giveaway']};
    s.configText = JSON.stringify(config);
    s.relay.close();
    s.relay = new Relay(parseConfig(s.configText, join(s.dir, 'relay.json')), {clock: s.clock, log: s.log});
    s.relay.publishAll();
    assert.deepEqual(shown(s), [fine, approved]);
    assert.deepEqual([item(s, kept).verdict?.by, item(s, kept).verdict?.reason], ['rule', 'Contains the blocked word "giveaway"']);
  });
});

describe('moderation: actions and undo', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('hides a published post from the file, and undo puts it back where it was', async () => {
    s = await setUp((url) => feed(url));
    const a = await arrive(s, 'First #NelftSoMeWeek');
    const b = await arrive(s, 'Second #NelftSoMeWeek');
    const hide = act(s, b, 'hide', 'bob');
    assert.deepEqual(shown(s), [a]);
    assert.deepEqual([hide.item.list, hide.item.public, hide.item.verdict?.reason], ['hidden', false, 'Hidden by bob']);
    const undo = s.relay.moderation.undo('somewk', {auditId: hide.auditId}, 'alice');
    assert.equal(undo.ok, true);
    assert.deepEqual(shown(s), [b, a]);
    assert.equal(undo.item.list, 'queue');
    assert.equal(undo.item.verdict, undefined);
    const [undoEntry, hideEntry] = s.relay.moderation.audit('somewk').entries;
    assert.deepEqual([undoEntry.action, undoEntry.actor, undoEntry.undoes, undoEntry.reason], ['undo', 'alice', hide.auditId, 'Undid "Hidden by bob"']);
    assert.equal(hideEntry.undoneBy, undoEntry.id);
  });

  it('pins posts to the top of the file, newest pin first, with "pinned": true, until unpinned', async () => {
    s = await setUp((url) => feed(url));
    const [a, b, c] = [await arrive(s, 'A #NelftSoMeWeek'), await arrive(s, 'B #NelftSoMeWeek'), await arrive(s, 'C #NelftSoMeWeek')];
    assert.deepEqual(shown(s), [c, b, a]);
    act(s, a, 'pin');
    const pinB = act(s, b, 'pin');
    assert.deepEqual(shown(s), [b, a, c]);
    const posts = (published(s, 'feeds/somewk.json') as Doc).posts;
    assert.deepEqual(posts.map((p) => p.pinned), [true, true, undefined]);
    assert.equal(pinB.item.post.pinned, true, 'the console gets the post as the file carries it');
    assert.deepEqual(keys(s.relay.moderation.list('somewk', 'published').items), [b, a]);
    act(s, b, 'unpin');
    assert.deepEqual(shown(s), [a, c, b]);
    assert.equal((published(s, 'feeds/somewk.json') as Doc).posts[2].pinned, undefined);
    assert.equal(item(s, b).list, 'published', 'unpinned stays approved');
    // Undoing the unpin pins it again, at the top it had.
    const [unpin] = s.relay.moderation.audit('somewk').entries;
    assert.equal(s.relay.moderation.undo('somewk', {auditId: unpin.id}, 'alice').ok, true);
    assert.deepEqual(shown(s), [b, a, c]);
  });

  it('pinning a queued post approves it; a hidden post cannot be pinned', async () => {
    s = await setUp((url) => feed(url, {mode: 'approve-first'}));
    const a = await arrive(s, 'A #NelftSoMeWeek');
    const b = await arrive(s, 'B #NelftSoMeWeek');
    const pin = act(s, a, 'pin');
    assert.deepEqual([pin.item.list, pin.item.pinned, pin.item.public], ['published', true, true]);
    assert.deepEqual(shown(s), [a]);
    act(s, b, 'hide');
    assert.throws(
      () => s.relay.moderation.act('somewk', {key: b, action: 'pin', version: item(s, b).version}, 'alice'),
      (e: unknown) => e instanceof ModerationError && e.status === 400 && e.message === 'Show it before pinning it',
    );
    assert.equal(item(s, b).list, 'hidden', 'the refused pin changed nothing');
    assert.equal(s.relay.moderation.audit('somewk').entries.length, 2);
    // Approving it again then pinning works.
    act(s, b, 'approve');
    act(s, b, 'pin');
    assert.deepEqual(shown(s), [b, a]);
  });

  it('refuses unknown feeds, posts, lists and actions in words', async () => {
    s = await setUp((url) => feed(url));
    const a = await arrive(s, 'A #NelftSoMeWeek');
    const m = s.relay.moderation;
    const refused = (status: number, message: RegExp) => (e: unknown) => e instanceof ModerationError && e.status === status && message.test(e.message);
    assert.throws(() => m.list('nope', 'queue'), refused(404, /no feed called "nope"/));
    assert.throws(() => m.act('somewk', {key: 'https://x.example/1', action: 'hide', version: 1}, 'alice'), refused(404, /no longer in the feed/));
    assert.throws(() => m.list('somewk', 'bin' as ListName), refused(400, /no list called "bin"/));
    assert.throws(() => m.act('somewk', {key: a, action: 'delete' as ActionName, version: 1}, 'alice'), refused(400, /no action called "delete"/));
    assert.throws(() => m.act('somewk', {key: a, action: 'unpin', version: 1}, 'alice'), refused(400, /not pinned/));
    assert.throws(() => m.act('somewk', {key: a, action: 'unblock', version: 1}, 'alice'), refused(400, /not blocked/));
    assert.throws(() => m.undo('somewk', {auditId: 999}, 'alice'), refused(404, /no such entry/));
  });

  it('two moderators on the same version: the first wins, the second is told who and when, nothing is lost', async () => {
    s = await setUp((url) => feed(url, {mode: 'approve-first'}));
    const a = await arrive(s, 'Contested #NelftSoMeWeek');
    const seen = item(s, a).version;
    const events: ChangeEvent[] = [];
    s.relay.moderation.onChange((e) => events.push(e));
    const alice = s.relay.moderation.act('somewk', {key: a, action: 'hide', version: seen}, 'alice');
    s.clock.advance(30_000);
    const bob = s.relay.moderation.act('somewk', {key: a, action: 'approve', version: seen}, 'bob');
    assert.equal(alice.ok, true);
    assert.ok(!bob.ok && bob.conflict);
    assert.equal(bob.message, `Hidden by alice at ${hhmm(s.clock.now() - 30_000)}`);
    assert.deepEqual([bob.item.list, bob.item.version], ['hidden', seen + 1], 'the post as it is now');
    assert.deepEqual(bob.counts, {queue: 0, published: 0, hidden: 1});
    assert.deepEqual(shown(s), [], "alice's decision holds");
    assert.deepEqual(events.map((e) => e.decided), [[{key: a, actor: 'alice', action: 'hide'}]], 'a refused attempt tells no one');
    // Bob, having seen it, decides on the new version: both decisions are in the log, in order.
    const retry = s.relay.moderation.act('somewk', {key: a, action: 'approve', version: bob.item.version}, 'bob');
    assert.equal(retry.ok, true);
    assert.deepEqual(shown(s), [a]);
    assert.deepEqual(s.relay.moderation.audit('somewk').entries.map((e) => [e.actor, e.action]), [['bob', 'approve'], ['alice', 'hide']]);
  });

  it('an undo that was done already, or overtaken by a later decision, is refused in words', async () => {
    s = await setUp((url) => feed(url));
    const a = await arrive(s, 'A #NelftSoMeWeek');
    const hide = act(s, a, 'hide', 'alice');
    const first = s.relay.moderation.undo('somewk', {auditId: hide.auditId}, 'bob');
    assert.equal(first.ok, true);
    const again = s.relay.moderation.undo('somewk', {auditId: hide.auditId}, 'carol');
    assert.ok(!again.ok && again.conflict);
    assert.equal(again.message, `Already undone by bob at ${hhmm(s.clock.now())}`);
    const pin = act(s, a, 'pin', 'alice');
    act(s, a, 'hide', 'bob');
    const late = s.relay.moderation.undo('somewk', {auditId: pin.auditId}, 'alice');
    assert.ok(!late.ok && late.conflict);
    assert.equal(late.message, `Hidden by bob at ${hhmm(s.clock.now())} since then, so it cannot be undone`);
    assert.equal(item(s, a).list, 'hidden', "bob's later decision stands");
    // Automatic verdicts and undos are not undone; a person decides instead.
    const undoEntry = s.relay.moderation.audit('somewk').entries.find((e) => e.action === 'undo')!;
    assert.throws(() => s.relay.moderation.undo('somewk', {auditId: undoEntry.id}, 'alice'), ModerationError);
  });
});

describe('moderation: blocking authors', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('hides the author’s past and future posts in every feed, only theirs, and unblock restores each to where it was', async () => {
    s = await setUp((url) => ({
      feeds: {
        a: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 60},
        b: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 60, moderation: {mode: 'approve-first'}},
      },
    }));
    const troll = account('troll', 'Troll');
    const t1 = await arrive(s, 'Troll one #NelftSoMeWeek', troll);
    const t2 = await arrive(s, 'Troll two #NelftSoMeWeek', troll);
    const fine = await arrive(s, 'Someone else #NelftSoMeWeek');
    act(s, t1, 'pin', 'alice', 'a');
    act(s, t2, 'approve', 'alice', 'b');
    assert.deepEqual(shown(s, 'a'), [t1, fine, t2]);
    assert.deepEqual(shown(s, 'b'), [t2]);
    const events: ChangeEvent[] = [];
    s.relay.moderation.onChange((e) => events.push(e));
    const block = act(s, t2, 'block', 'alice', 'a');
    assert.deepEqual([block.item.list, block.item.authorBlocked, block.item.verdict?.by, block.item.verdict?.reason], ['hidden', true, 'block', 'Author blocked by alice']);
    assert.deepEqual(shown(s, 'a'), [fine]);
    assert.deepEqual(shown(s, 'b'), [], 'the other feed is republished too');
    assert.deepEqual(events.map((e) => e.feed).sort(), ['a', 'b']);
    assert.equal(item(s, fine, 'a').authorBlocked, false);
    // A new post of theirs is hidden as it arrives, with the reason.
    const t3 = await arrive(s, 'Troll three #NelftSoMeWeek', troll);
    assert.deepEqual([item(s, t3, 'a').list, item(s, t3, 'a').verdict?.reason], ['hidden', 'Its author was blocked by alice']);
    assert.deepEqual(shown(s, 'a'), [fine]);
    assert.deepEqual(s.relay.moderation.counts('a'), {queue: 1, published: 0, hidden: 3});
    // Unblocked: each back where the block found it, the new one where it would have gone.
    act(s, t3, 'unblock', 'bob', 'a');
    assert.deepEqual(shown(s, 'a'), [t1, t3, fine, t2]);
    assert.equal(item(s, t1, 'a').pinned, true);
    assert.deepEqual(shown(s, 'b'), [t2]);
    assert.deepEqual([item(s, t3, 'b').list, item(s, t3, 'b').authorBlocked], ['queue', false]);
  });

  it('blocks an author on one network only', async () => {
    s = await setUp((url) => feed(url));
    const post = (network: string, id: string): Post => ({
      id, network, uri: `https://${network}.example/${id}`, author: {name: 'Same Name', handle: 'same@example.org', emojis: []}, created: new Date(s.clock.now()),
      text: `${network} post`, sensitive: false, media: [], isReply: false, isBoost: false, tags: [],
    });
    s.relay.moderation.received(['somewk'], [post('mastodon', '1'), post('native', '2')]);
    act(s, 'https://mastodon.example/1', 'block');
    assert.equal(item(s, 'https://native.example/2').list, 'queue');
    assert.equal(item(s, 'https://native.example/2').authorBlocked, false);
    s.relay.moderation.received(['somewk'], [post('mastodon', '3'), post('native', '4')]);
    assert.equal(item(s, 'https://mastodon.example/3').list, 'hidden');
    assert.equal(item(s, 'https://native.example/4').list, 'queue');
  });

  it('undoing a block lifts it and puts back only the posts no one has decided on since', async () => {
    s = await setUp((url) => feed(url));
    const troll = account('troll', 'Troll');
    const t1 = await arrive(s, 'Troll one #NelftSoMeWeek', troll);
    const t2 = await arrive(s, 'Troll two #NelftSoMeWeek', troll);
    const block = act(s, t1, 'block');
    act(s, t2, 'approve', 'bob');
    assert.equal(s.relay.moderation.undo('somewk', {auditId: block.auditId}, 'alice').ok, true);
    assert.deepEqual([item(s, t1).list, item(s, t1).authorBlocked], ['queue', false]);
    assert.equal(item(s, t2).verdict?.reason, 'Approved by bob', "bob's approval stands");
    const t3 = await arrive(s, 'Troll three #NelftSoMeWeek', troll);
    assert.equal(item(s, t3).list, 'queue', 'the block is gone for new posts too');
  });
});

describe('moderation: lists, search, paging', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('searches text, author name and handle, any case; counts stay the whole feed’s', async () => {
    s = await setUp((url) => feed(url));
    const talk = await arrive(s, 'The Wellbeing talk #NelftSoMeWeek');
    const byName = await arrive(s, 'Hello #NelftSoMeWeek', account('dana', 'Dana Ámbar'));
    const byHandle = await arrive(s, 'Hi #NelftSoMeWeek', account('wellbeingbot'));
    const m = s.relay.moderation;
    assert.deepEqual(keys(m.list('somewk', 'queue', {q: 'WELLBEING'}).items), [byHandle, talk]);
    assert.deepEqual(keys(m.list('somewk', 'queue', {q: 'dana ámbar'}).items), [byName]);
    assert.deepEqual(keys(m.list('somewk', 'queue', {q: 'dana@elsewhere'}).items), [byName]);
    assert.deepEqual(keys(m.list('somewk', 'queue', {q: '%'}).items), [], 'no wildcards');
    const none = m.list('somewk', 'queue', {q: 'nothing like it'});
    assert.deepEqual([none.items.length, none.counts.queue], [0, 3]);
  });

  it('pages newest first with `next`, every post once; the audit pages by id', async () => {
    s = await setUp((url) => feed(url, {}, {maxPosts: 100}));
    const uris: string[] = [];
    for (let i = 0; i < 7; i++) uris.unshift(await arrive(s, `Post ${i} #NelftSoMeWeek`));
    const m = s.relay.moderation;
    const pages: string[][] = [];
    let before: string | undefined;
    do {
      const page = m.list('somewk', 'queue', {limit: 3, before});
      pages.push(keys(page.items));
      before = page.next;
    } while (before);
    assert.deepEqual(pages, [uris.slice(0, 3), uris.slice(3, 6), uris.slice(6)]);
    // Pinned first in the published list, then newest first, across pages.
    for (const uri of uris) act(s, uri, 'approve');
    act(s, uris[5], 'pin');
    const first = m.list('somewk', 'published', {limit: 4});
    const second = m.list('somewk', 'published', {limit: 4, before: first.next});
    assert.deepEqual([...keys(first.items), ...keys(second.items)], [uris[5], ...uris.filter((u) => u !== uris[5])]);
    assert.equal(second.next, undefined);
    const audit1 = m.audit('somewk', {limit: 5});
    const audit2 = m.audit('somewk', {limit: 5, before: audit1.next});
    assert.deepEqual(audit1.entries.map((e) => e.action), ['pin', 'approve', 'approve', 'approve', 'approve']);
    assert.deepEqual([audit2.entries.length, audit2.next], [3, undefined]);
    assert.ok(audit2.entries.every((e) => e.id < audit1.entries.at(-1)!.id));
  });

  it('keeps pinned and queued posts when the source keeps only the newest maxPosts', async () => {
    s = await setUp((url) => feed(url, {mode: 'approve-first'}, {maxPosts: 3}));
    const old = await arrive(s, 'An old one worth pinning #NelftSoMeWeek');
    const waiting = await arrive(s, 'An old one still waiting #NelftSoMeWeek');
    act(s, old, 'pin');
    const newer: string[] = [];
    for (let i = 0; i < 5; i++) newer.unshift(await arrive(s, `Newer ${i} #NelftSoMeWeek`));
    for (const uri of newer) act(s, uri, 'approve');
    const source = s.relay.sources.find((x) => x.kind === 'posts')!;
    assert.ok(!s.relay.state.posts(source.key).some((p) => p.uri === old || p.uri === waiting), 'the source has pruned both');
    assert.deepEqual(shown(s), [old, newer[0], newer[1]], 'the pin, then the newest up to maxPosts');
    assert.deepEqual(s.relay.moderation.list('somewk', 'published').items.map((i) => i.public), [true, true, true, false, false, false], 'public: in the file now');
    assert.ok(keys(s.relay.moderation.list('somewk', 'queue').items).includes(waiting));
    s.restart().publishAll();
    assert.deepEqual(shown(s), [old, newer[0], newer[1]]);
  });

  it('keeps hostile post content inert: no script, no handlers, no javascript: links, in the file or the console', async () => {
    s = await setUp((url) => feed(url));
    const hostile = await arrive(s, '<script>alert(1)</script><img src=x onerror=alert(2)>Click <a href="javascript:alert(3)">here</a> #NelftSoMeWeek <iframe src="https://evil.example"></iframe>', account('x', '<img src=x onerror=alert(4)>'));
    const [queued] = s.relay.moderation.list('somewk', 'queue').items;
    assert.equal(queued.key, hostile);
    const [inFile] = (published(s, 'feeds/somewk.json') as Doc).posts;
    for (const html of [queued.post.html, inFile.html]) {
      assert.equal(html, '<p>Click here #NelftSoMeWeek </p>', 'the markup reduced to its text, the javascript: link dropped');
    }
    // The display name is plain text in the format (escaped wherever it is shown), never markup.
    for (const post of [queued.post, inFile]) assert.equal((post.author as {name: string}).name, '<img src=x onerror=alert(4)>');
    assert.deepEqual(inFile, queued.post, 'the console gets exactly what readers get');
  });
});

describe('moderation: arrivals and departures', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('tells listeners how many posts reached the queue after each poll, once the file is out', async () => {
    s = await setUp((url) => feed(url, {blockWords: ['scam']}));
    const events: Array<ChangeEvent & {file: string[]}> = [];
    s.relay.moderation.onChange((e) => events.push({...e, file: shown(s)}));
    s.emulator.post('One #NelftSoMeWeek');
    const two = s.emulator.post('Two #NelftSoMeWeek');
    s.emulator.post('A scam #NelftSoMeWeek');
    await s.relay.runDue();
    assert.equal(events.length, 1);
    assert.deepEqual([events[0].added, events[0].counts], [2, {queue: 2, published: 0, hidden: 1}]);
    assert.ok(events[0].file.includes(two.uri as string));
    s.clock.advance(60_000);
    await s.relay.runDue();
    assert.equal(events.length, 1, 'a poll that brings nothing new is not a change');
  });

  it('drops posts deleted upstream from the queue and every list; the audit keeps its excerpt', async () => {
    s = await setUp(
      (url) => ({feeds: {somewk: {hashtag: 'NelftSoMeWeek', bluesky: {jetstream: [url.replace('http', 'ws')], appview: url}, refresh: 60, moderation: {mode: 'approve-first'}}}}),
      {},
      () => 0.5,
      {jetstreamTiming: {reconnectBaseMs: 20, pingMs: 40, idleMs: 150, quietMs: 50}},
    );
    await s.relay.runDue();
    const jet = s.relay.sources.find((x) => x instanceof JetstreamSource) as JetstreamSource;
    await until(() => jet.connection.connected, 'the connection');
    const kept = s.emulator.jetstreamPost('#NelftSoMeWeek kept', {did: 'did:plc:keeper'});
    const deleted = s.emulator.jetstreamPost('#NelftSoMeWeek deleted, with a phone number', {did: 'did:plc:keeper'});
    const approved = s.emulator.jetstreamPost('#NelftSoMeWeek approved then deleted', {did: 'did:plc:keeper'});
    await until(() => jet.received >= 3, 'the posts');
    s.clock.advance(5_000);
    await s.relay.runDue();
    act(s, approved, 'approve');
    assert.deepEqual(shown(s), [approved]);
    for (const uri of [deleted, approved]) s.emulator.emit({did: 'did:plc:keeper', kind: 'commit', commit: {rev: 'x', operation: 'delete', collection: 'app.bsky.feed.post', rkey: uri.split('/').pop()}});
    await until(() => jet.received >= 5, 'the deletions');
    s.clock.advance(5_000);
    await s.relay.runDue();
    assert.deepEqual(keys(s.relay.moderation.list('somewk', 'queue').items), [kept]);
    assert.deepEqual(s.relay.moderation.counts('somewk'), {queue: 1, published: 0, hidden: 0});
    assert.deepEqual(shown(s), []);
    assert.equal(s.relay.moderation.audit('somewk').entries[0].excerpt, '#NelftSoMeWeek approved then deleted');
  });
});

/** Waits for socket I/O, bounded; never a fixed sleep. */
async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('moderation: restarts', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('keeps every decision, block, pin and audit entry across a restart, and re-queues nothing', async () => {
    s = await setUp((url) => feed(url, {mode: 'approve-first'}));
    const a = await arrive(s, 'A #NelftSoMeWeek');
    const b = await arrive(s, 'B #NelftSoMeWeek');
    const troll = await arrive(s, 'T #NelftSoMeWeek', account('troll'));
    const c = await arrive(s, 'C #NelftSoMeWeek');
    act(s, a, 'pin');
    act(s, b, 'approve');
    act(s, troll, 'block');
    const before = {lists: (['queue', 'published', 'hidden'] as ListName[]).map((l) => s.relay.moderation.list('somewk', l)), audit: s.relay.moderation.audit('somewk'), file: shown(s)};
    s.restart().publishAll();
    assert.deepEqual((['queue', 'published', 'hidden'] as ListName[]).map((l) => s.relay.moderation.list('somewk', l)), before.lists);
    assert.deepEqual(s.relay.moderation.audit('somewk'), before.audit);
    assert.deepEqual(shown(s), [a, b]);
    assert.deepEqual(keys(before.lists[0].items), [c]);
    const later = await arrive(s, 'T again #NelftSoMeWeek', account('troll'));
    assert.equal(item(s, later).list, 'hidden', 'the block holds after the restart');
  });
});
