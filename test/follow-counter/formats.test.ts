import {expect} from '@open-wc/testing';
import '../helpers/index.js';
import {bluesky, json, mastodon, native, toCount} from '../../src/follow-counter/adapters.js';
import {parsePath, readPath} from '../../src/follow-counter/path.js';
import {ObservedHistory, milestoneCrossed, sparklinePoints, sumHistories, trendOf} from '../../src/follow-counter/model.js';
import {resolveSources} from '../../src/follow-counter/sources.js';
import {TrustError} from '../../src/shared/errors.js';
import type {Adapted} from '../../src/shared/adapter.js';
import type {Counter} from '../../src/follow-counter/model.js';

const fixture = async (name: string): Promise<unknown> => (await fetch(`/test/fixtures/${name}`)).json();
const context = {timeZone: 'Europe/London', baseUrl: 'https://example.org/source.json'};
const adapted = (result: Adapted<Counter> | Promise<Adapted<Counter>>) => result as Adapted<Counter>;

function thrown(fn: () => unknown): TrustError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(TrustError);
    return error as TrustError;
  }
  throw new Error('expected a TrustError');
}

describe('follow-counter formats', () => {
  it('reads the real Mastodon account lookup: 0 followers, profile URL and display name', async () => {
    const {value} = adapted(mastodon.adapt(await fixture('formats/mastodon-account-lookup.json'), context));
    expect(value.count).to.equal(0);
    expect(value.accounts).to.deep.equal([
      {count: 0, network: 'mastodon', account: '@mastodonpy_test', name: 'John Lennon', url: 'http://localhost:3000/@mastodonpy_test', source: context.baseUrl},
    ]);
  });

  it('reads the Mastodon documentation example: 547 followers of a remote account', async () => {
    const {value} = adapted(mastodon.adapt(await fixture('formats/mastodon-account-example.json'), context));
    expect(value.count).to.equal(547);
    expect(value.accounts[0].account).to.equal('@noiob@awoo.space');
    expect(value.accounts[0].url).to.equal('https://awoo.space/@noiob');
  });

  it('turns Mastodon’s 404 body into a not-found error', async () => {
    const body = await fixture('formats/mastodon-account-lookup-404.json');
    const error = thrown(() => mastodon.adapt(body, context));
    expect(error.kind).to.equal('not-found');
    expect(error.message).to.contain('Record not found');
  });

  it('refuses a Mastodon account whose server hides the count (-1)', () => {
    expect(thrown(() => mastodon.adapt({acct: 'x', followers_count: -1}, context)).kind).to.equal('format');
  });

  it('reads the real Bluesky profile: 554 followers and a bsky.app profile link', async () => {
    const {value} = adapted(bluesky.adapt(await fixture('formats/bluesky-get-profile.json'), context));
    expect(value.count).to.equal(554);
    expect(value.accounts[0]).to.include({network: 'bluesky', account: '@alice.example.com', name: 'Alice Example', url: 'https://bsky.app/profile/alice.example.com'});
  });

  it('falls back to the DID when a Bluesky handle is invalid, and reads "Profile not found" as not found', () => {
    const {value} = adapted(bluesky.adapt({did: 'did:plc:abc', handle: 'handle.invalid', followersCount: 3}, context));
    expect(value.accounts[0]).to.include({account: 'did:plc:abc', url: 'https://bsky.app/profile/did:plc:abc'});
    expect(thrown(() => bluesky.adapt({error: 'InvalidRequest', message: 'Profile not found'}, context)).kind).to.equal('not-found');
  });

  it('reads a real moved Mastodon account (TootSDK) and says where it moved, and refuses a suspended one as not found', async () => {
    const raw = (await fixture('formats/mastodon-account-moved-tootsdk.json')) as Record<string, unknown>;
    const {value, problems} = adapted(mastodon.adapt(raw, context));
    expect(value.count).to.equal(547);
    expect(problems).to.deep.equal([{where: '@noiob@awoo.space', reason: '@noiob@awoo.space has moved to @noiob@awoo.space: its followers are moving there, so count that account instead'}]);
    const error = thrown(() => mastodon.adapt({...raw, moved: undefined, suspended: true}, context));
    expect(error.kind).to.equal('not-found');
    expect(error.message).to.equal('The Mastodon account @noiob@awoo.space is suspended');
  });

  it('never builds a profile link from a Bluesky handle or DID that is not one', () => {
    const {value} = adapted(bluesky.adapt({did: 'did:plc:abc', handle: 'bad\uD800handle', followersCount: 3}, context));
    expect(value.accounts[0]).to.include({account: 'did:plc:abc', url: 'https://bsky.app/profile/did:plc:abc'});
    const none = adapted(bluesky.adapt({did: 'javascript:alert(1)', handle: '<b>x</b>', followersCount: 3}, context)).value.accounts[0];
    expect([none.account, none.url]).to.deep.equal([undefined, undefined]);
    expect(thrown(() => bluesky.adapt({did: 'did:plc:abc'}, context)).message).to.equal('This Bluesky profile has no usable followersCount (missing)');
  });

  it('reads the native format, sorting its history and skipping bad points', () => {
    const {value, problems} = adapted(
      native.adapt(
        {
          count: 12,
          url: 'javascript:alert(1)',
          history: [{at: '2016-10-25', count: 10}, {at: 'soon', count: 11}, {at: '2016-10-24T09:00:00Z', count: -4}, {at: '2016-10-24T09:00:00Z', count: 8}],
        },
        context,
      ),
    );
    expect(value.count).to.equal(12);
    expect(value.accounts[0].url, 'only http(s) links').to.equal(undefined);
    expect(value.history).to.deep.equal([
      {at: Date.parse('2016-10-24T09:00:00Z'), count: 8},
      {at: Date.parse('2016-10-24T23:00:00Z'), count: 10}, // midnight in London (BST)
    ]);
    expect(problems.map((p) => p.where)).to.deep.equal(['history[1]', 'history[2]']);
  });

  it('refuses native data without a usable count', () => {
    expect(thrown(() => native.adapt({count: 'lots'}, context)).message).to.contain('"count"');
    expect(thrown(() => native.adapt([1, 2], context)).kind).to.equal('format');
  });

  it('accepts counts as numbers or digit strings, nothing else', () => {
    expect([toCount(2314), toCount(' 412 '), toCount(2.6), toCount(-1), toCount('1e3'), toCount(null), toCount(Infinity), toCount(2 ** 53), toCount(-0.4)]).to.deep.equal([2314, 412, 3, undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('follow-counter path', () => {
  const data = {data: {stats: [{followers: 2314, 'odd key': {n: 5}}]}, followers: 7, items: [1, 2, 3]};

  it('follows dotted, bracket and quoted paths', () => {
    expect(readPath(data, 'data.stats[0].followers')).to.equal(2314);
    expect(readPath(data, '["followers"]')).to.equal(7);
    expect(readPath(data, "data.stats[0]['odd key'].n")).to.equal(5);
    expect(readPath(data, '$.items.2')).to.equal(3);
    expect(readPath(data, ' followers ')).to.equal(7);
  });

  it('names the path and the missing step when there is nothing there', () => {
    const error = thrown(() => readPath(data, 'data.stats[3].followers'));
    expect(error.kind).to.equal('format');
    expect(error.message).to.contain('"data.stats[3].followers"').and.to.contain('"data.stats" has no item [3]');
    expect(thrown(() => readPath(data, 'data.total')).message).to.contain('"data" has no "total"');
  });

  it('never follows inherited properties', () => {
    expect(thrown(() => readPath({}, 'constructor.name')).kind).to.equal('format');
    expect(thrown(() => readPath({a: {}}, 'a.__proto__')).kind).to.equal('format');
  });

  it('rejects paths that are not paths', () => {
    for (const bad of ['', 'a..b', 'a b', 'a[x]', 'a[0', '$']) expect(thrown(() => parsePath(bad)).kind, bad).to.equal('config');
  });

  it('the json format says what it found instead of a number', () => {
    const read = (path: string) => json.adapt(data, {...context, path} as typeof context);
    expect(adapted(read('data.stats[0].followers')).value.count).to.equal(2314);
    const error = thrown(() => read('data.stats'));
    expect(error.message).to.contain('"data.stats" is a list, not a number');
    expect(error.url).to.equal(context.baseUrl);
  });
});

describe('follow-counter model', () => {
  it('sums histories taken at different moments from when all are known', () => {
    const a = [{at: 0, count: 10}, {at: 20, count: 12}];
    const b = [{at: 10, count: 100}, {at: 30, count: 105}];
    expect(sumHistories([a, b])).to.deep.equal([
      {at: 10, count: 110},
      {at: 20, count: 112},
      {at: 30, count: 117},
    ]);
    expect(sumHistories([a, []])).to.deep.equal([]);
  });

  it('finds the milestone crossed, the highest of several, and none on a fall', () => {
    expect(milestoneCrossed(2290, 2305, 100)).to.equal(2300);
    expect(milestoneCrossed(2290, 2510, 100)).to.equal(2500);
    expect(milestoneCrossed(2300, 2399, 100)).to.equal(undefined);
    expect(milestoneCrossed(2305, 2290, 100)).to.equal(undefined);
    expect(milestoneCrossed(99, 100, 0)).to.equal(undefined);
  });

  it('describes a trend and draws a bounded sparkline', () => {
    const history = Array.from({length: 1000}, (_, i) => ({at: i * 1000, count: 100 + i}));
    expect(trendOf(history)).to.deep.equal({direction: 'rising', from: 100, to: 1099, span: 999_000});
    const points = sparklinePoints(history, 120, 32).split(' ');
    expect(points.length).to.equal(120);
    expect(points[0]).to.equal('0,32');
    expect(points.at(-1)).to.equal('120,0');
    expect(sparklinePoints([{at: 0, count: 5}, {at: 1, count: 5}], 120, 32)).to.equal('0,16 120,16');
  });

  it('keeps at most the limit of observed counts, and a run of equal counts as its two ends', () => {
    const observed = new ObservedHistory(3);
    for (const [at, count] of [[1, 5], [2, 5], [3, 5], [4, 6], [5, 7], [6, 8]]) observed.add({at, count});
    expect(observed.points).to.deep.equal([{at: 4, count: 6}, {at: 5, count: 7}, {at: 6, count: 8}]);
    const runs = new ObservedHistory();
    for (const at of [1, 2, 3, 4]) runs.add({at, count: 5});
    expect(runs.points).to.deep.equal([{at: 1, count: 5}, {at: 4, count: 5}]);
  });
});

describe('follow-counter sources', () => {
  const page = 'https://www.nelft.nhs.uk/news/';

  it('turns accounts into Mastodon and Bluesky API URLs by their shape', () => {
    const {sources, invalid} = resolveSources({account: '@NELFT@mastodon.social nelft.bsky.social did:plc:abc', instance: undefined}, page);
    expect(sources.map((s) => [s.url, s.network, s.account])).to.deep.equal([
      ['https://mastodon.social/api/v1/accounts/lookup?acct=NELFT%40mastodon.social', 'mastodon', '@NELFT@mastodon.social'],
      ['https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=nelft.bsky.social', 'bluesky', '@nelft.bsky.social'],
      ['https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=did%3Aplc%3Aabc', 'bluesky', 'did:plc:abc'],
    ]);
    expect(invalid).to.deep.equal([]);
  });

  it('looks bare names up on the instance (kept below its path), and honours prefixes and format', () => {
    const {sources} = resolveSources({account: 'NELFT bluesky:nelft', instance: 'https://example.org/mock/mastodon', blueskyApi: 'example.net/bsky'}, page);
    expect(sources.map((s) => s.url)).to.deep.equal([
      'https://example.org/mock/mastodon/api/v1/accounts/lookup?acct=NELFT',
      'https://example.net/bsky/xrpc/app.bsky.actor.getProfile?actor=nelft',
    ]);
    expect(sources[0].server).to.equal('example.org');
    const forced = resolveSources({account: 'a.b', format: 'mastodon', instance: 'mastodon.social'}, page).sources;
    expect(forced[0].network).to.equal('mastodon');
  });

  it('reports accounts it cannot look up and reads every src URL', () => {
    const {sources, invalid} = resolveSources({account: 'NELFT', src: 'a.json  https://example.org/b.json?x=1,2'}, page);
    expect(sources.map((s) => s.url)).to.deep.equal(['https://www.nelft.nhs.uk/news/a.json', 'https://example.org/b.json?x=1,2']);
    expect(invalid[0]).to.contain('NELFT');
    expect(resolveSources({account: 'NELFT', instance: 'javascript:alert(1)'}, page).sources).to.deep.equal([]);
  });
});
