import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, it} from 'node:test';
import {TrustError} from '../../src/shared/errors.js';
import {memoryLogger} from '../log.js';
import {Secret} from '../secrets.js';
import {FacebookPageSource, GRAPH_LIMIT_PAUSE_MS, InstagramAccountSource, graphUsage} from '../sources/meta.js';
import type {SourceContext} from '../sources/source.js';
import {State} from '../state.js';
import {Upstream} from '../upstream.js';
import {ManualClock} from './helpers.js';
import {GRAPH_ERRORS, PlatformEmulator, fixture} from './platform-emulator.js';

const PAGE = '100000000000001';
const IG = '17841400000000001';
const TRACE = 'AbCdEfGhIjKlMnOpQrStUvW';

async function failure(promise: Promise<unknown>): Promise<TrustError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TrustError, `a TrustError, not ${String(error)}`);
    return error;
  }
  assert.fail('the poll should have failed');
}

describe('Facebook Pages and Instagram accounts through the Graph API emulator', () => {
  let emulator: PlatformEmulator;
  let clock: ManualClock;
  let dir: string;
  let state: State;
  let context: SourceContext;
  let token: Secret;
  const page = (extra: {pageId?: string; version?: string} = {}) => new FacebookPageSource({apiBase: emulator.url, version: 'v24.0', pageId: PAGE, pageToken: token, intervalMs: 300_000, ...extra});
  const instagram = () => new InstagramAccountSource({apiBase: emulator.url, version: 'v24.0', accountId: IG, pageToken: token, intervalMs: 300_000});
  const graphFault = (name: string, headers: Record<string, string> = {}) => {
    const {status, body} = GRAPH_ERRORS[name];
    emulator.faults.set('/v24.0/', {status, body: JSON.stringify(body), headers, times: 1});
  };

  beforeEach(async () => {
    emulator = await new PlatformEmulator().start();
    clock = new ManualClock();
    emulator.now = clock.now;
    dir = mkdtempSync(join(tmpdir(), 'trust-relay-meta-'));
    state = new State(join(dir, 'state.sqlite'));
    token = new Secret('META_PAGE_TOKEN', emulator.pageToken);
    context = {upstream: new Upstream({timeoutMs: 5000, maxBytes: 1 << 20, clock}), state, clock, log: memoryLogger()};
  });
  afterEach(async () => {
    state.close();
    await emulator.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it("reads a Page's followers_count, with the token in the Authorization header, never in the URL", async () => {
    const source = page();
    const result = await source.poll(context);
    assert.deepEqual(result, {
      kind: 'count',
      account: {count: 1102, network: 'facebook', account: 'NELFT NHS Foundation Trust (fictional)', name: 'NELFT NHS Foundation Trust (fictional)', url: 'https://www.facebook.com/FictionalNelftPage', source: source.key},
      problems: [],
    });
    const [seen] = emulator.requests('/v24.0/');
    assert.equal(seen.url.pathname, `/v24.0/${PAGE}`);
    assert.equal(seen.url.searchParams.get('fields'), 'followers_count,fan_count,name,link');
    assert.equal(seen.url.searchParams.get('access_token'), null);
    assert.equal(seen.headers.authorization, `Bearer ${emulator.pageToken}`);
    assert.equal(source.network, 'facebook');
    assert.ok(!JSON.stringify(result).includes(emulator.pageToken));
    assert.ok(!source.describe().includes(emulator.pageToken));
    assert.match(source.describe(), /Graph API v24\.0, the Facebook Page 100000000000001's followers, with the Page token from \$META_PAGE_TOKEN/);
  });

  it('falls back to fan_count only when followers_count is absent, and says so', async () => {
    delete emulator.pages.get(PAGE)!.followers_count;
    const result = await page().poll(context);
    assert.equal(result.kind === 'count' && result.account.count, 1043);
    assert.deepEqual(result.problems, [{where: `Facebook Page ${PAGE}`, reason: "Meta's answer has no followers_count: counting the Page's likes (fan_count) instead, which can be fewer than its followers"}]);
    delete emulator.pages.get(PAGE)!.fan_count;
    assert.match((await failure(page().poll(context))).message, /Meta answered without a usable followers_count \(or fan_count\) for the Facebook Page/);
  });

  it("reads an Instagram professional account's followers_count, linked to its profile", async () => {
    const source = instagram();
    const result = await source.poll(context);
    assert.deepEqual(result, {kind: 'count', account: {count: 688, network: 'instagram', account: '@fictional_nelft', name: 'NELFT (fictional)', url: 'https://www.instagram.com/fictional_nelft', source: source.key}, problems: []});
    assert.equal(emulator.requests('/v24.0/')[0].url.searchParams.get('fields'), 'followers_count,username,name');
    assert.equal(source.network, 'instagram');
  });

  it("explains the Graph API's errors in words, quoting Meta but never its trace id or the token", async () => {
    const cases: Array<[string, 'page' | 'instagram', RegExp, string]> = [
      ['expired', 'page', /^The Page token from \$META_PAGE_TOKEN has expired: make a new long-lived Page access token \(see the README\) \(Meta says: "Error validating access token: Session has expired on/, 'http'],
      ['passwordChanged', 'page', /^The Page token from \$META_PAGE_TOKEN is no longer valid: the password of the account that made it was changed: make a new/, 'http'],
      ['permission10', 'page', /^Meta refused to read the Facebook Page 100000000000001: a permission is missing: the token needs pages_read_engagement for the trust's own Page, or the app needs Page Public Metadata Access \(after Meta's app review\)/, 'http'],
      ['permission10', 'instagram', /^Meta refused to read the Instagram account 17841400000000001: a permission is missing: the token needs instagram_basic/, 'http'],
      ['noSuchObject', 'page', /^Meta has no Facebook Page 100000000000001 that this token can see: check the id, and that the token belongs to the trust's Page \(Meta says: "Unsupported get request\./, 'not-found'],
      ['missingPermission', 'page', /^Meta did not accept the request for the Facebook Page 100000000000001 \(invalid parameter\) \(Meta says: "\(#100\) Object does not exist, cannot be loaded due to missing permission .*'Page Public Metadata Access' feature\."\)$/, 'http'],
    ];
    for (const [name, which, words, kind] of cases) {
      graphFault(name);
      const error = await failure((which === 'page' ? page() : instagram()).poll(context));
      assert.match(error.message, words, name);
      assert.equal(error.kind, kind, name);
      assert.ok(!error.message.includes(TRACE) && !error.message.includes('fbtrace'), name);
      assert.ok(!error.message.includes(emulator.pageToken), name);
    }
    // The emulator itself refuses a wrong token as Meta does (code 190).
    const wrong = new FacebookPageSource({apiBase: emulator.url, pageId: PAGE, pageToken: new Secret('META_PAGE_TOKEN', 'not-the-page-token'), intervalMs: 300_000});
    assert.match((await failure(wrong.poll(context))).message, /^Meta refused the Page token from \$META_PAGE_TOKEN: make a new long-lived Page access token \(see the README\) \(Meta says: "Invalid OAuth access token - Cannot parse access token"\)$/);
    const unknown = await failure(page({pageId: '999'}).poll(context));
    assert.equal(unknown.kind, 'not-found');
  });

  it('pauses until Meta says access is back when a rate-limit error comes with X-Business-Use-Case-Usage', async () => {
    const usage = {[PAGE]: [{type: 'pages', call_count: 100, total_cputime: 12, total_time: 14, estimated_time_to_regain_access: 19}]};
    graphFault('pagesUseCase', {'X-Business-Use-Case-Usage': JSON.stringify(usage)});
    const source = page();
    const limited = await failure(source.poll(context));
    assert.equal(limited.kind, 'rate-limited');
    const until = new Date(clock.now() + 19 * 60_000).toISOString();
    assert.match(limited.message, new RegExp(`^Paused until ${until}: Meta's rate limit for this app is reached \\(X-Business-Use-Case-Usage: 100 % used, access back in about 19 minutes\\); .*There have been too many calls to this Page account`));
    assert.equal(limited.details.retryAfterMs, 19 * 60_000);
    const asked = emulator.seen.length;
    clock.advance(18 * 60_000);
    assert.equal((await failure(source.poll(context))).message, limited.message);
    // Kept in the state file: a restart does not ask early either.
    state.close();
    state = context.state = new State(join(dir, 'state.sqlite'));
    await failure(page().poll(context));
    assert.equal(emulator.seen.length, asked, 'no request before the time Meta gave');
    clock.advance(60_000);
    assert.equal((await page().poll(context)).kind, 'count');
  });

  it('waits an hour on a rate-limit error without usage figures (Meta counts over a rolling hour)', async () => {
    graphFault('appLimit');
    const source = instagram();
    const limited = await failure(source.poll(context));
    assert.match(limited.message, /^Paused until .*: Meta's rate limit for this app is reached \(no usage figures: waiting 1 hour\); .*Application request limit reached/);
    const asked = emulator.seen.length;
    clock.advance(GRAPH_LIMIT_PAUSE_MS - 1);
    await failure(source.poll(context));
    assert.equal(emulator.seen.length, asked);
    clock.advance(1);
    assert.equal((await source.poll(context)).kind, 'count');
  });

  it('keeps the count of an answer that reports 100 % usage, then pauses before the next', async () => {
    emulator.appUsage = {call_count: 100, total_cputime: 40, total_time: 38};
    const source = page();
    assert.equal((await source.poll(context)).kind, 'count');
    emulator.appUsage = {call_count: 12, total_cputime: 4, total_time: 3};
    const paused = await failure(source.poll(context));
    assert.equal(paused.kind, 'rate-limited');
    assert.match(paused.message, /X-App-Usage: 100 % used/);
    assert.equal(emulator.seen.length, 1);
    clock.advance(GRAPH_LIMIT_PAUSE_MS);
    assert.equal((await source.poll(context)).kind, 'count');
    assert.equal(emulator.seen.length, 2);
  });

  it('reads the usage headers as Meta sends them, and ignores malformed ones', () => {
    const recorded = fixture<Record<string, unknown>>('graph-usage-headers.json');
    const headers = new Headers(Object.entries(recorded).map(([k, v]): [string, string] => [k, JSON.stringify(v)]));
    assert.deepEqual(graphUsage(headers), {percent: 29, regainMs: 0, header: 'x-business-use-case-usage'});
    assert.deepEqual(graphUsage(new Headers({'x-app-usage': '{not json', 'x-business-use-case-usage': '[1,2]'})), {percent: 0, regainMs: 0, header: undefined});
  });

  it('refuses a Graph API version, Page id or Instagram id that cannot be right, before asking', () => {
    assert.throws(() => page({version: '24'}), (e: TrustError) => e.kind === 'config' && /"24" is not a Graph API version \(like "v24\.0"\)/.test(e.message));
    assert.throws(() => page({pageId: '../me/accounts'}), (e: TrustError) => e.kind === 'config' && /is not a Facebook Page id/.test(e.message));
    assert.throws(() => new InstagramAccountSource({accountId: 'nelft', pageToken: token, intervalMs: 1}), (e: TrustError) => e.kind === 'config');
    assert.equal(emulator.seen.length, 0);
  });
});
