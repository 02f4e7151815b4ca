/**
 * What a server says about when to ask it again, read the same way by the
 * widgets' source cache and by trust-relay. Nothing here touches the DOM.
 */

/** Parses Retry-After in either of its forms: delta-seconds or an HTTP date. Milliseconds to wait. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The rate-limit headers: Mastodon's X-RateLimit-Limit/-Remaining/-Reset (the
 * reset an ISO date) and Bluesky's RateLimit-* (the reset in epoch seconds;
 * the IETF draft's delta-seconds also read). When less than a tenth of the
 * allowance is left, wait for the reset rather than spend it: an NHS gateway
 * puts a whole trust behind one IP address. Milliseconds to wait, 0 for none.
 */
export function rateLimitWait(headers: Headers, now: number): number {
  for (const prefix of ['x-ratelimit-', 'ratelimit-']) {
    const remaining = headers.get(`${prefix}remaining`);
    const limit = Number(headers.get(`${prefix}limit`)?.split(/[;,]/)[0]);
    const resetText = headers.get(`${prefix}reset`)?.trim() ?? '';
    const seconds = /^\d+$/.test(resetText) ? Number(resetText) : NaN;
    const reset = Number.isNaN(seconds) ? Date.parse(resetText) : seconds > 1e9 ? seconds * 1000 : now + seconds * 1000;
    if (remaining === null || !/^\d+$/.test(remaining.trim()) || !(limit > 0) || Number.isNaN(reset)) continue;
    return Number(remaining) < limit / 10 ? Math.max(0, reset - now) : 0;
  }
  return 0;
}
