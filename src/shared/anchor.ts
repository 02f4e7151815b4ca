/**
 * Element ids for deep links between widgets: <trust-schedule> links a
 * speaker to `#speaker-<id>` and <trust-speakers> links a session to
 * `#session-<id>`. Both sides build the id here, so they always agree.
 * Source ids can hold any character; only [A-Za-z0-9_-] is kept, anything
 * else becomes "_", so the id is safe in a URL fragment and a selector.
 */
export function anchorId(kind: 'speaker' | 'session', id: string): string {
  return `${kind}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The kind and anchor id named by a location hash ("#speaker-jane" → the anchor "speaker-jane"), or undefined. */
export function anchorFromHash(hash: string, kind: 'speaker' | 'session'): string | undefined {
  let fragment = hash.replace(/^#/, '');
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    /* keep it as it is */
  }
  const prefix = `${kind}-`;
  return fragment.startsWith(prefix) && fragment.length > prefix.length ? anchorId(kind, fragment.slice(prefix.length)) : undefined;
}

/**
 * The href of an anchor on this page. Written out in full, because a bare
 * "#fragment" resolves against the page's <base href>, which a CMS may point
 * at another page entirely.
 */
export function anchorHref(anchor: string): string {
  return `${pageUrl()}#${anchor}`;
}

/** This page's address without its fragment. */
export function pageUrl(): string {
  return location.href.split('#')[0];
}
