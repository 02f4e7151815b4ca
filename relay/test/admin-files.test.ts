import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {loadConsoleFiles} from '../admin/pages.js';
import {moderator, startConsole} from './admin-helpers.js';

describe("the console's page and files", () => {
  it('reads every file of the built console once, by its name, and caches only hashed names for long', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-console-'));
    try {
      mkdirSync(join(dir, 'chunks'));
      writeFileSync(join(dir, 'console.js'), 'export {};');
      writeFileSync(join(dir, 'console.css'), ':root{}');
      writeFileSync(join(dir, 'moderation.js'), '');
      writeFileSync(join(dir, 'chunks', 'purify-Dk3s9_Qa.js'), '');
      writeFileSync(join(dir, 'console.js.map'), '{}');
      const files = loadConsoleFiles(dir);
      assert.deepEqual([...files.keys()].sort(), ['chunks/purify-Dk3s9_Qa.js', 'console.css', 'console.js', 'console.js.map', 'moderation.js']);
      assert.deepEqual(
        [...files].map(([name, f]) => [name, f.type, f.hashed]).sort(),
        [
          ['chunks/purify-Dk3s9_Qa.js', 'text/javascript; charset=utf-8', true],
          ['console.css', 'text/css; charset=utf-8', false],
          ['console.js', 'text/javascript; charset=utf-8', false],
          ['console.js.map', 'application/json; charset=utf-8', false],
          ['moderation.js', 'text/javascript; charset=utf-8', false],
        ],
      );
      assert.equal(loadConsoleFiles(join(dir, 'missing')).size, 0);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('says in words that the console is not built, when dist/console/console.js is missing', async () => {
    const c = await startConsole({}, {files: new Map()});
    try {
      await c.admin.users.add('alice', 'correct horse battery staple');
      const alice = await moderator(c, 'alice', 'correct horse battery staple');
      const page = await alice.get('/admin/');
      assert.equal(page.status, 503);
      assert.match(page.text, /<h1>The console is not built<\/h1>/);
      assert.match(page.text, /Run <code>npm run build<\/code>/);
      assert.equal((await alice.get('/admin/console.js')).status, 404);
    } finally {
      await c.done();
    }
  });

  it('links the console\'s own style sheet when the build made one', async () => {
    const files = new Map([
      ['console.js', {body: Buffer.from(''), type: 'text/javascript; charset=utf-8', hashed: false}],
      ['console.css', {body: Buffer.from(':root{}'), type: 'text/css; charset=utf-8', hashed: false}],
    ]);
    const c = await startConsole({}, {files});
    try {
      await c.admin.users.add('alice', 'correct horse battery staple');
      const page = await (await moderator(c, 'alice', 'correct horse battery staple')).get('/admin/');
      assert.match(page.text, /<link rel="stylesheet" href="\/admin\/console\.css">/);
      assert.doesNotMatch(page.text, /<script>|style=/, 'nothing inline');
    } finally {
      await c.done();
    }
  });
});
