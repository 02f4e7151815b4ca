/**
 * The library's own post JSON, documented by schemas/post.schema.json:
 * `{"posts": [...]}` (or just the array). For a comms team that collects
 * posts by other means (a moderation tool's export, a server-side job).
 * `text` is plain text (its URLs become links); `html` is sanitised like
 * Mastodon's. Times without an offset are read in the context's zone.
 */
import {isRecord, str, type AdapterContext, type Adapted} from '../../shared/adapter.js';
import {TrustError} from '../../shared/errors.js';
import type {Problem} from '../../shared/events.js';
import {parseDateTime} from '../../shared/time.js';
import {blocksToText, mergeFeeds, type Author, type Feed, type Media, type Post} from '../model.js';
import {htmlToBlocks} from '../sanitise.js';
import {LIMITS, capped, cleanMedia, dimension, eachItem, httpUrl, language, mediaType, notLaterThanNow} from './common.js';
import {line} from '../../shared/plain-text.js';

function author(value: unknown, base: string): Author | undefined {
  if (!isRecord(value)) return undefined;
  const handle = line(value.handle)?.replace(/^@/, '') || undefined;
  const name = line(value.name) ?? handle;
  if (!name) return undefined;
  return {name, handle, avatar: httpUrl(value.avatar, base), url: httpUrl(value.url, base), emojis: []};
}

function media(value: unknown, base: string): Media | undefined {
  if (!isRecord(value)) return undefined;
  const url = httpUrl(value.url, base);
  const type = mediaType(value.type ?? 'image');
  if (!url || !type) return undefined;
  return {type, url, previewUrl: httpUrl(value.previewUrl, base), alt: str(value.alt), width: dimension(value.width), height: dimension(value.height)};
}

function adaptPost(item: unknown, context: AdapterContext): Post | string | Promise<Post | string> {
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
  const post: Post = {
    id,
    network: network && /^[a-z0-9-]{1,24}$/.test(network) ? network : 'native',
    url: httpUrl(item.url, base),
    uri: str(item.uri),
    author: who,
    created,
    text: capped(typeof item.text === 'string' ? item.text : ''),
    spoiler: line(item.contentWarning, 1000),
    sensitive: item.sensitive === true,
    media: cleanMedia(Array.isArray(item.media) ? item.media.map((m) => media(m, base)) : []),
    isReply: item.isReply === true,
    isBoost: booster !== undefined,
    booster,
    language: language(item.language),
    tags: Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string').slice(0, 30) : [],
  };
  if (typeof item.html !== 'string') return post;
  // Only HTML needs the (lazily loaded) sanitiser.
  return htmlToBlocks(capped(item.html)).then((content) => ({...post, content, text: blocksToText(content)}));
}

export async function adaptNative(raw: unknown, context: AdapterContext): Promise<Adapted<Feed>> {
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? raw.posts : undefined;
  if (!Array.isArray(list)) throw new TrustError('format', 'This is not post data: it needs a list of "posts".');
  const problems: Problem[] = [];
  const posts = await eachItem(list, problems, (i) => `posts[${i}]`, (item) => adaptPost(item, context));
  return {value: mergeFeeds([{posts, older: []}], LIMITS.posts), problems};
}
