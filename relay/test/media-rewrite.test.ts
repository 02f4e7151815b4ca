import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import {adaptNative} from '../../src/hashtag-feed/formats/native.js';
import type {Author, Post} from '../../src/hashtag-feed/model.js';
import type {Resolve} from '../media/fetch.js';
import {MediaProxy, type MediaProxyOptions} from '../media/proxy.js';
import {mediaBase, pictureUrls, rewritePost} from '../media/rewrite.js';
import {MediaStore} from '../media/store.js';
import {feedDocument} from '../native-json.js';
import {State} from '../state.js';
import {ManualClock} from './helpers.js';
import {PictureHost, Recorder, fixture} from './media-helpers.js';

type Json = Record<string, unknown>;

/** A boosted post with every kind of picture, its quote's too; `pic` gives each picture's URL. */
function samplePost(pic: (file: string) => string, id = '1'): Post {
  const person = (name: string, avatar: string, emoji?: string): Author => ({
    name: emoji ? `${name} :${emoji}:` : name,
    handle: `${name.toLowerCase()}@social.example`,
    avatar: pic(avatar),
    url: `https://social.example/@${name.toLowerCase()}`,
    emojis: emoji ? [{code: emoji, url: pic(`${emoji}.gif`)}] : [],
  });
  return {
    id,
    network: 'mastodon',
    url: `https://social.example/@alice/${id}`,
    uri: `https://social.example/users/alice/statuses/${id}`,
    author: person('Alice', 'alice.png', 'wave'),
    created: new Date('2026-11-30T10:00:00Z'),
    content: [
      {
        t: 'p',
        children: [
          {t: 'text', text: 'Hello '},
          {t: 'emoji', code: 'blobheart', url: pic('blobheart.png')},
          {t: 'text', text: ' see '},
          {t: 'a', href: 'https://news.example/story', kind: 'link', children: [{t: 'text', text: 'the story'}]},
        ],
      },
    ],
    text: 'Hello :blobheart: see the story',
    sensitive: false,
    media: [
      {type: 'image', url: pic('garden-full.jpg'), previewUrl: pic('garden-small.jpg'), alt: 'A ward garden in bloom', width: 8, height: 8},
      {type: 'video', url: pic('clip.mp4'), previewUrl: pic('poster.webp'), alt: 'A short clip of the garden'},
      {type: 'image', url: pic('only-full.png'), alt: 'A poster for the week'},
    ],
    isReply: false,
    isBoost: true,
    booster: person('Bob', 'bob.png'),
    boostedAt: new Date('2026-11-30T11:00:00Z'),
    tags: ['nelftsomeweek'],
    card: {url: 'https://news.example/story', title: 'The story', description: 'A story', image: pic('card.png')},
    quote: {
      id: `q${id}`,
      network: 'mastodon',
      url: 'https://social.example/@carol/9',
      author: person('Carol', 'carol.png'),
      created: new Date('2026-11-29T10:00:00Z'),
      text: 'Quoted',
      sensitive: false,
      media: [{type: 'image', url: pic('quoted.jpg'), alt: 'The quoted picture'}],
      isReply: false,
      isBoost: false,
      tags: [],
    },
  };
}

const ALL_PICTURES = ['alice.png', 'wave.gif', 'bob.png', 'carol.png', 'blobheart.png', 'garden-full.jpg', 'garden-small.jpg', 'poster.webp', 'only-full.png', 'card.png', 'quoted.jpg'];

/**
 * Every http(s) URL in a published document that a browser would fetch by
 * itself: anything not a link (a post's, author's or card's `url`, an `id`
 * or `uri`, the `$schema` name, an <a href> in `html`) and every `src` in `html`. Those not on
 * `relay` are third-party requests.
 */
function thirdParty(document: unknown, relay?: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: Array<string | number>) => {
    if (typeof value === 'string') {
      const key = path.at(-1);
      const inPictures = path.includes('media') || path.includes('emojis');
      if (key === 'html') {
        for (const m of value.matchAll(/\b(src|srcset|poster|background)\s*=\s*"([^"]*)"/gi)) found.push(`${path.join('.')}: ${m[2]}`);
        return;
      }
      if (!/https?:\/\//i.test(value)) return;
      // `$schema` names the format; nothing fetches it.
      const link = !inPictures && (key === 'url' || key === 'uri' || key === 'id' || key === '$schema');
      if (!link && !(relay && value.startsWith(relay))) found.push(`${path.join('.')}: ${value}`);
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(document, []);
  return found;
}

/** Every picture URL left in the document. */
const pictures = (document: {posts: Json[]}) => document.posts.flatMap((p) => pictureUrls(p).map((u) => u.url));

const TYPES: Record<string, string> = {png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp'};
const FILES: Record<string, string> = {png: 'blue.png', jpg: 'grey.jpg', gif: 'dot.gif', webp: 'dot.webp'};

describe('media proxy: rewriting published posts', () => {
  let dir: string;
  let state: State;
  let store: MediaStore;
  const clock = new ManualClock();
  const host = new PictureHost();
  const recorder = new Recorder();
  const names: Record<string, string[]> = {'evil.test': ['127.0.0.1'], 'mixed.test': ['151.101.1.140', '10.0.0.7']};
  const resolve: Resolve = (name) =>
    names[name] ? Promise.resolve(names[name].map((address) => ({address, family: address.includes(':') ? 6 : 4}))) : Promise.reject(Object.assign(new Error('no'), {code: 'ENOTFOUND'}));
  const proxy = (options: Partial<MediaProxyOptions> = {}) => new MediaProxy({store, fetch: {resolve, testOnlyAllow: host.allow, timeoutMs: 2000}, budgetMs: 2000, ...options});
  const document = (posts: Post[]) => JSON.parse(JSON.stringify(feedDocument('nelftsomeweek', posts))) as {posts: Json[]} & Json;

  before(async () => {
    await host.start();
    await recorder.start();
    // Every picture a post may name, served with its type; the garden's preview and full size are one picture.
    for (const file of ALL_PICTURES) {
      const ext = file.split('.').pop()!;
      host.file(`/${file}`, file === 'garden-small.jpg' ? fixture('grey.jpg') : file === 'only-full.png' ? fixture('red.png') : fixture(FILES[ext]), TYPES[ext]);
    }
  });
  after(async () => {
    await host.close();
    await recorder.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trust-media-'));
    state = new State(join(dir, 'state.db'));
    store = new MediaStore({db: state.db, out: join(dir, 'out'), clock});
  });
  afterEach(() => {
    state.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('removes every picture that is not stored: no third-party URL is left, alt text is kept', () => {
    const doc = document([samplePost((f) => `https://files.social.example/${f}`)]);
    assert.ok(thirdParty(doc).length >= ALL_PICTURES.length + 1, 'the scan sees the pictures (and the video) before');
    const out = proxy().rewriteDocument('feeds/week.json', doc);
    assert.deepEqual(thirdParty(out), []);
    assert.deepEqual(pictures(out), []);
    const [post] = out.posts as Array<Json & {media: Json[]; quote: Json & {media: Json[]}; author: Json; card: Json}>;
    assert.deepEqual(
      post.media.map((m) => m.alt),
      ['A ward garden in bloom', 'A short clip of the garden', 'A poster for the week'],
    );
    assert.deepEqual(post.media[0], {type: 'image', alt: 'A ward garden in bloom', width: 8, height: 8});
    assert.deepEqual(post.quote.media, [{type: 'image', alt: 'The quoted picture'}]);
    assert.equal(post.author.avatar, undefined);
    assert.equal(post.author.emojis, undefined);
    assert.equal(post.emojis, undefined);
    assert.deepEqual(post.card, {url: 'https://news.example/story', title: 'The story', description: 'A story'});
    // Links stay: a reader follows them only by choice.
    assert.equal(post.url, 'https://social.example/@alice/1');
    assert.match(post.html as string, /href="https:\/\/news\.example\/story"/);
    // The input is untouched.
    assert.equal((doc.posts[0].author as Json).avatar, 'https://files.social.example/alice.png');
  });

  it('fetches every picture, serves them as the relay\'s own (once per content), never the video itself', async () => {
    const doc = document([samplePost((f) => `${host.url}/${f}`)]);
    const p = proxy({publicBase: 'https://relay.example/'});
    const result = await p.prepare(doc.posts);
    assert.deepEqual(result, {stored: ALL_PICTURES.length, failed: 0, pending: 0});
    assert.ok(!host.seen.some((s) => s.path === '/clip.mp4'), 'the video is not fetched');
    const out = p.rewriteDocument('feeds/week.json', doc);
    assert.deepEqual(thirdParty(out, 'https://relay.example/media/'), []);
    const urls = pictures(out);
    assert.ok(urls.length > 0);
    for (const url of urls) assert.match(url, /^https:\/\/relay\.example\/media\/[0-9a-f]{64}\.(png|jpg|gif|webp)$/);
    const post = out.posts[0] as Json & {media: Json[]; author: Json & {emojis: Json[]}; boostedBy: Json; card: Json; emojis: Json[]; quote: Json & {media: Json[]; author: Json}};
    assert.equal(post.media[0].url, post.media[0].previewUrl, 'the same picture at two URLs is one file');
    assert.equal(post.media[1].url, undefined, 'the video itself is removed');
    assert.match(post.media[1].previewUrl as string, /\.webp$/);
    assert.match(post.author.avatar as string, /\.png$/);
    assert.match(post.author.emojis[0].url as string, /\.gif$/);
    assert.match(post.emojis[0].url as string, /\.png$/);
    assert.match(post.boostedBy.avatar as string, /\.png$/);
    assert.match(post.card.image as string, /\.png$/);
    assert.match(post.quote.author.avatar as string, /\.png$/);
    assert.match(post.quote.media[0].url as string, /\.jpg$/);
    // blue.png (4 avatars and the card), grey.jpg (the garden, the quote), dot.gif, dot.webp, red.png.
    assert.equal(readdirSync(join(dir, 'out', 'media')).length, 5);
  });

  it('relative URLs by default, which the widgets resolve against the file to the relay\'s media folder', async () => {
    assert.equal(mediaBase('feeds/week.json'), '../media/');
    assert.equal(mediaBase('status.json'), 'media/');
    assert.equal(mediaBase('feeds/week.json', 'https://cdn.example/relay/'), 'https://cdn.example/relay/media/');
    const doc = document([samplePost((f) => `${host.url}/${f}`)]);
    const p = proxy();
    await p.prepare(doc.posts);
    const out = p.rewriteDocument('feeds/week.json', doc);
    assert.deepEqual(thirdParty(out), []);
    const back = await adaptNative(out, {baseUrl: 'https://relay.example/feeds/week.json', timeZone: 'Europe/London'});
    const post = back.value.posts[0];
    assert.match(post.author.avatar ?? '', /^https:\/\/relay\.example\/media\/[0-9a-f]{64}\.png$/);
    assert.match(post.media[0].url, /^https:\/\/relay\.example\/media\//);
    assert.match(post.card?.image ?? '', /^https:\/\/relay\.example\/media\//);
  });

  it('a hostile post: its pictures at local and private addresses are fetched from none, removed, and not tried again every poll', async () => {
    const port = recorder.port;
    host.redirect('/bounce.png', `http://evil.test:${port}/a.png`);
    const hostile = [
      `http://127.0.0.1:${port}/a.png`,
      `http://10.0.0.1:${port}/a.png`,
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${port}/a.png`,
      `http://[::ffff:127.0.0.1]:${port}/a.png`,
      `http://0177.0.0.1:${port}/a.png`,
      `http://2130706433:${port}/a.png`,
      `http://0x7f000001:${port}/a.png`,
      `http://localhost:${port}/a.png`,
      `http://evil.test:${port}/a.png`,
      `http://mixed.test:${port}/a.png`,
      `${host.url}/bounce.png`,
    ];
    let i = 0;
    const posts = hostile.map((_url, n) => samplePost(() => hostile[(n + i++) % hostile.length], `h${n}`));
    const doc = document(posts);
    const p = proxy();
    const first = await p.prepare(doc.posts);
    assert.deepEqual(first, {stored: 0, failed: hostile.length, pending: 0});
    assert.deepEqual(recorder.connections, []);
    const out = p.rewriteDocument('feeds/week.json', doc);
    assert.deepEqual(thirdParty(out), []);
    assert.deepEqual(pictures(out), []);
    for (const url of hostile) assert.match(store.failure(url) ?? '', /^Refused: /, url);
    // The next poll asks for none of them.
    const seen = host.seen.length;
    assert.deepEqual(p.missing(doc.posts), []);
    assert.deepEqual(await p.prepare(doc.posts), {stored: 0, failed: 0, pending: 0});
    assert.equal(host.seen.length, seen);
    assert.deepEqual(recorder.connections, []);
  });

  it('never holds a round up past its budget, fetches at most 4 at once, and adds the late pictures next round', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let most = 0;
    for (let n = 0; n < 10; n++) {
      host.routes.set(`/slow${n}.png`, (_req, res) => {
        running++;
        most = Math.max(most, running);
        void held.then(() => {
          running--;
          res.writeHead(200, {'Content-Type': 'image/png'});
          res.end(Buffer.concat([fixture('blue.png'), Buffer.from(`#${n}`)]));
        });
      });
    }
    let n = 0;
    const doc = document([samplePost(() => `${host.url}/slow${n++ % 10}.png`, 's1'), samplePost(() => `${host.url}/slow${n++ % 10}.png`, 's2')]);
    const p = proxy({budgetMs: 150});
    const started = Date.now();
    const first = await p.prepare(doc.posts);
    assert.ok(Date.now() - started < 1000);
    assert.equal(first.stored, 0);
    assert.equal(first.pending, 10);
    assert.ok(most <= 4, `${most} at once`);
    const now = p.rewriteDocument('feeds/week.json', doc);
    assert.deepEqual(pictures(now), [], 'not ready: left out this round');
    release();
    // The next round waits on the fetches already under way: none is started twice.
    const second = await p.prepare(doc.posts, 5000);
    assert.equal(host.seen.filter((s) => s.path.startsWith('/slow')).length, 10);
    assert.deepEqual(second, {stored: 10, failed: 0, pending: 0});
    assert.ok(most <= 4, `${most} at once`);
    const next = p.rewriteDocument('feeds/week.json', doc);
    assert.equal(new Set(pictures(next)).size, 10);
    assert.deepEqual(thirdParty(next), []);
    await p.close();
  });

  it('a picture goes from the store with the last post that uses it', async () => {
    const a = samplePost((f) => `${host.url}/${f}`, 'a');
    const b: Post = {...samplePost((f) => `${host.url}/${f}`, 'b'), media: [{type: 'image', url: `${host.url}/only-full.png`, alt: 'B'}], quote: undefined, card: undefined};
    const p = proxy();
    const doc = document([a, b]);
    await p.prepare(doc.posts);
    p.rewriteDocument('feeds/week.json', doc);
    const red = store.get(`${host.url}/only-full.png`)!.name;
    // a goes: b still uses the red picture.
    p.rewriteDocument('feeds/week.json', document([b]));
    assert.ok(readdirSync(join(dir, 'out', 'media')).includes(red));
    // Only a's video had a poster frame (dot.webp): it went with a.
    assert.equal(store.get(`${host.url}/poster.webp`), undefined);
    assert.ok(!readdirSync(join(dir, 'out', 'media')).some((f) => f.endsWith('.webp')));
    p.rewriteDocument('feeds/week.json', document([]));
    assert.deepEqual(readdirSync(join(dir, 'out', 'media')), []);
  });

  it('close() stops: a fetch under way when the relay stops stores nothing, and nothing queued is started', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    for (let n = 0; n < 6; n++) {
      host.routes.set(`/late${n}.png`, (_req, res) =>
        void held.then(() => {
          res.writeHead(200, {'Content-Type': 'image/png'});
          res.end(Buffer.concat([fixture('blue.png'), Buffer.from(`late${n}`)]));
        }),
      );
    }
    let n = 0;
    const doc = document([samplePost(() => `${host.url}/late${n++ % 6}.png`, 'late')]);
    const p = proxy({budgetMs: 50});
    assert.equal((await p.prepare(doc.posts)).pending, 6);
    const started = Date.now();
    await p.close();
    assert.ok(Date.now() - started < 1000, 'the fetches under way were broken off, not waited for');
    release();
    assert.equal(host.seen.filter((s) => s.path.startsWith('/late')).length, 4, 'the two queued were never asked for');
    assert.deepEqual(store.totals(), {files: 0, bytes: 0});
    assert.equal(store.failure(`${host.url}/late0.png`), undefined, 'a fetch broken off by stopping is not a failure of the picture');
  });

  it('rewritePost on its own: a stored preview stands in for a full-size picture that is not', () => {
    const post = {id: 'x', media: [{type: 'image', url: 'https://a.example/full.png', previewUrl: 'https://a.example/small.png', alt: 'Alt'}]};
    const out = rewritePost(post, (url) => (url.endsWith('small.png') ? 'media/s.png' : undefined));
    assert.deepEqual(out.media, [{type: 'image', url: 'media/s.png', previewUrl: 'media/s.png', alt: 'Alt'}]);
  });
});
