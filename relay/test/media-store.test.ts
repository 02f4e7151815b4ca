import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, it} from 'node:test';
import type {FetchedMedia} from '../media/fetch.js';
import type {ImageType} from '../media/image.js';
import {sendMedia} from '../media/serve.js';
import {MediaStore, type MediaStoreOptions} from '../media/store.js';
import {State} from '../state.js';
import {ManualClock} from './helpers.js';
import {fixture} from './media-helpers.js';

const png = (n: number, size = 0): FetchedMedia => {
  // Distinct contents: the fixture PNG with n (and padding) after its end.
  const body = Buffer.concat([fixture('blue.png'), Buffer.from(`#${n}`), Buffer.alloc(size)]);
  return {url: `https://files.example/${n}.png`, finalUrl: `https://files.example/${n}.png`, type: 'image/png', ext: 'png', body};
};
const as = (media: FetchedMedia, url: string): FetchedMedia => ({...media, url, finalUrl: url});

describe('media store', () => {
  let dir: string;
  let state: State;
  let clock: ManualClock;
  const open = (options: Partial<MediaStoreOptions> = {}) => new MediaStore({db: state.db, out: join(dir, 'out'), clock, ...options});
  const files = () => readdirSync(join(dir, 'out', 'media')).sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trust-media-'));
    state = new State(join(dir, 'state.db'));
    clock = new ManualClock();
  });
  afterEach(() => {
    state.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('keeps one file per content, named by its SHA-256, whatever URLs it came from', () => {
    const store = open();
    const a = store.put(png(1));
    const b = store.put(as(png(1), 'https://cdn.example/other/path.png'));
    assert.equal(a.name, b.name);
    assert.match(a.name, /^[0-9a-f]{64}\.png$/);
    assert.deepEqual(files(), [a.name]);
    assert.deepEqual(store.totals(), {files: 1, bytes: png(1).body.length});
    assert.equal(store.get('https://files.example/1.png')?.name, a.name);
    assert.equal(store.get('https://cdn.example/other/path.png')?.name, a.name);
  });

  it('evicts the least recently used past the count bound, and does not fetch them straight back', () => {
    const store = open({maxFiles: 2});
    store.put(png(1));
    clock.advance(1000);
    store.put(png(2));
    clock.advance(1000);
    store.retain('feeds/a.json', new Map([['p1', ['https://files.example/1.png']]])); // 1 used now, so 2 is the oldest used
    clock.advance(1000);
    store.put(png(3));
    assert.equal(store.totals().files, 2);
    assert.ok(store.get('https://files.example/1.png'));
    assert.equal(store.get('https://files.example/2.png'), undefined);
    assert.ok(store.get('https://files.example/3.png'));
    assert.equal(files().length, 2);
    assert.match(store.failure('https://files.example/2.png') ?? '', /evicted: the media store was full/);
  });

  it('evicts past the byte bound, oldest used first', () => {
    const store = open({maxBytes: 3000});
    for (let n = 1; n <= 4; n++) {
      store.put(png(n, 1000));
      clock.advance(1000);
    }
    const {files: count, bytes} = store.totals();
    assert.ok(bytes <= 3000, `${bytes} bytes`);
    assert.equal(count, 2);
    assert.equal(store.get('https://files.example/1.png'), undefined);
    assert.equal(store.get('https://files.example/2.png'), undefined);
    assert.ok(store.get('https://files.example/4.png'));
    assert.equal(files().length, 2);
  });

  it('deletes a file with the last published post that uses it, in any file', () => {
    const store = open();
    const one = store.put(png(1)).name;
    const two = store.put(png(2)).name;
    const u1 = 'https://files.example/1.png';
    const u2 = 'https://files.example/2.png';
    store.retain('feeds/a.json', new Map([['post-a', [u1]], ['post-b', [u1, u2]]]));
    store.retain('feeds/b.json', new Map([['post-c', [u2]]]));
    // post-b goes from feed a: picture 2 is still used by feed b's post-c.
    store.retain('feeds/a.json', new Map([['post-a', [u1]]]));
    assert.deepEqual(files(), [one, two].sort());
    store.retain('feeds/b.json', new Map());
    assert.deepEqual(files(), [one]);
    assert.equal(store.get(u2), undefined);
    store.retain('feeds/a.json', new Map());
    assert.deepEqual(files(), []);
    assert.deepEqual(store.totals(), {files: 0, bytes: 0});
  });

  it('removes a picture no published post used within the hour (fetched for a post removed before its round)', () => {
    const store = open();
    store.put(png(1));
    store.retain('feeds/a.json', new Map());
    assert.equal(files().length, 1, 'not at once: its post may be published this round');
    clock.advance(3_600_001);
    store.retain('feeds/a.json', new Map());
    assert.deepEqual(files(), []);
  });

  it('remembers failures for a while, longer each time, and a refusal for a day', () => {
    const store = open({failureMs: 60_000, maxFailureMs: 86_400_000});
    const url = 'https://files.example/broken.png';
    store.fail(url, 'files.example answered 503');
    assert.equal(store.failure(url), 'files.example answered 503');
    clock.advance(60_001);
    assert.equal(store.failure(url), undefined);
    store.fail(url, 'files.example answered 503 again');
    clock.advance(60_001);
    assert.equal(store.failure(url), 'files.example answered 503 again', 'the second failure waits twice as long');
    clock.advance(60_000);
    assert.equal(store.failure(url), undefined);
    store.fail('https://files.example/svg', 'Refused: SVG', true);
    clock.advance(86_399_000);
    assert.equal(store.failure('https://files.example/svg'), 'Refused: SVG');
    // A success clears the failure.
    store.put(as(png(9), url));
    assert.equal(store.failure(url), undefined);
  });

  it('keeps its index across a restart, and tidies what a crash left behind', () => {
    let store = open();
    const kept = store.put(png(1)).name;
    const lost = store.put(png(2)).name;
    store.retain('feeds/a.json', new Map([['p', ['https://files.example/1.png', 'https://files.example/2.png']]]));
    state.close();
    // A crash between writing a file and committing its row; a file removed by hand.
    writeFileSync(join(dir, 'out', 'media', `${'0'.repeat(64)}.png`), 'orphan');
    unlinkSync(join(dir, 'out', 'media', lost));
    state = new State(join(dir, 'state.db'));
    store = open();
    assert.equal(store.get('https://files.example/1.png')?.name, kept);
    assert.equal(store.get('https://files.example/2.png'), undefined);
    assert.deepEqual(files(), [kept]);
    store.retain('feeds/a.json', new Map());
    assert.deepEqual(files(), [], 'the uses survived the restart too');
  });

  describe('serving', () => {
    let server: Server;
    let base: string;
    let store: MediaStore;
    beforeEach(async () => {
      store = open();
      server = createServer((req, res) => {
        if (!sendMedia(req, res, store, new URL(req.url ?? '/', 'http://x').pathname)) {
          res.writeHead(418);
          res.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sends a stored file with its stored type, immutable caching, nosniff and a sandbox CSP; 304 on its ETag; HEAD', async () => {
      const media = {url: 'https://files.example/p.gif', finalUrl: 'https://files.example/p.gif', type: 'image/gif' as ImageType, ext: 'gif', body: fixture('polyglot.gif')};
      const {name} = store.put(media);
      const file = store.mediaFile(name)!;
      assert.equal(file.contentType, 'image/gif');
      const res = await fetch(`${base}/media/${name}`, {headers: {Accept: 'text/html'}});
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/gif');
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; sandbox");
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), fixture('polyglot.gif'));
      const etag = res.headers.get('etag')!;
      const again = await fetch(`${base}/media/${name}`, {headers: {'If-None-Match': etag}});
      assert.equal(again.status, 304);
      const head = await fetch(`${base}/media/${name}`, {method: 'HEAD'});
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(fixture('polyglot.gif').length));
    });

    it('answers 404 for any name that is not stored, never reading a path from the request', async () => {
      const {name} = store.put(png(1));
      writeFileSync(join(dir, 'out', 'secret.txt'), 'secret');
      for (const path of [`/media/${name.toUpperCase()}`, `/media/${name}.html`, `/media/${'a'.repeat(64)}.png`, '/media/..%2Fsecret.txt', '/media/state.db', '/media/']) {
        const res = await fetch(`${base}${path}`);
        assert.equal(res.status, path === '/media/' ? 418 : 404, path);
      }
      assert.equal(store.mediaFile('../secret.txt'), undefined);
      assert.ok(existsSync(join(dir, 'out', 'secret.txt')));
    });
  });
});
