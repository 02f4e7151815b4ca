/**
 * A local stand-in for the parts of Bluesky that trust-relay uses, replaying
 * the Bluesky side of the demo week (week-posts.js decides which posts are on
 * Bluesky). It answers as a PDS that proxies app.bsky.* to its AppView, which
 * is how the relay talks to Bluesky, and as a public AppView for profiles.
 * Shapes follow the real recorded answers in test/fixtures/formats
 * (bluesky-search-posts.json, bluesky-get-profile.json):
 *
 *   POST /xrpc/com.atproto.server.createSession    {identifier, password}: an app password login
 *   POST /xrpc/com.atproto.server.refreshSession   Bearer refreshJwt: new tokens (each refresh token works once)
 *   GET  /xrpc/app.bsky.feed.searchPosts           q, sort, limit, cursor, since, until; signed in only (403 without a token, as the real AppView)
 *   GET  /xrpc/app.bsky.actor.getProfile           actor (handle or DID); no login needed
 *
 * Token lifetimes are in demo time (an access token lasts two demo hours), so
 * the relay's refresh-before-expiry runs every few real seconds.
 */
import {createHash} from 'node:crypto';
import {MEDIA_PATH, readBody, safeJson} from './mastodon-server.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const ACCESS_TTL_S = 2 * 3600;
const REFRESH_TTL_S = 60 * 86400;
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const RATE_LIMIT = 3000;
const RATE_PERIOD_S = 300;
/** The demo's app password: the demo server hands it to its relay through an environment variable (see server.config.js). */
export const DEMO_APP_PASSWORD = 'demo-week-2016-nelf';

const encoder = new TextEncoder();
const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * @param {{week: ReturnType<import('./week-posts.js').generateWeek>, clock: {now(): number}, password?: string}} options
 */
export function createBlueskyEmulator({week, clock, password = DEMO_APP_PASSWORD}) {
  const {posts} = week.bluesky;
  const trust = week.trust;
  const byHandle = new Map(week.accounts.filter((a) => a.bluesky).map((a) => [a.bluesky.toLowerCase(), a]));
  const byDid = new Map(week.accounts.filter((a) => a.bluesky).map((a) => [a.did, a]));
  /** Issued tokens (the JWT itself) and whether each is an access or a refresh token. */
  const issued = new Map();
  let serial = 0;
  const stats = {sessions: 0, refreshes: 0, searches: 0};

  function handle({method, path, query = new URLSearchParams(), headers = {}, body = '', origin}) {
    const now = clock.now();
    if (method === 'OPTIONS') return {status: 204, headers: corsHeaders({'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Max-Age': '86400'}), body: ''};
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    switch (path) {
      case '/xrpc/com.atproto.server.createSession':
        if (method !== 'POST') return xrpcError(405, 'InvalidRequest', 'Method not allowed');
        return createSession(safeJson(body), now);
      case '/xrpc/com.atproto.server.refreshSession':
        if (method !== 'POST') return xrpcError(405, 'InvalidRequest', 'Method not allowed');
        return refreshSession(bearer, now);
      case '/xrpc/app.bsky.feed.searchPosts':
        return searchPosts(query, bearer, now, origin);
      case '/xrpc/app.bsky.actor.getProfile':
        return getProfile(query.get('actor') ?? '', now, origin);
      default:
        return xrpcError(501, 'MethodNotImplemented', 'Method Not Implemented');
    }
  }

  function createSession(request, now) {
    stats.sessions += 1;
    const identifier = typeof request?.identifier === 'string' ? request.identifier.replace(/^@/, '').toLowerCase() : '';
    const account = identifier === trust.did ? trust : byHandle.get(identifier);
    if (!request || typeof request.password !== 'string') return xrpcError(400, 'InvalidRequest', 'Input must have the property "identifier" and "password"');
    // Only the trust signs in here (the relay): every other account has a password the demo does not know.
    if (account !== trust || request.password !== password) return xrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
    return json(200, {...issue(now), handle: trust.bluesky, did: trust.did, email: 'social@nelft.example.com', emailConfirmed: true, emailAuthFactor: false, active: true});
  }

  function refreshSession(token, now) {
    stats.refreshes += 1;
    const known = token && issued.get(token);
    if (!known || known.scope !== 'com.atproto.refresh') return xrpcError(400, 'InvalidToken', 'Token could not be verified');
    if (known.exp < now / 1000) return xrpcError(400, 'ExpiredToken', 'Token has expired');
    issued.delete(token);
    return json(200, {...issue(now), handle: trust.bluesky, did: trust.did, active: true});
  }

  function issue(now) {
    const iat = Math.floor(now / 1000);
    serial += 1;
    const jwt = (payload) => `${base64url({typ: 'at+jwt', alg: 'ES256K'})}.${base64url(payload)}.${base64url(createHash('sha256').update(`${serial}${payload.scope}`).digest())}`;
    const access = {scope: 'com.atproto.appPass', sub: trust.did, iat, exp: iat + ACCESS_TTL_S, aud: 'did:web:localhost'};
    const refresh = {scope: 'com.atproto.refresh', sub: trust.did, iat, exp: iat + REFRESH_TTL_S, jti: `demo${serial}`, aud: 'did:web:localhost'};
    const accessJwt = jwt(access);
    const refreshJwt = jwt(refresh);
    issued.set(accessJwt, access);
    issued.set(refreshJwt, refresh);
    return {accessJwt, refreshJwt};
  }

  /** The AppView's answer for a signed-in searcher; without a valid access token, what the real one says. */
  function searchPosts(query, token, now, origin) {
    if (!token) return xrpcError(403, 'Forbidden', 'search requires authentication');
    const known = issued.get(token);
    if (!known || known.scope !== 'com.atproto.appPass') return xrpcError(400, 'InvalidToken', 'Token could not be verified');
    if (known.exp < now / 1000) return xrpcError(400, 'ExpiredToken', 'Token has expired');
    const q = (query.get('q') ?? '').trim();
    if (!q) return xrpcError(400, 'InvalidRequest', 'Error: Params must have the property "q"');
    stats.searches += 1;
    const limit = Math.min(Math.max(Number.parseInt(query.get('limit') ?? '', 10) || DEFAULT_LIMIT, 1), MAX_LIMIT);
    const offset = Math.max(0, Number.parseInt(query.get('cursor') ?? '', 10) || 0);
    const since = Date.parse(query.get('since') ?? '');
    const until = Date.parse(query.get('until') ?? '');
    const matches = matcher(q);
    const found = visible(now)
      .filter((p) => matches(p) && !(p.at < since) && !(p.at >= until))
      .reverse(); // sort=latest (and "top", which the demo does not rank)
    const page = found.slice(offset, offset + limit);
    const answer = {...(offset + page.length < found.length ? {cursor: String(offset + page.length)} : {}), posts: page.map((p) => postView(p, origin))};
    return json(200, answer, rateLimitHeaders(now));
  }

  function getProfile(actor, now, origin) {
    const account = actor.startsWith('did:') ? byDid.get(actor) : byHandle.get(actor.replace(/^@/, '').toLowerCase());
    if (!actor) return xrpcError(400, 'InvalidRequest', 'Error: Params must have the property "actor"');
    if (!account) return xrpcError(400, 'InvalidRequest', 'Profile not found');
    return json(200, profileView(account, now, origin), rateLimitHeaders(now));
  }

  /** Posts whose time has come, oldest first. */
  function visible(now) {
    let end = 0;
    while (end < posts.length && posts[end].at <= now) end += 1;
    return posts.slice(0, end);
  }

  // ---- Views, as the AppView writes them ------------------------------------

  function avatarOf(account, origin) {
    return `${origin}${MEDIA_PATH}${account.avatar}`;
  }

  function basicAuthor(account, origin) {
    return {
      did: account.did,
      handle: account.bluesky,
      displayName: plainName(account.displayName),
      avatar: avatarOf(account, origin),
      viewer: {muted: false, blockedBy: false},
      labels: [],
      createdAt: `${account.created}T09:30:00.000Z`,
    };
  }

  function postView(post, origin) {
    const {text, facets} = richText(post.tokens);
    const at = new Date(post.at).toISOString();
    const record = {$type: 'app.bsky.feed.post', createdAt: at, ...(facets.length ? {facets} : {}), langs: ['en'], text};
    return {
      uri: `at://${post.account.did}/app.bsky.feed.post/${post.rkey}`,
      cid: post.cid,
      author: basicAuthor(post.account, origin),
      record,
      replyCount: 0,
      repostCount: 0,
      likeCount: post.favourites,
      quoteCount: 0,
      // The AppView indexes a post a moment after its createdAt.
      indexedAt: new Date(post.at + 180).toISOString(),
      viewer: {threadMuted: false, embeddingDisabled: false},
      labels: [],
    };
  }

  function profileView(account, now, origin) {
    const own = visible(now).filter((p) => p.account === account);
    const followers = account === trust ? week.bluesky.followersAt(now) : Math.round(account.followers * 0.6);
    return {
      did: account.did,
      handle: account.bluesky,
      displayName: plainName(account.displayName),
      avatar: avatarOf(account, origin),
      associated: {lists: 0, feedgens: 0, starterPacks: 0, labeler: false, chat: {allowIncoming: 'following'}},
      viewer: {muted: false, blockedBy: false},
      labels: [],
      createdAt: `${account.created}T09:30:00.000Z`,
      description: plainName(account.note),
      indexedAt: new Date(own.at(-1)?.at ?? Date.parse(`${account.created}T09:30:00Z`)).toISOString(),
      banner: `${origin}${MEDIA_PATH}${account.header ?? 'headers/default.svg'}`,
      followersCount: followers,
      followsCount: account.following,
      postsCount: Math.round(account.statusesBase / 4) + own.length,
    };
  }

  /** Bluesky's per-account allowance, in demo time (RateLimit-* headers, reset in epoch seconds). */
  const usage = {window: -1, count: 0};
  function rateLimitHeaders(now) {
    const seconds = Math.floor(now / 1000);
    const window = Math.floor(seconds / RATE_PERIOD_S);
    usage.count = usage.window === window ? usage.count + 1 : 1;
    usage.window = window;
    return {
      'RateLimit-Limit': String(RATE_LIMIT),
      'RateLimit-Remaining': String(Math.max(0, RATE_LIMIT - usage.count)),
      'RateLimit-Reset': String((window + 1) * RATE_PERIOD_S),
      'RateLimit-Policy': `${RATE_LIMIT};w=${RATE_PERIOD_S}`,
    };
  }

  return {handle, stats};
}

/** The Koa middleware for @web/dev-server: everything under /xrpc/. */
export function blueskyServer({week, clock, password}) {
  const emulator = createBlueskyEmulator({week, clock, password});
  async function blueskyMiddleware(ctx, next) {
    if (!ctx.path.startsWith('/xrpc/')) return next();
    const body = ctx.method === 'POST' ? await readBody(ctx.req) : '';
    const response = emulator.handle({method: ctx.method, path: ctx.path, query: new URLSearchParams(ctx.querystring), headers: ctx.headers, body, origin: ctx.origin});
    ctx.status = response.status;
    for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
    ctx.body = response.body;
  }
  blueskyMiddleware.emulator = emulator;
  return blueskyMiddleware;
}

/**
 * A search query as the demo understands it: every term must match; `#tag`
 * a tag (any case), `from:handle` the author, anything else a word of the text.
 */
function matcher(q) {
  const terms = q.split(/\s+/).filter(Boolean);
  return (post) =>
    terms.every((term) => {
      if (term.startsWith('#')) return post.tags.includes(term.slice(1).toLowerCase());
      if (term.startsWith('from:')) return post.account.bluesky === term.slice(5).replace(/^@/, '').toLowerCase();
      return post.text.toLowerCase().includes(term.toLowerCase());
    });
}

/** A post's text as Bluesky writes it, with facets for tags, links and mentions; offsets count UTF-8 bytes. */
export function richText(tokens) {
  let text = '';
  const facets = [];
  const facet = (shown, feature) => {
    const byteStart = encoder.encode(text).length;
    text += shown;
    facets.push({features: [feature], index: {byteEnd: byteStart + encoder.encode(shown).length, byteStart}});
  };
  for (const token of tokens) {
    if (token.type === 'text') text += token.text;
    else if (token.type === 'url') facet(token.url, {$type: 'app.bsky.richtext.facet#link', uri: token.url});
    else if (token.type === 'tag') facet(`#${token.name}`, {$type: 'app.bsky.richtext.facet#tag', tag: token.name});
    else if (token.type === 'mention') facet(`@${token.account.bluesky}`, {$type: 'app.bsky.richtext.facet#mention', did: token.account.did});
  }
  return {text, facets};
}

/** Bluesky has no custom emoji: a name or bio without the :shortcodes: Mastodon shows as images. */
function plainName(text) {
  return text.replace(/\s*:[A-Za-z0-9_]{2,}:/g, '').trim();
}

function json(status, value, headers = {}) {
  return {status, headers: corsHeaders({...headers, 'Content-Type': JSON_TYPE}), body: JSON.stringify(value)};
}

function xrpcError(status, error, message) {
  return json(status, {error, message});
}

function corsHeaders(headers) {
  return {'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', ...headers};
}
