import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
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

const CHILD = fileURLToPath(new URL('moderation-kill-child.js', import.meta.url));

interface Decision {
  action: string;
  auditId: number;
  key: string;
}

/** Runs the deciding child and kills it with SIGKILL a random moment after its `count`th decision; resolves with the decisions it reported. */
function decideAndKill(config: string, count: number): Promise<Decision[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, config], {stdio: ['ignore', 'pipe', 'inherit']});
    const decisions: Decision[] = [];
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [, action, id, key] = line.split(' ');
        decisions.push({action, auditId: Number(id), key});
      }
      if (decisions.length >= count && !child.killed) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 15));
    });
    child.on('error', reject);
    child.on('exit', () => resolve(decisions));
  });
}

describe('moderation: kill -9 in the middle of decisions', () => {
  let emulator: Emulator;
  let dir: string;
  let config: string;
  before(async () => {
    emulator = await new Emulator().start();
    emulator.autoPost = true;
    dir = mkdtempSync(join(tmpdir(), 'trust-relay-moderation-crash-'));
    config = join(dir, 'relay.json');
    writeFileSync(config, JSON.stringify({out: './out', state: './state.sqlite', feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [emulator.url], maxPosts: 100, moderation: {mode: 'approve-first'}}}}));
  });
  after(async () => {
    await emulator.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('loses no decision it reported, and the file never shows a post it hid, over four kills', async () => {
    const all: Decision[] = [];
    for (let kill = 0; kill < 4; kill++) {
      const decisions = await decideAndKill(config, 6 + 3 * kill);
      assert.ok(decisions.length >= 6, `the child decided (${decisions.length})`);
      all.push(...decisions);
      const db = new Database(join(dir, 'state.sqlite'), {readonly: true});
      assert.equal((db.pragma('integrity_check') as Array<{integrity_check: string}>)[0].integrity_check, 'ok');
      for (const d of all) {
        const entry = db.prepare('SELECT action, key FROM moderation_audit WHERE id = ?').get(d.auditId) as {action: string; key: string} | undefined;
        assert.deepEqual(entry, {action: d.action, key: d.key}, `audit entry ${d.auditId} is kept`);
        const row = db.prepare("SELECT list, pin FROM moderation_item WHERE feed = 'somewk' AND key = ?").get(d.key) as {list: string; pin: number | null};
        assert.equal(row.list, d.action === 'hide' ? 'hidden' : 'published', `${d.key} is where ${d.action} put it`);
        assert.equal(row.pin !== null, d.action === 'pin');
      }
      db.close();
      // What a reader fetches right after the kill: whole JSON, every pin in it, nothing hidden.
      const file = JSON.parse(readFileSync(join(dir, 'out/feeds/somewk.json'), 'utf8')) as {posts: Array<{uri: string; pinned?: boolean}>};
      const inFile = new Map(file.posts.map((p) => [p.uri, p]));
      for (const d of all) {
        if (d.action === 'hide') assert.ok(!inFile.has(d.key), `hidden ${d.key} is not in the file`);
        if (d.action === 'pin') assert.equal(inFile.get(d.key)?.pinned, true, `pinned ${d.key} is in the file`);
      }
    }
    // A restart publishes exactly what was decided.
    const relay = new Relay(loadConfig(config), {log: memoryLogger()});
    relay.publishAll();
    assert.deepEqual(readFileSync(join(dir, 'out/feeds/somewk.json')), relay.output.get('feeds/somewk.json')!.body);
    const audit = relay.moderation.audit('somewk', {limit: 200}).entries;
    assert.ok(all.every((d) => audit.some((e) => e.id === d.auditId && e.actor === 'alice')));
    relay.close();
  });
});
