import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import Database from 'better-sqlite3';
import {loadConfig} from '../config.js';
import {memoryLogger} from '../log.js';
import {Relay} from '../relay.js';
import {Emulator} from './emulator.js';
import './helpers.js';

const CHILD = fileURLToPath(new URL('kill-child.js', import.meta.url));

/** Starts the child and kills it with SIGKILL once it has done `rounds` rounds plus a random part of one. */
function runAndKill(config: string, rounds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, config], {stdio: ['ignore', 'pipe', 'inherit']});
    let done = 0;
    child.stdout.on('data', (d: Buffer) => {
      done += (d.toString().match(/round/g) ?? []).length;
      // Part way into a later round: a random moment among commits and writes.
      if (done >= rounds && !child.killed) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 15));
    });
    child.on('error', reject);
    child.on('exit', () => resolve(done));
  });
}

describe('kill -9 at any moment', () => {
  let emulator: Emulator;
  let dir: string;
  let config: string;
  before(async () => {
    emulator = await new Emulator().start();
    emulator.autoPost = true;
    dir = mkdtempSync(join(tmpdir(), 'trust-relay-crash-'));
    config = join(dir, 'relay.json');
    writeFileSync(
      config,
      JSON.stringify({
        out: './out',
        state: './state.sqlite',
        feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [emulator.url], maxPosts: 100}},
        counters: {nelft: {mastodon: [{instance: emulator.url, account: 'nelft'}]}},
      }),
    );
  });
  after(async () => {
    await emulator.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('loses nothing committed and never leaves a half-written file, over five kills', async () => {
    for (let kill = 0; kill < 5; kill++) {
      emulator.followers += 7;
      const rounds = await runAndKill(config, 3 + kill);
      assert.ok(rounds >= 3, `the relay ran (${rounds} rounds)`);
      // What a reader could fetch right after the kill: whole JSON, every time.
      const feed = JSON.parse(readFileSync(join(dir, 'out/feeds/somewk.json'), 'utf8')) as {posts: Array<{uri: string}>};
      JSON.parse(readFileSync(join(dir, 'out/status.json'), 'utf8'));
      // The state file opens, is intact, and holds every post the file shows (files are written after the commit).
      const db = new Database(join(dir, 'state.sqlite'), {readonly: true});
      assert.equal((db.pragma('integrity_check') as Array<{integrity_check: string}>)[0].integrity_check, 'ok');
      const stored = new Set((db.prepare('SELECT key FROM post').all() as Array<{key: string}>).map((r) => r.key));
      const cursor = (db.prepare("SELECT cursor FROM source WHERE key LIKE 'mastodon % #%'").get() as {cursor: string}).cursor;
      db.close();
      // Never ahead of the state: the file's newest post was committed (older ones may since have been trimmed).
      assert.ok(stored.has(feed.posts[0].uri), `${feed.posts[0].uri} is in the state`);
      // The cursor is never ahead of the posts committed with it: the newest stored post is the cursor's.
      assert.ok([...stored].some((key) => key.endsWith(`/${cursor}`)), 'cursor and posts were committed together');
    }
    // A restart cleans up the temporary files a kill left and publishes exactly what the state holds.
    const relay = new Relay(loadConfig(config), {log: memoryLogger()});
    relay.publishAll();
    const names = readdirSync(join(dir, 'out'), {recursive: true}) as string[];
    assert.deepEqual(names.filter((n) => n.endsWith('.tmp')), []);
    const onDisk = readFileSync(join(dir, 'out/feeds/somewk.json'));
    assert.deepEqual(onDisk, relay.output.get('feeds/somewk.json')!.body);
    const posts = (JSON.parse(onDisk.toString()) as {posts: unknown[]}).posts;
    const source = relay.sources.find((x) => x.kind === 'posts')!;
    assert.equal(posts.length, Math.min(100, relay.state.posts(source.key).length));
    assert.ok(posts.length > 20);
    relay.close();
  });
});
