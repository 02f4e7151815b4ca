import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ConfigError, parseConfig} from '../config.js';

/** The configuration of the relay issue, word for word. */
const ISSUE_EXAMPLE = {
  listen: '127.0.0.1:8787',
  out: './public/social',
  state: './relay-state.sqlite',
  allowOrigins: ['https://www.nelft.nhs.uk', 'https://intranet.nelft.nhs.uk'],
  feeds: {
    somewk: {
      hashtag: 'NelftSoMeWeek',
      mastodon: ['https://mastodon.social', {instance: 'https://nhs.social', accessToken: {env: 'NHS_SOCIAL_TOKEN'}}],
      bluesky: {identifier: 'nelft.bsky.social', appPassword: {env: 'BSKY_APP_PASSWORD'}, service: 'https://bsky.social', appview: 'https://api.bsky.app'},
      refresh: 60,
      maxPosts: 200,
      moderation: {blockWords: ['giveaway'], blockAccounts: [], hideReplies: true, hideBoosts: false, hideSensitive: false, languages: []},
    },
  },
  counters: {nelft: {mastodon: ['@nelft@nhs.social', {instance: 'https://nhs.social', account: 'nelft'}], bluesky: ['nelft.bsky.social'], refresh: 300}},
  schedules: {week: {src: 'https://sessionize.com/api/v2/abcd1234/view/All', format: 'sessionize', refresh: 600}},
};
const ENV = {NHS_SOCIAL_TOKEN: 'nhs-token-value', BSKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop'};

function problems(config: unknown, env: Record<string, string> = ENV): string[] {
  try {
    parseConfig(JSON.stringify(config), '/etc/trust/relay.json', env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  return [];
}

const withFeed = (patch: Record<string, unknown>) => ({...ISSUE_EXAMPLE, feeds: {somewk: {...ISSUE_EXAMPLE.feeds.somewk, ...patch}}});

describe('configuration', () => {
  it("reads the issue's example, with paths from the config file's folder and secrets from the environment", () => {
    const config = parseConfig(JSON.stringify(ISSUE_EXAMPLE), '/etc/trust/relay.json', ENV);
    assert.equal(config.out, '/etc/trust/public/social');
    assert.equal(config.state, '/etc/trust/relay-state.sqlite');
    assert.deepEqual(config.listen, {host: '127.0.0.1', port: 8787});
    const feed = config.feeds[0];
    assert.equal(feed.hashtag, 'NelftSoMeWeek');
    assert.equal(feed.mastodon[1].accessToken?.reveal(), 'nhs-token-value');
    assert.equal(feed.bluesky?.login?.appPassword.reveal(), 'abcd-efgh-ijkl-mnop');
    // No "jetstream" key: Bluesky's four official Jetstream instances, the login kept for filling gaps.
    assert.deepEqual(feed.bluesky?.jetstream, ['wss://jetstream1.us-east.bsky.network', 'wss://jetstream2.us-east.bsky.network', 'wss://jetstream1.us-west.bsky.network', 'wss://jetstream2.us-west.bsky.network']);
    assert.deepEqual(config.counters[0].mastodon, [{instance: 'https://nhs.social', account: 'nelft'}, {instance: 'https://nhs.social', account: 'nelft'}]);
    assert.equal(config.counters[0].bluesky[0].appview, 'https://public.api.bsky.app');
    assert.equal(config.schedules[0].refresh, 600);
  });

  it('never prints a secret: not in a template string, JSON or inspection', async () => {
    const config = parseConfig(JSON.stringify(ISSUE_EXAMPLE), '/etc/trust/relay.json', ENV);
    const {inspect} = await import('node:util');
    const printed = [String(config.feeds[0].bluesky?.login?.appPassword), JSON.stringify(config), inspect(config, {depth: 10})].join('\n');
    assert.ok(!printed.includes(ENV.BSKY_APP_PASSWORD) && !printed.includes(ENV.NHS_SOCIAL_TOKEN));
    assert.match(printed, /\[secret from \$BSKY_APP_PASSWORD\]/);
  });

  it('refuses a secret written in the file, naming the key but not the value', () => {
    const found = problems(withFeed({mastodon: [{instance: 'https://nhs.social', accessToken: 'abc123literal'}]}));
    assert.deepEqual(found, ['feeds.somewk.mastodon[0].accessToken: a secret must not be written in the file; put it in an environment variable and write {"env": "NAME"}']);
    assert.ok(!found.join().includes('abc123literal'));
  });

  it('names the environment variable that is not set', () => {
    assert.deepEqual(problems(ISSUE_EXAMPLE, {NHS_SOCIAL_TOKEN: 'x'}), ['feeds.somewk.bluesky.appPassword: the environment variable BSKY_APP_PASSWORD is not set']);
  });

  it('names each wrong key and says what is wrong', () => {
    const found = problems({...withFeed({refresh: 5, mastodon: ['ftp://nope'], colour: 'blue'}), listen: 'localhost', feeds2: {}});
    assert.ok(found.includes('(the file): has an unknown key "feeds2"'), found.join('\n'));
    assert.ok(found.includes('feeds.somewk: has an unknown key "colour"'), found.join('\n'));
    assert.ok(found.includes('feeds.somewk.refresh: must be 15 or more'), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('feeds.somewk.mastodon[0]: is not valid')), found.join('\n'));
  });

  it('refuses names that cannot be file names, a missing hashtag, a bad zone and a bad listen address', () => {
    assert.match(problems({feeds: {'../etc': {hashtag: 'x', mastodon: ['https://a.example']}}}).join(), /cannot be a file name/);
    assert.deepEqual(problems({feeds: {a: {mastodon: ['https://a.example']}}}), ['feeds.a: is missing "hashtag" (or "x")']);
    assert.deepEqual(problems({schedules: {w: {src: 'https://a.example/s.json', timezone: 'Mars/Olympus'}}}), ['schedules.w.timezone: "Mars/Olympus" is not an IANA time zone (for example "Europe/London")']);
    assert.deepEqual(problems({listen: '127.0.0.1', counters: {n: {bluesky: ['nelft.bsky.social']}}}), ['listen: "127.0.0.1" is not host:port (for example "127.0.0.1:8787")']);
  });

  it('says so when the file is not JSON or has nothing to do', () => {
    assert.throws(() => parseConfig('{"feeds": ', 'relay.json'), (e: ConfigError) => /is not valid JSON/.test(e.problems[0]));
    assert.deepEqual(problems({}), ['(the file): has nothing to do: add "feeds", "counters" or "schedules"']);
  });
});
