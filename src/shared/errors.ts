/** What went wrong, in terms a widget can explain to a person. */
export type ErrorKind =
  | 'network' // the request never got an answer (offline, DNS, CORS)
  | 'timeout' // no answer within the time-out
  | 'http' // the server answered with an error status
  | 'not-found' // 404/410: the address is wrong or the thing is gone
  | 'rate-limited' // 429 or 503 with Retry-After
  | 'not-json' // a 200 whose body is not JSON (an HTML error page, say)
  | 'format' // JSON, but not in the shape the format expects
  | 'config'; // the element was not told enough to load anything

export class TrustError extends Error {
  override readonly name = 'TrustError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: {url?: string; status?: number; retryAfterMs?: number; cause?: unknown} = {},
  ) {
    super(message);
  }

  get url(): string | undefined {
    return this.details.url;
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

/**
 * Anything thrown while loading, as a TrustError. `fromFetch`: it came from
 * fetch() itself, where a TypeError means the request got no answer (offline,
 * DNS, CORS). Thrown anywhere else (an adapter tripping over a value), it is
 * data that could not be read, never a network error.
 */
export function toTrustError(error: unknown, url?: string, fromFetch = false): TrustError {
  if (error instanceof TrustError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // (An abort never lands here: a time-out aborts with its own TrustError, and an unsubscribed request is not reported.)
  if (fromFetch) return new TrustError('network', `Network error: ${message}`, {url, cause: error});
  return new TrustError('format', `Could not read the data: ${message}`, {url, cause: error});
}
