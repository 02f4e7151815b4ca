/**
 * The library's own post JSON, documented by schemas/post.schema.json:
 * `{"posts": [...]}` (or just the array). For a comms team that collects
 * posts by other means (a moderation tool's export, a server-side job such as
 * trust-relay, which writes Mastodon and Bluesky posts in it without losing
 * their custom emoji, link cards, quotes and boosts).
 * `text` is plain text (its URLs become links); `html` is sanitised like
 * Mastodon's. Times without an offset are read in the context's zone.
 * `sources` (the relay's upstream sources and their states) is kept on the
 * feed, for the widget's "not updated since" line.
 */
import {isRecord, str, type AdapterContext, type Adapted} from '../../shared/adapter.js';
import {TrustError} from '../../shared/errors.js';
import type {Problem} from '../../shared/events.js';
import {parseDateTime} from '../../shared/time.js';
import {blocksToText, mergeFeeds, pushParagraph, withEmoji, type Author, type Block, type Emoji, type Feed, type Inline, type LinkCard, type Media, type Post} from '../model.js';
import {htmlToBlocks} from '../sanitise.js';
import {LIMITS, capped, cleanMedia, dimension, eachItem, emojiList, httpUrl, language, mediaType, notLaterThanNow} from './common.js';
import {line} from '../../shared/plain-text.js';
import type {Sourced} from '../../shared/freshness.js';
import {readSources} from '../../shared/read-sources.js';

/** `[{"code", "url"}]`, read with the Mastodon adapter's rules (a word for a shortcode, an http(s) image, at most LIMITS.emojis). */
function emojis(value: unknown, base: string): Emoji[] {
  if (!Array.isArray(value)) return [];
  return emojiList(
    value.slice(0, LIMITS.emojis).map((e: unknown) => (isRecord(e) ? {shortcode: e.code, url: e.url} : undefined)),
    base,
  );
}

function author(value: unknown, base: string): Author | undefined {
  if (!isRecord(value)) return undefined;
  const handle = line(value.handle)?.replace(/^@/, '') || undefined;
  const name = line(value.name) ?? handle;
  if (!name) return undefined;
  return {name, handle, avatar: httpUrl(value.avatar, base), url: httpUrl(value.url, base), emojis: emojis(value.emojis, base)};
}

function media(value: unknown, base: string): Media | undefined {
  if (!isRecord(value)) return undefined;
  const url = httpUrl(value.url, base);
  const type = mediaType(value.type ?? 'image');
  if (!url || !type) return undefined;
  return {type, url, previewUrl: httpUrl(value.previewUrl, base), alt: str(value.alt), width: dimension(value.width), height: dimension(value.height)};
}

/** A link preview: an http(s) page with a title, as the Mastodon adapter reads a card. */
function card(value: unknown, base: string): LinkCard | undefined {
  if (!isRecord(value)) return undefined;
  const url = httpUrl(value.url, base);
  const title = line(value.title, 300);
  return url && title ? {url, title, description: line(value.description, 500), image: httpUrl(value.image, base)} : undefined;
}

/** Bare http(s) URLs in plain text, without the punctuation that ends a sentence (as the widget's plain-text links). */
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]']/gi;

/**
 * Plain text as paragraphs with custom emoji drawn and URLs linked: what the
 * widget shows for `text`, with the post's `:shortcode:`s as images. Only for
 * posts that declare emoji; others keep `text` alone (rendered as plain text).
 */
function textBlocks(text: string, list: readonly Emoji[]): Block[] | undefined {
  if (!list.some((e) => text.includes(`:${e.code}:`))) return undefined;
  const blocks: Block[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const nodes: Inline[] = [];
    paragraph
      .trim()
      .split('\n')
      .forEach((row, i) => {
        if (i > 0) nodes.push({t: 'br'});
        let last = 0;
        for (const m of row.matchAll(URL_IN_TEXT)) {
          const href = httpUrl(m[0]);
          if (!href) continue;
          nodes.push(...withEmoji(row.slice(last, m.index), list), {t: 'a', href, kind: 'link', children: [{t: 'text', text: m[0]}]});
          last = m.index + m[0].length;
        }
        nodes.push(...withEmoji(row.slice(last), list));
      });
    pushParagraph(blocks, nodes);
  }
  return blocks;
}

type Adapting = Post | string | Promise<Post | string>;

/** One post; `withQuote` reads its `quote` (one level: a quote's own quote is ignored, as in the Mastodon adapter). */
function adaptPost(item: unknown, context: AdapterContext, withQuote: boolean): Adapting {
  if (!isRecord(item)) return 'Not a post';
  const base = context.baseUrl;
  const id = str(item.id);
  if (!id) return 'A post needs an id';
  const created = notLaterThanNow(parseDateTime(item.created, context.timeZone));
  if (!created) return 'A post needs a "created" date-time';
  const who = author(item.author, base);
  if (!who) return 'A post needs an author with a name or handle';
  const network = str(item.network)?.toLowerCase();
  const booster = author(item.boostedBy, base);
  const custom = emojis(item.emojis, base);
  const text = capped(typeof item.text === 'string' ? item.text : '');
  const post: Post = {
    id,
    network: network && /^[a-z0-9-]{1,24}$/.test(network) ? network : 'native',
    url: httpUrl(item.url, base),
    uri: str(item.uri),
    author: who,
    created,
    content: custom.length ? textBlocks(text, custom) : undefined,
    text,
    spoiler: line(item.contentWarning, 1000),
    sensitive: item.sensitive === true,
    media: cleanMedia(Array.isArray(item.media) ? item.media.map((m) => media(m, base)) : []),
    isReply: item.isReply === true,
    isBoost: booster !== undefined,
    booster,
    boostedAt: booster && notLaterThanNow(parseDateTime(item.boostedAt, context.timeZone)),
    language: language(item.language),
    tags: Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string').slice(0, 30) : [],
    card: card(item.card, base),
    ...(withQuote && item.pinned === true ? {pinned: true} : {}),
  };
  const quoted = withQuote && isRecord(item.quote) ? adaptPost(item.quote, context, false) : undefined;
  const withQuoted = (q: Post | string | undefined): Post => (typeof q === 'object' ? {...post, quote: q} : post);
  // Only HTML needs the (lazily loaded) sanitiser: a post without it (and without a quote with it) is read synchronously.
  if (typeof item.html !== 'string') return quoted instanceof Promise ? quoted.then(withQuoted) : withQuoted(quoted);
  return Promise.all([htmlToBlocks(capped(item.html), custom), quoted]).then(([blocks, q]) => ({...withQuoted(q), content: blocks, text: blocksToText(blocks)}));
}

export async function adaptNative(raw: unknown, context: AdapterContext): Promise<Adapted<Feed>> {
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? raw.posts : undefined;
  if (!Array.isArray(list)) throw new TrustError('format', 'This is not post data: it needs a list of "posts".');
  const problems: Problem[] = [];
  const posts = await eachItem(list, problems, (i) => `posts[${i}]`, (item) => adaptPost(item, context, true));
  const value: Feed & Sourced = mergeFeeds([{posts, older: []}], LIMITS.posts);
  const sources = isRecord(raw) && readSources(raw.sources, context.timeZone, problems);
  if (sources) value.sources = sources;
  return {value, problems};
}
