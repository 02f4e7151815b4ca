import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {Emulator} from './emulator.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const TOKEN = 'tok-9f8e7d6c5b4a-known-secret';
const PASSWORD = 'pass-1a2b-3c4d-known-secret';

export function run(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {env: {PATH: process.env.PATH ?? '', ...env}, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({code, stdout, stderr});
    });
  });
}

/** Every file under a folder, as text. */
function allText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}

describe('the trust-relay command', () => {
  let emulator: Emulator;
  let dir: string;
  const write = (config: Record<string, unknown>) => {
    const file = join(dir, 'relay.json');
    writeFileSync(file, JSON.stringify({out: './public/social', state: './state/relay.sqlite', ...config}));
    return file;
  };
  const fullConfig = () => ({
    feeds: {
      somewk: {
        hashtag: 'NelftSoMeWeek',
        mastodon: [{instance: emulator.url, accessToken: {env: 'NHS_TOKEN'}}],
        bluesky: {jetstream: false, identifier: 'nelft.bsky.social', appPassword: {env: 'BSKY_APP_PASSWORD'}, service: emulator.url, appview: emulator.url},
      },
    },
    counters: {nelft: {mastodon: [{instance: emulator.url, account: 'nelft'}]}},
    schedules: {week: {src: `${emulator.url}/schedule.json`}},
  });

  before(async () => {
    emulator = await new Emulator().start();
    emulator.requireToken = TOKEN;
    emulator.password = PASSWORD;
    emulator.post('Hello #NelftSoMeWeek');
    emulator.blueskyPost('Hello from Bluesky #NelftSoMeWeek');
  });
  after(() => emulator.close());

  const fresh = () => {
    dir = mkdtempSync(join(tmpdir(), 'trust-relay-cli-'));
  };
  const cleanUp = () => rmSync(dir, {recursive: true, force: true});

  it('once: writes every file and exits 0 when all sources are fine', async () => {
    fresh();
    const result = await run(['once', '--config', write(fullConfig())], {NHS_TOKEN: TOKEN, BSKY_APP_PASSWORD: PASSWORD});
    assert.equal(result.code, 0, result.stderr);
    for (const file of ['feeds/somewk.json', 'counters/nelft.json', 'schedules/week.json', 'status.json']) {
      assert.ok(existsSync(join(dir, 'public/social', file)), file);
    }
    const feed = JSON.parse(readFileSync(join(dir, 'public/social/feeds/somewk.json'), 'utf8')) as {posts: Array<{network: string}>};
    assert.deepEqual(feed.posts.map((p) => p.network).sort(), ['bluesky', 'mastodon']);
    assert.match(result.stderr, /info {2}once\.done sources=4 ok=true/);
    cleanUp();
  });

  it('once: exits 1 when a source fails and still writes the files from what worked; no secret anywhere', async () => {
    fresh();
    const result = await run(['once', '--config', write(fullConfig()), '--log', 'json'], {NHS_TOKEN: `${TOKEN}-wrong`, BSKY_APP_PASSWORD: PASSWORD});
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const failed = lines.find((l) => l.event === 'poll.failed');
    assert.match(String(failed?.error), /refused the access token from \$NHS_TOKEN \(401\)/);
    assert.ok(existsSync(join(dir, 'public/social/counters/nelft.json')));
    const status = readFileSync(join(dir, 'public/social/status.json'), 'utf8');
    assert.match(status, /"state":"failing"/);
    // The known secrets: not in a log line, an output file, the state file or an error message.
    const everything = [result.stdout, result.stderr, allText(dir)].join('\n');
    for (const secret of [TOKEN, PASSWORD]) assert.ok(!everything.includes(secret), `a secret leaked`);
    cleanUp();
  });

  it('exits 2 on a configuration error, names the key, starts nothing and writes nothing', async () => {
    fresh();
    const config = fullConfig();
    (config.feeds.somewk.mastodon[0] as Record<string, unknown>).accessToken = TOKEN;
    const result = await run(['serve', '--config', write(config)], {BSKY_APP_PASSWORD: PASSWORD});
    assert.equal(result.code, 2);
    assert.match(result.stderr, /feeds\.somewk\.mastodon\[0\]\.accessToken: a secret must not be written in the file/);
    assert.ok(!result.stderr.includes(TOKEN));
    assert.deepEqual(readdirSync(dir), ['relay.json']);
    assert.equal((await run(['once'], {})).code, 2);
    assert.equal((await run(['frobnicate', '--config', 'x.json'], {})).code, 2);
    assert.equal((await run(['once', '--config', join(dir, 'missing.json')], {})).code, 2);
    cleanUp();
  });

  it('check: validates, tries each credential, prints what it would fetch and how often, changes nothing', async () => {
    fresh();
    const ok = await run(['check', '--config', write(fullConfig())], {NHS_TOKEN: TOKEN, BSKY_APP_PASSWORD: PASSWORD});
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /every 60 s: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/timelines\/tag\/NelftSoMeWeek\?limit=40&min_id=… \(Mastodon hashtag timeline, signed in with \$NHS_TOKEN\)/);
    assert.match(ok.stdout, /every 300 s: GET .*accounts\/lookup\?acct=nelft/);
    assert.match(ok.stdout, /every 600 s: GET .*schedule\.json/);
    assert.match(ok.stdout, /signed in as nelft\.bsky\.social with \$BSKY_APP_PASSWORD\)\n {2}for feeds\/somewk\n {2}OK: 1 posts now/);
    assert.deepEqual(readdirSync(dir), ['relay.json'], 'no state file, no output folder');
    const bad = await run(['check', '--config', write(fullConfig())], {NHS_TOKEN: TOKEN, BSKY_APP_PASSWORD: 'nope-nope-nope'});
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /FAILED: Bluesky refused the login for nelft\.bsky\.social \(\$BSKY_APP_PASSWORD\)/);
    assert.ok(!bad.stdout.includes('nope-nope-nope') && !bad.stderr.includes('nope-nope-nope'));
    cleanUp();
  });

  it("check: reports whether each Mastodon server's hashtag timelines need a login, and names the server whose token is missing", async () => {
    fresh();
    const config = {feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [emulator.url]}}};
    emulator.hashtagFeeds = {local: 'public', remote: 'authenticated'};
    const needs = await run(['check', '--config', write(config)], {});
    assert.equal(needs.code, 1);
    assert.match(needs.stdout, /FAILED: hashtag timelines: this server's posts public, other servers' posts authenticated; they need a login: give "http:\/\/127\.0\.0\.1:\d+" an "accessToken"/);
    emulator.hashtagFeeds = undefined; // an older server, in secure mode: nothing without a token
    const secure = await run(['check', '--config', write(config)], {});
    assert.equal(secure.code, 1);
    assert.match(secure.stdout, /FAILED: the server answers nothing without a token \(secure mode or GoToSocial\): give "http:\/\/127\.0\.0\.1:\d+" an "accessToken"/);
    cleanUp();
  });
});
