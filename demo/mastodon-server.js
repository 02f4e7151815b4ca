/**
 * A local stand-in for the parts of a Mastodon server that the widgets use,
 * replaying the demo week (see replay-clock.js and week-posts.js). Paths,
 * headers and JSON have the shape of a real Mastodon 4 server (compare
 * test/fixtures/formats/mastodon-*.json and *.headers.txt):
 *
 *   GET  /api/v1/timelines/tag/:tag   limit, max_id, since_id, min_id, local, only_media
 *   GET  /api/v1/accounts/lookup      acct
 *   OPTIONS /api/...                  CORS preflight
 *   GET  /demo-api/clock              {now, rate}: the replay's time, for the page's clock
 *   POST /demo-api/clock              {now}: jump the replay to another moment
 *   GET  /demo-api/followers-history.json   the trust's followers, native counter format
 *
 * Unauthenticated API requests are limited per IP address to 300 in 5 minutes,
 * as on mastodon.social. Time here is demo time, so X-RateLimit-Reset and
 * Retry-After agree with the page's (accelerated) clock.
 */
import {createHash, randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createReplayClock} from './replay-clock.js';
import {CUSTOM_EMOJIS, MEDIA} from './week-accounts.js';
import {accountFinder, generateWeek, tokenize} from './week-posts.js';

const RATE_LIMIT = 300;
const RATE_PERIOD_SECONDS = 5 * 60;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 40;
/** The query parameters Mastodon carries over into its Link header. */
const PAGINATION_PARAMS = ['local', 'limit', 'only_media'];
/** Mastodon's CORS configuration exposes these response headers to scripts. */
const EXPOSED_HEADERS = 'Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id';
const JSON_TYPE = 'application/json; charset=utf-8';
export const MEDIA_PATH = '/demo/media/';

/**
 * The emulator without HTTP plumbing: `handle` takes a plain request and
 * returns `{status, headers, body}`.
 *
 * @param {{week: ReturnType<typeof generateWeek>, clock: ReturnType<typeof createReplayClock>, rateLimit?: number}} options
 */
export function createMastodonEmulator({week, clock, rateLimit = RATE_LIMIT}) {
  const {accounts} = week;
  // The posts of the week that were posted on Mastodon (the others are on Bluesky: bluesky-server.js).
  const posts = week.posts.filter((p) => p.network !== 'bluesky');
  const findAccount = accountFinder(accounts);
  /** Per IP address: the rate-limit window in progress and the requests made in it. */
  const usage = new Map();

  /** Posts (oldest first) whose time has come. */
  function visiblePosts(now) {
    let low = 0;
    let high = posts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (posts[mid].at <= now) low = mid + 1;
      else high = mid;
    }
    return posts.slice(0, low);
  }

  function handle({method, path, query = new URLSearchParams(), headers = {}, ip = '127.0.0.1', origin, body = ''}) {
    const now = clock.now();
    if (path.startsWith('/demo-api/')) return demoApi(method, path, body, now);
    if (!path.startsWith('/api/')) return {status: 404, headers: {}, body: ''};
    if (method === 'OPTIONS') return preflight();

    const limits = countRequest(ip, now);
    const common = {
      'Cache-Control': 'private, no-store',
      Vary: 'Authorization, Origin',
      'X-RateLimit-Limit': String(rateLimit),
      'X-RateLimit-Remaining': String(limits.remaining),
      'X-RateLimit-Reset': limits.reset,
      'X-Request-Id': randomUUID(),
      ...corsHeaders(),
    };
    if (limits.exceeded) {
      return json(429, {error: 'Too many requests'}, {...common, 'Retry-After': String(limits.retryAfter)});
    }
    if (method !== 'GET' && method !== 'HEAD') return json(404, {error: 'Record not found'}, common);

    const context = {origin, now, visible: visiblePosts(now)};
    const tagMatch = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(path);
    if (tagMatch) return tagTimeline(decodeURIComponent(tagMatch[1]), query, headers, common, context);
    if (path === '/api/v1/accounts/lookup') return accountLookup(query, headers, common, context);
    return json(404, {error: 'Record not found'}, common);
  }

  function tagTimeline(tag, query, requestHeaders, common, context) {
    const name = tag.replace(/^#/, '').toLowerCase();
    const limit = limitParam(query.get('limit'));
    const maxId = idParam(query.get('max_id'));
    const sinceId = idParam(query.get('since_id'));
    const minId = idParam(query.get('min_id'));
    let matching = context.visible.filter((p) => (p.reblogOf ?? p).tags.includes(name));
    if (truthy(query.get('local'))) matching = matching.filter((p) => !p.account.domain);
    if (truthy(query.get('only_media'))) matching = matching.filter((p) => (p.reblogOf ?? p).media.length > 0);

    // Mastodon's paginate_by_id: min_id pages forwards from just after min_id,
    // otherwise newest first below max_id and above since_id. Always newest first.
    const newerThan = (id) => (p) => BigInt(p.id) > id;
    const olderThan = (id) => (p) => BigInt(p.id) < id;
    let page;
    if (minId !== undefined) {
      page = matching.filter(newerThan(minId));
      if (maxId !== undefined) page = page.filter(olderThan(maxId));
      page = page.slice(0, limit).reverse();
    } else {
      page = [...matching].reverse();
      if (maxId !== undefined) page = page.filter(olderThan(maxId));
      if (sinceId !== undefined) page = page.filter(newerThan(sinceId));
      page = page.slice(0, limit);
    }

    const headers = {...common};
    if (page.length > 0) {
      const base = `${context.origin}/api/v1/timelines/tag/${encodeURIComponent(tag)}`;
      const carried = PAGINATION_PARAMS.filter((key) => query.has(key)).map((key) => [key, query.get(key)]);
      const link = (key, id) => `${base}?${new URLSearchParams([...carried, [key, id]])}`;
      headers.Link = `<${link('max_id', page.at(-1).id)}>; rel="next", <${link('min_id', page[0].id)}>; rel="prev"`;
    }
    return conditionalJson(page.map((p) => renderStatus(p, context)), requestHeaders, headers);
  }

  function accountLookup(query, requestHeaders, common, context) {
    const [username, domain] = (query.get('acct') ?? '').replace(/^@/, '').split('@');
    const local = !domain || domain.toLowerCase() === new URL(context.origin).host;
    const account = username ? findAccount(username, local ? undefined : domain) : undefined;
    if (!account || (local && account.domain)) return json(404, {error: 'Record not found'}, common);
    return conditionalJson(renderAccount(account, context), requestHeaders, common);
  }

  function demoApi(method, path, body, now) {
    const headers = {'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*'};
    if (path === '/demo-api/clock' && method === 'POST') {
      const to = Date.parse(safeJson(body)?.now ?? '');
      if (Number.isNaN(to)) return json(400, {error: 'Send {"now": "an ISO date and time"}'}, headers);
      clock.set(to);
      return json(200, {now: new Date(clock.now()).toISOString(), rate: clock.rate}, headers);
    }
    if (path === '/demo-api/clock') return json(200, {now: new Date(now).toISOString(), rate: clock.rate}, headers);
    if (path === '/demo-api/followers-history.json') {
      return json(200, {count: week.followersAt(now), history: week.followerHistory(now)}, headers);
    }
    return json(404, {error: 'Not found'}, headers);
  }

  /** Counts a request against its IP address's allowance for the current window (Rack::Attack style). */
  function countRequest(ip, now) {
    const seconds = Math.floor(now / 1000);
    const window = Math.floor(seconds / RATE_PERIOD_SECONDS);
    const entry = usage.get(ip);
    const count = entry && entry.window === window ? entry.count + 1 : 1;
    usage.set(ip, {window, count});
    const resetMs = now + (RATE_PERIOD_SECONDS - (seconds % RATE_PERIOD_SECONDS)) * 1000;
    return {
      exceeded: count > rateLimit,
      remaining: Math.max(0, rateLimit - count),
      // Rails prints the reset with microseconds: 2016-10-24T08:35:00.123000Z
      reset: new Date(resetMs).toISOString().replace('Z', '000Z'),
      retryAfter: Math.max(1, Math.ceil((resetMs - now) / 1000)),
    };
  }

  // ---- Entities -----------------------------------------------------------

  function renderStatus(post, context) {
    const {origin, visible} = context;
    const account = post.account;
    const home = account.domain ? `https://${account.domain}` : origin;
    const original = post.reblogOf;
    const uri = `${home}/users/${account.username}/statuses/${post.id}`;
    return {
      id: post.id,
      created_at: new Date(post.at).toISOString(),
      in_reply_to_id: post.replyTo?.id ?? null,
      in_reply_to_account_id: post.replyTo?.account.id ?? null,
      sensitive: post.sensitive,
      spoiler_text: post.spoiler,
      visibility: 'public',
      language: original ? null : 'en',
      uri: original ? `${uri}/activity` : uri,
      url: original ? `${uri}/activity` : `${home}/@${account.username}/${post.id}`,
      replies_count: visible.filter((p) => p.replyTo === post).length,
      reblogs_count: visible.filter((p) => p.reblogOf === post).length,
      favourites_count: post.favourites,
      quotes_count: 0,
      edited_at: null,
      favourited: false,
      reblogged: false,
      muted: false,
      bookmarked: false,
      pinned: false,
      content: original ? '' : renderHtml(post.tokens, account, origin),
      filtered: [],
      reblog: original ? renderStatus(original, context) : null,
      application: account.domain || original ? null : {name: 'Web', website: null},
      account: renderAccount(account, context),
      media_attachments: post.media.map((key, i) => renderMedia(MEDIA[key], post.mediaIds[i], origin)),
      mentions: post.mentions.map((a) => ({id: a.id, username: a.username, url: profileUrl(a, origin), acct: a.acct})),
      tags: post.tags.map((name) => ({name, url: `${origin}/tags/${name}`})),
      emojis: post.emojis.map((code) => renderEmoji(code, origin)),
      tagged_collections: [],
      quote: null,
      card: null,
      poll: null,
      quote_approval: {automatic: ['public'], manual: [], current_user: 'automatic'},
    };
  }

  function renderAccount(account, {origin, now, visible}) {
    const home = account.domain ? `https://${account.domain}` : origin;
    const theirs = visible.filter((p) => p.account === account);
    const lastPost = theirs.at(-1);
    const noteTokens = tokenize(account.note, findAccount);
    const emojiCodes = new Set(
      [...tokenize(account.displayName, findAccount), ...noteTokens].filter((t) => t.type === 'emoji').map((t) => t.code),
    );
    return {
      id: account.id,
      username: account.username,
      acct: account.acct,
      display_name: account.displayName,
      locked: false,
      bot: Boolean(account.bot),
      discoverable: true,
      indexable: true,
      group: Boolean(account.group),
      created_at: `${account.created}T00:00:00.000Z`,
      note: renderHtml(noteTokens, account, origin),
      url: `${home}/@${account.username}`,
      uri: `${home}/users/${account.username}`,
      avatar: `${origin}${MEDIA_PATH}${account.avatar}`,
      avatar_static: `${origin}${MEDIA_PATH}${account.avatar}`,
      avatar_description: account.avatarDescription ?? '',
      header: `${origin}${MEDIA_PATH}${account.header ?? 'headers/default.svg'}`,
      header_static: `${origin}${MEDIA_PATH}${account.header ?? 'headers/default.svg'}`,
      header_description: account.headerDescription ?? '',
      followers_count: account === week.trust ? week.followersAt(now) : account.followers,
      following_count: account.following,
      statuses_count: account.statusesBase + theirs.length,
      last_status_at: lastPost ? new Date(lastPost.at).toISOString().slice(0, 10) : null,
      hide_collections: false,
      show_media: true,
      show_media_replies: true,
      show_featured: true,
      noindex: false,
      feature_approval: {automatic: ['public'], manual: [], current_user: 'automatic'},
      emojis: [...emojiCodes].map((code) => renderEmoji(code, origin)),
      roles: [],
      fields: (account.fields ?? []).map((f) => ({
        name: f.name,
        value: /^https?:\/\//.test(f.value) ? linkHtml(f.value, 'me nofollow noopener') : escapeHtml(f.value),
        verified_at: f.verified ? `${account.created}T09:30:00.000+00:00` : null,
      })),
    };
  }

  return {handle, visiblePosts};
}

/**
 * The Koa middleware for @web/dev-server; `clock` (the replay) and `week` are
 * exposed for the demo pages, the Bluesky emulator and the demo's relay.
 */
export function mastodonServer({event, rate, rateLimit, seed, clock = createReplayClock(rate ? {rate} : {})} = {}) {
  const eventData = event ?? JSON.parse(readFileSync(new URL('./data/social-media-week.json', import.meta.url), 'utf8'));
  const week = generateWeek(eventData, seed ? {seed} : {});
  const emulator = createMastodonEmulator({week, clock, rateLimit});

  async function mastodonMiddleware(ctx, next) {
    if (!ctx.path.startsWith('/api/') && !ctx.path.startsWith('/demo-api/')) return next();
    const body = ctx.method === 'POST' ? await readBody(ctx.req) : '';
    const response = emulator.handle({
      method: ctx.method,
      path: ctx.path,
      query: new URLSearchParams(ctx.querystring),
      headers: ctx.headers,
      ip: ctx.ip,
      origin: ctx.origin,
      body,
    });
    ctx.status = response.status;
    for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
    // Koa drops the body of a 304 and of a HEAD request itself.
    ctx.body = response.body;
  }
  mastodonMiddleware.clock = clock;
  mastodonMiddleware.week = week;
  return mastodonMiddleware;
}

// ---- HTTP helpers -----------------------------------------------------------

function json(status, value, headers) {
  return {status, headers: {...headers, 'Content-Type': JSON_TYPE}, body: JSON.stringify(value)};
}

/** A JSON answer with a weak ETag, or 304 when the client already has it. */
function conditionalJson(value, requestHeaders, headers) {
  const body = JSON.stringify(value);
  const etag = `W/"${createHash('md5').update(body).digest('hex')}"`;
  if (matchesEtag(requestHeaders['if-none-match'], etag)) return {status: 304, headers: {...headers, ETag: etag}, body: ''};
  return {status: 200, headers: {...headers, ETag: etag, 'Content-Type': JSON_TYPE}, body};
}

function matchesEtag(ifNoneMatch, etag) {
  if (!ifNoneMatch) return false;
  const opaque = (tag) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

function corsHeaders() {
  return {'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Expose-Headers': EXPOSED_HEADERS};
}

function preflight() {
  return {
    status: 200,
    headers: {...corsHeaders(), 'Access-Control-Allow-Methods': 'POST, PUT, DELETE, GET, PATCH, OPTIONS', 'Access-Control-Max-Age': '7200', Vary: 'Origin'},
    body: '',
  };
}

/** Mastodon's limit_param: absent means the default, anything else is capped at twice it. */
function limitParam(value) {
  if (value === null) return DEFAULT_LIMIT;
  return Math.min(Math.abs(Number.parseInt(value, 10)) || 0, MAX_LIMIT);
}

function idParam(value) {
  return value && /^\d+$/.test(value) ? BigInt(value) : undefined;
}

/** Rails' boolean cast: anything but the false words counts as true. */
function truthy(value) {
  return value !== null && value !== '' && !['0', 'f', 'false', 'off'].includes(value.toLowerCase());
}

export function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// ---- HTML the way Mastodon writes it ------------------------------------------

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
}

function profileUrl(account, origin) {
  return `${account.domain ? `https://${account.domain}` : origin}/@${account.username}`;
}

/** A link with Mastodon's invisible/ellipsis spans, which shorten long URLs in clients. */
function linkHtml(url, rel) {
  const [, prefix, rest] = /^(https?:\/\/(?:www\.)?)(.*)$/.exec(url);
  const shown = rest.slice(0, 30);
  const hidden = rest.slice(30);
  return (
    `<a href="${escapeHtml(url)}" target="_blank" rel="${rel}" translate="no">` +
    `<span class="invisible">${escapeHtml(prefix)}</span><span class="${hidden ? 'ellipsis' : ''}">${escapeHtml(shown)}</span>` +
    `<span class="invisible">${escapeHtml(hidden)}</span></a>`
  );
}

/**
 * Paragraphs, line breaks, hashtag links, h-card mentions and links. Posts
 * from other servers carry their server's hashtag URLs and the rel/target
 * that Mastodon adds to remote content.
 */
function renderHtml(tokens, author, origin) {
  const home = author.domain ? `https://${author.domain}` : origin;
  const remoteRel = author.domain ? ' rel="nofollow noopener" target="_blank"' : '';
  const html = tokens
    .map((token) => {
      switch (token.type) {
        case 'text':
          return escapeHtml(token.text).replace(/\n{2,}/g, '</p><p>').replace(/\n/g, '<br />');
        case 'url':
          return linkHtml(token.url, 'nofollow noopener');
        case 'tag':
          return `<a href="${home}/tags/${token.name.toLowerCase()}" class="mention hashtag" rel="${author.domain ? 'nofollow noopener' : 'tag'}"${author.domain ? ' target="_blank"' : ''}>#<span>${escapeHtml(token.name)}</span></a>`;
        case 'mention':
          return `<span class="h-card" translate="no"><a href="${profileUrl(token.account, origin)}" class="u-url mention"${remoteRel}>@<span>${escapeHtml(token.account.username)}</span></a></span>`;
        case 'emoji':
          return `:${token.code}:`;
        default:
          return '';
      }
    })
    .join('');
  return `<p>${html}</p>`;
}

function renderEmoji(code, origin) {
  const url = `${origin}${MEDIA_PATH}${CUSTOM_EMOJIS[code]}`;
  return {shortcode: code, url, static_url: url, visible_in_picker: true};
}

function renderMedia(media, id, origin) {
  const url = `${origin}${MEDIA_PATH}${media.file}`;
  const size = (width, height) => ({width, height, size: `${width}x${height}`, aspect: width / height});
  const scale = Math.min(1, 640 / media.width);
  return {
    id,
    type: 'image',
    url,
    preview_url: url,
    remote_url: null,
    preview_remote_url: null,
    meta: {
      original: size(media.width, media.height),
      small: size(Math.round(media.width * scale), Math.round(media.height * scale)),
    },
    description: media.description,
    blurhash: solidBlurhash(media.colour),
  };
}

const BASE83 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

/** The blurhash of a single colour (one component, no detail): a valid 6-character hash. */
function solidBlurhash([r, g, b]) {
  let value = (r << 16) + (g << 8) + b;
  let digits = '';
  for (let i = 0; i < 4; i++) {
    digits = BASE83[value % 83] + digits;
    value = Math.floor(value / 83);
  }
  return `00${digits}`;
}
