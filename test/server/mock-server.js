// A programmable HTTP endpoint for the browser tests, mounted as a
// web-test-runner middleware. Tests program a queue of responses for a path
// under /mock/ and then read back the requests the page made, so network
// behaviour (errors, delays, 304s, Retry-After, broken bodies) is exercised
// over real HTTP rather than with a stubbed fetch.
//
//   POST /__mock/program  {path, responses: [MockResponse], repeatLast?: true}
//   GET  /__mock/requests?path=/mock/x   -> [{method, url, headers, at}]
//   POST /__mock/reset
//   ANY  /__mock/hang-up                  -> the connection is cut before any answer
//   ANY  /mock/...                        -> next programmed response
//
// MockResponse: {status?, headers?, body? (string | JSON value), fixture? (path
// below test/fixtures), delay? (ms), etag? (string: answers 304 when the
// request's If-None-Match matches), lastModified?}
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

const programs = new Map();
const requests = new Map();

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function pathOf(ctx) {
  return ctx.path;
}

async function bodyOf(response) {
  if (response.fixture) {
    const file = path.join(fixturesDir, response.fixture);
    if (!file.startsWith(fixturesDir)) throw new Error('fixture outside fixtures dir');
    return readFile(file, 'utf8');
  }
  if (response.body === undefined) return '';
  return typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
}

function guessType(response, body) {
  if (response.fixture?.endsWith('.ics')) return 'text/calendar; charset=utf-8';
  if (response.fixture?.endsWith('.json') || typeof response.body === 'object') return 'application/json; charset=utf-8';
  return /^\s*[[{]/.test(body) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
}

/**
 * The Content-Security-Policy of the strictest host page we design for: a
 * trust CMS with Trusted Types enforced. Pages under /test/embed/pages/ are
 * served with it. The trusted-types list names exactly the policies the
 * library creates: Lit's template policy and DOMPurify's (the hashtag feed's
 * sanitiser), nothing else.
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html dompurify',
].join('; ');

/** Storybook's static folders (.storybook/main.js), so stories run unchanged as test fixtures. */
const STORYBOOK_STATIC = [
  ['/fixtures/', '/test/fixtures/'],
  ['/demo-data/', '/demo/data/'],
];

// --- trust-relay's published files (test/*/relay-output.test.ts) ---------------
//   POST /__relay/publish {path: '/relay/…', fixture, refresh}  (re)publishes a file
//   GET|HEAD /relay/…  -> served as trust-relay serves it: a strong ETag of the
//   bytes (If-None-Match -> 304, same headers), Cache-Control public,
//   max-age=refresh/2, stale-while-revalidate=refresh, stale-if-error=86400.
// Requests are logged with the /mock/ ones (GET /__mock/requests?path=…).
const relayFiles = new Map();

async function relayOutput(ctx) {
  if (ctx.path === '/__relay/publish' && ctx.method === 'POST') {
    const {path: at, fixture, refresh} = JSON.parse(await readBody(ctx));
    const body = await bodyOf({fixture});
    if (!relayFiles.has(at)) requests.set(at, []);
    relayFiles.set(at, {body, refresh, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`});
    ctx.status = 204;
    return true;
  }
  const file = ctx.path.startsWith('/relay/') && relayFiles.get(ctx.path);
  if (!file) return false;
  if (!requests.has(ctx.path)) requests.set(ctx.path, []);
  requests.get(ctx.path).push({method: ctx.method, url: ctx.url, headers: ctx.headers, at: Date.now()});
  ctx.set('ETag', file.etag);
  ctx.set('Cache-Control', `public, max-age=${Math.floor(file.refresh / 2)}, stale-while-revalidate=${file.refresh}, stale-if-error=86400`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') ctx.status = 405;
  else if (ctx.headers['if-none-match'] === file.etag) ctx.status = 304;
  else {
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = file.body;
  }
  return true;
}

export function mockServer() {
  return async function mockMiddleware(ctx, next) {
    for (const [from, to] of STORYBOOK_STATIC) {
      if (ctx.path.startsWith(from)) ctx.path = to + ctx.path.slice(from.length);
    }
    if (ctx.path.startsWith('/test/embed/pages/') && ctx.path.endsWith('.html')) {
      await next();
      ctx.set('Content-Security-Policy', STRICT_CSP);
      return;
    }
    if (ctx.path === '/__mock/program' && ctx.method === 'POST') {
      const spec = JSON.parse(await readBody(ctx));
      programs.set(spec.path, {responses: [...spec.responses], repeatLast: spec.repeatLast !== false});
      requests.set(spec.path, []);
      ctx.status = 204;
      return;
    }
    if (ctx.path === '/__mock/requests') {
      ctx.type = 'application/json';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = JSON.stringify(requests.get(ctx.query.path) ?? []);
      return;
    }
    if (ctx.path === '/__mock/reset' && ctx.method === 'POST') {
      programs.clear();
      requests.clear();
      ctx.status = 204;
      return;
    }
    if (ctx.path === '/__mock/hang-up') {
      // The connection is cut before any answer: what a browser sees when a server cannot be reached.
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    if (await relayOutput(ctx)) return;
    if (!ctx.path.startsWith('/mock/')) return next();

    const key = pathOf(ctx);
    const log = requests.get(key) ?? [];
    log.push({method: ctx.method, url: ctx.url, headers: ctx.headers, at: Date.now()});
    requests.set(key, log);

    const program = programs.get(key);
    if (!program || program.responses.length === 0) {
      ctx.status = 404;
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({error: 'Record not found'});
      return;
    }
    const response = program.responses.length > 1 || !program.repeatLast
      ? program.responses.shift()
      : program.responses[0];
    if (!response) {
      ctx.status = 500;
      ctx.body = 'mock program exhausted';
      return;
    }
    if (response.delay) await new Promise((r) => setTimeout(r, response.delay));
    if (response.etag) {
      ctx.set('ETag', response.etag);
      if (ctx.headers['if-none-match'] === response.etag) {
        ctx.status = 304;
        return;
      }
    }
    if (response.lastModified) {
      ctx.set('Last-Modified', response.lastModified);
      if (ctx.headers['if-modified-since'] === response.lastModified) {
        ctx.status = 304;
        return;
      }
    }
    const body = await bodyOf(response);
    ctx.status = response.status ?? 200;
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = guessType(response, body);
    for (const [name, value] of Object.entries(response.headers ?? {})) ctx.set(name, String(value));
    ctx.body = body;
  };
}
