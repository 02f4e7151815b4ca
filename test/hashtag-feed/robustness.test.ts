import {expect, fixture, html} from '@open-wc/testing';
import {settled} from '../helpers/index.js';
import {bluesky, mastodon, native} from '../../src/hashtag-feed/formats/index.js';
import type {Block, Feed, Inline, Post} from '../../src/hashtag-feed/model.js';
import type {Adapted, Format} from '../../src/shared/adapter.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';
import {FEED_FIXTURES, FORMATS, articles, load, offline, root} from './helpers.js';
import {
  PWN_HTML,
  PWN_URL,
  expectHumanMessage,
  expectInert,
  expectNoPollution,
  expectTrustError,
  hostile,
  isHttpUrl,
  mulberry32,
  mutate,
  objectsWith,
  pick,
  setOwn,
  uncaught,
  type Mutation,
  type Random,
} from '../helpers/mutate.js';

/**
 * Mutation ("fuzz") tests of the feed's adapters on every real sample: keys
 * deleted, values of the wrong type, hostile strings, huge numbers, prototype
 * keys, and per format the fields real servers and clients get wrong (facet
 * byte offsets, custom emoji, media types, boosts, labels). Seeded, so a
 * failure names the seed that reproduces it.
 */

const context = {timeZone: 'Europe/London', baseUrl: 'https://example.org/feed.json'};
const MUTATIONS_PER_SAMPLE = 300;
const RENDERED_PER_SAMPLE = 20;

const REGEX_SHORTCODES = ['a.*b', '(x)|y', '$&', 'x+', '[ok]', 'ok\\'];

/** Mastodon: emoji with script URLs and regex metacharacters, media of unknown types, boosts of anything. */
const mastodonMutations: Mutation[] = [
  (root, random) => {
    const status = pick(random, objectsWith(root, 'emojis'));
    if (!status) return;
    const code = pick(random, REGEX_SHORTCODES);
    status.emojis = [
      {shortcode: code, url: 'https://ok.example/e.png', static_url: 'https://ok.example/e.png'},
      {shortcode: 'ok', url: PWN_URL, static_url: pick(random, [PWN_URL, undefined, 'https://ok.example/s.png'])},
      {shortcode: PWN_HTML, url: 'https://ok.example/x.png'},
    ];
    const text = `:${code}: :ok: :${PWN_HTML}: $& $1`;
    if (typeof status.content === 'string') status.content += `<p>${text}</p>`;
    if (typeof status.display_name === 'string') status.display_name += text;
  },
  (root, random) => {
    const status = pick(random, objectsWith(root, 'media_attachments'));
    if (!status) return;
    status.media_attachments = [
      {type: pick(random, ['unknown', 'model', 'IMAGE', 'image/../x', '', null, 7]), url: 'https://ok.example/m.bin', description: 'unknown kind'},
      {type: pick(random, ['image', 'video', 'gifv', 'audio']), url: pick(random, [PWN_URL, 'https://ok.example/m.png', '/relative.png', null]), preview_url: PWN_URL, meta: {original: {width: hostile(random), height: hostile(random)}}},
    ];
  },
  (root, random) => {
    const statuses = objectsWith(root, 'account');
    const status = pick(random, statuses);
    if (status) setOwn(status, 'reblog', pick(random, [structuredClone(pick(random, statuses)), hostile(random)]));
  },
  (root, random) => {
    const status = pick(random, objectsWith(root, 'visibility'));
    if (status) status.visibility = pick(random, ['public', 'unlisted', 'private', 'direct', 'limited', 'local', null]);
  },
];

const encoder = new TextEncoder();

/** Byte offsets that a buggy client writes: out of range, negative, reversed, overlapping, inside a UTF-8 character. */
function badOffsets(text: string, random: Random): {byteStart: unknown; byteEnd: unknown} {
  const length = encoder.encode(text).length;
  const inside = insideCharacter(text);
  const start = pick(random, [-1, 0, 1, 2 ** 31, length, length + 1, 1.5, '2', null, inside ?? 0]);
  const end = pick(random, [0, 1, 3, length, length + 1, 2 ** 53 + 1, -4, inside ?? length, typeof start === 'number' ? start - 1 : 2]);
  return {byteStart: start, byteEnd: end};
}

/** A byte offset inside a multi-byte character of the text, if it has one. */
function insideCharacter(text: string): number | undefined {
  let offset = 0;
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (size > 1) return offset + 1;
    offset += size;
  }
  return undefined;
}

const FEATURES = [
  {$type: 'app.bsky.richtext.facet#link', uri: PWN_URL},
  {$type: 'app.bsky.richtext.facet#link', uri: 'https://ok.example/'},
  {$type: 'app.bsky.richtext.facet#mention', did: 'did:plc:fakemention'},
  {$type: 'app.bsky.richtext.facet#mention', did: `did:plc:x/../../${PWN_URL}`},
  {$type: 'app.bsky.richtext.facet#tag', tag: PWN_HTML},
  {$type: 'app.bsky.richtext.facet#unknown'},
];

/** Bluesky: facets with bad offsets, labels, embeds of unknown or hostile kinds, reposts by anyone. */
const blueskyMutations: Mutation[] = [
  (root, random) => {
    const record = pick(random, objectsWith(root, 'text').filter((r) => typeof r.text === 'string'));
    if (!record) return;
    if (random() < 0.5) record.text = `é🎉 ${record.text as string} Día`;
    const facets = Array.from({length: 1 + Math.floor(random() * 4)}, () => ({index: badOffsets(record.text as string, random), features: [pick(random, FEATURES)]}));
    // Overlapping: the same range twice, and one inside another.
    if (random() < 0.5) facets.push(structuredClone(facets[0]), {index: {byteStart: 0, byteEnd: 2}, features: [FEATURES[1]]});
    record.facets = facets;
  },
  (root, random) => {
    const post = pick(random, objectsWith(root, 'labels'));
    if (post) post.labels = [{val: pick(random, ['!hide', '!warn', 'porn', '!no-unauthenticated', 7, null])}, {val: 'porn', neg: pick(random, [true, 'yes'])}, hostile(random)];
  },
  (root, random) => {
    const post = pick(random, objectsWith(root, 'embed'));
    if (!post) return;
    post.embed = pick(random, [
      {$type: 'app.bsky.embed.video#view', playlist: PWN_URL, thumbnail: PWN_URL, alt: PWN_HTML},
      {$type: 'app.bsky.embed.video#view', playlist: 'https://video.example/p.m3u8', aspectRatio: {width: 1e308, height: -1}},
      {$type: 'app.bsky.embed.images#view', images: [{fullsize: PWN_URL, thumb: 'https://ok.example/t.jpg', alt: PWN_HTML}, hostile(random)]},
      {$type: 'app.bsky.embed.recordWithMedia#view', media: hostile(random), record: {record: hostile(random)}},
      {$type: 'app.bsky.embed.record#view', record: {$type: 'app.bsky.embed.record#viewNotFound', uri: 'at://did:plc:x/app.bsky.feed.post/1', notFound: true}},
      {$type: 'app.bsky.embed.unknown#view', media: [{url: 'https://ok.example/m.glb'}]},
    ]);
  },
  (root, random) => {
    const item = pick(random, objectsWith(root, 'post'));
    if (!item) return;
    item.reason = pick(random, [
      {$type: 'app.bsky.feed.defs#reasonRepost', by: {did: 'did:plc:booster', handle: PWN_HTML, displayName: PWN_HTML, avatar: PWN_URL}, indexedAt: hostile(random)},
      {$type: 'app.bsky.feed.defs#reasonPin'},
      {$type: 'app.bsky.feed.defs#reasonRepost', by: hostile(random)},
    ]);
  },
];

/** Native: media of unknown types, HTML with script, times without a zone. */
const nativeMutations: Mutation[] = [
  (root, random) => {
    const post = pick(random, objectsWith(root, 'author'));
    if (post) post.media = [{type: pick(random, ['unknown', 'model', 'IMAGE', null]), url: 'https://ok.example/m.bin'}, {url: pick(random, [PWN_URL, '../x.png']), alt: PWN_HTML}];
  },
  (root, random) => {
    const post = pick(random, objectsWith(root, 'author'));
    if (post) post.html = `<p>${PWN_HTML}<a href="${PWN_URL}">x</a><a href="https://ok.example/">ok</a></p>`;
    if (post) post.created = pick(random, ['2016-10-24 12:00', '2016-10-24', '2016-02-30T10:00', '24/10/2016']);
  },
];

interface Sample {
  name: string;
  format: Format<Feed>;
  formatName: string;
  mutations: Mutation[];
}

const SAMPLES: Sample[] = [
  {name: `${FORMATS}/mastodon-tag-timeline.json`, format: mastodon, formatName: 'mastodon', mutations: mastodonMutations},
  {name: `${FORMATS}/mastodon-status-examples.json`, format: mastodon, formatName: 'mastodon', mutations: mastodonMutations},
  {name: `${FORMATS}/fediverse-statuses-tootsdk.json`, format: mastodon, formatName: 'mastodon', mutations: mastodonMutations},
  {name: `${FEED_FIXTURES}/mastodon-showcase.json`, format: mastodon, formatName: 'mastodon', mutations: mastodonMutations},
  {name: `${FORMATS}/bluesky-search-posts.json`, format: bluesky, formatName: 'bluesky', mutations: blueskyMutations},
  {name: `${FEED_FIXTURES}/bluesky-author-feed.json`, format: bluesky, formatName: 'bluesky', mutations: blueskyMutations},
  {name: `${FEED_FIXTURES}/native-posts.json`, format: native, formatName: 'native', mutations: nativeMutations},
];

function inlineUrls(nodes: Inline[]): string[] {
  return nodes.flatMap((n) => (n.t === 'a' ? [n.href, ...inlineUrls(n.children)] : n.t === 'emoji' ? [n.url] : []));
}

function blockUrls(blocks: Block[] | undefined): string[] {
  return (blocks ?? []).flatMap((b) => inlineUrls(b.children));
}

function expectWholeNumber(value: unknown, where: string): void {
  if (value === undefined) return;
  expect(Number.isSafeInteger(value) && (value as number) > 0, `${where}: ${JSON.stringify(value)}`).to.be.true;
}

/** What every post must be, whatever the source sent. */
function expectValidPost(post: Post, where: string): void {
  expect(post.id, `${where}: id`).to.be.a('string').and.not.equal('');
  expect(post.created, `${where}: created`).to.be.instanceOf(Date);
  expect(Number.isNaN(post.created.getTime()), `${where}: created is a valid time`).to.be.false;
  if (post.boostedAt) expect(Number.isNaN(post.boostedAt.getTime()), `${where}: boostedAt`).to.be.false;
  expect(post.text, `${where}: text`).to.be.a('string');
  expect(post.author.name, `${where}: author name`).to.be.a('string').and.not.equal('');
  for (const tag of post.tags) expect(tag, `${where}: tag`).to.be.a('string');
  const urls = [
    post.url, post.author.url, post.author.avatar, ...post.author.emojis.map((e) => e.url),
    post.booster?.url, post.booster?.avatar, ...(post.booster?.emojis ?? []).map((e) => e.url),
    ...post.media.flatMap((m) => [m.url, m.previewUrl]), post.card?.url, post.card?.image, ...blockUrls(post.content),
  ].filter((url) => url !== undefined);
  for (const url of urls) expect(isHttpUrl(url), `${where}: URL ${String(url).slice(0, 80)}`).to.be.true;
  for (const m of post.media) {
    expect(['image', 'video', 'gifv', 'audio'], `${where}: media type`).to.include(m.type);
    expectWholeNumber(m.width, `${where}: media width`);
    expectWholeNumber(m.height, `${where}: media height`);
  }
  for (const emoji of [...post.author.emojis, ...(post.booster?.emojis ?? [])]) expect(emoji.code, `${where}: emoji shortcode`).to.match(/^[\w+-]+$/);
  if (post.quote) expectValidPost(post.quote, `${where} (quote)`);
}

async function adaptChecked(format: Format<Feed>, raw: unknown, where: string): Promise<Adapted<Feed> | undefined> {
  let adapted: Adapted<Feed> | undefined;
  try {
    adapted = await format.adapt(raw, context);
  } catch (error) {
    expectTrustError(error, where);
  }
  expectNoPollution(where);
  if (!adapted) return undefined;
  expect(adapted.value.posts.length, where).to.be.at.most(200);
  adapted.value.posts.forEach((post, i) => expectValidPost(post, `${where}, post ${i}`));
  for (const url of adapted.value.older) expect(isHttpUrl(url), `${where}: older page ${url}`).to.be.true;
  for (const problem of adapted.problems) expectHumanMessage(problem.reason, `${where}: skipped ${problem.where}`);
  return adapted;
}

async function render(raw: unknown, format: string, hidden = true): Promise<TrustHashtagFeed> {
  const el = await fixture<TrustHashtagFeed>(html`<trust-hashtag-feed ?hidden=${hidden} max-posts="200" format=${format} .data=${raw}></trust-hashtag-feed>`);
  await settled(el);
  return el;
}

describe('<trust-hashtag-feed> robustness: mutated real files', () => {
  beforeEach(() => {
    delete window.__pwned;
  });

  it('is accessible with mutated data', async () => {
    const random = mulberry32(1);
    const sample = offline(await load(`${FORMATS}/mastodon-status-examples.json`));
    const el = await render(mutate(sample, random, mastodonMutations), 'mastodon', false);
    expect(articles(el).length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
    expectInert(root(el), 'a11y');
  });

  for (const [index, sample] of SAMPLES.entries()) {
    const file = sample.name.split('/').pop()!;

    it(`adapts ${MUTATIONS_PER_SAMPLE} mutations of ${file} into valid posts or a TrustError`, async function () {
      const original = await load(sample.name);
      for (let seed = 1; seed <= MUTATIONS_PER_SAMPLE; seed++) {
        const random = mulberry32(index * 10_000 + seed);
        await adaptChecked(sample.format, mutate(original, random, sample.mutations), `${file}, seed ${index * 10_000 + seed}`);
      }
    });

    it(`renders ${RENDERED_PER_SAMPLE} mutations of ${file} with nothing that could run`, async function () {
      const original = offline(await load(sample.name));
      for (let seed = 1; seed <= RENDERED_PER_SAMPLE; seed++) {
        const where = `${file}, rendered seed ${index * 10_000 + seed}`;
        const raw = mutate(original, mulberry32(index * 10_000 + seed), sample.mutations);
        const errors = await uncaught(async () => {
          const el = await render(raw, sample.formatName);
          expectInert(root(el), where);
          el.remove();
        });
        expect(errors, where).to.deep.equal([]);
      }
    });
  }

  it('reads hostile top-level payloads as a TrustError, never a crash', async () => {
    const payloads: unknown[] = [null, 0, 'text', true, [], {}, [null], [[]], {posts: null}, {feed: {}}, {posts: 'x'}, {feed: [null, 1, 'x']}, {__proto__: [], posts: []}];
    for (const format of [mastodon, bluesky, native]) {
      for (const [i, raw] of payloads.entries()) await adaptChecked(format, raw, `payload ${i}`);
    }
  });
});
