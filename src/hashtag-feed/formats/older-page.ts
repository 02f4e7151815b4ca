/**
 * The "Load older posts" page of a Mastodon tag timeline. Loaded when a
 * reader first asks for older posts, not with the feed.
 */
import type {AdapterContext, Adapted} from '../../shared/adapter.js';
import {DEFAULT_TIMEOUT_MS} from '../../shared/source-cache.js';
import {TrustError, toTrustError} from '../../shared/errors.js';
import type {Feed} from '../model.js';
import {mastodon} from './index.js';
import {httpUrl} from './mastodon-api.js';

/**
 * The "Load older posts" button: one page of a tag timeline, fetched now
 * (a reader's action, not a poll), with the link to the page after it.
 */
export async function fetchOlderPage(url: string, context: AdapterContext): Promise<Adapted<Feed>> {
  const safe = httpUrl(url);
  if (!safe) throw new TrustError('config', 'The link to older posts is not an http(s) URL', {url});
  const response = await fetch(safe, {
    headers: {Accept: 'application/json'},
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    cache: 'no-store',
    signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS),
  }).catch((error: unknown) => {
    throw toTrustError(error, safe, true);
  });
  if (!response.ok) {
    const kind = response.status === 429 ? 'rate-limited' : response.status === 404 || response.status === 410 ? 'not-found' : 'http';
    throw new TrustError(kind, `The server answered ${response.status}`, {url: safe, status: response.status});
  }
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new TrustError('not-json', 'The server sent something that is not JSON', {url: safe});
  }
  return mastodon.adapt(raw, {...context, baseUrl: safe, headers: response.headers});
}
