import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {TLSSocket} from 'node:tls';
import type Database from 'better-sqlite3';
import type {AdminConfig} from '../config.js';
import type {Logger} from '../log.js';
import type {ActionName, ActionRequest, ChangeEvent, ListName, ModerationService, SessionInfo, UndoRequest} from '../moderation/api.js';
import {cleanPath, listen, type ServerTimeouts} from '../server.js';
import {consolePage, loadConsoleFiles, LOGIN_CSS, loginPage, notBuiltPage, type StaticFile} from './pages.js';
import {LoginForms, sameSecret, Sessions, type Session} from './sessions.js';
import {Throttle, waitMessage, type ThrottleRule} from './throttle.js';
import {nameProblem, Users} from './users.js';

/**
 * The moderation console's HTTP side, everything under /admin/: the sign-in
 * form, the console page and its files, the JSON API of
 * relay/moderation/api.ts over the relay's ModerationService, and the event
 * stream. The console shows hostile third-party text to people who can
 * change what the public sees, so every response carries a strict CSP and
 * the other protective headers, every change is a POST with a CSRF token and
 * an allowed Origin, and nothing secret reaches a log line.
 */

export interface AdminOptions {
  config: AdminConfig;
  moderation: ModerationService;
  /** The relay's state file (accounts and sessions live beside the rest). */
  db: Database.Database;
  log: Logger;
  now?: () => number;
  /** The built console's files; read from dist/console/ when not given. */
  files?: Map<string, StaticFile>;
  /** Between the event stream's heartbeats (a comment line), so proxies keep it open. */
  heartbeatMs?: number;
}

/** 'lit-html' is Lit's Trusted Types policy, 'dompurify' the sanitiser's; the console creates no other. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; " +
  "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html dompurify";

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Frame-Options': 'DENY',
  // Not no-referrer: under no-referrer a browser sends `Origin: null` with a same-origin POST (Fetch,
  // "append a request Origin header"), and the Origin check below would refuse the console's own
  // requests. same-origin sends nothing to other sites (a post's link), and the real Origin to this one.
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
};

const JSON_LIMIT = 16 * 1024;
const FORM_LIMIT = 4 * 1024;
const HEARTBEAT_MS = 25_000;
const ACTIONS = new Set<ActionName>(['approve', 'hide', 'pin', 'unpin', 'block', 'unblock']);
const LISTS = new Set<ListName>(['queue', 'published', 'hidden']);
/** Five wrong passwords in a row for one account; twenty from one address (a trust's gateway is one address for all its staff). */
const PER_ACCOUNT: ThrottleRule = {limit: 5, windowMs: 15 * 60_000};
const PER_ADDRESS: ThrottleRule = {limit: 20, windowMs: 15 * 60_000};
const NO_MATCH = 'That name and password do not match';

/** `::ffff:10.0.0.5` → `10.0.0.5`: an IPv4 client on a dual-stack socket. */
export function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** A reverse proxy on the relay's own machine (127.0.0.1 or ::1 exactly: no other address is taken on trust). */
const isLoopback = (address: string) => address === '::1' || address === '127.0.0.1';

function cookies(req: IncomingMessage): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!map.has(name)) map.set(name, part.slice(eq + 1).trim());
  }
  return map;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Stream {
  res: ServerResponse;
  id: string;
  hash: string;
}

interface Identity {
  session: Session;
  id: string;
  /** A Set-Cookie for a session made just now (the proxy's header). */
  setCookie?: string;
}

type Route = {methods: string[]; handle: (req: IncomingMessage, res: ServerResponse, match: RegExpMatchArray) => Promise<void> | void};

export class AdminConsole {
  readonly users: Users;
  readonly sessions: Sessions;
  readonly #config: AdminConfig;
  readonly #moderation: ModerationService;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #forms: LoginForms;
  readonly #throttle: Throttle;
  readonly #files: Map<string, StaticFile>;
  readonly #streams = new Set<Stream>();
  readonly #ignoredFrom = new Set<string>();
  readonly #unsubscribe: () => void;
  readonly #heartbeat: NodeJS.Timeout;
  readonly #routes: Array<[RegExp, Route]>;

  constructor(options: AdminOptions) {
    this.#config = options.config;
    this.#moderation = options.moderation;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.users = new Users(options.db, this.#now);
    this.sessions = new Sessions(options.db, {idleMs: options.config.sessionIdleMs, maxMs: options.config.sessionMaxMs, now: this.#now});
    this.#forms = new LoginForms(this.#now);
    this.#throttle = new Throttle(this.#now);
    this.#files = options.files ?? loadConsoleFiles();
    this.#unsubscribe = this.#moderation.onChange((event) => this.#broadcast(event));
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs ?? HEARTBEAT_MS);
    this.#heartbeat.unref();
    const feed = '([^/]{1,200})';
    this.#routes = [
      [/^\/admin\/$/, {methods: ['GET'], handle: (req, res) => this.#consolePage(req, res)}],
      [/^\/admin\/login$/, {methods: ['GET', 'POST'], handle: (req, res) => (req.method === 'POST' ? this.#signIn(req, res) : this.#loginForm(req, res))}],
      [/^\/admin\/login\.css$/, {methods: ['GET'], handle: (_req, res) => this.#send(res, 200, 'text/css; charset=utf-8', LOGIN_CSS, {'Cache-Control': 'no-cache'})}],
      [/^\/admin\/logout$/, {methods: ['POST'], handle: (req, res) => this.#signOut(req, res)}],
      [/^\/admin\/api\/session$/, {methods: ['GET'], handle: (req, res) => this.#session(req, res)}],
      [/^\/admin\/api\/events$/, {methods: ['GET'], handle: (req, res) => this.#events(req, res)}],
      [new RegExp(`^/admin/api/feeds/${feed}/items$`), {methods: ['GET'], handle: (req, res, m) => this.#items(req, res, m[1])}],
      [new RegExp(`^/admin/api/feeds/${feed}/audit$`), {methods: ['GET'], handle: (req, res, m) => this.#audit(req, res, m[1])}],
      [new RegExp(`^/admin/api/feeds/${feed}/actions$`), {methods: ['POST'], handle: (req, res, m) => this.#act(req, res, m[1])}],
      [new RegExp(`^/admin/api/feeds/${feed}/undo$`), {methods: ['POST'], handle: (req, res, m) => this.#undo(req, res, m[1])}],
    ];
  }

  /** Whether the console's page can be served (dist/console/console.js was built). */
  get built(): boolean {
    return this.#files.has('console.js');
  }

  /** Ends the event streams and stops listening to the moderation. */
  close(): void {
    clearInterval(this.#heartbeat);
    this.#unsubscribe();
    for (const stream of this.#streams) stream.res.end();
    this.#streams.clear();
  }

  /** Every request whose path is /admin or under /admin/. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.#dispatch(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return this.#error(req, res, error.status, error.message, error.headers);
      const status = typeof (error as {status?: unknown}).status === 'number' ? (error as {status: number}).status : 500;
      if (status >= 400 && status < 600 && error instanceof Error && status !== 500) return this.#error(req, res, status, error.message);
      this.#log.log('error', 'admin.failed', {path: cleanPath(req.url), error: error instanceof Error ? error.message : String(error)});
      this.#error(req, res, 500, 'Something went wrong on the relay: the details are in its log');
    });
  };

  async #dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = cleanPath(req.url);
    if (path === '/admin') return this.#redirect(res, '/admin/', 308);
    if (!path) throw new HttpError(400, 'That address is not one the console knows');
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? '');
    for (const [pattern, route] of this.#routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      if (!route.methods.includes(method)) {
        const allow = route.methods.includes('GET') ? [...route.methods, 'HEAD'] : route.methods;
        const words = route.methods.includes('GET') ? `Use ${allow.join(' or ')} for this address` : 'This address changes things, so it takes POST only';
        throw new HttpError(405, words, {Allow: allow.join(', ')});
      }
      return route.handle(req, res, match);
    }
    const file = this.#files.get(path.slice('/admin/'.length));
    if (file && method !== 'GET') throw new HttpError(405, 'Use GET or HEAD for this address', {Allow: 'GET, HEAD'});
    if (file) return this.#send(res, 200, file.type, file.body, {'Cache-Control': file.hashed ? 'max-age=31536000, immutable' : 'no-cache'});
    throw new HttpError(404, 'Not found');
  }

  // ---- responses ---------------------------------------------------------------------------------

  #send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string | string[]> = {}): void {
    if (res.headersSent) return void res.end();
    res.writeHead(status, {...SECURITY_HEADERS, 'Cache-Control': 'no-store', 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra});
    res.end(body);
  }

  #json(res: ServerResponse, status: number, value: unknown, extra: Record<string, string | string[]> = {}): void {
    this.#send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extra);
  }

  #html(res: ServerResponse, status: number, html: string, extra: Record<string, string | string[]> = {}): void {
    this.#send(res, status, 'text/html; charset=utf-8', html, extra);
  }

  #redirect(res: ServerResponse, location: string, status = 303, extra: Record<string, string | string[]> = {}): void {
    this.#send(res, status, 'text/plain; charset=utf-8', `See ${location}\n`, {Location: location, ...extra});
  }

  /** In the API: {"error": words}; elsewhere plain words. */
  #error(req: IncomingMessage, res: ServerResponse, status: number, words: string, extra: Record<string, string> = {}): void {
    if (req.url?.startsWith('/admin/api/')) return this.#json(res, status, {error: words}, extra);
    this.#send(res, status, 'text/plain; charset=utf-8', `${words}\n`, extra);
  }

  // ---- who is asking ----------------------------------------------------------------------------

  /** Over https: the socket is TLS, or the loopback or the sign-on proxy says so in X-Forwarded-Proto. */
  #overHttps(req: IncomingMessage): boolean {
    if ((req.socket as TLSSocket).encrypted) return true;
    const address = clientAddress(req);
    const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase();
    return proto === 'https' && (isLoopback(address) || (this.#config.trustedHeader?.fromAddresses.includes(address) ?? false));
  }

  /**
   * The session cookie's attributes. Path=/admin/ keeps the cookie off the
   * public files on the same origin (a cookie on every feed request would
   * defeat a CDN's cache), and that rules out the `__Host-` prefix, which
   * needs Path=/; `__Secure-` (Secure required) is used whenever Secure is.
   */
  #cookie(req: IncomingMessage): {name: string; attributes: string} {
    const secure = this.#config.secureCookies === true || (this.#config.secureCookies === 'auto' && this.#overHttps(req));
    return {name: secure ? '__Secure-trust-admin' : 'trust-admin', attributes: `HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`};
  }

  #sessionCookie(req: IncomingMessage, id: string): string {
    const {name, attributes} = this.#cookie(req);
    return `${name}=${id}; Path=/admin/; ${attributes}`;
  }

  #clearSessionCookie(req: IncomingMessage): string {
    const {name, attributes} = this.#cookie(req);
    return `${name}=; Path=/admin/; Max-Age=0; ${attributes}`;
  }

  /** The sign-on proxy's user, when the request came from one of its addresses and carries the header. */
  #proxyUser(req: IncomingMessage): string | undefined {
    const trusted = this.#config.trustedHeader;
    if (!trusted) return undefined;
    const value = req.headers[trusted.name];
    const address = clientAddress(req);
    if (!trusted.fromAddresses.includes(address)) {
      // Said once per address: a proxy whose address changed (or a forger) shows in the log without flooding it.
      if (value !== undefined && !this.#ignoredFrom.has(address) && this.#ignoredFrom.size < 100) {
        this.#ignoredFrom.add(address);
        this.#log.log('warn', 'admin.proxy-ignored', {address, error: `${trusted.name} ignored: ${address} is not in adminAuth.fromAddresses`});
      }
      return undefined;
    }
    const user = (Array.isArray(value) ? value[0] : value)?.trim();
    if (!user) return undefined;
    if (nameProblem(user)) {
      this.#log.log('warn', 'admin.proxy-name', {error: `the sign-on proxy's ${trusted.name} is not a name the console can use`});
      return undefined;
    }
    return user;
  }

  /**
   * The signed-in moderator, or undefined. From the proxy's addresses its
   * header decides (a session is made for it, so the CSRF token and the
   * event stream work alike); a proxy's session is worth nothing without the
   * header, and a password session nothing once its account is removed.
   */
  #identify(req: IncomingMessage, touch = true): Identity | undefined {
    const id = cookies(req).get(this.#cookie(req).name);
    const existing = this.sessions.get(id, touch);
    const proxyUser = this.#proxyUser(req);
    if (proxyUser) {
      if (existing?.via === 'proxy' && existing.user === proxyUser) return {session: existing, id: id!};
      if (existing) this.sessions.end(existing.hash);
      // A client of the proxy that keeps no cookie makes a session per request: expired ones go at once.
      this.sessions.sweep();
      const made = this.sessions.create(proxyUser, 'proxy');
      this.#log.log('info', 'admin.signin', {user: proxyUser, via: 'proxy', address: clientAddress(req)});
      return {session: made.session, id: made.id, setCookie: this.#sessionCookie(req, made.id)};
    }
    if (existing?.via === 'password') return {session: existing, id: id!};
    return undefined;
  }

  #api(req: IncomingMessage): Identity {
    const identity = this.#identify(req);
    if (!identity) throw new HttpError(401, 'Sign in first: your session has ended or was never started');
    return identity;
  }

  /** The Origin must be the console's own (as the Host header names it) or one of admin.origins. */
  #checkOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (!origin || origin === 'null') throw new HttpError(403, 'Refused: this request did not say which page sent it (no Origin header). Use the console\'s own page');
    const host = req.headers.host;
    // Either scheme with our own Host: a TLS-terminating proxy may not say X-Forwarded-Proto, and a page on another host cannot claim ours.
    const own = host ? [`http://${host}`, `https://${host}`] : [];
    if (![...own, ...this.#config.origins].includes(origin)) throw new HttpError(403, `Refused: changes may only be made from the console's own page, not from ${origin.slice(0, 200)}`);
  }

  /** A state-changing API request: an allowed Origin, a session, its CSRF token in X-CSRF-Token. */
  #change(req: IncomingMessage): Identity {
    this.#checkOrigin(req);
    const identity = this.#api(req);
    const token = req.headers['x-csrf-token'];
    if (!sameSecret(typeof token === 'string' ? token : undefined, identity.session.csrf)) {
      throw new HttpError(403, 'Refused: the request did not carry this session\'s security token. Reload the console and try again');
    }
    return identity;
  }

  // ---- bodies -----------------------------------------------------------------------------------

  async #body(req: IncomingMessage, limit: number): Promise<string> {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > limit) throw new HttpError(413, `That request is too large (more than ${limit / 1024} KB)`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new HttpError(413, `That request is too large (more than ${limit / 1024} KB)`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async #jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') throw new HttpError(415, 'Send the request as JSON (Content-Type: application/json)');
    const text = await this.#body(req, JSON_LIMIT);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, "That request's body is not valid JSON");
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, "That request's body must be a JSON object");
    return value as Record<string, unknown>;
  }

  async #formBody(req: IncomingMessage): Promise<URLSearchParams> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'Send the form as the sign-in page does (application/x-www-form-urlencoded)');
    return new URLSearchParams(await this.#body(req, FORM_LIMIT));
  }

  // ---- pages ------------------------------------------------------------------------------------

  #consolePage(req: IncomingMessage, res: ServerResponse): void {
    const identity = this.#identify(req);
    if (!identity) {
      const hadCookie = cookies(req).has(this.#cookie(req).name);
      return this.#redirect(res, hadCookie ? '/admin/login?ended' : '/admin/login');
    }
    const extra = this.#withCookie(identity);
    if (!this.built) return this.#html(res, 503, notBuiltPage(), extra);
    this.#html(res, 200, consolePage(this.#files.has('console.css')), extra);
  }

  /** The form with a fresh pre-session token, and its cookie. */
  #renderLogin(req: IncomingMessage, res: ServerResponse, status: number, view: {name?: string; error?: string; notice?: string}, extra: Record<string, string> = {}): void {
    const {cookie, token} = this.#forms.issue();
    const {name, attributes} = this.#cookie(req);
    const formCookie = `${name}-login=${cookie}; Path=/admin/login; Max-Age=${30 * 60}; ${attributes}`;
    const setCookies = [formCookie, ...(extra['Set-Cookie'] ? [extra['Set-Cookie']] : [])];
    this.#html(res, status, loginPage({token, ...view}), {...extra, 'Set-Cookie': setCookies});
  }

  #loginForm(req: IncomingMessage, res: ServerResponse): void {
    if (this.#identify(req)) return this.#redirect(res, '/admin/');
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const notice = query.has('signed-out') ? 'You have signed out.' : query.has('ended') ? 'Your session has ended. Sign in again to carry on.' : undefined;
    this.#renderLogin(req, res, 200, {notice});
  }

  async #signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = clientAddress(req);
    try {
      this.#checkOrigin(req);
    } catch (error) {
      this.#log.log('warn', 'admin.signin.failed', {address, reason: 'origin'});
      return this.#renderLogin(req, res, 403, {error: (error as Error).message});
    }
    let form: URLSearchParams;
    try {
      form = await this.#formBody(req);
    } catch (error) {
      return this.#renderLogin(req, res, (error as HttpError).status ?? 400, {error: (error as Error).message});
    }
    const name = (form.get('name') ?? '').trim().slice(0, 200);
    const password = form.get('password') ?? '';
    const {name: cookieName} = this.#cookie(req);
    if (!this.#forms.take(cookies(req).get(`${cookieName}-login`), form.get('csrf') ?? undefined)) {
      this.#log.log('warn', 'admin.signin.failed', {address, reason: 'form token missing, used or expired'});
      return this.#renderLogin(req, res, 403, {name, error: 'This sign-in form had expired or had already been used, so nothing was checked. Sign in again with this fresh one'});
    }
    if (!name || !password) return this.#renderLogin(req, res, 400, {name, error: 'Enter your name and your password'});
    const keys: Array<[string, ThrottleRule]> = [
      [`user:${name.toLowerCase()}`, PER_ACCOUNT],
      [`address:${address}`, PER_ADDRESS],
    ];
    const wait = this.#throttle.wait(keys.map(([key]) => key));
    if (wait > 0) {
      this.#log.log('warn', 'admin.signin.failed', {user: this.users.find(name), address, reason: 'throttled'});
      return this.#renderLogin(req, res, 429, {name, error: waitMessage(wait)}, {'Retry-After': String(Math.ceil(wait / 1000))});
    }
    const user = await this.users.verify(name, password);
    if (!user) {
      this.#throttle.fail(keys);
      // The name is logged only when it is an account's: a password typed into the name field stays out of the log.
      this.#log.log('warn', 'admin.signin.failed', {user: this.users.find(name), address, reason: 'no match'});
      return this.#renderLogin(req, res, 401, {name, error: NO_MATCH});
    }
    this.#throttle.clear(keys[0][0]);
    // A new session id at every sign-in: a session the browser had before (perhaps planted) ends here.
    const old = this.sessions.get(cookies(req).get(cookieName), false);
    if (old) this.sessions.end(old.hash);
    this.sessions.sweep();
    const {id} = this.sessions.create(user, 'password');
    this.users.recordSignIn(user);
    this.#log.log('info', 'admin.signin', {user, via: 'password', address});
    const {attributes} = this.#cookie(req);
    this.#redirect(res, '/admin/', 303, {'Set-Cookie': [this.#sessionCookie(req, id), `${cookieName}-login=; Path=/admin/login; Max-Age=0; ${attributes}`]});
  }

  async #signOut(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#checkOrigin(req);
    const identity = this.#identify(req, false);
    const header = req.headers['x-csrf-token'];
    let token = typeof header === 'string' ? header : undefined;
    if (!token && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) token = (await this.#formBody(req)).get('csrf') ?? undefined;
    if (!identity) return this.#redirect(res, '/admin/login', 303, {'Set-Cookie': this.#clearSessionCookie(req)});
    if (!sameSecret(token, identity.session.csrf)) throw new HttpError(403, "Refused: the request did not carry this session's security token");
    this.sessions.end(identity.session.hash);
    for (const stream of this.#streams) if (stream.hash === identity.session.hash) this.#endStream(stream);
    this.#log.log('info', 'admin.signout', {user: identity.session.user, via: identity.session.via});
    this.#redirect(res, '/admin/login?signed-out', 303, {'Set-Cookie': this.#clearSessionCookie(req)});
  }

  // ---- the API ----------------------------------------------------------------------------------

  #feed(name: string): string {
    let feed: string;
    try {
      feed = decodeURIComponent(name);
    } catch {
      throw new HttpError(404, 'There is no such feed');
    }
    // An unknown feed is the moderation's 404 (ModerationError), with its words.
    return feed;
  }

  #query(req: IncomingMessage): URLSearchParams {
    return new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  }

  #limit(query: URLSearchParams): number | undefined {
    const raw = query.get('limit');
    if (raw === null || raw === '') return undefined;
    const limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HttpError(400, 'limit must be a whole number from 1 to 500');
    return limit;
  }

  #withCookie(identity: Identity): Record<string, string> {
    return identity.setCookie ? {'Set-Cookie': identity.setCookie} : {};
  }

  #session(req: IncomingMessage, res: ServerResponse): void {
    const identity = this.#api(req);
    const info: SessionInfo = {user: identity.session.user, csrf: identity.session.csrf, via: identity.session.via, feeds: this.#moderation.feeds(), media: this.#config.media};
    this.#json(res, 200, info, this.#withCookie(identity));
  }

  #items(req: IncomingMessage, res: ServerResponse, name: string): void {
    const identity = this.#api(req);
    const feed = this.#feed(name);
    const query = this.#query(req);
    const list = (query.get('list') ?? 'queue') as ListName;
    if (!LISTS.has(list)) throw new HttpError(400, 'list must be queue, published or hidden');
    const q = query.get('q')?.slice(0, 200) || undefined;
    const before = query.get('before') || undefined;
    this.#json(res, 200, this.#moderation.list(feed, list, {q, limit: this.#limit(query), before}), this.#withCookie(identity));
  }

  #audit(req: IncomingMessage, res: ServerResponse, name: string): void {
    const identity = this.#api(req);
    const feed = this.#feed(name);
    const query = this.#query(req);
    const rawBefore = query.get('before');
    const before = rawBefore ? Number(rawBefore) : undefined;
    if (before !== undefined && !Number.isInteger(before)) throw new HttpError(400, 'before must be an audit entry number');
    this.#json(res, 200, this.#moderation.audit(feed, {limit: this.#limit(query), before}), this.#withCookie(identity));
  }

  async #act(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const identity = this.#change(req);
    const feed = this.#feed(name);
    const body = await this.#jsonBody(req);
    const {key, action, version} = body;
    if (typeof key !== 'string' || !key || key.length > 2000) throw new HttpError(400, 'key must be the post\'s key');
    if (typeof action !== 'string' || !ACTIONS.has(action as ActionName)) throw new HttpError(400, `action must be one of ${[...ACTIONS].join(', ')}`);
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) throw new HttpError(400, 'version must be the version of the post you saw');
    const request: ActionRequest = {key, action: action as ActionName, version};
    const result = this.#moderation.act(feed, request, identity.session.user);
    this.#json(res, result.ok ? 200 : 409, result);
  }

  async #undo(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const identity = this.#change(req);
    const feed = this.#feed(name);
    const {auditId} = await this.#jsonBody(req);
    if (typeof auditId !== 'number' || !Number.isInteger(auditId) || auditId < 1) throw new HttpError(400, 'auditId must be the number of an audit entry');
    const request: UndoRequest = {auditId};
    const result = this.#moderation.undo(feed, request, identity.session.user);
    this.#json(res, result.ok ? 200 : 409, result);
  }

  // ---- server-sent events -----------------------------------------------------------------------

  #events(req: IncomingMessage, res: ServerResponse): void {
    const identity = this.#api(req);
    // The server's idle time-out (15 s) would cut a stream whose heartbeat is every 25 s; this socket is exempt.
    req.socket.setTimeout(0);
    req.socket.setKeepAlive(true, 30_000);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      ...this.#withCookie(identity),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx would otherwise hold the events in its buffer.
      'X-Accel-Buffering': 'no',
    });
    if (req.method === 'HEAD') return void res.end();
    res.write('retry: 5000\n\n');
    const stream: Stream = {res, id: identity.id, hash: identity.session.hash};
    this.#streams.add(stream);
    res.on('close', () => this.#streams.delete(stream));
  }

  #endStream(stream: Stream): void {
    this.#streams.delete(stream);
    stream.res.end();
  }

  /** Whether the stream's session still holds (signed out, expired or its account removed: it ends). */
  #alive(stream: Stream): boolean {
    const session = this.sessions.get(stream.id, false);
    if (session && session.hash === stream.hash) return true;
    this.#endStream(stream);
    return false;
  }

  #broadcast(event: ChangeEvent): void {
    const text = `event: changed\ndata: ${JSON.stringify(event)}\n\n`;
    for (const stream of this.#streams) if (this.#alive(stream)) stream.res.write(text);
  }

  #beat(): void {
    for (const stream of this.#streams) if (this.#alive(stream)) stream.res.write(': heartbeat\n\n');
  }
}

/** Whether a request is the console's: /admin, or anything under /admin/. */
export function isAdminRequest(url: string | undefined): boolean {
  return !!url && (url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?'));
}

/** The console on its own address (adminListen): /admin/ only, / sends there, everything else is a 404. */
export function startAdminServer(admin: AdminConsole, host: string, port: number, timeouts: ServerTimeouts = {}): Promise<Server> {
  const server = createServer(
    {requestTimeout: timeouts.requestMs ?? 10_000, headersTimeout: Math.min(5_000, timeouts.requestMs ?? 10_000), keepAliveTimeout: 5_000, maxHeaderSize: 16_384, connectionsCheckingInterval: timeouts.checkMs ?? 30_000},
    (req, res) => {
      if (isAdminRequest(req.url)) return admin.handle(req, res);
      const root = req.url === '/' && (req.method === 'GET' || req.method === 'HEAD');
      res.writeHead(root ? 303 : 404, {...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...(root ? {Location: '/admin/'} : {})});
      res.end(root ? 'See /admin/\n' : 'Not found: the moderation console is at /admin/\n');
    },
  );
  server.setTimeout(timeouts.idleMs ?? 15_000, (socket) => socket.destroy());
  return listen(server, host, port);
}
