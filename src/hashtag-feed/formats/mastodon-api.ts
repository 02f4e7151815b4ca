/**
 * Reading a Mastodon server's hashtag timeline: the polled sources the
 * `instance` and `hashtag` attributes describe (first `limit=40`, then
 * `min_id`, with a `local=true` fallback for servers that want a login). The
 * adapter itself (mastodon.ts) and the "Load older posts" page (older-page.ts)
 * load lazily.
 */
import {isRecord, safeUrl, str} from '../../shared/adapter.js';
import type {FetchResult} from '../../shared/source-cache.js';
import type {SourceSpec} from '../../shared/data-controller.js';
import {normaliseHashtag} from '../model.js';

export const PAGE_SIZE = 40;

export const httpUrl = (value: string) => safeUrl(value, undefined, false);

/** Compares Mastodon ids (numeric snowflakes) and Akkoma flake ids (fixed-length base62): longer is newer, then by characters. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The next poll of a tag timeline: what is newer than the newest status seen (`min_id`, which pages forward without gaps). */
export function newerThan(last: FetchResult): string {
  const url = new URL(last.url);
  let newest = url.searchParams.get('min_id') ?? undefined;
  try {
    const list: unknown = JSON.parse(last.text);
    if (Array.isArray(list)) {
      for (const item of list) {
        const id = isRecord(item) ? str(item.id) : undefined;
        if (id && (!newest || compareIds(id, newest) > 0)) newest = id;
      }
    }
  } catch {
    /* keep the previous min_id */
  }
  url.searchParams.delete('max_id');
  if (newest) url.searchParams.set('min_id', newest);
  return url.href;
}

/** A server's base URL from what an editor typed ("mastodon.social", "https://nhs.social/"). */
export function instanceUrl(value: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  const url = httpUrl(withScheme);
  if (!url) return undefined;
  const {origin, pathname} = new URL(url);
  return origin + pathname.replace(/\/+$/, '');
}

const LOCAL_NOTE = 'It shows its hashtag timeline to visitors only for its own posts (local=true), so posts from other servers are not included.';

/** One polled source per server in `instances` (space- or comma-separated) for the tag timeline of `hashtag`. */
export function tagTimelineSources(instances: string | undefined, hashtag: string | undefined): SourceSpec[] {
  const tag = normaliseHashtag(hashtag);
  if (!tag || !instances) return [];
  return instances
    .split(/[\s,]+/)
    .filter(Boolean)
    .flatMap((instance) => {
      const base = instanceUrl(instance);
      if (!base) return [];
      const url = `${base}/api/v1/timelines/tag/${encodeURIComponent(tag)}?limit=${PAGE_SIZE}`;
      return [{url, format: 'mastodon', nextUrl: newerThan, fallback: {url: `${url}&local=true`, when: (r) => r.text.trim() === '[]', note: LOCAL_NOTE}}];
    });
}
