/**
 * Mastodon's REST API (and the servers that speak it: Akkoma, Pleroma,
 * GoToSocial…): an array of Status entities, as `GET /api/v1/timelines/tag/:tag`
 * answers, or a file holding one.
 *
 * A boost (`reblog`) shows the original post with "Boosted by"; custom emoji
 * (`emojis[]`, by shortcode) are drawn in content and names; content HTML is
 * sanitised (see ../sanitise.ts); Mastodon's shortened link text
 * (`invisible`/`ellipsis` spans), Akkoma's `class="hashtag" data-tag` links and
 * its `quote` are understood. Private and direct posts are never shown.
 */
import {isRecord, str, type AdapterContext, type Adapted} from '../../shared/adapter.js';
import {TrustError} from '../../shared/errors.js';
import type {Problem} from '../../shared/events.js';
import {blocksToText, mergeFeeds, type Author, type Feed, type LinkCard, type Media, type Post} from '../model.js';
import {htmlToBlocks} from '../sanitise.js';
import {isStatus} from './detect.js';
import {LIMITS, capped, cleanMedia, date, dimension, eachItem, emojiList, httpUrl, language, mediaType, notLaterThanNow} from './common.js';
import {line} from '../../shared/plain-text.js';

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function account(a: Record<string, unknown>, base: string): Author {
  const url = httpUrl(a.url, base);
  const acct = line(a.acct) ?? line(a.username);
  // A local account's acct has no server: add the one its profile lives on.
  const host = hostOf(url);
  const handle = acct && !acct.includes('@') && host ? `${acct}@${host}` : acct;
  return {
    name: line(a.display_name) ?? line(a.username) ?? handle ?? '?',
    handle: handle?.replace(/^@/, ''),
    avatar: httpUrl(a.avatar_static, base) ?? httpUrl(a.avatar, base),
    url,
    emojis: emojiList(a.emojis, base),
  };
}

function attachment(m: unknown, base: string): Media | undefined {
  if (!isRecord(m)) return undefined;
  const mime = isRecord(m.pleroma) ? m.pleroma.mime_type : undefined;
  const type = mediaType(m.type, mime);
  const url = httpUrl(m.url, base) ?? httpUrl(m.remote_url, base);
  if (!type || !url) return undefined;
  const meta = isRecord(m.meta) ? (isRecord(m.meta.original) ? m.meta.original : isRecord(m.meta.small) ? m.meta.small : {}) : {};
  return {
    type,
    url,
    previewUrl: httpUrl(m.preview_url, base),
    alt: str(m.description),
    width: dimension(meta.width),
    height: dimension(meta.height),
  };
}

function linkCard(c: unknown, base: string): LinkCard | undefined {
  if (!isRecord(c)) return undefined;
  const url = httpUrl(c.url, base);
  const title = line(c.title, 300);
  if (!url || !title) return undefined;
  return {url, title, description: line(c.description, 500), image: httpUrl(c.image, base)};
}

/** Mastodon 4.5 wraps a quote ({state, quoted_status}); Akkoma gives the status itself. */
function quotedStatus(s: Record<string, unknown>): Record<string, unknown> | undefined {
  const q = s.quote;
  if (isStatus(q)) return q;
  if (isRecord(q) && isStatus(q.quoted_status) && (q.state === undefined || q.state === 'accepted')) return q.quoted_status;
  return undefined;
}

/** Visibilities anyone may see: Mastodon's public and unlisted, and Akkoma's local (public, not federated). */
const PUBLIC_VISIBILITY = new Set<unknown>(['public', 'unlisted', 'local']);

/**
 * The filters of the account that saved the answer (`filtered`, only there
 * when the request was signed in): "hide" hides the post, "warn" shows the
 * filter's title as its content warning, "blur" blurs its media.
 */
function filtersOf(s: Record<string, unknown>): Array<Record<string, unknown>> {
  return Array.isArray(s.filtered) ? s.filtered.flatMap((result) => (isRecord(result) && isRecord(result.filter) ? [result.filter] : [])) : [];
}

async function statusToPost(s: Record<string, unknown>, base: string, withQuote: boolean): Promise<Post | string> {
  const id = str(s.id);
  if (!id) return 'A status needs an id';
  const created = notLaterThanNow(date(s.created_at));
  if (!created) return 'A status needs a valid created_at';
  if (!isRecord(s.account)) return 'A status needs an account';
  // Mastodon's private and direct, Akkoma's list, Misskey's and GoToSocial's followers- or mutuals-only: none are public.
  if (s.visibility != null && !PUBLIC_VISIBILITY.has(s.visibility)) return 'Not a public post';
  const filters = filtersOf(s);
  if (filters.some((f) => f.filter_action === 'hide')) return 'Hidden by a filter';
  const warning = filters.find((f) => f.filter_action === 'warn');
  const emojis = emojiList(s.emojis, base);
  const content = await htmlToBlocks(typeof s.content === 'string' ? capped(s.content) : '', emojis);
  const author = account(s.account, base);
  const quoted = withQuote ? quotedStatus(s) : undefined;
  const quote = quoted ? await statusToPost(quoted, base, false) : undefined;
  return {
    id,
    network: 'mastodon',
    url: httpUrl(s.url, base) ?? httpUrl(s.uri, base),
    uri: str(s.uri),
    author,
    created,
    content,
    text: blocksToText(content),
    spoiler: line(s.spoiler_text, 1000) ?? (warning ? line(warning.title) : undefined),
    sensitive: s.sensitive === true || filters.some((f) => f.filter_action === 'blur'),
    media: cleanMedia(Array.isArray(s.media_attachments) ? s.media_attachments.map((m) => attachment(m, base)) : []),
    isReply: s.in_reply_to_id != null && str(s.in_reply_to_account_id) !== str(s.account.id),
    isBoost: false,
    language: language(s.language),
    tags: Array.isArray(s.tags) ? s.tags.flatMap((t) => (isRecord(t) && str(t.name) ? [str(t.name)!] : [])) : [],
    card: linkCard(s.card, base),
    quote: typeof quote === 'object' ? quote : undefined,
  };
}

async function adaptStatus(item: unknown, base: string): Promise<Post | string> {
  if (!isRecord(item)) return 'Not a status';
  const boosted = isRecord(item.reblog) ? item.reblog : undefined;
  const post = await statusToPost(boosted ?? item, base, true);
  if (typeof post === 'string' || !boosted) return post;
  if (!isRecord(item.account)) return 'A boost needs an account';
  return {...post, isBoost: true, booster: account(item.account, base), boostedAt: notLaterThanNow(date(item.created_at))};
}

/** The `Link: <…>; rel="next"` URL, if it stays on the source's server. */
export function nextLink(headers: Headers | undefined, base: string): string | undefined {
  const link = headers?.get('link');
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    const rel = m && /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2])?.[1];
    if (!m || !rel?.split(/\s+/).includes('next')) continue;
    const url = httpUrl(m[1], base);
    return url && hostOf(url) === hostOf(base) ? url : undefined;
  }
  return undefined;
}

/** Adapts an array of statuses (or one status); the `Link` header of a tag timeline gives the older page. */
export async function adaptMastodon(raw: unknown, context: AdapterContext): Promise<Adapted<Feed>> {
  const list = isStatus(raw) ? [raw] : raw;
  if (!Array.isArray(list)) {
    throw new TrustError('format', 'This is not a list of Mastodon statuses (what /api/v1/timelines/tag/… answers).');
  }
  const problems: Problem[] = [];
  const posts = await eachItem(list, problems, (i) => `status ${i}`, (item) => adaptStatus(item, context.baseUrl));
  const older = nextLink(context.headers, context.baseUrl);
  return {value: mergeFeeds([{posts, older: older ? [older] : []}], LIMITS.posts), problems};
}
