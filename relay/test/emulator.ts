import {readFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

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

export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this many ms of real time (for time-out tests: keep it short). */
  delayMs?: number;
  /** How many requests it applies to; default all. */
  times?: number;
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

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    this.seen.push({method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers, body: Buffer.concat(chunks).toString()});
    const fault = [...this.faults].find(([prefix, f]) => url.pathname.startsWith(prefix) && (f.times ?? 1) > 0);
    if (fault) {
      const [prefix, f] = fault;
      if (f.times !== undefined) f.times--;
      if (f.times === 0) this.faults.delete(prefix);
      if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
      if (f.status !== undefined || f.body !== undefined) {
        res.writeHead(f.status ?? 200, {'Content-Type': 'application/json', ...f.headers});
        res.end(f.body ?? '');
        return;
      }
    }
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
