import {clock, type TimerHandle} from './clock.js';
import {TrustError, toTrustError} from './errors.js';
import {parseRetryAfter, rateLimitWait} from './rate-limit.js';

/**
 * The page-wide cache of remote sources, keyed by URL.
 *
 * Every widget that reads a URL subscribes here, so however many widgets show
 * one source the page makes one request per interval (the shortest interval
 * any of them asked for). Requests are conditional (ETag / Last-Modified), a
 * failure backs off exponentially with full jitter, Retry-After and Mastodon's
 * rate-limit headers are honoured, polling waits while the tab is hidden and
 * resumes when it is shown or the browser comes back online. When the last
 * subscriber leaves, its request is aborted and its timer cleared.
 */

export interface FetchResult {
  /** The URL that was requested (for incremental sources, it changes per poll). */
  url: string;
  status: number;
  text: string;
  headers: Headers;
  fetchedAt: number;
  /** True when the server said 304 (or sent identical bytes): nothing changed. */
  notModified: boolean;
}

/**
 * Where to read instead when a source turns out to need a login: Mastodon
 * servers that keep their federated hashtag timeline for signed-in users
 * answer 401 (or an empty list) but still show their own posts (`local=true`).
 */
export interface SourceFallback {
  url: string;
  /** Besides a 401/403 first answer: a successful first answer that also means "log in" (an empty list). */
  when?: (result: FetchResult) => boolean;
  /** Said with console.info when the fallback is taken. */
  note?: string;
}

export interface SourceOptions {
  /** Seconds between polls; 0 or undefined loads once. */
  refresh?: number;
  accept?: string;
  timeoutMs?: number;
  /**
   * For sources that poll for what is new since the last answer (Mastodon's
   * `min_id`): the URL of the next request given the previous result.
   */
  nextUrl?: (last: FetchResult) => string;
  /** Tried once, on the first answer, when the source needs a login. */
  fallback?: SourceFallback;
  onResult: (result: FetchResult) => void;
  onError: (error: TrustError) => void;
}

export interface Subscription {
  /** Fetch now (the Retry button), whatever the schedule says. */
  refreshNow(): void;
  unsubscribe(): void;
}

/** The shortest refresh interval a widget may ask for, in seconds. */
export const MIN_REFRESH_SECONDS = 15;
export const DEFAULT_TIMEOUT_MS = 15_000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 10 * 60_000;
const REPLAY_LIMIT = 50;

interface Entry {
  key: string;
  /** The URL read: the key, or the fallback once it was taken. */
  url: string;
  fallbackTried: boolean;
  subscribers: Set<SourceOptions>;
  etag?: string;
  lastModified?: string;
  /** Whether we may send validators ourselves (a CORS preflight may refuse them). */
  conditional: boolean;
  last?: FetchResult;
  /** For incremental sources: the first full answer and the deltas since, for late subscribers. */
  replay: FetchResult[];
  inflight?: AbortController;
  /** The time-out of the request in flight. */
  deadline?: TimerHandle;
  timer?: TimerHandle;
  failures: number;
  /** A poll came due while the page was hidden or offline. */
  due: boolean;
  /** Earliest time the next request may go (Retry-After / rate limit). */
  notBefore: number;
}

const entries = new Map<string, Entry>();
let listening = false;

function onVisibleOrOnline(): void {
  if (document.hidden) return;
  for (const entry of entries.values()) {
    if (entry.due || (entry.failures > 0 && entry.notBefore <= clock.now())) void request(entry);
  }
}

function listen(on: boolean): void {
  if (on === listening) return;
  listening = on;
  const method = on ? 'addEventListener' : 'removeEventListener';
  document[method]('visibilitychange', onVisibleOrOnline);
  window[method]('online', onVisibleOrOnline);
}

/** Number of URLs with live subscribers (for tests and diagnostics). */
export function activeSources(): number {
  return entries.size;
}

function intervalMs(entry: Entry): number {
  let shortest = Infinity;
  for (const s of entry.subscribers) {
    if (s.refresh && s.refresh > 0) shortest = Math.min(shortest, Math.max(MIN_REFRESH_SECONDS, s.refresh) * 1000);
  }
  return shortest;
}

function schedule(entry: Entry, delayMs: number): void {
  clock.clearTimeout(entry.timer);
  entry.timer = undefined;
  if (!Number.isFinite(delayMs) || entry.subscribers.size === 0) return;
  entry.timer = clock.setTimeout(
    () => {
      entry.timer = undefined;
      if (document.hidden || !navigator.onLine) {
        entry.due = true; // resumes on visibilitychange / online
        return;
      }
      void request(entry);
    },
    delayMs,
    {network: true},
  );
}

function backoffMs(failures: number): number {
  // Full jitter (AWS Architecture Blog): a random wait up to the capped exponential.
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
  return Math.round(Math.random() * ceiling);
}

function deliver(entry: Entry, result: FetchResult): void {
  for (const s of [...entry.subscribers]) s.onResult(result);
}

async function request(entry: Entry): Promise<void> {
  if (entry.inflight) return;
  entry.due = false;
  const incremental = [...entry.subscribers].find((s) => s.nextUrl);
  let url = entry.last && incremental?.nextUrl ? incremental.nextUrl(entry.last) : entry.url;
  const opts = [...entry.subscribers][0];
  const controller = new AbortController();
  entry.inflight = controller;
  const timeoutMs = opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = clock.setTimeout(() => controller.abort(new TrustError('timeout', `No answer within ${timeoutMs / 1000} seconds`, {url})), timeoutMs, {network: true});
  entry.deadline = timeout;

  const headers: Record<string, string> = {Accept: opts?.accept ?? 'application/json'};
  const sameUrl = url === entry.last?.url;
  if (entry.conditional && sameUrl && entry.etag) headers['If-None-Match'] = entry.etag;
  if (entry.conditional && sameUrl && entry.lastModified) headers['If-Modified-Since'] = entry.lastModified;

  try {
    let response: Response;
    try {
      response = await fetch(url, {headers, signal: controller.signal, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer'});
    } catch (error) {
      // A cross-origin server may refuse the validators in its CORS preflight:
      // try once more as a simple request, and stop sending them to it.
      if (controller.signal.aborted || !(error instanceof TypeError) || !('If-None-Match' in headers || 'If-Modified-Since' in headers)) throw error;
      entry.conditional = false;
      response = await fetch(url, {headers: {Accept: headers.Accept}, signal: controller.signal, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer'});
    }
    let text = response.ok ? await response.text() : '';
    const fallback = !entry.last && !entry.fallbackTried ? [...entry.subscribers].find((s) => s.fallback)?.fallback : undefined;
    if (fallback) ({url, response, text} = await tryFallback(entry, fallback, {url, response, text}, headers.Accept, controller.signal));
    const now = clock.now();
    if (response.status === 304 && entry.last) {
      finishSuccess(entry, {...entry.last, fetchedAt: now, notModified: true}, response.headers);
      return;
    }
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
      const status = response.status;
      const kind = status === 404 || status === 410 ? 'not-found' : status === 429 || (status === 503 && retryAfterMs !== undefined) ? 'rate-limited' : 'http';
      throw new TrustError(kind, `The server answered ${status} ${response.statusText}`.trim(), {url, status, retryAfterMs});
    }
    const notModified = !incremental && entry.last !== undefined && entry.last.text === text;
    entry.etag = response.headers.get('etag') ?? undefined;
    entry.lastModified = response.headers.get('last-modified') ?? undefined;
    finishSuccess(entry, {url, status: response.status, text, headers: response.headers, fetchedAt: now, notModified}, response.headers);
  } catch (error) {
    if (entry.inflight !== controller) return; // unsubscribed meanwhile
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
    const trustError = toTrustError(reason, url, true);
    entry.failures++;
    const retryAfter = trustError.details.retryAfterMs;
    entry.notBefore = clock.now() + (retryAfter ?? 0);
    const interval = intervalMs(entry);
    // Only live sources retry by themselves; a load-once source waits for the Retry button.
    if (Number.isFinite(interval)) schedule(entry, Math.max(retryAfter ?? 0, backoffMs(entry.failures)));
    for (const s of [...entry.subscribers]) s.onError(trustError);
  } finally {
    clock.clearTimeout(timeout);
    if (entry.inflight === controller) entry.inflight = undefined;
  }
}

interface Answer {
  url: string;
  response: Response;
  text: string;
}

/**
 * The first answer of a source that has a fallback: when it needs a login
 * (401/403) or looks restricted (`when`), read the fallback URL once and keep
 * reading it from then on. After a 401 the fallback is the only way in; after
 * an empty list it is only worth switching to when it has something to show.
 */
async function tryFallback(entry: Entry, fallback: SourceFallback, first: Answer, accept: string, signal: AbortSignal): Promise<Answer> {
  const loginNeeded = first.response.status === 401 || first.response.status === 403;
  if (!loginNeeded && !(first.response.ok && fallback.when?.(asResult(first)))) return first;
  entry.fallbackTried = true;
  const response = await fetch(fallback.url, {headers: {Accept: accept}, signal, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer'});
  const second = {url: fallback.url, response, text: response.ok ? await response.text() : ''};
  const better = loginNeeded || (response.ok && !fallback.when?.(asResult(second)));
  if (!better) return first;
  const why = loginNeeded ? `answered ${first.response.status}` : 'looks restricted to signed-in users';
  console.info(`trust-widgets: ${first.url} ${why}; reading ${fallback.url} instead.${fallback.note ? ` ${fallback.note}` : ''}`);
  entry.url = fallback.url;
  return second;
}

function asResult({url, response, text}: Answer): FetchResult {
  return {url, status: response.status, text, headers: response.headers, fetchedAt: clock.now(), notModified: false};
}

function finishSuccess(entry: Entry, result: FetchResult, headers: Headers): void {
  entry.failures = 0;
  const now = clock.now();
  const wait = rateLimitWait(headers, now);
  entry.notBefore = now + wait;
  if (!result.notModified) {
    entry.replay.push(result);
    if (entry.replay.length > REPLAY_LIMIT) entry.replay.splice(1, 1); // keep the first full answer
  }
  entry.last = result;
  schedule(entry, Math.max(intervalMs(entry), wait));
  deliver(entry, result);
}

/** Starts (or joins) the polling of one URL. */
export function subscribe(url: string, options: SourceOptions): Subscription {
  const key = new URL(url, document.baseURI).href;
  let entry = entries.get(key);
  if (!entry) {
    entry = {key, url: key, fallbackTried: false, subscribers: new Set(), conditional: true, replay: [], failures: 0, due: false, notBefore: 0};
    entries.set(key, entry);
    listen(true);
  }
  const e = entry;
  const before = intervalMs(e);
  e.subscribers.add(options);

  if (e.last) {
    // A widget joining a source that is already loaded gets what is there now.
    const known = options.nextUrl ? e.replay : [e.last];
    queueMicrotask(() => {
      if (e.subscribers.has(options)) for (const r of known) options.onResult(r);
    });
    if (intervalMs(e) < before && !e.inflight) schedule(e, intervalMs(e));
  } else if (!e.inflight && e.timer === undefined) {
    void request(e);
  }

  return {
    refreshNow() {
      if (!e.subscribers.has(options)) return;
      const wait = e.notBefore - clock.now();
      if (wait > 0) return schedule(e, wait); // the server asked us to wait
      clock.clearTimeout(e.timer);
      e.timer = undefined;
      void request(e);
    },
    unsubscribe() {
      if (!e.subscribers.delete(options)) return;
      if (e.subscribers.size > 0) return;
      e.inflight?.abort();
      e.inflight = undefined;
      clock.clearTimeout(e.deadline);
      clock.clearTimeout(e.timer);
      e.timer = undefined;
      entries.delete(e.key);
      if (entries.size === 0) listen(false);
    },
  };
}
