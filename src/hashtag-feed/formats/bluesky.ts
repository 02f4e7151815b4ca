/**
 * Bluesky: a saved answer of `app.bsky.feed.searchPosts` ({posts, cursor}) or
 * `app.bsky.feed.getAuthorFeed` ({feed: [{post, reason?}]}).
 *
 * Bluesky does not let anonymous visitors search, so a page cannot ask it
 * directly: a job on a server, with an account's credentials, saves the answer
 * to a file that `src` points to (see the README).
 *
 * Rich text comes from the record's facets, whose offsets count UTF-8 bytes
 * (not UTF-16 code units): links (http(s) only), mentions and tags. Authors
 * who asked not to be shown to logged-out viewers (the `!no-unauthenticated`
 * self-label) are never shown, and posts labelled `!hide` neither; adult and
 * graphic labels make a post sensitive.
 */
import {isRecord, str, type Adapted} from '../../shared/adapter.js';
import {TrustError} from '../../shared/errors.js';
import type {Problem} from '../../shared/events.js';
import {mergeFeeds, pushParagraph, type Author, type Block, type Feed, type Inline, type LinkCard, type Media, type Post} from '../model.js';
import {blueskyActor} from '../../shared/bluesky-actor.js';
import {LIMITS, capped, cleanMedia, date, dimension, eachItem, httpUrl, language, notLaterThanNow} from './common.js';
import {line} from '../../shared/plain-text.js';

const SENSITIVE_LABELS = new Set(['porn', 'sexual', 'nudity', 'graphic-media', 'gore', 'sexual-figurative']);
export const NOT_FOR_LOGGED_OUT = 'author asked not to be shown to logged-out viewers';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

type Json = Record<string, unknown>;

function labelValues(...sources: unknown[]): string[] {
  const values: string[] = [];
  for (const source of sources) {
    // A list of label objects (views), or a record's self-labels {values: [{val}]}.
    const list = Array.isArray(source) ? source : isRecord(source) && Array.isArray(source.values) ? source.values : [];
    for (const label of list) if (isRecord(label) && typeof label.val === 'string' && label.neg !== true && !expired(label.exp)) values.push(label.val);
  }
  return values;
}

/** A label's `exp`: after that moment it no longer applies. */
function expired(exp: unknown): boolean {
  const until = date(exp);
  return until !== undefined && until.getTime() < Date.now();
}

/** Labels that take an account's or a post's content out of every view. */
const HIDING_LABELS = ['!hide', '!takedown'];

function didOf(uri: unknown): string | undefined {
  return typeof uri === 'string' ? /^at:\/\/(did:[^/]+)/.exec(uri)?.[1] : undefined;
}

function author(a: Json): Author {
  const actor = blueskyActor(a.handle, a.did);
  return {
    name: line(a.displayName) ?? actor.handle ?? actor.did ?? '?',
    handle: actor.handle,
    avatar: httpUrl(a.avatar),
    url: actor.url,
    emojis: [],
  };
}

/** Whether a byte offset is a whole number within the text that does not fall inside a UTF-8 character (continuation bytes are 10xxxxxx). */
function isCharacterBoundary(bytes: Uint8Array, offset: unknown): offset is number {
  return Number.isInteger(offset) && (offset as number) >= 0 && (offset as number) <= bytes.length && (bytes[offset as number] & 0xc0) !== 0x80;
}

/** Text with facets as inline nodes. Offsets are UTF-8 bytes; overlapping or out-of-range facets, or ones that cut a character in two, are ignored. */
function facetedInline(text: string, facets: unknown): Inline[] {
  const bytes = encoder.encode(text);
  const ranges = (Array.isArray(facets) ? facets : [])
    .flatMap((f) => {
      if (!isRecord(f) || !isRecord(f.index) || !Array.isArray(f.features)) return [];
      const {byteStart: start, byteEnd: end} = f.index;
      if (!isCharacterBoundary(bytes, start) || !isCharacterBoundary(bytes, end) || end <= start) return [];
      const href = facetHref(f.features[0]);
      return href ? [{start, end, ...href}] : [];
    })
    .sort((a, b) => a.start - b.start);
  const out: Inline[] = [];
  let cursor = 0;
  const slice = (from: number, to: number) => decoder.decode(bytes.subarray(from, to));
  for (const r of ranges) {
    if (r.start < cursor) continue;
    if (r.start > cursor) out.push({t: 'text', text: slice(cursor, r.start)});
    out.push({t: 'a', href: r.href, kind: r.kind, children: [{t: 'text', text: slice(r.start, r.end)}]});
    cursor = r.end;
  }
  if (cursor < bytes.length) out.push({t: 'text', text: slice(cursor, bytes.length)});
  return out;
}

function facetHref(feature: unknown): {href: string; kind: 'link' | 'tag' | 'mention'} | undefined {
  if (!isRecord(feature)) return undefined;
  switch (feature.$type) {
    case 'app.bsky.richtext.facet#link': {
      const href = httpUrl(feature.uri);
      return href ? {href, kind: 'link'} : undefined;
    }
    case 'app.bsky.richtext.facet#mention': {
      const href = blueskyActor(undefined, feature.did).url;
      return href ? {href, kind: 'mention'} : undefined;
    }
    case 'app.bsky.richtext.facet#tag': {
      const tag = str(feature.tag);
      return tag ? {href: `https://bsky.app/hashtag/${encodeURIComponent(tag)}`, kind: 'tag'} : undefined;
    }
    default:
      return undefined;
  }
}

/** Paragraphs (at blank lines) with line breaks, from inline nodes whose text keeps the post's newlines (also the relay's X posts). */
export function paragraphsOf(nodes: Inline[]): Block[] {
  const blocks: Block[] = [];
  let current: Inline[] = [];
  const endParagraph = () => {
    pushParagraph(blocks, current);
    current = [];
  };
  for (const node of nodes) {
    if (node.t !== 'text') {
      current.push(node);
      continue;
    }
    node.text
      .replace(/\r\n?/g, '\n')
      .split(/\n[^\S\n]*\n\s*/)
      .forEach((paragraph, i) => {
        if (i > 0) endParagraph();
        paragraph.split('\n').forEach((line, j) => {
          if (j > 0) current.push({t: 'br'});
          if (line) current.push({t: 'text', text: line});
        });
      });
  }
  endParagraph();
  return blocks;
}

function images(embed: Json): Media[] {
  if (!Array.isArray(embed.images)) return [];
  return embed.images.flatMap((img): Media[] => {
    if (!isRecord(img)) return [];
    const url = httpUrl(img.fullsize) ?? httpUrl(img.thumb);
    if (!url) return [];
    const ratio = isRecord(img.aspectRatio) ? img.aspectRatio : {};
    return [{type: 'image', url, previewUrl: httpUrl(img.thumb), alt: str(img.alt), width: dimension(ratio.width), height: dimension(ratio.height)}];
  });
}

function embedMedia(embed: unknown): Media[] {
  if (!isRecord(embed)) return [];
  switch (embed.$type) {
    case 'app.bsky.embed.images#view':
      return images(embed);
    case 'app.bsky.embed.video#view': {
      const url = httpUrl(embed.playlist);
      const ratio = isRecord(embed.aspectRatio) ? embed.aspectRatio : {};
      return url ? [{type: 'video', url, previewUrl: httpUrl(embed.thumbnail), alt: str(embed.alt), width: dimension(ratio.width), height: dimension(ratio.height)}] : [];
    }
    case 'app.bsky.embed.recordWithMedia#view':
      return embedMedia(embed.media);
    default:
      return [];
  }
}

function externalCard(embed: unknown): LinkCard | undefined {
  if (!isRecord(embed)) return undefined;
  if (embed.$type === 'app.bsky.embed.recordWithMedia#view') return externalCard(embed.media);
  if (embed.$type !== 'app.bsky.embed.external#view' || !isRecord(embed.external)) return undefined;
  const e = embed.external;
  const url = httpUrl(e.uri);
  const title = str(e.title);
  return url && title ? {url, title, description: str(e.description), image: httpUrl(e.thumb)} : undefined;
}

function postUrl(profile: string | undefined, uri: string): string | undefined {
  const rkey = uri.split('/').pop();
  return profile && rkey ? `${profile}/post/${encodeURIComponent(rkey)}` : undefined;
}

interface PostParts {
  uri: string;
  cid?: unknown;
  author: Json;
  record: Json;
  labels?: unknown;
  embed?: unknown;
  indexedAt?: unknown;
}

function toPost(p: PostParts, withQuote: boolean): Post | string {
  const labels = labelValues(p.author.labels);
  if (labels.includes('!no-unauthenticated')) return NOT_FOR_LOGGED_OUT;
  const postLabels = labelValues(p.labels, p.record.labels);
  if ([...labels, ...postLabels].some((l) => HIDING_LABELS.includes(l))) return 'hidden by a moderation label';
  const written = date(p.record.createdAt);
  if (!written) return 'A post needs a valid createdAt';
  // As Bluesky sorts (sortAt): a createdAt after the post reached the network is a client's clock or a trick to stay on top.
  const indexed = date(p.indexedAt);
  const created = notLaterThanNow(indexed && indexed < written ? indexed : written);
  const text = capped(typeof p.record.text === 'string' ? p.record.text : '');
  const who = author(p.author);
  const did = str(p.author.did);
  const parentDid = isRecord(p.record.reply) && isRecord(p.record.reply.parent) ? didOf(p.record.reply.parent.uri) : undefined;
  const embed = isRecord(p.embed) ? p.embed : undefined;
  return {
    id: p.uri,
    network: 'bluesky',
    url: postUrl(who.url, p.uri),
    uri: p.uri,
    author: who,
    created,
    content: paragraphsOf(facetedInline(text, p.record.facets)),
    text,
    sensitive: postLabels.some((l) => SENSITIVE_LABELS.has(l)),
    media: cleanMedia(embedMedia(embed)),
    isReply: parentDid !== undefined && parentDid !== did,
    isBoost: false,
    language: Array.isArray(p.record.langs) ? language(p.record.langs[0]) : undefined,
    tags: Array.isArray(p.record.tags) ? p.record.tags.slice(0, 8).flatMap((t) => line(t, 64) ?? []) : [],
    card: externalCard(embed),
    quote: withQuote ? quoteOf(embed) : undefined,
  };
}

/** A quoted post (record or recordWithMedia embed), shown only if its author allows logged-out viewers. */
function quoteOf(embed: Json | undefined): Post | undefined {
  // recordWithMedia#view.record is a plain ref to a record#view, so (as the AppView sends it) it has no $type.
  const withMedia = embed?.$type === 'app.bsky.embed.recordWithMedia#view';
  const view = withMedia ? embed.record : embed;
  const record = isRecord(view) && (withMedia || view.$type === 'app.bsky.embed.record#view') && isRecord(view.record) ? view.record : undefined;
  if (!record || record.$type !== 'app.bsky.embed.record#viewRecord' || !isRecord(record.author) || !isRecord(record.value)) return undefined;
  const uri = str(record.uri);
  if (!uri) return undefined;
  const embeds: unknown = Array.isArray(record.embeds) ? record.embeds[0] : undefined;
  const post = toPost({uri, author: record.author, record: record.value, labels: record.labels, embed: embeds, indexedAt: record.indexedAt}, false);
  return typeof post === 'string' ? undefined : post;
}

function parts(post: unknown): PostParts | string {
  if (!isRecord(post)) return 'Not a post';
  const uri = str(post.uri);
  if (!uri?.startsWith('at://')) return 'A post needs an at:// uri';
  if (!isRecord(post.author) || !isRecord(post.record)) return 'A post needs an author and a record';
  return {uri, author: post.author, record: post.record, labels: post.labels, embed: post.embed, indexedAt: post.indexedAt};
}

function feedItem(item: unknown): Post | string {
  if (!isRecord(item)) return 'Not a feed item';
  const p = parts(item.post);
  if (typeof p === 'string') return p;
  const post = toPost(p, true);
  const reason = isRecord(item.reason) ? item.reason : undefined;
  if (typeof post === 'string' || reason?.$type !== 'app.bsky.feed.defs#reasonRepost' || !isRecord(reason.by)) return post;
  if (labelValues(reason.by.labels).includes('!no-unauthenticated')) return NOT_FOR_LOGGED_OUT;
  return {...post, isBoost: true, booster: author(reason.by), boostedAt: notLaterThanNow(date(reason.indexedAt))};
}

/** Adapts a searchPosts ({posts}) or getAuthorFeed ({feed}) answer. */
export async function adaptBluesky(raw: unknown): Promise<Adapted<Feed>> {
  if (!isRecord(raw) || (!Array.isArray(raw.posts) && !Array.isArray(raw.feed))) {
    throw new TrustError('format', 'This is not a Bluesky searchPosts or getAuthorFeed answer ({posts} or {feed}).');
  }
  const problems: Problem[] = [];
  const posts = Array.isArray(raw.feed)
    ? await eachItem(raw.feed, problems, (i) => `feed[${i}]`, feedItem)
    : await eachItem(raw.posts as unknown[], problems, (i) => `posts[${i}]`, (p) => {
        const pp = parts(p);
        return typeof pp === 'string' ? pp : toPost(pp, true);
      });
  return {value: mergeFeeds([{posts, older: []}], LIMITS.posts), problems};
}
