import {readFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {WebSocketServer, type WebSocket} from 'ws';

/**
 * One local HTTP server that answers as Mastodon, Bluesky (PDS and AppView)
 * and a schedule host do, built from the real recorded responses in
 * test/fixtures/formats (see its SOURCES.md) and the platforms' documented
 * behaviour: min_id paging, Link and X-RateLimit-* headers, XRPC sessions with
 * expiring JWTs, conditional GETs. Faults are injected per path prefix.
 */

const FIXTURES = new URL('../../../../test/fixtures/formats/', import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

export const TIMELINE_TEMPLATE = (fixture('mastodon-tag-timeline.json') as Record<string, unknown>[])[0];
export const ACCOUNT_TEMPLATE = fixture('mastodon-account-lookup.json') as Record<string, unknown>;
export const SEARCH_TEMPLATE = fixture('bluesky-search-posts.json') as {posts: Record<string, unknown>[]};
export const PROFILE_TEMPLATE = fixture('bluesky-get-profile.json') as Record<string, unknown>;
/** Jetstream's own example events (its README), one a line. */
export const JETSTREAM_EXAMPLES = readFileSync(new URL('jetstream-events.jsonl', FIXTURES), 'utf8').trim().split('\n');

export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this many ms of real time (for time-out tests: keep it short). */
  delayMs?: number;
  /** Answer only once this settles (a platform that is slow for as long as the test says). */
  hold?: Promise<unknown>;
  /** How many requests it applies to; default all. */
  times?: number;
}

/**
 * The first fault programmed for a prefix of `path`, used up by one: waits as it says, then
 * answers for the platform (true) or lets the request through (false: a delay or hold only).
 */
export async function answerFault(faults: Map<string, Fault>, path: string, res: ServerResponse): Promise<boolean> {
  const fault = [...faults].find(([prefix, f]) => path.startsWith(prefix) && (f.times ?? 1) > 0);
  if (!fault) return false;
  const [prefix, f] = fault;
  if (f.times !== undefined) f.times--;
  if (f.times === 0) faults.delete(prefix);
  if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
  if (f.hold) await f.hold;
  if (f.status === undefined && f.body === undefined) return false;
  res.writeHead(f.status ?? 200, {'Content-Type': 'application/json', ...f.headers});
  res.end(f.body ?? '');
  return true;
}

export interface Seen {
  method: string;
  path: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

const jwt = (payload: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

export class Emulator {
  server!: Server;
  url = '';
  readonly seen: Seen[] = [];
  readonly faults = new Map<string, Fault>();
  /** Mastodon: statuses on the tag timeline, newest first. */
  statuses: Record<string, unknown>[] = [];
  nextId = 117020593741189701n;
  /** Mastodon: a new post before every timeline answer (a busy hashtag). */
  autoPost = false;
  /** Mastodon 4.5: configuration.timelines_access.hashtag_feeds of /api/v2/instance (undefined: an older server that does not say). */
  hashtagFeeds?: {local: string; remote: string};
  /** Mastodon: tokens accepted when `requireToken`. */
  requireToken?: string;
  followers = 2100;
  blueskyFollowers = 554;
  /** Bluesky. */
  password = 'app-password-1234';
  accessTtlS = 7200;
  sessions = 0;
  refreshes = 0;
  #access = new Set<string>();
  #refresh = new Set<string>();
  blueskyPosts: Record<string, unknown>[] = [];
  /** Schedule. */
  schedule = JSON.stringify({event: {name: 'Social media week', timeZone: 'Europe/London'}, sessions: [{id: 's1', title: 'Opening', start: '2016-10-24T09:30:00', end: '2016-10-24T10:00:00', room: 'Seminar Room'}]});
  /** Emulated time for the JWTs' exp (seconds), so tests can expire them. */
  now = () => Date.now();
  /** Jetstream: every event sent, in order, as the raw JSON text; replayed from a cursor. */
  readonly jetstream: Array<{timeUs: number; raw: string}> = [];
  readonly sockets = new Set<WebSocket>();
  /** Jetstream: refuse every connection (an instance that is down). */
  refuse = false;
  /** Jetstream: keep the socket open but send nothing and answer no ping (a silently dead connection). */
  silent = false;
  connections = 0;
  /** AppView: posts getPosts knows, and how many more asks before it has indexed each. */
  readonly appview = new Map<string, {view: Record<string, unknown>; unindexedAsks: number}>();
  #lastUs = 0;
  #wss?: WebSocketServer;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.#handle(req, res));
    this.#wss = new WebSocketServer({noServer: true, autoPong: false});
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      this.seen.push({method: 'GET', path: url.pathname, url, headers: req.headers, body: ''});
      if (url.pathname !== '/subscribe' || this.refuse) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
        return;
      }
      this.#wss!.handleUpgrade(req, socket, head, (ws) => {
        this.connections++;
        this.sockets.add(ws);
        ws.on('close', () => this.sockets.delete(ws));
        ws.on('ping', (data) => {
          if (!this.silent) ws.pong(data);
        });
        const cursor = Number(url.searchParams.get('cursor') ?? NaN);
        // A cursor replays from there; none (or one from the future) is the live tail.
        if (Number.isFinite(cursor)) for (const e of this.jetstream) if (e.timeUs >= cursor) ws.send(e.raw);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.#wss?.close();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  requests(prefix: string): Seen[] {
    return this.seen.filter((s) => s.path.startsWith(prefix));
  }

  /** A new status on the tag timeline (a copy of the recorded one with its own id, text and time). */
  post(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const id = String(this.nextId++);
    const status = {
      ...structuredClone(TIMELINE_TEMPLATE),
      id,
      uri: `${this.url}/users/someone/statuses/${id}`,
      url: `${this.url}/@someone/${id}`,
      created_at: new Date(this.now()).toISOString(),
      content: `<p>${text}</p>`,
      language: 'en',
      ...extra,
    };
    this.statuses.unshift(status);
    return status;
  }

  /** A Bluesky post carrying the tag (from a recorded searchPosts post). */
  blueskyPost(text: string, i = this.blueskyPosts.length): Record<string, unknown> {
    const template = structuredClone(SEARCH_TEMPLATE.posts[0]) as Record<string, Record<string, unknown>>;
    const rkey = `3lpk2u6qo${String(i).padStart(4, '0')}`;
    const post = {...template, uri: `at://did:plc:fakealicexxxxxxxxxxxxxxx/app.bsky.feed.post/${rkey}`, record: {...template.record, text, facets: [], tags: [], createdAt: new Date(this.now()).toISOString()}, indexedAt: new Date(this.now()).toISOString()};
    this.blueskyPosts.unshift(post);
    return post;
  }

  /** Sends a Jetstream event to every open socket and keeps it for replays; time_us from the emulated clock. */
  emit(event: Record<string, unknown>): number {
    const timeUs = Math.max(this.now() * 1000, this.#lastUs + 1);
    this.#lastUs = timeUs;
    const raw = JSON.stringify({did: event.did, time_us: timeUs, ...event});
    this.jetstream.push({timeUs, raw});
    if (!this.silent) for (const ws of this.sockets) ws.send(raw);
    return timeUs;
  }

  /** Closes every Jetstream connection (the instance restarted, or the network dropped). */
  drop(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  /**
   * A Bluesky post made on the network: a commit event as Jetstream sends it (the
   * shape of its README's examples), with a record of the recorded searchPosts
   * answer's shape; the AppView knows it after `unindexedAsks` more asks.
   */
  jetstreamPost(text: string, options: {did?: string; rkey?: string; facetTag?: string; tags?: string[]; operation?: 'create' | 'update'; unindexedAsks?: number; labels?: unknown[]} = {}): string {
    const did = options.did ?? 'did:plc:fakealicexxxxxxxxxxxxxxx';
    const rkey = options.rkey ?? `3l${(this.#lastUs + 1).toString(36).slice(-11)}`;
    const uri = `at://${did}/app.bsky.feed.post/${rkey}`;
    const createdAt = new Date(this.now()).toISOString();
    const facets = [];
    if (options.facetTag) {
      const start = Buffer.byteLength(text.slice(0, text.indexOf(`#${options.facetTag}`)));
      facets.push({index: {byteStart: start, byteEnd: start + Buffer.byteLength(`#${options.facetTag}`)}, features: [{$type: 'app.bsky.richtext.facet#tag', tag: options.facetTag}]});
    }
    const record = {$type: 'app.bsky.feed.post', createdAt, text, langs: ['en'], facets, ...(options.tags ? {tags: options.tags} : {})};
    const template = structuredClone(SEARCH_TEMPLATE.posts[0]) as Record<string, Record<string, unknown>>;
    const view = {...template, uri, cid: `bafyrei${rkey}`, author: {...template.author, did, labels: options.labels ?? []}, record, indexedAt: createdAt};
    this.appview.set(uri, {view, unindexedAsks: options.unindexedAsks ?? 0});
    this.emit({did, kind: 'commit', commit: {rev: rkey, operation: options.operation ?? 'create', collection: 'app.bsky.feed.post', rkey, record, cid: `bafyrei${rkey}`}});
    return uri;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    this.seen.push({method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers, body: Buffer.concat(chunks).toString()});
    if (await answerFault(this.faults, url.pathname, res)) return;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8', ...headers});
      res.end(JSON.stringify(body));
    };
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const path = url.pathname;

    if (path.startsWith('/api/v1/timelines/tag/')) {
      if (this.requireToken && bearer !== this.requireToken) return json(401, {error: 'This method requires an authenticated user'});
      if (this.autoPost) for (let i = 0; i < 3; i++) this.post(`Busy ${String(this.nextId)} #NelftSoMeWeek ${'words '.repeat(40)}`);
      const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
      const min = url.searchParams.get('min_id');
      // min_id: the statuses just after it, oldest of them first taken, answered newest first.
      const newer = min ? this.statuses.filter((s) => BigInt(s.id as string) > BigInt(min)) : this.statuses;
      const page = min ? newer.slice(-limit) : newer.slice(0, limit);
      const base = `${this.url}${path}`;
      const link = page.length ? `<${base}?max_id=${String(page.at(-1)!.id)}>; rel="next", <${base}?min_id=${String(page[0].id)}>; rel="prev"` : '';
      return json(200, page, {...(link ? {Link: link} : {}), 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '299', 'X-RateLimit-Reset': new Date(this.now() + 300_000).toISOString()});
    }
    if (path === '/api/v2/instance') {
      if (this.requireToken && bearer !== this.requireToken && !this.hashtagFeeds) return json(401, {error: 'This method requires an authenticated user'});
      const access = this.hashtagFeeds ? {timelines_access: {live_feeds: {local: 'public', remote: 'public'}, hashtag_feeds: this.hashtagFeeds, trending_link_feeds: {local: 'public', remote: 'public'}}} : {};
      return json(200, {domain: new URL(this.url).host, title: 'Emulated', version: this.hashtagFeeds ? '4.5.0' : '4.2.10', configuration: {statuses: {max_characters: 500}, ...access}});
    }
    if (path === '/api/v1/accounts/lookup') {
      const acct = url.searchParams.get('acct');
      if (acct !== 'nelft') return json(404, {error: 'Record not found'});
      return json(200, {...ACCOUNT_TEMPLATE, acct: 'nelft', username: 'nelft', display_name: 'NELFT', url: `${this.url}/@nelft`, followers_count: this.followers});
    }
    if (path === '/xrpc/com.atproto.server.createSession') {
      this.sessions++;
      const body = JSON.parse(this.seen.at(-1)!.body || '{}') as Record<string, string>;
      if (body.identifier !== 'nelft.bsky.social' || body.password !== this.password) return json(401, {error: 'AuthenticationRequired', message: 'Invalid identifier or password'});
      return json(200, this.#issue());
    }
    if (path === '/xrpc/com.atproto.server.refreshSession') {
      this.refreshes++;
      if (!this.#refresh.has(bearer)) return json(400, {error: 'ExpiredToken', message: 'Token has expired'});
      this.#refresh.delete(bearer);
      return json(200, this.#issue());
    }
    if (path === '/xrpc/app.bsky.feed.searchPosts') {
      if (!bearer) return json(403, {error: 'Forbidden', message: 'search requires authentication'});
      const exp = this.#expiry(bearer);
      if (!this.#access.has(bearer) || exp < this.now() / 1000) return json(400, {error: 'ExpiredToken', message: 'Token has expired'});
      return json(200, {posts: this.blueskyPosts, cursor: String(this.blueskyPosts.length)}, {'RateLimit-Limit': '3000', 'RateLimit-Remaining': '2999', 'RateLimit-Reset': String(Math.floor(this.now() / 1000) + 300)});
    }
    if (path === '/xrpc/app.bsky.feed.getPosts') {
      const uris = url.searchParams.getAll('uris');
      if (uris.length > 25) return json(400, {error: 'InvalidRequest', message: 'uris must not have more than 25 elements'});
      const posts = uris.flatMap((uri) => {
        const known = this.appview.get(uri);
        if (!known) return [];
        if (known.unindexedAsks > 0) {
          known.unindexedAsks--;
          return [];
        }
        return [known.view];
      });
      return json(200, {posts});
    }
    if (path === '/xrpc/app.bsky.actor.getProfile') {
      if (url.searchParams.get('actor') !== 'nelft.bsky.social') return json(400, {error: 'InvalidRequest', message: 'Profile not found'});
      return json(200, {...PROFILE_TEMPLATE, handle: 'nelft.bsky.social', displayName: 'NELFT', followersCount: this.blueskyFollowers});
    }
    if (path === '/schedule.json') {
      const etag = `"${Buffer.from(this.schedule).toString('base64url').slice(-16)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, {ETag: etag});
        res.end();
        return;
      }
      res.writeHead(200, {'Content-Type': 'application/json', ETag: etag});
      res.end(this.schedule);
      return;
    }
    json(404, {error: 'Not found'});
  }

  #expiry(token: string): number {
    try {
      return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {exp: number}).exp;
    } catch {
      return 0;
    }
  }

  #issue(): Record<string, string> {
    const now = Math.floor(this.now() / 1000);
    const serial = this.sessions * 1000 + this.refreshes;
    const accessJwt = jwt({scope: 'com.atproto.appPass', sub: 'did:plc:nelft', iat: now, exp: now + this.accessTtlS, n: serial});
    const refreshJwt = jwt({scope: 'com.atproto.refresh', sub: 'did:plc:nelft', iat: now, exp: now + 60 * 86400, n: serial});
    this.#access.add(accessJwt);
    this.#refresh.add(refreshJwt);
    return {accessJwt, refreshJwt, did: 'did:plc:nelft', handle: 'nelft.bsky.social'};
  }
}
