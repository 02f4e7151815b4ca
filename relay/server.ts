import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {Output, Published} from './output.js';

/**
 * `serve`'s HTTP side: the published files from memory, GET and HEAD only
 * (and CORS preflights from allowed origins, which the widgets' conditional
 * requests need), strong ETags and 304s, gzip and brotli, cache headers for a
 * CDN or reverse proxy, and nothing else: every other path is a 404 and
 * nothing is ever read from the file system by a request's path.
 */

export interface ServeOptions {
  output: Output;
  allowOrigins: string[];
  /** For /healthz. */
  health: () => {ok: boolean; detail: Record<string, unknown>};
  /** The moderation console's handler, for /admin and /admin/…, when the console is on this listener; otherwise those are 404s. */
  admin?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** The listener's time-outs (tests shorten them). */
export interface ServerTimeouts {
  /** To receive a whole request. */
  requestMs?: number;
  /** A socket with no traffic is closed. */
  idleMs?: number;
  /** How often the request time-out is checked. */
  checkMs?: number;
}

const MAX_URL = 2048;
const PREFLIGHT_HEADERS = 'If-None-Match, If-Modified-Since, Accept';

/** Which encoding a request accepts best, of brotli, gzip and none (q=0 refuses). */
export function chooseEncoding(header: string | undefined): 'br' | 'gzip' | 'identity' {
  const q = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name, qParam ? Number(qParam.slice(2)) || 0 : 1);
  }
  const wildcard = q.get('*');
  const of = (name: string) => q.get(name) ?? wildcard ?? 0;
  if (of('br') > 0 && of('br') >= of('gzip')) return 'br';
  if (of('gzip') > 0) return 'gzip';
  return 'identity';
}

/** If-None-Match: "*", or a list of (weak or strong) tags compared weakly, as RFC 9110 says for GET. */
function matches(header: string | undefined, etags: string[]): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.some((t) => etags.includes(t));
}

function corsOrigin(req: IncomingMessage, allow: string[]): string | undefined {
  const origin = req.headers.origin;
  if (allow.includes('*')) return '*';
  return origin && allow.includes(origin) ? origin : undefined;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: string | Buffer, head = false): void {
  res.writeHead(status, {'X-Content-Type-Options': 'nosniff', ...headers});
  res.end(head ? undefined : body);
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}, head = false): void {
  send(res, status, {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra}, `${text}\n`, head);
}

/** The path of a request, or undefined for anything that is not a plain, decoded, relative-free path. */
export function cleanPath(url: string | undefined): string | undefined {
  if (!url || url.length > MAX_URL || !url.startsWith('/')) return undefined;
  const raw = url.split('?')[0];
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (/[\\\0]|\/\.\.?(\/|$)|\/\//.test(path) || path !== raw) return undefined;
  return path;
}

export function handleRequest(req: IncomingMessage, res: ServerResponse, options: ServeOptions): void {
  const head = req.method === 'HEAD';
  if ((req.url?.length ?? 0) > MAX_URL) return plain(res, 414, 'URI too long');
  if (options.admin && (req.url === '/admin' || req.url?.startsWith('/admin/') || req.url?.startsWith('/admin?'))) return options.admin(req, res);
  const path = cleanPath(req.url);
  const allowOrigin = corsOrigin(req, options.allowOrigins);
  const cors: Record<string, string> = allowOrigin ? {'Access-Control-Allow-Origin': allowOrigin, 'Access-Control-Expose-Headers': 'ETag, Last-Modified'} : {};
  if (req.method === 'OPTIONS' && allowOrigin && path) {
    return send(res, 204, {...cors, 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': PREFLIGHT_HEADERS, 'Access-Control-Max-Age': '86400', Vary: 'Origin'});
  }
  if (req.method !== 'GET' && !head) return plain(res, 405, 'Only GET and HEAD', {Allow: 'GET, HEAD'});
  if (path === '/healthz') {
    const {ok, detail} = options.health();
    return send(res, ok ? 200 : 503, {'Content-Type': 'application/json', 'Cache-Control': 'no-store'}, JSON.stringify({ok, ...detail}), head);
  }
  const file = path && path.endsWith('.json') ? options.output.get(path.slice(1)) : undefined;
  if (!file) return plain(res, 404, 'Not found', cors, head);
  serveFile(req, res, file, cors, head);
}

function serveFile(req: IncomingMessage, res: ServerResponse, file: Published, cors: Record<string, string>, head: boolean): void {
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const etag = encoding === 'identity' ? file.etag : `${file.etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"`;
  const maxAge = Math.max(1, Math.floor(file.refresh / 2));
  const headers: Record<string, string> = {
    ...cors,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': `public, max-age=${maxAge}, stale-while-revalidate=${file.refresh}, stale-if-error=86400`,
    ETag: etag,
    'Last-Modified': new Date(file.modified).toUTCString(),
    Vary: 'Accept-Encoding, Origin',
  };
  if (matches(req.headers['if-none-match'], [etag, file.etag])) return send(res, 304, headers, undefined, true);
  const body = encoding === 'br' ? file.br : encoding === 'gzip' ? file.gzip : file.body;
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  headers['Content-Length'] = String(body.length);
  send(res, 200, headers, body, head);
}

export function startServer(options: ServeOptions, host: string, port: number, timeouts: ServerTimeouts = {}): Promise<Server> {
  const server = createServer(
    {requestTimeout: timeouts.requestMs ?? 10_000, headersTimeout: Math.min(5_000, timeouts.requestMs ?? 10_000), keepAliveTimeout: 5_000, maxHeaderSize: 16_384, connectionsCheckingInterval: timeouts.checkMs ?? 30_000},
    (req, res) => handleRequest(req, res, options),
  );
  // A slow client cannot hold a connection: idle sockets close after 15 s (the console's event stream exempts its own socket).
  server.setTimeout(timeouts.idleMs ?? 15_000, (socket) => socket.destroy());
  return listen(server, host, port);
}

/** Resolves with the server once it listens; rejects with the reason it cannot (EADDRINUSE…). */
export function listen(server: Server, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
