import {isRecord, lazyFormat, type AdapterContext, type Format, type FormatMap} from '../shared/adapter.js';
import type {Counter} from './model.js';

/**
 * The sources of a follower count, as the element uses them. Only the
 * detectors live here; each adapter (adapters.ts) is loaded on first use.
 *
 * - `mastodon`: the Account entity of `GET /api/v1/accounts/lookup?acct=`.
 * - `bluesky`: the profileViewDetailed of `app.bsky.actor.getProfile`.
 * - `native`: `{count, history?, label?, url?, account?, network?}` (schemas/followers.schema.json).
 * - `json`: any JSON, with the number at the element's `path`.
 */

/** What the counter's adapters are told besides the shared context: the `path` attribute. */
export interface CounterContext extends AdapterContext {
  path?: string;
}

type AdapterName = 'mastodon' | 'bluesky' | 'native' | 'json';

/** The named adapter, from the chunk loaded on first use. */
const adapter = (name: AdapterName) => async () => {
  const format = (await import('./adapters.js'))[name];
  return (raw: unknown, context: CounterContext) => format.adapt(raw, context);
};

const detectMastodon = (raw: unknown) => isRecord(raw) && 'followers_count' in raw && typeof raw.acct === 'string';
const detectBluesky = (raw: unknown) => isRecord(raw) && 'followersCount' in raw && typeof raw.did === 'string';
const detectNative = (raw: unknown) => isRecord(raw) && 'count' in raw;

/**
 * With a `path`, any JSON is read at that path, so sniffing picks `json`;
 * without one, `json` is never guessed.
 */
export function formatsFor(hasPath: () => boolean): FormatMap<Counter> {
  const unlessPath = (detect: (raw: unknown) => boolean) => (raw: unknown) => !hasPath() && detect(raw);
  return {
    mastodon: lazyFormat('json', unlessPath(detectMastodon), adapter('mastodon')),
    bluesky: lazyFormat('json', unlessPath(detectBluesky), adapter('bluesky')),
    native: lazyFormat('json', unlessPath(detectNative), adapter('native')),
    json: lazyFormat('json', hasPath, adapter('json')),
  } satisfies Record<string, Format<Counter>>;
}
