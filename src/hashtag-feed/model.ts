/**
 * The normalised post every format adapts to. It is plain, serialisable
 * data: rich text is a small tree of paragraphs, line breaks, links, text and
 * custom emoji (never HTML), so rendering is pure Lit templates and nothing
 * from a source ever reaches innerHTML.
 */

/** A custom emoji: `:shortcode:` in text, drawn as the image at `url`. */
export interface Emoji {
  code: string;
  url: string;
}

export type Inline =
  | {t: 'text'; text: string}
  | {t: 'br'}
  | {t: 'emoji'; code: string; url: string}
  | {t: 'a'; href: string; kind: 'link' | 'tag' | 'mention'; children: Inline[]};

export interface Block {
  t: 'p';
  children: Inline[];
}

export interface Author {
  /** Display name, plain text (custom emoji as `:shortcode:`). */
  name: string;
  /** `user@server` on the fediverse, `name.bsky.social` on Bluesky; no leading @. */
  handle?: string;
  avatar?: string;
  url?: string;
  emojis: Emoji[];
}

export type MediaType = 'image' | 'video' | 'gifv' | 'audio';

export interface Media {
  type: MediaType;
  url: string;
  previewUrl?: string;
  alt?: string;
  width?: number;
  height?: number;
}

/** A link preview (Mastodon `card`, Bluesky `external` embed). */
export interface LinkCard {
  url: string;
  title: string;
  description?: string;
  image?: string;
}

export interface Post {
  id: string;
  /** Where the post came from: 'mastodon', 'bluesky', 'native', or a native file's own name. */
  network: string;
  /** The post's page, for people. */
  url?: string;
  /** The post's identity across servers (ActivityPub id, at:// URI), for de-duplication. */
  uri?: string;
  author: Author;
  created: Date;
  /** Rich text from HTML or facets; when absent, `text` is shown as plain text. */
  content?: Block[];
  /** The plain text of the post (word filters, descriptions). */
  text: string;
  /** The content warning (Mastodon spoiler text). */
  spoiler?: string;
  /** Media marked sensitive: blurred until the reader asks. */
  sensitive: boolean;
  media: Media[];
  /** A reply to someone else (a thread of one's own posts is not counted). */
  isReply: boolean;
  isBoost: boolean;
  /** Who boosted (reblogged, reposted) it into this feed, and when. */
  booster?: Author;
  boostedAt?: Date;
  /** BCP 47 language tag of the post, if the source says. */
  language?: string;
  tags: string[];
  card?: LinkCard;
  /** A quoted post (one level). */
  quote?: Post;
  /** Pinned by the trust's moderators (a relay's file): kept at the top, in the file's order. */
  pinned?: boolean;
}

/** What a source (or several, combined) gives the widget. */
export interface Feed {
  /** Newest first, de-duplicated. */
  posts: Post[];
  /** URLs of the next older page of Mastodon-API sources (their `Link: rel="next"`). */
  older: string[];
}

/** When the post entered the feed: its boost, else its creation. */
export function feedTime(post: Post): number {
  return (post.boostedAt ?? post.created).getTime();
}

/** The identity used to recognise one post seen through two servers. */
export function postKey(post: Post): string {
  return post.uri ?? post.url ?? `${post.network}:${post.id}`;
}

/**
 * Merges feeds newest first, keeps one copy of a post seen more than once
 * (same `uri`, or same `url`; the copy from the earlier feed wins) and at most
 * `keep` posts. Feeds' "older" links are kept side by side.
 */
export function mergeFeeds(feeds: Feed[], keep: number): Feed {
  const all = feeds.length === 1 ? feeds[0].posts.slice() : feeds.flatMap((f) => f.posts);
  // Pinned first, in their sources' order; then newest first. Stable: equal times keep the feeds' order.
  all.sort((a, b) => Number(b.pinned === true) - Number(a.pinned === true) || (a.pinned ? 0 : feedTime(b) - feedTime(a)));
  const seen = new Set<string>();
  const posts: Post[] = [];
  for (const post of all) {
    if (posts.length >= keep) break;
    const ids = [post.uri, post.url].filter((id): id is string => id !== undefined);
    if (ids.length === 0) ids.push(postKey(post));
    if (ids.some((id) => seen.has(id))) continue;
    for (const id of ids) seen.add(id);
    posts.push(post);
  }
  return {posts, older: [...new Set(feeds.flatMap((f) => f.older))]};
}

/** The plain text of rich content: what a word filter and a screen reader see. */
export function blocksToText(blocks: Block[]): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((n) => (n.t === 'text' ? n.text : n.t === 'br' ? '\n' : n.t === 'emoji' ? `:${n.code}:` : inline(n.children))).join('');
  return blocks.map((b) => inline(b.children)).join('\n\n');
}

/**
 * Plain text with custom emoji: `:shortcode:` becomes an emoji node when the
 * post (or account) declares that shortcode, and stays text otherwise.
 */
export function withEmoji(text: string, emojis: readonly Emoji[]): Inline[] {
  if (emojis.length === 0 || !text.includes(':')) return text ? [{t: 'text', text}] : [];
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(/:([\w]+):/g)) {
    const emoji = emojis.find((e) => e.code === m[1]);
    if (!emoji) continue;
    if (m.index > last) out.push({t: 'text', text: text.slice(last, m.index)});
    out.push({t: 'emoji', code: emoji.code, url: emoji.url});
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({t: 'text', text: text.slice(last)});
  return out;
}

/** Adds a paragraph of these inline nodes, tidied, unless nothing in it is readable. */
export function pushParagraph(blocks: Block[], nodes: Inline[]): void {
  const children = tidy(nodes);
  if (children.length) blocks.push({t: 'p', children});
}

/** Inline nodes with adjacent text merged and leading/trailing breaks dropped; [] when there is nothing to read. */
function tidy(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    const last = out.at(-1);
    if (node.t === 'text' && last?.t === 'text') out[out.length - 1] = {t: 'text', text: last.text + node.text};
    else out.push(node);
  }
  while (out[0]?.t === 'br') out.shift();
  while (out.at(-1)?.t === 'br') out.pop();
  const blank = out.every((n) => n.t === 'br' || (n.t === 'text' && !n.text.trim()));
  return blank ? [] : out;
}

/** Normalises a handle for comparison: no leading @, lower case. */
export function normaliseHandle(value: string): string {
  return value.trim().replace(/^@/, '').toLowerCase();
}

/** A hashtag as typed by an editor: trimmed, one leading # dropped. */
export function normaliseHashtag(value: string | undefined): string | undefined {
  const tag = value?.trim().replace(/^#/, '').trim();
  return tag ? tag : undefined;
}
