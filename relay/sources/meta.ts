import {toCount} from '../../src/follow-counter/adapters.js';
import type {AccountCount} from '../../src/follow-counter/model.js';
import {httpUrl} from '../../src/hashtag-feed/formats/common.js';
import {isRecord} from '../../src/shared/adapter.js';
import {TrustError} from '../../src/shared/errors.js';
import type {Problem} from '../../src/shared/events.js';
import {line} from '../../src/shared/plain-text.js';
import type {Secret} from '../secrets.js';
import {parseJson, type UpstreamResponse} from '../upstream.js';
import {PlatformState, formatCount, formatWait, quoted} from './platform.js';
import type {PollResult, Source, SourceContext} from './source.js';

/**
 * Facebook Pages and Instagram professional accounts, through Meta's Graph
 * API at a pinned version, with a long-lived Page access token. The token
 * goes in the Authorization header (which the Graph API accepts as well as
 * the access_token parameter), so it is never in a URL that could be logged.
 *
 * - A Page: GET /{version}/{page-id}?fields=followers_count,fan_count,name,link
 * - An Instagram account: GET /{version}/{ig-user-id}?fields=followers_count,username,name
 *
 * Errors come as {error: {message, type, code, error_subcode, fbtrace_id}}
 * and are explained in words by their code (the trace id is never quoted).
 * Rate limits: Meta says how much of its allowance an app has used in the
 * X-App-Usage and X-Business-Use-Case-Usage headers (percentages; the second
 * with an estimated_time_to_regain_access in minutes). At 100 % or with a
 * time to regain access, and on a rate-limit error, the source pauses until
 * then and says so; the pause is kept in the state file, so a restart does
 * not ask early either.
 */

/** Defaults of the config's Graph API keys (relay/config.ts holds them once). */
export {GRAPH_API_BASE as GRAPH_API, GRAPH_API_VERSION as GRAPH_VERSION} from '../config.js';
import {GRAPH_API_BASE as GRAPH_API, GRAPH_API_VERSION as GRAPH_VERSION} from '../config.js';
export const PAGE_FIELDS = 'followers_count,fan_count,name,link';
export const INSTAGRAM_FIELDS = 'followers_count,username,name';
/** Meta's app and Page allowances are counted over a rolling hour: without an estimate, a limit reached is waited out for that long. */
export const GRAPH_LIMIT_PAUSE_MS = 60 * 60_000;

/** Graph API error codes that mean "too many calls": application, user, Page, API-specific, and the Pages and Instagram business use cases. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80002]);
const VERSION = /^v\d{1,3}\.\d{1,2}$/;

type Json = Record<string, unknown>;

/** The highest usage percentage and the longest time to regain access (ms) in Meta's usage headers; malformed headers are ignored. */
export function graphUsage(headers: Headers): {percent: number; regainMs: number; header?: string} {
  let percent = 0;
  let regainMs = 0;
  let header: string | undefined;
  const figures = (name: string, o: Json) => {
    for (const field of ['call_count', 'total_cputime', 'total_time', 'acc_id_util_pct']) {
      const v = o[field];
      if (typeof v === 'number' && Number.isFinite(v) && v > percent) {
        percent = v;
        header = name;
      }
    }
    const minutes = o.estimated_time_to_regain_access;
    if (typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0 && minutes * 60_000 > regainMs) {
      regainMs = Math.min(minutes, 24 * 60) * 60_000;
      header = name;
    }
  };
  for (const name of ['x-app-usage', 'x-page-usage', 'x-business-use-case-usage']) {
    const text = headers.get(name);
    if (!text || text.length > 10_000) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    if (!isRecord(value)) continue;
    if (name === 'x-business-use-case-usage') {
      for (const uses of Object.values(value)) if (Array.isArray(uses)) for (const use of uses) if (isRecord(use)) figures(name, use);
    } else {
      figures(name, value);
    }
  }
  return {percent, regainMs, header};
}

const HEADER_NAMES: Record<string, string> = {'x-app-usage': 'X-App-Usage', 'x-page-usage': 'X-Page-Usage', 'x-business-use-case-usage': 'X-Business-Use-Case-Usage'};

/** A pause until Meta's allowance is back, when its headers (or a rate-limit error) call for one. */
function usagePause(headers: Headers, now: number, limited: boolean): {until: number; why: string} | undefined {
  const usage = graphUsage(headers);
  if (!limited && usage.percent < 100 && usage.regainMs === 0) return undefined;
  const wait = usage.regainMs || GRAPH_LIMIT_PAUSE_MS;
  const figures = usage.header
    ? `${HEADER_NAMES[usage.header]}: ${formatCount(Math.round(usage.percent))} % used${usage.regainMs ? `, access back in about ${formatWait(usage.regainMs)}` : ''}`
    : `no usage figures: waiting ${formatWait(wait)}`;
  return {until: now + wait, why: figures};
}

interface GraphTarget {
  /** "Facebook Page 1234", "Instagram account 1784…": what a message names. */
  what: string;
  network: 'facebook' | 'instagram';
  token: Secret;
}

/** Meta's error object in words, by its code; Meta's own message is quoted, never its trace id. */
function graphError(response: UpstreamResponse, target: GraphTarget): TrustError {
  const {url, status} = response;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    body = undefined;
  }
  const e = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (!e) return new TrustError('http', `Meta's Graph API answered ${status} for the ${target.what}`, {url, status});
  const code = typeof e.code === 'number' ? e.code : Number(e.code);
  const sub = typeof e.error_subcode === 'number' ? e.error_subcode : Number(e.error_subcode);
  const message = quoted(e.error_user_msg) ?? quoted(e.message);
  const says = message ? ` (Meta says: "${message}")` : '';
  const token = `The Page token from $${target.token.env}`;
  const renew = 'make a new long-lived Page access token (see the README)';
  if (code === 190 || code === 102) {
    const why =
      sub === 463
        ? `${token} has expired`
        : sub === 460
          ? `${token} is no longer valid: the password of the account that made it was changed`
          : sub === 458
            ? `${token} is no longer valid: the app was removed from the account that made it`
            : sub === 459 || sub === 464
              ? `${token} cannot be used until the account that made it signs in to Facebook and clears a security check`
              : sub === 467
                ? `${token} is not valid (revoked, or its session was ended)`
                : sub === 492
                  ? `${token} is not valid for this Page: the account that made it is no longer one of the Page's admins`
                  : `Meta refused the Page token from $${target.token.env}`;
    return new TrustError('http', `${why}: ${renew}${says}`, {url, status});
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    const needs =
      target.network === 'facebook'
        ? "the token needs pages_read_engagement for the trust's own Page, or the app needs Page Public Metadata Access (after Meta's app review) to read another organisation's Page"
        : "the token needs instagram_basic (and pages_read_engagement) for the Instagram professional account linked to the trust's Page";
    return new TrustError('http', `Meta refused to read the ${target.what}: a permission is missing: ${needs}${says}`, {url, status});
  }
  if (code === 100 && sub === 33) {
    return new TrustError('not-found', `Meta has no ${target.what} that this token can see: check the id, and that the token belongs to the trust's Page${says}`, {url, status});
  }
  if (code === 100) return new TrustError('http', `Meta did not accept the request for the ${target.what} (invalid parameter)${says}`, {url, status});
  if (code === 1 || code === 2) return new TrustError('http', `Meta's Graph API is having trouble (temporary); trying again later${says}`, {url, status});
  if (code === 368) return new TrustError('http', `Meta has blocked this app or token for a while (it judged an action abusive)${says}`, {url, status});
  return new TrustError('http', `Meta's Graph API answered ${status} (error ${Number.isFinite(code) ? code : '?'}) for the ${target.what}${says}`, {url, status});
}

const ACCEPT = [400, 401, 403, 404, 429, 500, 503];

abstract class GraphSource implements Source {
  readonly kind = 'count';
  abstract readonly network: 'facebook' | 'instagram';
  readonly key: string;
  readonly url: string;
  readonly server: string;
  readonly usedBy = new Set<string>();
  intervalMs: number;
  protected readonly token: Secret;

  constructor(
    options: {apiBase?: string; version?: string; pageToken: Secret; intervalMs: number},
    readonly id: string,
    readonly version: string,
    keyWord: string,
    fields: string,
  ) {
    this.server = (options.apiBase ?? GRAPH_API).replace(/\/+$/, '');
    if (!VERSION.test(version)) throw new TrustError('config', `"${version.slice(0, 20)}" is not a Graph API version (like "${GRAPH_VERSION}")`);
    this.token = options.pageToken;
    this.intervalMs = options.intervalMs;
    this.key = `${keyWord} ${this.server} ${id}`;
    this.url = `${this.server}/${version}/${encodeURIComponent(id)}?fields=${fields}`;
  }

  protected abstract what(): string;
  protected abstract account(body: Json, problems: Problem[]): AccountCount;

  describe(): string {
    return `GET ${this.url} (Graph API ${this.version}, the ${this.what()}'s followers, with the Page token from $${this.token.env})`;
  }

  async poll(context: SourceContext): Promise<PollResult> {
    const platform = new PlatformState(context.state);
    platform.throwIfPaused(this.key, context.clock.now());
    const response = await context.upstream.request(this.url, {headers: {Authorization: `Bearer ${this.token.reveal()}`}, accept: ACCEPT});
    const now = context.clock.now();
    const target = {what: this.what(), network: this.network, token: this.token};
    let error: TrustError | undefined;
    let limited = false;
    if (response.status !== 200) {
      error = graphError(response, target);
      const code = this.#code(response);
      limited = RATE_LIMIT_CODES.has(code) || response.status === 429;
    }
    const pause = usagePause(response.headers, now, limited);
    if (pause) {
      const reason = `Paused until ${new Date(pause.until).toISOString()}: Meta's rate limit for this app is reached (${pause.why})${limited && error ? `; ${error.message}` : ''}`;
      platform.setPause(this.key, {until: pause.until, kind: 'rate-limited', reason});
      if (limited) throw new TrustError('rate-limited', reason, {url: this.url, status: response.status, retryAfterMs: pause.until - now});
    }
    if (error) throw error;
    const body = parseJson(response);
    if (!isRecord(body)) throw new TrustError('format', `Meta did not answer with the ${this.what()} (an object)`, {url: this.url});
    const problems: Problem[] = [];
    return {kind: 'count', account: this.account(body, problems), problems};
  }

  #code(response: UpstreamResponse): number {
    try {
      const body: unknown = JSON.parse(response.text);
      return isRecord(body) && isRecord(body.error) ? Number(body.error.code) : NaN;
    } catch {
      return NaN;
    }
  }
}

export interface FacebookPageOptions {
  apiBase?: string;
  version?: string;
  pageId: string;
  pageToken: Secret;
  intervalMs: number;
}

/** A Facebook Page's followers (followers_count; its likes, fan_count, only when the answer has no followers_count). */
export class FacebookPageSource extends GraphSource {
  readonly network = 'facebook';

  constructor(options: FacebookPageOptions) {
    const id = options.pageId.trim();
    if (!/^[A-Za-z0-9.]{1,100}$/.test(id)) throw new TrustError('config', `"${id.slice(0, 60)}" is not a Facebook Page id`);
    super(options, id, options.version ?? GRAPH_VERSION, 'facebook', PAGE_FIELDS);
  }

  protected what(): string {
    return `Facebook Page ${this.id}`;
  }

  protected account(body: Json, problems: Problem[]): AccountCount {
    let count = toCount(body.followers_count);
    const name = line(body.name, 200);
    if (count === undefined) {
      count = toCount(body.fan_count);
      if (count === undefined) throw new TrustError('format', `Meta answered without a usable followers_count (or fan_count) for the ${this.what()}`, {url: this.url});
      problems.push({where: this.what(), reason: "Meta's answer has no followers_count: counting the Page's likes (fan_count) instead, which can be fewer than its followers"});
    }
    const url = httpUrl(body.link) ?? `https://www.facebook.com/${encodeURIComponent(this.id)}`;
    return {count, network: 'facebook', account: name ?? this.id, name, url, source: this.key};
  }
}

export interface InstagramAccountOptions {
  apiBase?: string;
  version?: string;
  accountId: string;
  pageToken: Secret;
  intervalMs: number;
}

/** An Instagram professional (business or creator) account's followers, read through the Facebook Page it is linked to. */
export class InstagramAccountSource extends GraphSource {
  readonly network = 'instagram';

  constructor(options: InstagramAccountOptions) {
    const id = options.accountId.trim();
    if (!/^\d{1,30}$/.test(id)) throw new TrustError('config', `"${id.slice(0, 60)}" is not an Instagram user id (the digits of an Instagram professional account's id in the Graph API)`);
    super(options, id, options.version ?? GRAPH_VERSION, 'instagram', INSTAGRAM_FIELDS);
  }

  protected what(): string {
    return `Instagram account ${this.id}`;
  }

  protected account(body: Json): AccountCount {
    const count = toCount(body.followers_count);
    if (count === undefined) throw new TrustError('format', `Meta answered without a usable followers_count for the ${this.what()} (is it a professional account?)`, {url: this.url});
    const username = typeof body.username === 'string' && /^[A-Za-z0-9._]{1,30}$/.test(body.username) ? body.username : undefined;
    return {
      count,
      network: 'instagram',
      account: username ? `@${username}` : this.id,
      name: line(body.name, 200),
      url: username ? `https://www.instagram.com/${username}` : undefined,
      source: this.key,
    };
  }
}
