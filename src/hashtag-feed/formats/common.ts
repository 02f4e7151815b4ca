import {isRecord, safeUrl, str} from '../../shared/adapter.js';
import type {Problem} from '../../shared/events.js';
import {parseDateTime} from '../../shared/time.js';
import type {Emoji, Media, MediaType} from '../model.js';

/** Upper bounds on what one source may put in memory, whatever it sends. */
export const LIMITS = {posts: 200, media: 8, emojis: 64, text: 20_000};

/** An instant from an ISO 8601 / RFC 3339 date-time, as Mastodon and AT Protocol send them (without an offset, UTC: both APIs speak UTC). */
export function date(value: unknown): Date | undefined {
  return parseDateTime(value, 'UTC');
}

/**
 * When a post was written or boosted, as far as the feed believes it: never
 * later than now. A server's wrong clock, or a troll, can date a post in the
 * future, which would keep it at the top of the feed (and of a wall left
 * running) until that date.
 */
export function notLaterThanNow<T extends Date | undefined>(d: T): T {
  const now = Date.now();
  return d && d.getTime() > now ? (new Date(now) as T) : d;
}

/** Resolved URLs by base and value: a source polled again lists mostly the posts, authors and pictures it listed before. */
const resolvedUrls = new Map<string, string | undefined>();

/** An http(s) URL (no mailto: these are links and images), resolved against the source. */
export function httpUrl(value: unknown, base?: string): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return safeUrl(value, base, false);
  const key = `${base ?? ''} ${value}`;
  let url = resolvedUrls.get(key);
  if (url === undefined && !resolvedUrls.has(key)) {
    // A feed keeps at most a few hundred posts per source, with three URLs each.
    if (resolvedUrls.size >= 1000) resolvedUrls.clear();
    resolvedUrls.set(key, (url = safeUrl(value, base, false)));
  }
  return url;
}

/** No image or video is wider or taller than this; a bigger number is a mistake, not a size. */
const MAX_DIMENSION = 100_000;

/** A size in pixels: a positive whole number (a number or digits), or undefined. */
export function dimension(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  const size = Math.round(n);
  return size > 0 && size <= MAX_DIMENSION ? size : undefined;
}

/** Custom emoji declared by a post or an account; a shortcode must be a word, the image http(s). */
export function emojiList(value: unknown, base?: string): Emoji[] {
  if (!Array.isArray(value)) return [];
  const out: Emoji[] = [];
  for (const item of value.slice(0, LIMITS.emojis)) {
    if (!isRecord(item)) continue;
    const code = str(item.shortcode);
    const url = httpUrl(item.static_url, base) ?? httpUrl(item.url, base);
    if (code && /^\w+$/.test(code) && url) out.push({code, url});
  }
  return out;
}

const MEDIA_TYPES = new Set<MediaType>(['image', 'video', 'gifv', 'audio']);

/** A media type from a declared type or a MIME type; unknown kinds are not shown. */
export function mediaType(value: unknown, mime?: unknown): MediaType | undefined {
  const type = str(value)?.toLowerCase();
  if (type && MEDIA_TYPES.has(type as MediaType)) return type as MediaType;
  const major = str(mime)?.split('/')[0].toLowerCase();
  return major === 'image' || major === 'video' || major === 'audio' ? major : undefined;
}

/** Runs `adapt` on each item (at most LIMITS.posts), skipping and explaining the ones it cannot use. */
export async function eachItem<T>(
  items: unknown[],
  problems: Problem[],
  where: (i: number) => string,
  adapt: (item: unknown) => T | string | Promise<T | string>,
): Promise<T[]> {
  const out: T[] = [];
  for (const [i, item] of items.slice(0, LIMITS.posts).entries()) {
    try {
      const adapted = adapt(item);
      // Most items adapt synchronously: await only those that do not (HTML to sanitise).
      const result = adapted instanceof Promise ? await adapted : adapted;
      if (typeof result === 'string') problems.push({where: where(i), reason: result});
      else out.push(result);
    } catch (error) {
      problems.push({where: where(i), reason: error instanceof Error ? error.message : String(error)});
    }
  }
  if (items.length > LIMITS.posts) problems.push({where: 'posts', reason: `Only the first ${LIMITS.posts} posts are read`});
  return out;
}

/** `media` without entries the widget cannot show. */
export function cleanMedia(media: Array<Media | undefined>): Media[] {
  return media.filter((m): m is Media => m !== undefined).slice(0, LIMITS.media);
}

/** Language tag, lower-cased primary subtag kept as given otherwise. */
export function language(value: unknown): string | undefined {
  const tag = str(value);
  return tag && /^[a-z]{2,3}(-[a-z0-9-]+)?$/i.test(tag) ? tag : undefined;
}

/** Text capped at the limit (a hostile source could send megabytes). */
export function capped(text: string): string {
  return text.length > LIMITS.text ? text.slice(0, LIMITS.text) : text;
}
