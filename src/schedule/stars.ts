/**
 * Starred sessions, kept in localStorage under one key per schedule. Nothing
 * is written until the reader stars a session, and the key is removed again
 * when they unstar the last one, so a visitor who never stars anything leaves
 * no trace. Storage that is blocked (private modes, sandboxed frames) only
 * means the stars last as long as the page.
 */
export function readStars(key: string): Set<string> {
  try {
    const raw = window.localStorage.getItem(key);
    const ids: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

export function writeStars(key: string, stars: ReadonlySet<string>): void {
  try {
    if (stars.size) window.localStorage.setItem(key, JSON.stringify([...stars]));
    else window.localStorage.removeItem(key);
  } catch {
    /* storage blocked: the stars still work until the page is closed */
  }
}

/** The default storage key: one per event (by name), else per data source. */
export function starsKey(eventName: string | undefined, src: string | undefined): string {
  return `trust-schedule:stars:${eventName ?? src ?? location.pathname}`;
}
