import {TrustError} from '../src/shared/errors.js';
import {parseRetryAfter, rateLimitWait} from '../src/shared/rate-limit.js';

/**
 * Every request the relay makes to a platform goes through here: a time-out
 * and a size cap on each, and the rate-limit state of each server (its
 * origin), not of each URL, since Mastodon counts every request from one
 * address to a server: a 429 on the account lookup also holds back that
 * server's timeline. Nothing is ever sent to a server before the time it
 * named (Retry-After in either form, X-RateLimit-* / RateLimit-* resets).
 */

export interface Clock {
  now(): number;
}

export interface UpstreamResponse {
  url: string;
  status: number;
  headers: Headers;
  text: string;
}

export interface HoldState {
  /** Epoch ms before which no request goes to this server. */
  until: number;
  reason: string;
}

export interface UpstreamOptions {
  timeoutMs: number;
  maxBytes: number;
  clock: Clock;
  /** Called when a server's hold changes, so it can be kept across restarts. */
  onHold?: (origin: string, hold: HoldState | undefined) => void;
  fetch?: typeof fetch;
  userAgent?: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Statuses that are answers, not errors (e.g. 401 for a session refresh). */
  accept?: number[];
}

export const USER_AGENT = 'trust-relay (+https://www.npmjs.com/package/trust-widgets)';

export class Upstream {
  readonly #holds = new Map<string, HoldState>();
  readonly #options: UpstreamOptions;

  constructor(options: UpstreamOptions) {
    this.#options = options;
  }

  /** Restores a hold read from the state file. */
  restoreHold(origin: string, hold: HoldState): void {
    if (hold.until > this.#options.clock.now()) this.#holds.set(origin, hold);
  }

  /** The hold on a URL's server, if one is still running. */
  holdOn(url: string): HoldState | undefined {
    const origin = new URL(url).origin;
    const hold = this.#holds.get(origin);
    if (hold && hold.until <= this.#options.clock.now()) {
      this.#holds.delete(origin);
      this.#options.onHold?.(origin, undefined);
      return undefined;
    }
    return hold;
  }

  #hold(origin: string, until: number, reason: string): void {
    const current = this.#holds.get(origin);
    if (current && current.until >= until) return;
    const hold = {until, reason};
    this.#holds.set(origin, hold);
    this.#options.onHold?.(origin, hold);
  }

  async request(url: string, options: RequestOptions = {}): Promise<UpstreamResponse> {
    const {clock, timeoutMs, maxBytes} = this.#options;
    const origin = new URL(url).origin;
    const hold = this.holdOn(url);
    if (hold) {
      throw new TrustError('rate-limited', `${origin} asked for no requests until ${new Date(hold.until).toISOString()} (${hold.reason})`, {url, retryAfterMs: hold.until - clock.now()});
    }
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await (this.#options.fetch ?? fetch)(url, {
        method: options.method ?? 'GET',
        headers: {'User-Agent': this.#options.userAgent ?? USER_AGENT, Accept: 'application/json', ...options.headers},
        body: options.body,
        signal,
        redirect: 'follow',
      });
    } catch (error) {
      if (signal.aborted) throw new TrustError('timeout', `No answer from ${origin} within ${timeoutMs / 1000} seconds`, {url});
      throw new TrustError('network', `Could not reach ${origin} (${causeOf(error)})`, {url});
    }
    const text = await readCapped(response, maxBytes, signal, url);
    const now = clock.now();
    const x = xRateLimit(response.headers, now);
    // X often sends a 429 with no Retry-After: its x-rate-limit-reset is the time that counts.
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now) ?? (response.status === 429 ? x.untilReset : undefined);
    const limited = response.status === 429 || (response.status === 503 && retryAfterMs !== undefined);
    if (limited) {
      // A 429 without Retry-After still means "not now": wait a minute at least.
      this.#hold(origin, now + (retryAfterMs ?? 60_000), `answered ${response.status}`);
    } else {
      const wait = Math.max(rateLimitWait(response.headers, now), x.wait);
      if (wait > 0) this.#hold(origin, now + wait, 'rate-limit allowance nearly spent');
    }
    if (response.ok || response.status === 304 || options.accept?.includes(response.status)) return {url, status: response.status, headers: response.headers, text};
    const status = response.status;
    const kind = status === 404 || status === 410 ? 'not-found' : limited ? 'rate-limited' : 'http';
    const said = apiMessage(text);
    throw new TrustError(kind, `${origin} answered ${status}${said ? `: ${said}` : ''}`, {url, status, retryAfterMs});
  }

  async json(url: string, options: RequestOptions = {}): Promise<{response: UpstreamResponse; body: unknown}> {
    const response = await this.request(url, options);
    return {response, body: response.status === 304 ? undefined : parseJson(response)};
  }
}

/**
 * X's rate-limit headers, x-rate-limit-limit/-remaining/-reset (the reset in
 * epoch seconds). X spells them with a hyphen between "rate" and "limit", so
 * the shared reader (X-RateLimit-*, RateLimit-*) does not see them.
 * `untilReset`: ms until the window resets, when X says; `wait`: ms to wait
 * now, when less than a tenth of the allowance is left (as for the others), else 0.
 */
export function xRateLimit(headers: Headers, now: number): {untilReset?: number; wait: number} {
  const resetText = headers.get('x-rate-limit-reset')?.trim() ?? '';
  if (!/^\d{1,12}$/.test(resetText)) return {wait: 0};
  const ms = Number(resetText) * 1000 - now;
  // A reset already past says nothing about when to ask again.
  const untilReset = ms > 0 ? ms : undefined;
  const remaining = headers.get('x-rate-limit-remaining')?.trim() ?? '';
  const limit = Number(headers.get('x-rate-limit-limit')?.trim());
  const low = /^\d+$/.test(remaining) && limit > 0 && Number(remaining) < limit / 10;
  return {untilReset, wait: low ? (untilReset ?? 0) : 0};
}

/** The body as JSON, or an error in words: an HTML page with 200, a truncated answer. */
export function parseJson(response: UpstreamResponse): unknown {
  const origin = new URL(response.url).origin;
  const text = response.text.replace(/^\uFEFF/, '');
  if (/^\s*</.test(text)) throw new TrustError('not-json', `${origin} answered with a web page, not JSON (status ${response.status})`, {url: response.url, status: response.status});
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TrustError('not-json', `${origin} answered with broken JSON (${(error as Error).message.slice(0, 120)})`, {url: response.url, status: response.status});
  }
}

/** An API's own error words ({"error": "…"}, XRPC's {"error", "message"}), short and on one line. */
function apiMessage(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null) {
      const {error, message} = body as Record<string, unknown>;
      const words = [error, message].filter((w): w is string => typeof w === 'string').join(': ');
      return words ? words.replace(/\s+/g, ' ').slice(0, 200) : undefined;
    }
  } catch {
    /* not JSON: the status says enough */
  }
  return undefined;
}

function causeOf(error: unknown): string {
  const cause = (error as {cause?: {code?: string; message?: string}}).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** Reads at most `maxBytes`: a longer answer is cancelled and refused, never held in memory whole. */
async function readCapped(response: Response, maxBytes: number, signal: AbortSignal, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooBig = () => new TrustError('format', `${new URL(url).origin} sent more than ${Math.round(maxBytes / 1024)} KB; the answer was refused`, {url, status: response.status});
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooBig();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooBig();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof TrustError) throw error;
    if (signal.aborted) throw new TrustError('timeout', `${new URL(url).origin} did not finish its answer in time`, {url});
    throw new TrustError('network', `The answer from ${new URL(url).origin} was cut off (${causeOf(error)})`, {url});
  }
  return Buffer.concat(chunks).toString('utf8');
}
