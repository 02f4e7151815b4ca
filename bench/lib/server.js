// The bench's own HTTP server on 127.0.0.1: the repository as static files
// (dist bundles, bench pages, node_modules for the peers), the native data
// sources the widgets poll, and an emulated Mastodon API. Text responses are
// gzipped (level 9, cached) when the browser accepts it, as a CDN would, so
// "bytes shipped" is what crosses the wire.
import {createServer} from 'node:http';
import {readFile, stat} from 'node:fs/promises';
import {createHash} from 'node:crypto';
import {gzipSync, constants as zlib} from 'node:zlib';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeEvent, makePost} from './data.js';
import {BENCH_ACCOUNT, BENCH_ACCOUNT_ID, benchAccount, linkHeader, rateLimitHeaders, timelinePage} from './mastodon.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ics': 'text/calendar; charset=utf-8',
};
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;

// A 1×1 PNG, for every avatar.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const gzipCache = new Map();
function gzip(body) {
  const key = createHash('sha1').update(body).digest('base64');
  if (!gzipCache.has(key)) gzipCache.set(key, gzipSync(body, {level: zlib.Z_BEST_COMPRESSION}));
  return gzipCache.get(key);
}

function send(req, res, status, body, headers = {}) {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const type = headers['content-type'] ?? 'application/octet-stream';
  const out = {'cache-control': 'no-cache', ...headers};
  if (req.headers['if-none-match'] && out.etag && req.headers['if-none-match'] === out.etag) {
    res.writeHead(304, out);
    res.end();
    return;
  }
  let payload = buffer;
  if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && buffer.length > 256) {
    payload = gzip(buffer);
    out['content-encoding'] = 'gzip';
    out.vary = 'Accept-Encoding';
  }
  out['content-length'] = payload.length;
  res.writeHead(status, out);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

const etagOf = (text) => `W/"${createHash('sha1').update(text).digest('hex').slice(0, 32)}"`;

function sendJson(req, res, value, headers = {}) {
  const text = JSON.stringify(value);
  send(req, res, 200, text, {'content-type': TYPES['.json'], etag: etagOf(text), 'access-control-allow-origin': '*', ...headers});
}

/** The native and Mastodon API routes; returns false for anything else. */
function api(req, res, url) {
  const origin = url.origin;
  const q = url.searchParams;
  const p = url.pathname;
  if (p === '/bench-api/event.json') {
    sendJson(req, res, makeEvent({sessionCount: Number(q.get('sessions')) || 40, speakerCount: Number(q.get('speakers')) || undefined}));
  } else if (p === '/bench-api/posts.json') {
    const count = Number(q.get('count')) || 40;
    sendJson(req, res, Array.from({length: count}, (_, i) => makePost(count - 1 - i)));
  } else if (p === '/bench-api/count.json') {
    sendJson(req, res, {count: 1234, account: '@trustcomms@social.example.nhs.uk', url: 'https://social.example.nhs.uk/@trustcomms'});
  } else if (p.startsWith('/bench-api/avatar/')) {
    send(req, res, 200, PIXEL, {'content-type': TYPES['.png'], 'cache-control': 'max-age=3600'});
  } else if (p.startsWith('/api/v1/timelines/tag/')) {
    const tag = decodeURIComponent(p.slice('/api/v1/timelines/tag/'.length));
    const statuses = timelinePage(q, origin, {tag});
    const link = linkHeader(p, statuses, origin);
    sendJson(req, res, statuses, {'cache-control': 'private, no-store', ...(link ? {link} : {}), ...rateLimitHeaders()});
  } else if (p === '/api/v1/accounts/lookup') {
    const acct = (q.get('acct') ?? '').replace(/^@/, '').split('@')[0];
    if (acct !== BENCH_ACCOUNT) {
      send(req, res, 404, '{"error":"Record not found"}', {'content-type': TYPES['.json'], 'access-control-allow-origin': '*', ...rateLimitHeaders()});
    } else {
      sendJson(req, res, benchAccount(origin), {'cache-control': 'private, no-store', ...rateLimitHeaders()});
    }
  } else if (p === `/api/v1/accounts/${BENCH_ACCOUNT_ID}/statuses`) {
    // emfed reads an account's statuses: the same 40 posts as the hashtag timeline.
    const statuses = timelinePage(q, origin);
    sendJson(req, res, statuses, {'cache-control': 'private, no-store', ...rateLimitHeaders()});
  } else if (p === `/api/v1/accounts/${BENCH_ACCOUNT_ID}`) {
    sendJson(req, res, benchAccount(origin), rateLimitHeaders());
  } else if (p === '/api/v1/custom_emojis') {
    sendJson(req, res, [], rateLimitHeaders());
  } else {
    return false;
  }
  return true;
}

async function staticFile(req, res, url) {
  const file = path.join(repoRoot, decodeURIComponent(url.pathname));
  const relative = path.relative(repoRoot, file);
  if (relative.startsWith('..') || path.isAbsolute(relative) || relative.split(path.sep).includes('.git')) {
    send(req, res, 403, 'Forbidden', {'content-type': 'text/plain'});
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    const body = await readFile(file);
    send(req, res, 200, body, {'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', etag: `W/"${info.size}-${info.mtimeMs}"`});
  } catch {
    send(req, res, 404, 'Not found', {'content-type': 'text/plain'});
  }
}

/** Starts the server on a free port; resolves to {baseUrl, requests, close()}. */
export async function startServer() {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    requests.push({method: req.method, path: url.pathname, search: url.search, at: Date.now()});
    if (api(req, res, url)) return;
    staticFile(req, res, url).catch((error) => send(req, res, 500, String(error), {'content-type': 'text/plain'}));
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
