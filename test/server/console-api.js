// A stand-in for trust-relay's admin API (relay/moderation/api.ts), mounted as
// a web-test-runner middleware for the moderation console's browser tests
// (test/console/). Each test sets up its own scenario under /__console/<id>/,
// so the console is mounted with base="/__console/<id>/" and its requests go to
// <base>api/… exactly as they go to /admin/api/… on the relay.
//
//   POST /__console/setup {id, user?, via?, csrf?, feeds: [{name, hashtag, mode, items: [ModeratedItem]}]}
//   GET  /__console/<id>/                     a console page served with the admin page's strict CSP
//                                             (?build=prod loads dist/console/console.js, else the sources)
//   ANY  /__console/<id>/api/…                the API: session, items, actions, undo, audit, events (SSE)
//   POST /__console/<id>/__next {route, status, body}   the next answer of a route ('session', 'items',
//                                             'actions', 'undo', 'audit'), once
//   POST /__console/<id>/__decide {key, action, actor, silent?}  another moderator decides (a `changed` event
//                                             follows unless silent)
//   POST /__console/<id>/__arrive {items: [ModeratedItem]}  new posts reach the queue (one `changed` event)
//   POST /__console/<id>/__emit {data}        a raw `changed` event
//   GET  /__console/<id>/__requests           [{method, path, query, headers, body}] the page sent to the API
//   POST /__console/<id>/__csp                the page's CSP violation reports (report-uri); GET reads them
//
// Decisions follow the contract: a version that is not the item's current one
// answers 409 with who decided meanwhile; a POST without the session's CSRF
// token answers 403; undo restores the items as they were before the entry.

const scenarios = new Map();

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function json(ctx, status, body) {
  ctx.status = status;
  ctx.type = 'application/json; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = JSON.stringify(body);
}

/**
 * The admin page's policy (relay/admin/http.ts, CSP), but for frame-ancestors (the test frames the page),
 * with a report-uri to see every violation. default-src 'none': any request to another origin is one.
 */
export function consoleCsp(id) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html dompurify',
    `report-uri /__console/${id}/__csp`,
  ].join('; ');
}

function page(id, build) {
  const script = build === 'prod' ? '/dist/console/console.js' : '/relay/console/define.ts';
  return `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Moderation console</title>
    <link rel="icon" href="data:," />
    <script type="module" src="/test/console/csp-probe.ts"></script>
    <script type="module" src="${script}"></script>
  </head>
  <body>
    <trust-moderation-console base="/__console/${id}/"></trust-moderation-console>
  </body>
</html>`;
}

const counts = (feed) => ({
  queue: feed.items.filter((i) => i.list === 'queue').length,
  published: feed.items.filter((i) => i.list === 'published').length,
  hidden: feed.items.filter((i) => i.list === 'hidden').length,
});

function text(item) {
  const p = item.post ?? {};
  const a = p.author ?? {};
  return [p.text, p.html, a.name, a.handle].filter((s) => typeof s === 'string').join(' ').toLowerCase();
}

const authorOf = (item) => `${item.post?.network ?? 'native'}|${String(item.post?.author?.handle ?? item.post?.author?.name ?? '').replace(/^@/, '').toLowerCase()}`;

const WORDS = {approve: 'Approved', hide: 'Hidden', pin: 'Pinned', unpin: 'Unpinned', block: 'Author blocked', unblock: 'Author unblocked'};

function hhmm(iso) {
  return new Intl.DateTimeFormat('en-GB', {hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London'}).format(new Date(iso));
}

/** Applies an action as `actor`: returns the entry, or an error {status, error}. */
function apply(scenario, feed, item, action, actor) {
  const at = new Date().toISOString();
  const affected = action === 'block' || action === 'unblock' ? feed.items.filter((i) => authorOf(i) === authorOf(item)) : [item];
  if (action === 'pin' && item.list === 'hidden') return {status: 422, error: 'Show it before pinning it.'};
  const before = affected.map((i) => structuredClone(i));
  for (const i of affected) {
    if (action === 'approve') Object.assign(i, {list: 'published', public: true});
    if (action === 'hide') Object.assign(i, {list: 'hidden', public: false, pinned: false});
    if (action === 'pin') i.pinned = true;
    if (action === 'unpin') i.pinned = false;
    if (action === 'block') Object.assign(i, {list: 'hidden', public: false, pinned: false, authorBlocked: true});
    if (action === 'unblock') Object.assign(i, {list: i.list === 'hidden' && i.verdict?.by === 'block' ? 'queue' : i.list, public: feed.mode === 'publish-then-review', authorBlocked: false});
    i.version += 1;
    i.verdict = {by: action === 'block' ? 'block' : 'person', reason: `${WORDS[action]} by ${actor}`, actor, at};
  }
  const entry = {
    id: ++scenario.auditId,
    at,
    actor,
    action,
    feed: feed.name,
    key: item.key,
    network: item.post?.network ?? 'native',
    author: String(item.post?.author?.handle ?? item.post?.author?.name ?? ''),
    excerpt: String(item.post?.text ?? item.post?.html ?? '').slice(0, 140),
    before,
  };
  feed.audit.unshift(entry);
  return {entry};
}

/** An audit entry as the API gives it: without the states kept for undo. */
function publicEntry(entry) {
  const copy = {...entry};
  delete copy.before;
  return copy;
}

function emit(scenario, data) {
  const chunk = `event: changed\ndata: ${JSON.stringify(data)}\n\n`;
  for (const res of scenario.streams) res.write(chunk);
}

function conflictMessage(item) {
  const v = item.verdict;
  return v?.actor ? `${v.reason} at ${hhmm(v.at)}` : 'This post changed meanwhile.';
}

async function api(ctx, scenario, rest) {
  const body = ctx.method === 'POST' ? await readBody(ctx) : '';
  const headers = {...ctx.headers};
  if (rest !== 'events') scenario.requests.push({method: ctx.method, path: ctx.path, query: ctx.querystring, headers, body: body ? safeJson(body) : undefined});
  const route = rest === 'session' ? 'session' : rest === 'events' ? 'events' : (rest.match(/^feeds\/[^/]+\/(items|actions|undo|audit)$/) ?? [])[1];
  const programmed = route && scenario.next.get(route)?.shift();
  if (programmed) return json(ctx, programmed.status ?? 200, programmed.body ?? {});
  if (route === 'session') {
    return json(ctx, 200, {
      user: scenario.user,
      csrf: scenario.csrf,
      via: scenario.via,
      media: 'none',
      feeds: [...scenario.feeds.values()].map((f) => ({name: f.name, hashtag: f.hashtag, mode: f.mode, counts: counts(f)})),
    });
  }
  if (route === 'events') {
    ctx.respond = false;
    const res = ctx.res;
    res.writeHead(200, {'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive'});
    res.write(': connected\n\n');
    scenario.streams.add(res);
    scenario.connections += 1;
    ctx.req.on('close', () => scenario.streams.delete(res));
    return undefined;
  }
  const feedName = decodeURIComponent(rest.split('/')[1] ?? '');
  const feed = scenario.feeds.get(feedName);
  if (!feed) return json(ctx, 404, {error: `There is no feed called “${feedName}”.`});
  if (ctx.method === 'POST' && headers['x-csrf-token'] !== scenario.csrf) return json(ctx, 403, {error: 'The security token of this page is missing or out of date. Reload the page.'});
  if (route === 'items' && ctx.method === 'GET') {
    const list = ctx.query.list;
    const q = String(ctx.query.q ?? '').toLowerCase();
    let items = feed.items.filter((i) => i.list === list && (!q || text(i).includes(q)));
    if (list === 'published') items = [...items.filter((i) => i.pinned), ...items.filter((i) => !i.pinned)];
    const start = ctx.query.before ? items.findIndex((i) => i.key === ctx.query.before) + 1 : 0;
    const limit = Number(ctx.query.limit) || 50;
    const page = items.slice(start, start + limit);
    const next = start + limit < items.length ? page.at(-1)?.key : undefined;
    return json(ctx, 200, {feed: feed.name, mode: feed.mode, list, items: page, counts: counts(feed), ...(next ? {next} : {})});
  }
  if (route === 'audit' && ctx.method === 'GET') {
    return json(ctx, 200, {feed: feed.name, entries: feed.audit.map(publicEntry)});
  }
  const request = safeJson(body) ?? {};
  if (route === 'actions' && ctx.method === 'POST') {
    const item = feed.items.find((i) => i.key === request.key);
    if (!item) return json(ctx, 404, {error: 'That post is no longer in this feed.'});
    if (request.version !== item.version) {
      return json(ctx, 409, {ok: false, conflict: true, message: conflictMessage(item), item, counts: counts(feed)});
    }
    const result = apply(scenario, feed, item, request.action, scenario.user);
    if (result.error) return json(ctx, result.status, {error: result.error});
    json(ctx, 200, {ok: true, item, auditId: result.entry.id, counts: counts(feed)});
    emit(scenario, {feed: feed.name, counts: counts(feed), added: 0, decided: [{key: item.key, actor: scenario.user, action: request.action}]});
    return undefined;
  }
  if (route === 'undo' && ctx.method === 'POST') {
    const entry = feed.audit.find((e) => e.id === request.auditId);
    if (!entry) return json(ctx, 404, {error: 'There is no such decision to undo.'});
    const item = feed.items.find((i) => i.key === entry.key);
    if (entry.undoneBy) return json(ctx, 409, {ok: false, conflict: true, message: 'That decision has already been undone.', item, counts: counts(feed)});
    for (const was of entry.before) {
      const now = feed.items.find((i) => i.key === was.key);
      if (now) Object.assign(now, was, {version: now.version + 1});
    }
    const undo = {...entry, id: ++scenario.auditId, at: new Date().toISOString(), actor: scenario.user, action: 'undo', undoes: entry.id, before: []};
    entry.undoneBy = undo.id;
    feed.audit.unshift(undo);
    json(ctx, 200, {ok: true, item, auditId: undo.id, counts: counts(feed)});
    emit(scenario, {feed: feed.name, counts: counts(feed), added: 0, decided: [{key: item.key, actor: scenario.user, action: 'undo'}]});
    return undefined;
  }
  return json(ctx, 405, {error: 'Not allowed.'});
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function control(ctx, scenario, what) {
  if (what === '__requests') return json(ctx, 200, scenario.requests);
  if (what === '__csp') {
    if (ctx.method === 'POST') {
      scenario.reports.push(safeJson(await readBody(ctx)));
      ctx.status = 204;
      return undefined;
    }
    return json(ctx, 200, scenario.reports);
  }
  if (what === '__streams') return json(ctx, 200, {open: scenario.streams.size, connections: scenario.connections});
  const body = safeJson(await readBody(ctx)) ?? {};
  if (what === '__next') {
    if (!scenario.next.has(body.route)) scenario.next.set(body.route, []);
    scenario.next.get(body.route).push({status: body.status, body: body.body});
    ctx.status = 204;
    return undefined;
  }
  if (what === '__decide') {
    const feed = scenario.feeds.get(body.feed ?? [...scenario.feeds.keys()][0]);
    const item = feed.items.find((i) => i.key === body.key);
    const result = apply(scenario, feed, item, body.action, body.actor);
    if (result.error) return json(ctx, result.status, {error: result.error});
    // silent: the decision is made but the console hears nothing of it (a race its next action loses).
    if (!body.silent) emit(scenario, {feed: feed.name, counts: counts(feed), added: 0, decided: [{key: item.key, actor: body.actor, action: body.action}]});
    return json(ctx, 200, {item, auditId: result.entry.id});
  }
  if (what === '__arrive') {
    const feed = scenario.feeds.get(body.feed ?? [...scenario.feeds.keys()][0]);
    feed.items.unshift(...body.items);
    emit(scenario, {feed: feed.name, counts: counts(feed), added: body.items.length});
    ctx.status = 204;
    return undefined;
  }
  if (what === '__emit') {
    emit(scenario, body.data);
    ctx.status = 204;
    return undefined;
  }
  ctx.status = 404;
  return undefined;
}

export function consoleApi() {
  return async function consoleApiMiddleware(ctx, next) {
    if (!ctx.path.startsWith('/__console/')) return next();
    if (ctx.path === '/__console/setup' && ctx.method === 'POST') {
      const spec = JSON.parse(await readBody(ctx));
      for (const res of scenarios.get(spec.id)?.streams ?? []) res.end();
      scenarios.set(spec.id, {
        user: spec.user ?? 'alice',
        via: spec.via ?? 'password',
        csrf: spec.csrf ?? `csrf-${spec.id}`,
        feeds: new Map(spec.feeds.map((f) => [f.name, {...f, items: structuredClone(f.items), audit: []}])),
        auditId: 100,
        requests: [],
        reports: [],
        next: new Map(),
        streams: new Set(),
        connections: 0,
      });
      ctx.status = 204;
      return undefined;
    }
    const [, id, ...rest] = ctx.path.split('/').slice(1);
    const scenario = scenarios.get(id);
    if (!scenario) {
      ctx.status = 404;
      return undefined;
    }
    if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) {
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Content-Security-Policy', consoleCsp(id));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = page(id, ctx.query.build);
      return undefined;
    }
    if (rest[0] === 'api') return api(ctx, scenario, rest.slice(1).join('/'));
    return control(ctx, scenario, rest[0]);
  };
}
