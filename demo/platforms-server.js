/**
 * Local stand-ins for the two parts of X's API v2 and Meta's Graph API that
 * the demo's relay reads for its counter: the trust's (fictional) X account
 * and Facebook Page, whose followers climb over the replayed week beside its
 * Mastodon and Bluesky ones. Shapes as the real answers (relay/test/fixtures:
 * x-user-by-username.json, graph-page.json; relay/test/SOURCES.md):
 *
 *   GET /2/users/by/username/:username?user.fields=public_metrics   X, Authorization: Bearer <token>
 *   GET /v24.0/:page-id?fields=followers_count,fan_count,name,link  Graph API, Authorization: Bearer <Page token>
 *
 * X sends x-rate-limit-limit/-remaining/-reset (epoch seconds, in demo time)
 * and a 429 when a 15-minute window is spent; the Graph API sends
 * X-App-Usage. A wrong token is refused as each platform refuses it. The
 * tokens are the demo's own (DEMO_X_BEARER_TOKEN, DEMO_META_PAGE_TOKEN), not
 * secrets; the relay reads them from its environment like any token.
 */

export const DEMO_X_BEARER_TOKEN = 'demo-x-bearer-token-not-a-secret';
export const DEMO_META_PAGE_TOKEN = 'demo-meta-page-token-not-a-secret';
/** The trust's fictional accounts (no one's real account). */
export const X_USERNAME = 'NELFT_demo';
export const FACEBOOK_PAGE = {id: '100000000000001', name: 'NELFT NHS Foundation Trust (demo)', link: 'https://www.facebook.com/NelftDemoPage'};
export const GRAPH_VERSION = 'v24.0';

const X_WINDOW_MS = 15 * 60_000;
/** X's app-only allowance for a user lookup per 15 minutes. */
const X_LIMIT = 300;

/**
 * The two accounts' followers at a moment: they follow the shape of the
 * trust's Mastodon week (its S-curve and its bursts in the tweetchats and the
 * lecture), X the busiest of the networks, as it was for the real week.
 */
export function platformFollowers(week) {
  const base = week.followersAt(0);
  return {
    x: (ms) => 2214 + Math.round((week.followersAt(ms) - base) * 1.25),
    facebook: (ms) => 1050 + Math.round((week.followersAt(ms) - base) * 0.35),
  };
}

/**
 * @param {{week: {followersAt(ms: number): number}, clock: {now(): number}, xToken?: string, pageToken?: string}} options
 */
export function createPlatformsEmulator({week, clock, xToken = DEMO_X_BEARER_TOKEN, pageToken = DEMO_META_PAGE_TOKEN}) {
  const followers = platformFollowers(week);
  const stats = {x: 0, graph: 0};
  let window = {resetAt: 0, used: 0};

  const json = (status, body, headers = {}) => ({status, headers: {'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers}, body: JSON.stringify(body)});

  function x(path, query, headers, now) {
    stats.x += 1;
    if (headers.authorization !== `Bearer ${xToken}`) {
      return json(401, {title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized'});
    }
    if (window.resetAt <= now) window = {resetAt: now + X_WINDOW_MS, used: 0};
    window.used += 1;
    const limits = {'x-rate-limit-limit': String(X_LIMIT), 'x-rate-limit-remaining': String(Math.max(0, X_LIMIT - window.used)), 'x-rate-limit-reset': String(Math.ceil(window.resetAt / 1000))};
    if (window.used > X_LIMIT) return json(429, {title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429}, limits);
    const match = /^\/2\/users\/by\/username\/([^/]+)$/.exec(path);
    if (!match) return json(404, {title: 'Not Found Error', detail: 'Not found', type: 'about:blank', status: 404}, limits);
    const username = decodeURIComponent(match[1]);
    if (username.toLowerCase() !== X_USERNAME.toLowerCase()) {
      return json(200, {errors: [{value: username, detail: `Could not find user with username: [${username}].`, title: 'Not Found Error', resource_type: 'user', parameter: 'username', resource_id: username, type: 'https://api.twitter.com/2/problems/resource-not-found'}]}, limits);
    }
    const data = {id: '1000000000000000042', name: 'NELFT (demo)', username: X_USERNAME};
    if ((query.get('user.fields') ?? '').split(',').includes('public_metrics')) {
      data.public_metrics = {followers_count: followers.x(now), following_count: 812, tweet_count: 15873, listed_count: 96, like_count: 4021, media_count: 2210};
    }
    return json(200, {data}, limits);
  }

  function graph(version, id, query, headers, now) {
    stats.graph += 1;
    const usage = {'X-App-Usage': JSON.stringify({call_count: 1, total_cputime: 1, total_time: 1})};
    const token = (headers.authorization ?? '').replace(/^Bearer /, '') || query.get('access_token');
    if (token !== pageToken) {
      return json(400, {error: {message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'ADemoTraceId000000000'}}, usage);
    }
    if (id !== FACEBOOK_PAGE.id) {
      return json(400, {error: {message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'ADemoTraceId000000000'}}, usage);
    }
    const page = {...FACEBOOK_PAGE, followers_count: followers.facebook(now), fan_count: followers.facebook(now) - 61};
    const answer = {};
    for (const field of (query.get('fields') ?? '').split(',')) if (field in page) answer[field] = page[field];
    answer.id = page.id;
    return json(200, answer, usage);
  }

  return {
    stats,
    followers,
    /** A plain request in, `{status, headers, body}` out; undefined for paths that are not these platforms'. */
    handle({method, path, query = new URLSearchParams(), headers = {}}) {
      const now = clock.now();
      if (path.startsWith('/2/')) return method === 'GET' || method === 'HEAD' ? x(path, query, headers, now) : json(405, {title: 'Method Not Allowed'});
      const graphMatch = /^\/(v\d+\.\d+)\/([^/]+)$/.exec(path);
      if (graphMatch) return graph(graphMatch[1], decodeURIComponent(graphMatch[2]), query, headers, now);
      return undefined;
    },
  };
}

/** Koa middleware for the dev server. */
export function platformsServer(options) {
  const emulator = createPlatformsEmulator(options);
  async function platformsMiddleware(ctx, next) {
    const response = emulator.handle({method: ctx.method, path: ctx.path, query: new URLSearchParams(ctx.querystring), headers: ctx.headers});
    if (!response) return next();
    ctx.status = response.status;
    for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
    ctx.body = response.body;
  }
  platformsMiddleware.emulator = emulator;
  return platformsMiddleware;
}
