import {toCount} from '../../src/follow-counter/adapters.js';
import {LIMITS, capped, date, dimension, httpUrl, language, notLaterThanNow} from '../../src/hashtag-feed/formats/common.js';
import {paragraphsOf} from '../../src/hashtag-feed/formats/bluesky.js';
import {blocksToText, type Author, type Block, type Inline, type LinkCard, type Media, type Post} from '../../src/hashtag-feed/model.js';
import {isRecord, str} from '../../src/shared/adapter.js';
import {TrustError} from '../../src/shared/errors.js';
import type {Problem} from '../../src/shared/events.js';
import {line} from '../../src/shared/plain-text.js';
import type {Secret} from '../secrets.js';
import {parseJson, type Upstream, type UpstreamResponse} from '../upstream.js';
import {newerId} from './mastodon.js';
import {PlatformState, formatCount, formatWait, nextUtcMidnight, quoted, utcDay} from './platform.js';
import type {PollResult, Source, SourceContext} from './source.js';

/**
 * X (Twitter) API v2, read with the trust's own app-only bearer token, which
 * is sent in the Authorization header and nowhere else.
 *
 * - Feeds: GET /2/tweets/search/recent, paged forward with `since_id` (the
 *   newest post seen, from `meta.newest_id`); the first fill, and a busy
 *   hashtag between two polls, follows `next_token` for at most MAX_PAGES pages.
 * - Counters: GET /2/users/by/username/:username?user.fields=public_metrics.
 *
 * X sells reads by the post (and by the user) per UTC day, and bills only
 * answers that return data, so a quiet poll costs nothing and the cost is the
 * number of posts returned: each feed source counts them per UTC day in the
 * state file and pauses until 00:00 UTC at `x.maxPostsPerDay`, saying so.
 * Rate limits: upstream.ts holds api.x.com until x-rate-limit-reset (epoch
 * seconds; X often sends a 429 with no Retry-After).
 *
 * Posts are plain text: entities (their start and end count code points of
 * the text as X sends it, with &amp; &lt; &gt; escaped) become links; t.co
 * links are replaced by their expanded URL, and links to the post's own
 * pictures are dropped, since the pictures are shown.
 */

/** Defaults of the config's `x` keys (relay/config.ts holds them once). */
export {X_API_BASE as X_API, DEFAULT_X_POSTS_PER_DAY as DEFAULT_MAX_POSTS_PER_DAY} from '../config.js';
import {X_API_BASE as X_API, DEFAULT_X_POSTS_PER_DAY as DEFAULT_MAX_POSTS_PER_DAY} from '../config.js';
export const TWEET_FIELDS = 'created_at,author_id,lang,entities,attachments,possibly_sensitive,referenced_tweets,conversation_id';
export const EXPANSIONS = 'author_id,attachments.media_keys';
export const USER_FIELDS = 'name,username,profile_image_url,verified';
export const MEDIA_FIELDS = 'url,preview_image_url,alt_text,type,width,height';
/** Posts per page: X allows 10 to 100. */
export const PAGE_SIZE = 100;
/**
 * Pages one poll reads at most (500 posts): the first fill takes the newest
 * 500 of X's seven days of recent search, and a poll that finds more new
 * posts than that reads the newest 500 and says the rest were skipped.
 */
export const MAX_PAGES = 5;
/** After an exhausted credit or a usage cap, the next try is this much later (X does not bill errors, but asking cannot help). */
export const CREDIT_PAUSE_MS = 60 * 60_000;

/** X usernames are letters, digits and underscores (15 at most today; older accounts a few more). */
const USERNAME = /^[A-Za-z0-9_]{1,50}$/;
const ID = /^\d{1,20}$/;

function xUsername(value: unknown): string | undefined {
  return typeof value === 'string' && USERNAME.test(value) ? value : undefined;
}

/** X escapes these three in `text`, and only these. */
function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** X's problem object ({title, detail, type, reason}, or the older {errors: [{message}]}) in its own words. */
interface XProblem {
  words?: string;
  type?: string;
  reason?: string;
  title?: string;
}

function readProblem(text: string): XProblem {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isRecord(body)) return {};
  const first = Array.isArray(body.errors) && isRecord(body.errors[0]) ? body.errors[0] : {};
  const title = quoted(body.title, 100) ?? quoted(first.title, 100);
  const detail = quoted(body.detail) ?? quoted(first.detail);
  // A 400's detail is general ("One or more parameters to your request was invalid."); its errors say which.
  const specific = quoted(first.message);
  const main = title && detail && !detail.toLowerCase().startsWith(title.toLowerCase()) && title !== detail ? `${title}: ${detail}` : (detail ?? title);
  const words = main && specific && !main.includes(specific) ? `${main} ${specific}` : (main ?? specific);
  return {words: quoted(words), type: str(body.type) ?? str(first.type), reason: str(body.reason), title: str(body.title) ?? str(first.title)};
}

const said = (p: XProblem) => (p.words ? `, X says: "${p.words}"` : '');

/**
 * An X answer other than 200 as an error in words. `pause`: how long the
 * source should not ask again (an exhausted credit, a usage cap).
 */
function xError(response: UpstreamResponse, token: Secret, upstream: Upstream, now: number): {error: TrustError; pause?: number} {
  const {status, url} = response;
  const p = readProblem(response.text);
  const type = p.type ?? '';
  if (status === 401) {
    return {error: new TrustError('http', `X refused the bearer token from $${token.env} (401${said(p)}): check it, or make a new one, in X's developer console`, {url, status})};
  }
  if (status === 402 || /credits?-depleted|payment/i.test(type)) {
    return {
      error: new TrustError('http', `X will not answer until the app has credit (${status}${said(p)}): add credit or check the payment method in X's developer console; not asking again for ${formatWait(CREDIT_PAUSE_MS)}`, {url, status}),
      pause: CREDIT_PAUSE_MS,
    };
  }
  if (/usage-capped/.test(type) || p.title === 'UsageCapExceeded') {
    return {
      error: new TrustError('rate-limited', `X's usage cap for this app is reached (${status}${said(p)}): nothing more is read until it resets or the cap is raised in X's developer console; not asking again for ${formatWait(CREDIT_PAUSE_MS)}`, {url, status, retryAfterMs: CREDIT_PAUSE_MS}),
      pause: CREDIT_PAUSE_MS,
    };
  }
  if (status === 403 && (/client-forbidden/.test(type) || p.reason === 'client-not-enrolled')) {
    return {error: new TrustError('http', `X refuses this app (403${said(p)}): the bearer token from $${token.env} must belong to an app in a project with access to this endpoint, in X's developer console`, {url, status})};
  }
  if (status === 403) return {error: new TrustError('http', `X refused the request (403${said(p)})`, {url, status})};
  if (status === 429) {
    const hold = upstream.holdOn(url);
    const until = hold ? ` before ${new Date(hold.until).toISOString()}` : ' for a while';
    return {error: new TrustError('rate-limited', `X's rate limit is reached (429${said(p)}): no request${until}, when X says the limit resets`, {url, status, retryAfterMs: hold ? hold.until - now : undefined})};
  }
  if (status === 404) return {error: new TrustError('not-found', `X has no such endpoint (404${said(p)}): is the apiBase right?`, {url, status})};
  if (status === 400) return {error: new TrustError('http', `X did not accept the request (400${said(p)})`, {url, status})};
  return {error: new TrustError('http', `X answered ${status}${said(p)}`, {url, status})};
}

const ACCEPT = [400, 401, 402, 403, 404, 429];

/** Asks X; any answer but a 200 (and the 5xx upstream.ts explains itself) becomes an error in words, and a pause when asking again cannot help yet. */
async function askX(context: SourceContext, key: string, url: string, token: Secret): Promise<UpstreamResponse> {
  const response = await context.upstream.request(url, {headers: {Authorization: `Bearer ${token.reveal()}`}, accept: ACCEPT});
  if (response.status === 200) return response;
  const {error, pause} = xError(response, token, context.upstream, context.clock.now());
  if (pause) new PlatformState(context.state).setPause(key, {until: context.clock.now() + pause, kind: error.kind, reason: error.message});
  throw error;
}

type Json = Record<string, unknown>;

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A stretch of the text, in code points, that becomes other inline nodes ([] drops it). */
interface Piece {
  start: number;
  end: number;
  make: (raw: string) => Inline[];
}

/** A t.co link to the post's own picture or video (…/status/:id/photo/1, or one carrying a media_key). */
function isMediaLink(u: Json): boolean {
  return typeof u.media_key === 'string' || /^https?:\/\/(?:www\.)?(?:x|twitter)\.com\/[^/]+\/status\/\d+\/(?:photo|video)\/\d+$/.test(str(u.expanded_url) ?? '');
}

/** Code point positions that fall inside one of X's escapes (&amp; &lt; &gt;): no entity may start or end there. */
function insideEscapes(points: string[]): Set<number> {
  const inside = new Set<number>();
  points.forEach((c, i) => {
    if (c !== '&') return;
    const rest = points.slice(i, i + 5).join('');
    const length = rest.startsWith('&amp;') ? 5 : rest.startsWith('&lt;') || rest.startsWith('&gt;') ? 4 : 0;
    for (let j = 1; j < length; j++) inside.add(i + j);
  });
  return inside;
}

function entityPieces(entities: unknown, points: string[], hasMedia: boolean): {pieces: Piece[]; card?: LinkCard} {
  if (!isRecord(entities)) return {pieces: []};
  const pieces: Piece[] = [];
  let card: LinkCard | undefined;
  const inside = insideEscapes(points);
  const boundary = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= points.length && !inside.has(n as number);
  const span = (e: Json): {start: number; end: number} | undefined => {
    const {start, end} = e;
    return boundary(start) && boundary(end) && start < end ? {start, end} : undefined;
  };
  for (const u of list(entities.urls)) {
    const at = span(u);
    if (!at) continue;
    if (hasMedia && isMediaLink(u)) {
      pieces.push({...at, make: () => []});
      continue;
    }
    // Not an http(s) link (a hostile expanded_url is not replaced by its t.co link): the text stays as X sent it, plain.
    const href = u.expanded_url === undefined ? httpUrl(u.url) : (httpUrl(u.expanded_url) ?? httpUrl(u.unwound_url));
    if (!href) continue;
    const label = line(u.display_url, 200) ?? href;
    pieces.push({...at, make: () => [{t: 'a', href, kind: 'link', children: [{t: 'text', text: label}]}]});
    const title = line(u.title, 300);
    if (title) {
      const image = list(u.images)[0];
      card = {url: href, title, description: line(u.description, 1000), image: httpUrl(image?.url)};
    }
  }
  for (const m of list(entities.mentions)) {
    const at = span(m);
    const name = xUsername(m.username);
    if (at && name) pieces.push({...at, make: (raw) => [{t: 'a', href: `https://x.com/${name}`, kind: 'mention', children: [{t: 'text', text: unescapeText(raw)}]}]});
  }
  for (const h of list(entities.hashtags)) {
    const at = span(h);
    const tag = str(h.tag);
    if (at && tag && /^[\p{L}\p{M}\p{N}_]{1,140}$/u.test(tag)) {
      pieces.push({...at, make: (raw) => [{t: 'a', href: `https://x.com/hashtag/${encodeURIComponent(tag)}`, kind: 'tag', children: [{t: 'text', text: unescapeText(raw)}]}]});
    }
  }
  pieces.sort((a, b) => a.start - b.start);
  // Overlapping entities (a mistake, or hostile): the first one wins.
  const kept: Piece[] = [];
  for (const piece of pieces) if (!kept.length || piece.start >= kept[kept.length - 1].end) kept.push(piece);
  return {pieces: kept, card};
}

/** The text with its entities as rich content. Indices are code points of the text as sent (escaped). */
export function xContent(rawText: string, entities: unknown, hasMedia: boolean): {content: Block[]; card?: LinkCard} {
  const points = Array.from(capped(rawText));
  const {pieces, card} = entityPieces(entities, points, hasMedia);
  const nodes: Inline[] = [];
  const plain = (from: number, to: number) => {
    // eslint-disable-next-line no-control-regex
    const text = unescapeText(points.slice(from, to).join('')).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
    if (text) nodes.push({t: 'text', text});
  };
  let cursor = 0;
  for (const piece of pieces) {
    plain(cursor, piece.start);
    nodes.push(...piece.make(points.slice(piece.start, piece.end).join('')));
    cursor = piece.end;
  }
  plain(cursor, points.length);
  // The space before a dropped link to the post's own picture.
  const last = nodes.at(-1);
  if (last?.t === 'text') {
    last.text = last.text.trimEnd();
    if (!last.text) nodes.pop();
  }
  return {content: paragraphsOf(nodes), card};
}

function xAuthor(user: Json | undefined): Author | undefined {
  const username = xUsername(user?.username);
  if (!user || !username) return undefined;
  return {name: line(user.name, 100) ?? username, handle: username, avatar: httpUrl(user.profile_image_url), url: `https://x.com/${username}`, emojis: []};
}

function xMedia(m: Json, postUrl: string): Media | undefined {
  const alt = line(m.alt_text, 2000);
  const size = {width: dimension(m.width), height: dimension(m.height)};
  switch (m.type) {
    case 'photo': {
      const url = httpUrl(m.url);
      return url ? {type: 'image', url, alt, ...size} : undefined;
    }
    case 'video':
    case 'animated_gif': {
      // Without media.fields=variants there is no file to play: the still, linked to the post.
      const preview = httpUrl(m.preview_image_url);
      return preview ? {type: 'image', url: postUrl, previewUrl: preview, alt, ...size} : undefined;
    }
    default:
      return undefined;
  }
}

/** X's language codes for "undetermined" and for posts of only emoji, hashtags, links or media. */
const NO_LANGUAGE = /^(und|zxx|q[a-z]{2})$/i;

/** One post of a search answer, or why it is skipped. */
export function xPost(raw: unknown, users: Map<string, Json>, media: Map<string, Json>): Post | string {
  if (!isRecord(raw)) return 'not an object';
  const id = typeof raw.id === 'string' && ID.test(raw.id) ? raw.id : undefined;
  if (!id) return 'no usable id';
  if (typeof raw.text !== 'string') return `post ${id} has no text`;
  const references = list(raw.referenced_tweets);
  if (references.some((r) => r.type === 'retweeted')) return `post ${id} is a repost (a retweet): add -is:retweet to the query`;
  const author = xAuthor(typeof raw.author_id === 'string' ? users.get(raw.author_id) : undefined);
  if (!author) return `post ${id}: its author is not in the answer's includes.users (a suspended or protected account?)`;
  const created = notLaterThanNow(date(raw.created_at));
  if (!created) return `post ${id} has no usable created_at`;
  const url = `https://x.com/${author.handle!}/status/${id}`;
  const attached = isRecord(raw.attachments) && Array.isArray(raw.attachments.media_keys) ? raw.attachments.media_keys : [];
  const pictures = attached
    .slice(0, LIMITS.media)
    .map((k) => (typeof k === 'string' ? media.get(k) : undefined))
    .map((m) => (m ? xMedia(m, url) : undefined))
    .filter((m): m is Media => m !== undefined);
  const {content, card} = xContent(raw.text, raw.entities, attached.length > 0);
  const tags = isRecord(raw.entities) ? list(raw.entities.hashtags).flatMap((h) => (typeof h.tag === 'string' && h.tag.length <= 140 ? [h.tag] : [])) : [];
  const lang = language(raw.lang);
  return {
    id,
    network: 'x',
    url,
    uri: `https://x.com/i/status/${id}`,
    author,
    created,
    content,
    text: blocksToText(content),
    sensitive: raw.possibly_sensitive === true,
    media: pictures,
    isReply: references.some((r) => r.type === 'replied_to'),
    isBoost: false,
    language: lang && !NO_LANGUAGE.test(lang) ? lang : undefined,
    tags: [...new Set(tags)].slice(0, 64),
    card: pictures.length ? undefined : card,
  };
}

/** Everything one search page holds: its posts, what was skipped, and its paging. */
export function xSearchPage(body: unknown, problems: Problem[]): {posts: Post[]; returned: number; users: number; newest?: string; next?: string} {
  if (!isRecord(body)) throw new TrustError('format', 'X did not answer with an object (is the apiBase an X API?)');
  const data = body.data === undefined ? [] : body.data;
  if (!Array.isArray(data)) throw new TrustError('format', 'X answered without a list of posts in "data"');
  const meta = isRecord(body.meta) ? body.meta : {};
  const includes = isRecord(body.includes) ? body.includes : {};
  const users = new Map(list(includes.users).flatMap((u): Array<[string, Json]> => (typeof u.id === 'string' ? [[u.id, u]] : [])));
  const media = new Map(list(includes.media).flatMap((m): Array<[string, Json]> => (typeof m.media_key === 'string' ? [[m.media_key, m]] : [])));
  const posts: Post[] = [];
  for (const [i, item] of data.slice(0, LIMITS.posts).entries()) {
    try {
      const post = xPost(item, users, media);
      if (typeof post === 'string') problems.push({where: `X post ${i + 1}`, reason: post});
      else posts.push(post);
    } catch (error) {
      problems.push({where: `X post ${i + 1}`, reason: error instanceof Error ? error.message : String(error)});
    }
  }
  // Partial errors beside the data: a post or an author X could not include.
  for (const e of list(body.errors).slice(0, 20)) {
    const words = quoted(e.detail) ?? quoted(e.title) ?? quoted(e.message);
    if (words) problems.push({where: 'X', reason: `X says: "${words}"`});
  }
  const ids = [str(meta.newest_id), ...posts.map((p) => p.id)].filter((v): v is string => v !== undefined && ID.test(v));
  const newest = ids.reduce<string | undefined>((a, b) => (!a || newerId(b, a) ? b : a), undefined);
  const next = typeof meta.next_token === 'string' && /^[\w-]{1,200}$/.test(meta.next_token) ? meta.next_token : undefined;
  return {posts, returned: data.length, users: users.size, newest, next};
}

export interface XSearchOptions {
  apiBase?: string;
  query: string;
  bearerToken: Secret;
  intervalMs: number;
  maxPostsPerDay?: number;
}

/** An X recent-search feed source. Feeds with the same query and apiBase share it. */
export class XSearchSource implements Source {
  readonly kind = 'posts';
  readonly network = 'x';
  readonly key: string;
  readonly url: string;
  readonly server: string;
  readonly query: string;
  readonly usedBy = new Set<string>();
  intervalMs: number;
  /** Posts read from X per UTC day at most (x.maxPostsPerDay); the smallest of the feeds that share the source. */
  maxPostsPerDay: number;
  readonly #token: Secret;

  constructor(options: XSearchOptions) {
    this.server = (options.apiBase ?? X_API).replace(/\/+$/, '');
    this.query = options.query;
    this.#token = options.bearerToken;
    this.intervalMs = options.intervalMs;
    this.maxPostsPerDay = options.maxPostsPerDay ?? DEFAULT_MAX_POSTS_PER_DAY;
    this.key = `x ${this.server} search ${this.query}`;
    this.url = `${this.server}/2/tweets/search/recent`;
  }

  describe(): string {
    return `GET ${this.url}?query=${encodeURIComponent(this.query)}&since_id=… (X recent search with the bearer token from $${this.#token.env}; at most ${formatCount(this.maxPostsPerDay)} posts read a day)`;
  }

  /** The posts read from X today (UTC), for status and `check`. */
  readToday(context: SourceContext): number {
    return new PlatformState(context.state).reads(this.key, utcDay(context.clock.now())).posts;
  }

  /**
   * For `check`: whether the token works, and what X says the project has read
   * this month, from GET /2/usage/tweets (which returns no posts, so costs none).
   */
  async access(context: SourceContext): Promise<{ok: boolean; message: string}> {
    const today = `${formatCount(this.readToday(context))} of ${formatCount(this.maxPostsPerDay)} posts read today by this feed`;
    try {
      const response = await askX(context, this.key, `${this.server}/2/usage/tweets`, this.#token);
      const body = parseJson(response);
      const data = isRecord(body) && isRecord(body.data) ? body.data : {};
      const used = toCount(data.project_usage);
      const cap = toCount(data.project_cap);
      const reset = toCount(data.cap_reset_day);
      const month = used !== undefined ? `; X counts ${formatCount(used)}${cap !== undefined ? ` of ${formatCount(cap)}` : ''} posts read by the project this month${reset !== undefined ? ` (cap_reset_day: ${reset})` : ''}` : '';
      return {ok: true, message: `X accepts the bearer token from $${this.#token.env}${month}; ${today}`};
    } catch (error) {
      if (error instanceof TrustError && error.status === 404) return {ok: true, message: `X does not report usage here (no /2/usage/tweets); ${today}`};
      return {ok: false, message: error instanceof Error ? error.message : String(error)};
    }
  }

  #capReached(now: number): TrustError {
    return new TrustError('rate-limited', `Paused until 00:00 UTC: the day's limit of ${formatCount(this.maxPostsPerDay)} posts read from X is reached (x.maxPostsPerDay)`, {
      url: this.url,
      retryAfterMs: nextUtcMidnight(now) - now,
    });
  }

  #pageUrl(sinceId: string | undefined, next: string | undefined, left: number): string {
    const url = new URL(this.url);
    const p = url.searchParams;
    p.set('query', this.query);
    p.set('max_results', String(Math.min(PAGE_SIZE, Math.max(10, left))));
    p.set('tweet.fields', TWEET_FIELDS);
    p.set('expansions', EXPANSIONS);
    p.set('user.fields', USER_FIELDS);
    p.set('media.fields', MEDIA_FIELDS);
    if (sinceId) p.set('since_id', sinceId);
    if (next) p.set('next_token', next);
    return url.href;
  }

  async poll(context: SourceContext, cursor: string | undefined): Promise<PollResult> {
    const platform = new PlatformState(context.state);
    const started = context.clock.now();
    platform.throwIfPaused(this.key, started);
    const day = utcDay(started);
    let read = platform.reads(this.key, day).posts;
    if (read >= this.maxPostsPerDay) throw this.#capReached(started);

    let since = cursor && ID.test(cursor) ? cursor : undefined;
    const problems: Problem[] = [];
    const posts: Post[] = [];
    let newest: string | undefined;
    let next: string | undefined;
    let pages = 0;
    let refilled = false;
    let interrupted: string | undefined;
    while (pages < MAX_PAGES && read < this.maxPostsPerDay) {
      let page;
      try {
        const response = await askX(context, this.key, this.#pageUrl(since, next, this.maxPostsPerDay - read), this.#token);
        page = xSearchPage(parseJson(response), problems);
      } catch (error) {
        // A since_id older than X's seven days of recent search: read afresh, once.
        if (pages === 0 && since && !refilled && error instanceof TrustError && error.status === 400 && /since_id/i.test(error.message)) {
          since = undefined;
          refilled = true;
          continue;
        }
        if (pages === 0) throw error;
        interrupted = error instanceof Error ? error.message : String(error);
        break;
      }
      pages++;
      read += page.returned;
      // Billed as soon as returned: counted now, whatever happens next.
      platform.addReads(this.key, day, page.returned, page.users);
      posts.push(...page.posts);
      if (page.newest && (!newest || newerId(page.newest, newest))) newest = page.newest;
      next = page.next;
      if (!next) break;
    }

    const notes: string[] = [];
    if (refilled) notes.push('the last post seen is older than the seven days X searches: read afresh');
    let advance = true;
    if (interrupted) {
      // A forward poll cut short keeps its cursor, so the next one reads the rest; a first fill has all it needs.
      advance = !since;
      notes.push(`page ${pages + 1} could not be read (${interrupted})${since ? ': the next poll reads them again' : ''}`);
    } else if (next) {
      const why = read >= this.maxPostsPerDay ? `the day's limit of ${formatCount(this.maxPostsPerDay)} posts is reached` : `a poll reads at most ${formatCount(MAX_PAGES * PAGE_SIZE)}`;
      notes.push(since ? `more new posts than were read (${why}): the older ones since the last poll are skipped` : `first fill: the newest ${formatCount(read)} posts (${why}); older ones are not read`);
    }
    const atLimit = read >= this.maxPostsPerDay;
    return {
      kind: 'posts',
      posts,
      problems,
      cursor: advance && newest && (!cursor || !ID.test(cursor) || newerId(newest, cursor)) ? newest : cursor,
      note: notes.length ? notes.join('; ') : undefined,
      notice: atLimit ? this.#capReached(context.clock.now()).message : undefined,
    };
  }
}

export interface XFollowersOptions {
  apiBase?: string;
  username: string;
  bearerToken: Secret;
  intervalMs: number;
}

/** An X account's follower count (one user read per poll). */
export class XFollowersSource implements Source {
  readonly kind = 'count';
  readonly network = 'x';
  readonly key: string;
  readonly url: string;
  readonly server: string;
  readonly username: string;
  readonly usedBy = new Set<string>();
  intervalMs: number;
  readonly #token: Secret;

  constructor(options: XFollowersOptions) {
    this.server = (options.apiBase ?? X_API).replace(/\/+$/, '');
    this.username = options.username.trim().replace(/^@/, '');
    if (!USERNAME.test(this.username)) throw new TrustError('config', `"${this.username.slice(0, 60)}" is not an X username (letters, digits and _ only)`);
    this.#token = options.bearerToken;
    this.intervalMs = options.intervalMs;
    this.key = `x ${this.server} @${this.username.toLowerCase()}`;
    this.url = `${this.server}/2/users/by/username/${encodeURIComponent(this.username)}?user.fields=public_metrics`;
  }

  describe(): string {
    return `GET ${this.url} (X user lookup with the bearer token from $${this.#token.env})`;
  }

  async poll(context: SourceContext): Promise<PollResult> {
    const platform = new PlatformState(context.state);
    platform.throwIfPaused(this.key, context.clock.now());
    const response = await askX(context, this.key, this.url, this.#token);
    const body = parseJson(response);
    const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
    if (!data) {
      const p = readProblem(response.text);
      const missing = /resource-not-found/.test(p.type ?? '') || /not found|could not find/i.test(p.words ?? '');
      const suspended = /suspended/i.test(p.words ?? '');
      const what = suspended ? `The X account @${this.username} is suspended` : missing ? `X has no account @${this.username}` : `X did not answer with the account @${this.username}`;
      throw new TrustError(missing || suspended ? 'not-found' : 'format', `${what}${said(p)}`, {url: this.url});
    }
    platform.addReads(this.key, utcDay(context.clock.now()), 0, 1);
    const metrics = isRecord(data.public_metrics) ? data.public_metrics : {};
    const count = toCount(metrics.followers_count);
    if (count === undefined) throw new TrustError('format', `X answered without a usable public_metrics.followers_count for @${this.username}`, {url: this.url});
    const username = xUsername(data.username) ?? this.username;
    return {
      kind: 'count',
      account: {count, network: 'x', account: `@${username}`, name: line(data.name, 100), url: `https://x.com/${username}`, source: this.key},
      problems: [],
    };
  }
}
