import type {Server} from 'node:http';
import {request} from 'node:http';
import type {AddressInfo} from 'node:net';
import {AdminConsole} from '../admin/http.js';
import type {StaticFile} from '../admin/pages.js';
import {startServer, type ServerTimeouts} from '../server.js';
import {setUp, type Setup} from './helpers.js';

/** What a browser (or an attacker with curl) gets back. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface Ask {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The client's own address (127.0.0.2: another machine, as far as the relay can tell). */
  from?: string;
}

/** A raw request: no cookie jar, no redirects followed, headers exactly as given. */
export function ask(port: number, path: string, options: Ask = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = {...options.headers};
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const req = request({host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, localAddress: options.from, agent: false}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString()}));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function setCookies(answer: Answer): string[] {
  const value = answer.headers['set-cookie'];
  return Array.isArray(value) ? value : value ? [value] : [];
}

/** `name=value` of the Set-Cookie whose name is given (the first part of the header only). */
export function cookie(answer: Answer, name: string): string | undefined {
  return setCookies(answer)
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith(`${name}=`));
}

export interface Console {
  s: Setup;
  admin: AdminConsole;
  server: Server;
  port: number;
  origin: string;
  done(): Promise<void>;
}

export const CONSOLE_FILES = (): Map<string, StaticFile> =>
  new Map([
    ['console.js', {body: Buffer.from('export {};\n'), type: 'text/javascript; charset=utf-8', hashed: false}],
    ['chunks/lit-Bx3kQ9aZ.js', {body: Buffer.from('export const lit = 1;\n'), type: 'text/javascript; charset=utf-8', hashed: true}],
  ]);

/** A relay on the emulator with one feed, and its console on the relay's own listener, as `serve` starts it. */
export async function startConsole(
  config: Record<string, unknown> = {},
  options: {files?: Map<string, StaticFile>; timeouts?: ServerTimeouts; heartbeatMs?: number; host?: string} = {},
): Promise<Console> {
  const s = await setUp((url) => ({feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [url], refresh: 60}}, ...config}));
  const admin = new AdminConsole({
    config: s.relay.config.admin,
    moderation: s.relay.moderation,
    db: s.relay.state.db,
    log: s.log,
    now: s.clock.now,
    files: options.files ?? CONSOLE_FILES(),
    heartbeatMs: options.heartbeatMs,
  });
  const server = await startServer({output: s.relay.output, allowOrigins: [], health: () => s.relay.health(), admin: admin.handle}, options.host ?? '127.0.0.1', 0, options.timeouts);
  const port = (server.address() as AddressInfo).port;
  return {
    s,
    admin,
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    async done() {
      admin.close();
      server.closeAllConnections();
      server.close();
      await s.done();
    },
  };
}

/** The sign-in form as a browser gets it: its cookie and its hidden token. */
export async function loginForm(c: Console, headers: Record<string, string> = {}): Promise<{cookie: string; token: string; page: Answer}> {
  const page = await ask(c.port, '/admin/login', {headers});
  const formCookie = cookie(page, 'trust-admin-login') ?? cookie(page, '__Secure-trust-admin-login');
  const token = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!formCookie || !token) throw new Error(`no sign-in form: ${page.status} ${page.text}`);
  return {cookie: formCookie, token, page};
}

/** Posts the sign-in form as a browser would (Origin, the form's cookie and token). */
export async function signIn(c: Console, name: string, password: string, extra: {cookie?: string; headers?: Record<string, string>} = {}): Promise<Answer> {
  const form = await loginForm(c, extra.headers);
  return ask(c.port, '/admin/login', {
    method: 'POST',
    headers: {
      Origin: c.origin,
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: [form.cookie, extra.cookie].filter(Boolean).join('; '),
      ...extra.headers,
    },
    body: new URLSearchParams({csrf: form.token, name, password}).toString(),
  });
}

export interface Moderator {
  cookie: string;
  csrf: string;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
}

/** A signed-in moderator: their session cookie and CSRF token, and requests as the console page makes them. */
export async function moderator(c: Console, name: string, password: string): Promise<Moderator> {
  const answer = await signIn(c, name, password);
  const session = cookie(answer, 'trust-admin');
  if (answer.status !== 303 || !session) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
  return asModerator(c, session);
}

/** A moderator with a session made directly in the state (where the sign-in itself is not what is tested). */
export function withSession(c: Console, name: string): Promise<Moderator> {
  return asModerator(c, `trust-admin=${c.admin.sessions.create(name, 'password').id}`);
}

async function asModerator(c: Console, session: string): Promise<Moderator> {
  const get = (path: string, headers: Record<string, string> = {}) => ask(c.port, path, {headers: {Cookie: session, ...headers}});
  const info = JSON.parse((await get('/admin/api/session')).text) as {csrf: string};
  return {
    cookie: session,
    csrf: info.csrf,
    get,
    post: (path, body, headers = {}) =>
      ask(c.port, path, {
        method: 'POST',
        headers: {Cookie: session, Origin: c.origin, 'Content-Type': 'application/json', 'X-CSRF-Token': info.csrf, ...headers},
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

/** The console's event stream, as an EventSource would read it. */
export interface OpenStream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Resolves with the first event, from now on, containing the text; rejects if the stream ends first. */
  next(text: string): Promise<string>;
  ended: Promise<void>;
  close(): void;
}

export function openStream(c: Console, cookieHeader: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port: c.port, path: '/admin/api/events', headers: {Cookie: cookieHeader, Accept: 'text/event-stream'}}, (res) => {
      let buffer = '';
      const waiters: Array<{text: string; resolve: (event: string) => void; reject: (error: Error) => void}> = [];
      let closed = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const w of [...waiters]) {
            if (!event.includes(w.text)) continue;
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(event);
          }
        }
      });
      const ended = new Promise<void>((done) =>
        res.on('close', () => {
          closed = true;
          for (const w of waiters.splice(0)) w.reject(new Error(`the stream ended before "${w.text}" came`));
          done();
        }),
      );
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        next: (text) => (closed ? Promise.reject(new Error(`the stream had ended before "${text}" was awaited`)) : new Promise((done, fail) => waiters.push({text, resolve: done, reject: fail}))),
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
