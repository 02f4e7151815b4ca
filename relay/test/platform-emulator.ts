import {readFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {answerFault, type Fault, type Seen} from './emulator.js';

/**
 * One local HTTP server on 127.0.0.1 that answers as X's API v2 and Meta's
 * Graph API do, built from the recorded-shape answers in relay/test/fixtures
 * (see SOURCES.md) and the platforms' documented behaviour:
 *
 * - X: GET /2/tweets/search/recent (newest first; `since_id`; `max_results`
 *   10–100; `next_token` paging; includes.users and includes.media for the
 *   page; the field lists checked against the ones the relay must ask for),
 *   GET /2/users/by/username/:username, the bearer token checked, and
 *   x-rate-limit-limit/-remaining/-reset (epoch seconds) per endpoint with a
 *   429 and no Retry-After when a window's allowance is spent, as X does.
 * - Graph API: GET /{version}/{id}?fields=… for Facebook Pages and Instagram
 *   accounts (only the fields asked for, and the id), the Page token checked
 *   (Authorization: Bearer, or access_token), error objects as Meta sends
 *   them, and X-App-Usage / X-Business-Use-Case-Usage when a test sets them.
 *
 * Faults (`faults`, by path prefix, as in emulator.ts) give any status, body
 * and headers, a delay or a hold; `seen` records every request.
 */

const FIXTURES = new URL('../../../../relay/test/fixtures/', import.meta.url);
export const fixture = <T = unknown>(name: string): T => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

type Json = Record<string, unknown>;

export const SEARCH_FIXTURE = fixture<{data: Json[]; includes: {users: Json[]; media: Json[]}; meta: Json}>('x-search-recent.json');
export const USER_FIXTURE = fixture<{data: Json}>('x-user-by-username.json');
export const X_PROBLEMS = fixture<Record<string, {status: number; body: Json}>>('x-problems.json');
export const PAGE_FIXTURE = fixture<Json>('graph-page.json');
export const INSTAGRAM_FIXTURE = fixture<Json>('graph-instagram-user.json');
export const GRAPH_ERRORS = fixture<Record<string, {status: number; body: {error: Json}}>>('graph-errors.json');

/** The field lists the issue names; the emulator refuses a search that asks for others, as a test of the relay's request. */
export const EXPECTED_FIELDS: Record<string, string> = {
  'tweet.fields': 'created_at,author_id,lang,entities,attachments,possibly_sensitive,referenced_tweets,conversation_id',
  expansions: 'author_id,attachments.media_keys',
  'user.fields': 'name,username,profile_image_url,verified',
  'media.fields': 'url,preview_image_url,alt_text,type,width,height',
};

export interface PostOptions {
  /** Username of the author (one of `users`); default the fixture's first author. */
  author?: string;
  media?: Array<{type: 'photo' | 'video' | 'animated_gif'; alt_text?: string; url?: string; preview_image_url?: string}>;
  replyTo?: string;
  quotes?: string;
  sensitive?: boolean;
  lang?: string;
  /** Extra fields that replace the made ones (a malformed post). */
  extra?: Json;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const codePoints = (text: string, utf16Index: number) => Array.from(text.slice(0, utf16Index)).length;
/** A link as X shows it: no scheme or www., cut at 25 characters with an ellipsis. */
const shown = (url: string) => {
  const bare = url.replace(/^https?:\/\/(www\.)?/, '');
  return bare.length > 26 ? `${bare.slice(0, 25)}…` : bare;
};

export class PlatformEmulator {
  server!: Server;
  url = '';
  readonly seen: Seen[] = [];
  readonly faults = new Map<string, Fault>();
  now = () => Date.now();

  /** X */
  bearerToken = 'x-bearer-test-0123456789abcdef';
  /** Ids before this are older than X's seven days of recent search: a since_id below it is refused (400). */
  minSinceId?: string;
  /** When set, the search query must be exactly this. */
  query?: string;
  /** Posts, newest first. */
  readonly tweets: Json[] = [];
  readonly users = new Map<string, Json>();
  readonly media = new Map<string, Json>();
  /** Followers by username (lower case). */
  readonly followers = new Map<string, number>();
  /** Requests allowed per 15-minute window, per endpoint (X's app-only limit for recent search is 450). */
  rateLimit = 450;
  readonly #windows = new Map<string, {resetAt: number; used: number}>();
  nextId = 1861234567890200000n;
  /** What GET /2/usage/tweets reports for the project this month (strings, as X sends them). */
  projectUsage = 43435;
  projectCap = 2_000_000;
  #mediaSerial = 1;

  /** Graph API */
  pageToken = 'meta-page-test-0123456789abcdef';
  readonly pages = new Map<string, Json>();
  readonly instagram = new Map<string, Json>();
  /** Sent as X-App-Usage / X-Business-Use-Case-Usage when set. */
  appUsage?: Json;
  businessUsage?: Json;

  constructor() {
    for (const user of SEARCH_FIXTURE.includes.users) this.users.set(user.id as string, structuredClone(user));
    this.followers.set('nelftcomms', (USER_FIXTURE.data.public_metrics as Json).followers_count as number);
    this.pages.set(PAGE_FIXTURE.id as string, structuredClone(PAGE_FIXTURE));
    this.instagram.set(INSTAGRAM_FIXTURE.id as string, structuredClone(INSTAGRAM_FIXTURE));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  requests(prefix: string): Seen[] {
    return this.seen.filter((s) => s.path.startsWith(prefix));
  }

  userByName(username: string): Json | undefined {
    return [...this.users.values()].find((u) => String(u.username).toLowerCase() === username.toLowerCase());
  }

  /** Adds an author (a fictional account, shaped as the fixture's users). */
  addUser(username: string, name: string, extra: Json = {}): Json {
    const id = String(1000000000000000100n + BigInt(this.users.size));
    const user = {...structuredClone(SEARCH_FIXTURE.includes.users[0]), id, username, name, profile_image_url: `https://pbs.twimg.com/profile_images/${id}/avatar_normal.jpg`, ...extra};
    this.users.set(id, user);
    return user;
  }

  /**
   * A new post, made as X makes one: links replaced by t.co links (url
   * entities with expanded_url and display_url), &, < and > escaped, hashtags
   * and mentions found, every entity's start and end counted in code points
   * of the escaped text, and attached media with a link to them at the end.
   */
  post(text: string, options: PostOptions = {}): Json {
    const id = String(this.nextId++);
    const author = options.author ? this.userByName(options.author) : SEARCH_FIXTURE.includes.users[0];
    if (!author) throw new Error(`no user ${options.author}`);
    const links: Array<{short: string; expanded: string}> = [];
    let shortened = text.replace(/https?:\/\/[^\s]+/g, (expanded) => {
      const short = `https://t.co/${id.slice(-6)}L${links.length}xyz`;
      links.push({short, expanded});
      return short;
    });
    const mediaKeys: string[] = [];
    const attached: Array<{short: string; key: string; type: string}> = [];
    for (const m of options.media ?? []) {
      const serial = this.#mediaSerial++;
      const key = `${m.type === 'photo' ? 3 : m.type === 'video' ? 13 : 16}_${1861234560000000000n + BigInt(serial)}`;
      const item: Json = {media_key: key, type: m.type, width: 1200, height: 675};
      if (m.type === 'photo') item.url = m.url ?? `https://pbs.twimg.com/media/Photo${serial}.jpg`;
      else item.preview_image_url = m.preview_image_url ?? `https://pbs.twimg.com/ext_tw_video_thumb/${serial}/pu/img/Still${serial}.jpg`;
      if (m.alt_text !== undefined) item.alt_text = m.alt_text;
      this.media.set(key, item);
      mediaKeys.push(key);
      if (attached.length === 0) {
        const short = `https://t.co/${id.slice(-6)}M${serial}abc`;
        attached.push({short, key, type: m.type});
        shortened += ` ${short}`;
      }
    }
    const escaped = escapeText(shortened);
    const span = (at: number, length: number) => ({start: codePoints(escaped, at), end: codePoints(escaped, at + length)});
    const entities: Json = {};
    const hashtags = [...escaped.matchAll(/(?<![\w&])#([\p{L}\p{N}_]+)/gu)].map((m) => ({...span(m.index, m[0].length), tag: m[1]}));
    const mentions = [...escaped.matchAll(/(?<!\w)@(\w{1,15})/g)].map((m) => ({...span(m.index, m[0].length), username: m[1], id: this.userByName(m[1])?.id ?? '1000000000000009999'}));
    const urls = [
      ...links.map((l) => ({...span(escaped.indexOf(l.short), l.short.length), url: l.short, expanded_url: l.expanded, display_url: shown(l.expanded)})),
      ...attached.map((a) => ({
        ...span(escaped.indexOf(a.short), a.short.length),
        url: a.short,
        expanded_url: `https://x.com/${String(author.username)}/status/${id}/${a.type === 'photo' ? 'photo' : 'video'}/1`,
        display_url: `pic.x.com/${a.short.slice(13)}`,
        media_key: a.key,
      })),
    ];
    if (hashtags.length) entities.hashtags = hashtags;
    if (mentions.length) entities.mentions = mentions;
    if (urls.length) entities.urls = urls;
    const tweet: Json = {
      id,
      text: escaped,
      author_id: author.id,
      conversation_id: options.replyTo ?? id,
      created_at: new Date(this.now()).toISOString(),
      lang: options.lang ?? 'en',
      possibly_sensitive: options.sensitive ?? false,
      edit_history_tweet_ids: [id],
      ...(Object.keys(entities).length ? {entities} : {}),
      ...(mediaKeys.length ? {attachments: {media_keys: mediaKeys}} : {}),
      ...(options.replyTo || options.quotes
        ? {referenced_tweets: [...(options.replyTo ? [{type: 'replied_to', id: options.replyTo}] : []), ...(options.quotes ? [{type: 'quoted', id: options.quotes}] : [])]}
        : {}),
      ...options.extra,
    };
    this.tweets.unshift(tweet);
    return tweet;
  }

  /** Any value as a post of the answer's data (a malformed one), newest. */
  raw(value: unknown): void {
    this.tweets.unshift(value as Json);
  }

  #window(name: string): {limit: string; remaining: string; reset: string; spent: boolean} {
    const now = this.now();
    let w = this.#windows.get(name);
    if (!w || w.resetAt <= now) this.#windows.set(name, (w = {resetAt: now + 15 * 60_000, used: 0}));
    w.used++;
    return {limit: String(this.rateLimit), remaining: String(Math.max(0, this.rateLimit - w.used)), reset: String(Math.ceil(w.resetAt / 1000)), spent: w.used > this.rateLimit};
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const chunk of req) void chunk;
    const url = new URL(req.url ?? '/', this.url);
    this.seen.push({method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers, body: ''});
    if (await answerFault(this.faults, url.pathname, res)) return;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8', ...headers});
      res.end(JSON.stringify(body));
    };
    const path = url.pathname;
    if (path.startsWith('/2/')) return this.#x(req, url, json);
    const graph = /^\/(v\d+\.\d+)\/([^/]+)$/.exec(path);
    if (graph) return this.#graph(req, url, graph[1], decodeURIComponent(graph[2]), json);
    json(404, {errors: [{message: 'Sorry, that page does not exist', code: 34}]});
  }

  #x(req: IncomingMessage, url: URL, json: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    if (req.headers.authorization !== `Bearer ${this.bearerToken}`) return json(401, X_PROBLEMS.unauthorized.body);
    const endpoint = url.pathname.startsWith('/2/tweets/search/recent') ? 'search' : url.pathname.startsWith('/2/users/by/username/') ? 'user' : 'other';
    const w = this.#window(endpoint);
    const limits = {'x-rate-limit-limit': w.limit, 'x-rate-limit-remaining': w.remaining, 'x-rate-limit-reset': w.reset};
    // X answers a spent window with 429 and its reset, and no Retry-After.
    if (w.spent) return json(429, X_PROBLEMS.rateLimited.body, limits);
    const p = url.searchParams;
    const invalid = (message: string) => json(400, {errors: [{message}], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request'}, limits);
    if (endpoint === 'search') {
      const query = p.get('query');
      if (!query) return invalid("The `query` query parameter can not be empty");
      if (this.query !== undefined && query !== this.query) return invalid(`The emulator expected the query ${JSON.stringify(this.query)}, not ${JSON.stringify(query)}`);
      for (const [name, expected] of Object.entries(EXPECTED_FIELDS)) {
        const asked = (p.get(name) ?? '').split(',').sort().join(',');
        if (asked !== expected.split(',').sort().join(',')) return invalid(`The emulator expected ${name}=${expected}, not ${p.get(name)}`);
      }
      const max = Number(p.get('max_results') ?? 10);
      if (!Number.isInteger(max) || max < 10 || max > 100) return invalid(`The \`max_results\` query parameter value [${p.get('max_results')}] is not between 10 and 100`);
      const since = p.get('since_id');
      if (since && (!/^\d+$/.test(since) || (this.minSinceId && BigInt(since) < BigInt(this.minSinceId)))) {
        return json(400, X_PROBLEMS.invalidSinceId.body, limits);
      }
      let until: string | undefined;
      const token = p.get('next_token');
      if (token) {
        try {
          until = (JSON.parse(Buffer.from(token, 'base64url').toString()) as {until: string}).until;
        } catch {
          return invalid('The `next_token` query parameter value is not valid');
        }
      }
      const big = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : 0n);
      const matching = this.tweets.filter((t) => (!since || big(t.id) > BigInt(since) || !/^\d+$/.test(String(t.id))) && (!until || big(t.id) < BigInt(until)));
      const page = matching.slice(0, max);
      if (page.length === 0) return json(200, {meta: {result_count: 0}}, limits);
      const ids = page.map((t) => String(t.id)).filter((id) => /^\d+$/.test(id));
      const meta: Json = {newest_id: ids[0], oldest_id: ids.at(-1), result_count: page.length};
      if (matching.length > page.length && ids.length) meta.next_token = Buffer.from(JSON.stringify({until: ids.at(-1)})).toString('base64url');
      const authors = new Set(page.map((t) => t.author_id));
      const keys = new Set(page.flatMap((t) => (t && typeof t === 'object' && Array.isArray((t.attachments as Json | undefined)?.media_keys) ? ((t.attachments as Json).media_keys as string[]) : [])));
      const users = [...this.users.values()].filter((u) => authors.has(u.id));
      const media = [...this.media.values()].filter((m) => keys.has(m.media_key as string));
      const includes: Json = {};
      if (users.length) includes.users = users;
      if (media.length) includes.media = media;
      return json(200, {data: page, ...(Object.keys(includes).length ? {includes} : {}), meta}, limits);
    }
    if (endpoint === 'user') {
      const username = decodeURIComponent(url.pathname.slice('/2/users/by/username/'.length));
      const followers = this.followers.get(username.toLowerCase());
      if (followers === undefined) {
        const body = structuredClone(X_PROBLEMS.userNotFound.body) as {errors: Json[]};
        Object.assign(body.errors[0], {value: username, detail: `Could not find user with username: [${username}].`, resource_id: username});
        return json(200, body, limits);
      }
      const user = this.userByName(username) ?? USER_FIXTURE.data;
      const data: Json = {id: user.id, name: user.name, username: user.username};
      if ((p.get('user.fields') ?? '').split(',').includes('public_metrics')) data.public_metrics = {...(USER_FIXTURE.data.public_metrics as Json), followers_count: followers};
      return json(200, {data}, limits);
    }
    if (url.pathname === '/2/usage/tweets') return json(200, {data: {cap_reset_day: 10, project_cap: String(this.projectCap), project_id: '1369785403853424', project_usage: String(this.projectUsage)}}, limits);
    json(404, {title: 'Not Found Error', detail: 'Not found', type: 'about:blank', status: 404});
  }

  #graph(req: IncomingMessage, url: URL, version: string, id: string, json: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    const headers: Record<string, string> = {};
    if (this.appUsage) headers['X-App-Usage'] = JSON.stringify(this.appUsage);
    if (this.businessUsage) headers['X-Business-Use-Case-Usage'] = JSON.stringify(this.businessUsage);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || url.searchParams.get('access_token');
    if (!token) return json(400, {error: {message: 'An access token is required to request this resource.', type: 'OAuthException', code: 104, fbtrace_id: 'AbCdEfGhIjKlMnOpQrStUvW'}}, headers);
    if (token !== this.pageToken) return json(400, GRAPH_ERRORS.invalidToken.body, headers);
    const object = this.pages.get(id) ?? this.instagram.get(id);
    if (!object || !/^v\d+\.\d+$/.test(version)) {
      const body = structuredClone(GRAPH_ERRORS.noSuchObject.body);
      body.error.message = String(body.error.message).replace("'999'", `'${id}'`);
      return json(400, body, headers);
    }
    const fields = (url.searchParams.get('fields') ?? '').split(',').filter(Boolean);
    const answer: Json = {};
    for (const field of fields) if (object[field] !== undefined) answer[field] = object[field];
    answer.id = object.id;
    json(200, answer, headers);
  }
}
