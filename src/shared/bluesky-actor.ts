/**
 * A Bluesky account as both the feed (post authors, reposters) and the
 * follower counter (getProfile) show it: its handle while the handle still
 * verifies, and its public profile page. Imported only by the lazily loaded
 * adapters, so it costs neither widget's main bundle.
 */

/** A handle is a domain name (atproto.com/specs/handle); "handle.invalid" means it no longer verifies. */
const HANDLE = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/i;
/** atproto.com/specs/did */
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;

const PROFILE = 'https://bsky.app/profile/';

export interface BlueskyActor {
  /** The handle, when it is one and still verifies. */
  handle?: string;
  /** The DID, when it is one. */
  did?: string;
  /** bsky.app/profile/ with the handle, else the DID. */
  url?: string;
}

export function blueskyActor(handle: unknown, did: unknown): BlueskyActor {
  const usable = typeof handle === 'string' && handle !== 'handle.invalid' && handle.length <= 253 && HANDLE.test(handle) ? handle : undefined;
  const id = typeof did === 'string' && did.length <= 2048 && DID.test(did) ? did : undefined;
  const who = usable ?? id;
  return {handle: usable, did: id, url: who ? PROFILE + who : undefined};
}
