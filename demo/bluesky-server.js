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
 *   GET  /xrpc/app.bsky.feed.getPosts              uris (at most 25); no login needed (the public AppView)
 *   WS   /jetstream/subscribe                      Jetstream: every post of the week as a commit event at its
 *                                                  demo time, a few other events, cursor replay (see createJetstream)
 *
 * Token lifetimes are in demo time (an access token lasts two demo hours), so
 * the relay's refresh-before-expiry runs every few real seconds.
 */
import {createHash} from 'node:crypto';
import {WebSocketServer} from 'ws';
import {MEDIA_PATH, readBody, safeJson} from './mastodon-server.js';
import {WEEK_END, WEEK_START} from './replay-clock.js';
import {tid} from './week-posts.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const ACCESS_TTL_S = 2 * 3600;
const REFRESH_TTL_S = 60 * 86400;
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const RATE_LIMIT = 3000;
const RATE_PERIOD_S = 300;
/** The demo's app password: the demo server hands it to its relay through an environment variable (see server.config.js). */
export const DEMO_APP_PASSWORD = 'demo-week-2016-nelf';
/** The emulated Jetstream instance's base path on the demo server: the stream is `<base>/subscribe`. */
export const JETSTREAM_PATH = '/jetstream';
/** getPosts takes at most this many URIs, as the real AppView. */
const GET_POSTS_MAX = 25;
/** How often (real time) the emulated Jetstream sends the events whose demo time has come. */
const TICK_MS = 200;

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
  const stats = {sessions: 0, refreshes: 0, searches: 0, getPosts: 0};
  const byUri = new Map(posts.map((p) => [postUri(p), p]));
  const stream = jetstreamEvents(week);
  /** The week's post that is deleted late in the week, and when. */
  const {deleted} = stream;

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
      case '/xrpc/app.bsky.feed.getPosts':
        return getPosts(query.getAll('uris'), now, origin);
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

  /** The public AppView's hydration (what Jetstream's readers ask for): postViews of the posts it knows, in the order asked; unknown or deleted ones are left out. */
  function getPosts(uris, now, origin) {
    if (uris.length === 0) return xrpcError(400, 'InvalidRequest', 'Error: Params must have the property "uris"');
    if (uris.length > GET_POSTS_MAX) return xrpcError(400, 'InvalidRequest', `Error: uris must not have more than ${GET_POSTS_MAX} elements`);
    stats.getPosts += 1;
    const found = uris.map((uri) => byUri.get(uri)).filter((p) => p && isVisible(p, now));
    return json(200, {posts: found.map((p) => postView(p, origin))}, rateLimitHeaders(now));
  }

  const isVisible = (post, now) => post.at <= now && !(post === deleted.post && deleted.at <= now);

  /** Posts whose time has come (and that were not deleted since), oldest first. */
  function visible(now) {
    let end = 0;
    while (end < posts.length && posts[end].at <= now) end += 1;
    return posts.slice(0, end).filter((p) => isVisible(p, now));
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
    return {
      uri: postUri(post),
      cid: post.cid,
      author: basicAuthor(post.account, origin),
      record: postRecord(post),
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

  const jetstream = createJetstream({stream: stream.events, clock});
  return {handle, stats, jetstream, deleted};
}

const postUri = (post) => `at://${post.account.did}/app.bsky.feed.post/${post.rkey}`;

/** A week's post as its author's repository holds it: the record of postViews and of Jetstream's commit events. */
function postRecord(post) {
  const {text, facets} = richText(post.tokens);
  return {$type: 'app.bsky.feed.post', createdAt: new Date(post.at).toISOString(), ...(facets.length ? {facets} : {}), langs: ['en'], text};
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** `length` base32 characters derived from `seed`, the same every time. */
const hashed = (seed, length) => [...createHash('sha512').update(seed).digest().subarray(0, length)].map((b) => BASE32[b & 31]).join('');
/** A DID of someone outside the week (the rest of the network). */
const strangerDid = (name) => `did:plc:${hashed(name, 24)}`;

/** What the rest of Bluesky posts meanwhile: none of it carries the week's tag (one only looks as if it did). */
const STRANGER_POSTS = [
  ['river.runner', 'Lovely crisp morning for a run along the river'],
  ['ward.seven', 'Cake in the staff room for #NursesDay planning. Nobody tell the dietitians'],
  ['barking.events', 'Booking now for the #NelftSoMeWeekend family fun day at the park'],
  ['ward.seven', 'Anyone got a good #NHS podcast for the commute?'],
  ['pixel.fox', 'nelftsomeweek? No idea what that is, but the hashtag keeps showing up in my timeline'],
  ['river.runner', 'Rain. Of course. #running'],
];

/**
 * The emulated Jetstream's events, oldest first, each with its time_us (demo
 * time in microseconds: when "Jetstream" saw it, a moment after the post's
 * createdAt) and its raw JSON as Jetstream writes it (the shapes of
 * test/fixtures/formats/jetstream-events.jsonl): a commit create for every
 * post of the week on Bluesky; every 20 demo minutes a post from elsewhere on
 * the network without the tag; an identity event and two account events from
 * strangers; and on Friday afternoon the deletion of one Wednesday post.
 */
function jetstreamEvents(week) {
  const drafts = [];
  const commit = (at, did, operation, rkey, extra = {}) =>
    drafts.push({at, did, kind: 'commit', commit: {rev: tid(at, 7), operation, collection: 'app.bsky.feed.post', rkey, ...extra}});
  for (const post of week.bluesky.posts) commit(post.at + 150, post.account.did, 'create', post.rkey, {record: postRecord(post), cid: post.cid});
  let n = 0;
  for (let at = WEEK_START - 3_600_000; at < WEEK_END; at += 20 * 60_000, n++) {
    const [who, words] = STRANGER_POSTS[n % STRANGER_POSTS.length];
    const tokens = words.split(/(#\w+)/).filter(Boolean).map((part) => (part.startsWith('#') ? {type: 'tag', name: part.slice(1)} : {type: 'text', text: part}));
    const {text, facets} = richText(tokens);
    const createdAt = new Date(at).toISOString();
    commit(at + 7_000, strangerDid(who), 'create', tid(at + 7_000, n), {record: {$type: 'app.bsky.feed.post', createdAt, ...(facets.length ? {facets} : {}), langs: ['en'], text}, cid: `bafyrei${hashed(`stranger${n}`, 52)}`});
  }
  const london = (iso) => Date.parse(`${iso}+01:00`);
  let seq = 1409752997;
  const identityAt = london('2016-10-25T11:05:00');
  drafts.push({at: identityAt, did: strangerDid('pixel.fox'), kind: 'identity', identity: {did: strangerDid('pixel.fox'), handle: 'pixelfox.bsky.social', seq: seq++, time: new Date(identityAt).toISOString()}});
  const accounts = [
    [london('2016-10-24T12:40:00'), 'barking.events', {active: true}],
    [london('2016-10-26T15:20:00'), 'pixel.fox', {active: false, status: 'deactivated'}],
  ];
  for (const [at, who, state] of accounts) drafts.push({at, did: strangerDid(who), kind: 'account', account: {...state, did: strangerDid(who), seq: seq++, time: new Date(at).toISOString()}});
  // Someone thinks better of a Wednesday post on Friday afternoon: the relay must take it out of the feed.
  const post = week.bluesky.posts.find((p) => p.at >= london('2016-10-26T09:00:00'));
  const deleted = {post, at: london('2016-10-28T15:00:00'), uri: postUri(post)};
  commit(deleted.at, post.account.did, 'delete', post.rkey);

  drafts.sort((a, b) => a.at - b.at);
  let last = 0;
  const events = drafts.map(({at, ...event}) => {
    const timeUs = Math.max(Math.round(at * 1000), last + 1);
    last = timeUs;
    const {did, kind, ...rest} = event;
    return {timeUs, collection: event.commit?.collection, raw: JSON.stringify({did, time_us: timeUs, kind, ...rest})};
  });
  return {events, deleted};
}

/**
 * Jetstream on the demo server (`WS <JETSTREAM_PATH>/subscribe`), as the real
 * service behaves for trust-relay: `wantedCollections` filters commits
 * (identity and account events always come); without `cursor` a client gets
 * the live tail, with one it first gets every event already sent from that
 * time_us on. Events go out when their demo time comes (checked every 200 ms
 * of real time, and by `tick()`). When the replay goes back (a new week, a
 * jump back) the stream starts again: open connections are closed and only
 * events after the new demo time are sent.
 */
function createJetstream({stream, clock}) {
  const wss = new WebSocketServer({noServer: true});
  /** Open connections, with what each asked for and how many messages it was sent. */
  const clients = new Map();
  const stats = {connections: 0, requests: []};
  let timer;
  let attached;
  const firstAfter = (ms) => {
    const us = ms * 1000;
    let i = 0;
    while (i < stream.length && stream[i].timeUs <= us) i++;
    return i;
  };
  /** Everything before this index has been sent (or, before the replay reached it, was "before the stream started"). */
  let next = firstAfter(clock.now());

  const send = (ws, client, event) => {
    if (event.collection && client.wanted && !client.wanted.has(event.collection)) return;
    client.sent += 1;
    ws.send(event.raw);
  };

  function tick() {
    const now = clock.now();
    while (next < stream.length && stream[next].timeUs <= now * 1000) {
      for (const [ws, client] of clients) send(ws, client, stream[next]);
      next += 1;
    }
  }

  function restart() {
    next = firstAfter(clock.now());
    for (const ws of clients.keys()) ws.terminate();
  }
  clock.onRestart?.(() => queueMicrotask(restart));

  function onUpgrade(req, socket, head) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Only the stream's own path: the dev server's reload WebSocket and anything else are not ours.
    if (url.pathname !== `${JETSTREAM_PATH}/subscribe`) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const wanted = url.searchParams.getAll('wantedCollections');
      const client = {wanted: wanted.length ? new Set(wanted) : undefined, sent: 0};
      const cursor = Number(url.searchParams.get('cursor') ?? Number.NaN);
      stats.connections += 1;
      stats.requests.push(url.search);
      clients.set(ws, client);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => ws.terminate());
      // A cursor replays from there (one from the future: the live tail, as Jetstream does).
      if (Number.isFinite(cursor)) for (let i = 0; i < next; i++) if (stream[i].timeUs >= cursor) send(ws, client, stream[i]);
    });
  }

  return {
    stats,
    events: stream,
    tick,
    /** Messages sent on the connections open now. */
    sent: () => [...clients.values()].reduce((sum, c) => sum + c.sent, 0),
    /** Takes this server's upgrades for the stream's path and starts sending. */
    listen(server) {
      attached = server;
      server.on('upgrade', onUpgrade);
      timer = setInterval(tick, TICK_MS);
      timer.unref();
    },
    close() {
      clearInterval(timer);
      attached?.off('upgrade', onUpgrade);
      for (const ws of clients.keys()) ws.terminate();
      wss.close();
    },
  };
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
