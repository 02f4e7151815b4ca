import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {CSP} from '../admin/http.js';
import {ask, cookie, loginForm, moderator, openStream, setCookies, signIn, startConsole, type Answer, type Console} from './admin-helpers.js';

const ALICE = 'alice';
const ALICE_PASSWORD = 'correct horse battery staple';
const BOB = 'bob';
const BOB_PASSWORD = 'another long passphrase';
const HOUR = 3_600_000;

/** Every /admin/ response carries these, whatever its status. */
function assertProtected(answer: Answer, what: string): void {
  assert.equal(answer.headers['content-security-policy'], CSP, `${what}: CSP`);
  assert.match(String(answer.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.match(String(answer.headers['content-security-policy']), /require-trusted-types-for 'script'/);
  assert.doesNotMatch(String(answer.headers['content-security-policy']), /unsafe-inline|unsafe-eval/);
  assert.equal(answer.headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`);
  assert.equal(answer.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(answer.headers['referrer-policy'], 'same-origin', `${what}: Referrer-Policy`);
  assert.equal(answer.headers['cross-origin-opener-policy'], 'same-origin', `${what}: COOP`);
  assert.equal(answer.headers['cross-origin-resource-policy'], 'same-origin', `${what}: CORP`);
  assert.match(String(answer.headers['permissions-policy']), /camera=\(\)/, `${what}: Permissions-Policy`);
}

/** The log as text: what an operator (or anyone who reads it) sees. */
const logText = (c: Console) => c.s.log.lines.join('\n');

describe('the moderation console over HTTP', () => {
  let c: Console;

  before(async () => {
    c = await startConsole();
    await c.admin.users.add(ALICE, ALICE_PASSWORD);
    await c.admin.users.add(BOB, BOB_PASSWORD);
    c.s.emulator.post('First post for #NelftSoMeWeek');
    c.s.emulator.post('Second post for #NelftSoMeWeek');
    await c.s.relay.runDue();
  });
  after(() => c.done());

  /** Every test starts with a clean slate of throttling and sessions: an hour or two later. */
  const later = () => c.s.clock.advance(2 * HOUR);

  it('signs in with the right password: a new session cookie (HttpOnly, SameSite=Strict, Path=/admin/), then the console', async () => {
    later();
    const form = await loginForm(c);
    assert.equal(form.page.status, 200);
    assert.match(form.page.text, /<label for="name">Name<\/label>/);
    assert.match(form.page.text, /<label for="password">Password<\/label>/);
    assert.match(form.page.text, /<html lang="en-GB">/);
    assert.doesNotMatch(form.page.text, /<script/);
    const answer = await signIn(c, ALICE, ALICE_PASSWORD);
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.location, '/admin/');
    const session = setCookies(answer).find((s) => s.startsWith('trust-admin='));
    assert.ok(session, 'a session cookie');
    assert.match(session, /^trust-admin=[A-Za-z0-9_-]{43}; Path=\/admin\/; HttpOnly; SameSite=Strict$/, 'over plain http: not Secure');
    const page = await ask(c.port, '/admin/', {headers: {Cookie: session.split(';')[0]}});
    assert.equal(page.status, 200);
    assert.match(page.text, /^<!doctype html><html lang="en-GB">/);
    assert.match(page.text, /<trust-moderation-console><\/trust-moderation-console><script type="module" src="\/admin\/console\.js"><\/script>/);
    assert.equal(page.headers['cache-control'], 'no-store');
    const info = JSON.parse((await ask(c.port, '/admin/api/session', {headers: {Cookie: session.split(';')[0]}})).text) as Record<string, unknown>;
    assert.equal(info.user, ALICE);
    assert.equal(info.via, 'password');
    assert.deepEqual((info.feeds as Array<{name: string}>).map((f) => f.name), ['somewk']);
    assert.match(logText(c), /"event":"admin.signin","user":"alice","via":"password"/);
    // The session id and the CSRF token are in no log line, nor the password.
    for (const secret of [session.split(';')[0].split('=')[1], String(info.csrf), ALICE_PASSWORD]) assert.ok(!logText(c).includes(secret));
  });

  it('answers a wrong password and an unknown name alike: same status, same words, both after a real scrypt', async () => {
    later();
    const timed = async (name: string, password: string) => {
      const start = performance.now();
      const answer = await signIn(c, name, password);
      return {answer, ms: performance.now() - start};
    };
    const wrong = await timed(ALICE, 'not the right password');
    const unknown = await timed('mallory', 'not the right password');
    for (const {answer} of [wrong, unknown]) {
      assert.equal(answer.status, 401);
      assert.match(answer.text, /<div class="error" role="alert" id="problem"><h2>There is a problem<\/h2><p>That name and password do not match<\/p>/);
      assert.equal(cookie(answer, 'trust-admin'), undefined, 'no session');
    }
    assert.equal(wrong.answer.text.replace(/value="[^"]*"/g, ''), unknown.answer.text.replace(/value="[^"]*"/g, ''));
    // scrypt with N=2^15 takes tens of milliseconds; a shortcut for unknown names would take one.
    assert.ok(unknown.ms > 15, `an unknown name took ${unknown.ms} ms`);
    assert.ok(!logText(c).includes('not the right password'));
    assert.ok(!logText(c).includes('mallory'), 'a name that is no account is not logged (it may be a password typed in the wrong box)');
    assert.match(logText(c), /"event":"admin.signin.failed","user":"alice","address":"127.0.0.1","reason":"no match"/);
    // The name typed comes back in the form, as text.
    const hostile = await signIn(c, '"><script>alert(1)</script>', 'whatever it may be');
    assert.equal(hostile.status, 401);
    assert.match(hostile.text, /value="&#34;&#62;&#60;script&#62;alert\(1\)&#60;\/script&#62;"/);
    assert.doesNotMatch(hostile.text, /<script>/);
  });

  it('throttles an account after five failures, with Retry-After and a growing wait, even for the right password', async () => {
    later();
    for (let i = 0; i < 5; i++) assert.equal((await signIn(c, BOB, `wrong password ${i}`)).status, 401);
    const held = await signIn(c, BOB, BOB_PASSWORD);
    assert.equal(held.status, 429);
    assert.equal(held.headers['retry-after'], '60');
    assert.match(held.text, /role="alert"[^>]*><h2>There is a problem<\/h2><p>Too many attempts: try again in 1 minute<\/p>/);
    // Another account from the same address is not held by bob's failures.
    assert.equal((await signIn(c, ALICE, ALICE_PASSWORD)).status, 303);
    c.s.clock.advance(61_000);
    assert.equal((await signIn(c, BOB, 'wrong again')).status, 401);
    const longer = await signIn(c, BOB, BOB_PASSWORD);
    assert.equal(longer.status, 429);
    assert.equal(longer.headers['retry-after'], '120');
    assert.match(longer.text, /Too many attempts: try again in 2 minutes/);
    c.s.clock.advance(3 * 60_000);
    assert.equal((await signIn(c, BOB, BOB_PASSWORD)).status, 303, 'after the wait, the right password works');
  });

  it('throttles an address trying many names, unknown ones included, with the same words', async () => {
    later();
    for (let i = 0; i < 20; i++) assert.equal((await signIn(c, `guess${i}`, 'password guess number')).status, 401);
    const held = await signIn(c, ALICE, ALICE_PASSWORD);
    assert.equal(held.status, 429);
    assert.match(held.text, /Too many attempts: try again in 1 minute/);
    assert.ok(Number(held.headers['retry-after']) > 0);
    // Another address is not held.
    const form = await ask(c.port, '/admin/login', {from: '127.0.0.2'});
    const token = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    const elsewhere = await ask(c.port, '/admin/login', {
      from: '127.0.0.2',
      method: 'POST',
      headers: {Origin: c.origin, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie(form, 'trust-admin-login')!},
      body: new URLSearchParams({csrf: token, name: ALICE, password: ALICE_PASSWORD}).toString(),
    });
    assert.equal(elsewhere.status, 303);
  });

  it('gives a new session id at every sign-in: a planted or earlier session is not kept', async () => {
    later();
    const planted = await signIn(c, ALICE, ALICE_PASSWORD, {cookie: 'trust-admin=chosen-by-an-attacker'});
    assert.equal(planted.status, 303);
    assert.notEqual(cookie(planted, 'trust-admin'), 'trust-admin=chosen-by-an-attacker');
    const first = cookie(planted, 'trust-admin')!;
    const again = await signIn(c, ALICE, ALICE_PASSWORD, {cookie: first});
    const second = cookie(again, 'trust-admin')!;
    assert.notEqual(second, first);
    assert.equal((await ask(c.port, '/admin/api/session', {headers: {Cookie: first}})).status, 401, 'the earlier session ended');
    assert.equal((await ask(c.port, '/admin/api/session', {headers: {Cookie: second}})).status, 200);
  });

  it('signs out on the server: the old cookie is worth nothing afterwards', async () => {
    later();
    const m = await moderator(c, ALICE, ALICE_PASSWORD);
    const refused = await ask(c.port, '/admin/logout', {method: 'POST', headers: {Cookie: m.cookie, Origin: c.origin}});
    assert.equal(refused.status, 403, 'no CSRF token: not signed out');
    assert.equal((await m.get('/admin/api/session')).status, 200);
    const out = await m.post('/admin/logout', {});
    assert.equal(out.status, 303);
    assert.equal(out.headers.location, '/admin/login?signed-out');
    assert.match(cookie(out, 'trust-admin') ?? '', /^trust-admin=$/);
    assert.match(setCookies(out).join('\n'), /trust-admin=; Path=\/admin\/; Max-Age=0/);
    // Replaying the cookie (as one copied before sign-out would be) gets nothing.
    const after = await m.get('/admin/api/session');
    assert.equal(after.status, 401);
    assert.deepEqual(JSON.parse(after.text), {error: 'Sign in first: your session has ended or was never started'});
    assert.equal((await m.get('/admin/')).headers.location, '/admin/login?ended');
    assert.match((await ask(c.port, '/admin/login?signed-out')).text, /You have signed out\./);
    assert.match(logText(c), /"event":"admin.signout","user":"alice"/);
  });

  it('the sign-out form works without script (the token as a form field)', async () => {
    later();
    const m = await moderator(c, ALICE, ALICE_PASSWORD);
    const out = await ask(c.port, '/admin/logout', {
      method: 'POST',
      headers: {Cookie: m.cookie, Origin: c.origin, 'Content-Type': 'application/x-www-form-urlencoded'},
      body: `csrf=${encodeURIComponent(m.csrf)}`,
    });
    assert.equal(out.status, 303);
    assert.equal((await m.get('/admin/api/session')).status, 401);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however busy', async () => {
    later();
    const idle = await moderator(c, ALICE, ALICE_PASSWORD);
    c.s.clock.advance(29 * 60_000);
    assert.equal((await idle.get('/admin/api/session')).status, 200, 'within the idle time');
    c.s.clock.advance(29 * 60_000);
    assert.equal((await idle.get('/admin/api/session')).status, 200, 'the last request counted as activity');
    c.s.clock.advance(31 * 60_000);
    assert.equal((await idle.get('/admin/api/session')).status, 401, 'idle too long');
    const busy = await moderator(c, ALICE, ALICE_PASSWORD);
    for (let hour = 0; hour < 12; hour++) {
      assert.equal((await busy.get('/admin/api/session')).status, 200, `hour ${hour}`);
      c.s.clock.advance(20 * 60_000);
      assert.equal((await busy.get('/admin/api/session')).status, 200);
      c.s.clock.advance(20 * 60_000);
      assert.equal((await busy.get('/admin/api/session')).status, 200);
      c.s.clock.advance(20 * 60_000);
    }
    c.s.clock.advance(60_000);
    assert.equal((await busy.get('/admin/api/session')).status, 401, 'past 12 hours');
  });

  it("ends a removed account's sessions at once", async () => {
    later();
    await c.admin.users.add('carol', 'carols long password');
    const carol = await moderator(c, 'carol', 'carols long password');
    assert.equal((await carol.get('/admin/api/session')).status, 200);
    c.admin.users.remove('carol');
    assert.equal((await carol.get('/admin/api/session')).status, 401);
    assert.equal((await carol.post('/admin/api/feeds/somewk/actions', {key: 'x', action: 'hide', version: 1})).status, 401);
  });

  it('refuses a state-changing POST without the CSRF token, or with another session\'s', async () => {
    later();
    const alice = await moderator(c, ALICE, ALICE_PASSWORD);
    const bob = await moderator(c, BOB, BOB_PASSWORD);
    const [item] = (JSON.parse((await alice.get('/admin/api/feeds/somewk/items?list=queue')).text) as {items: Array<{key: string; version: number}>}).items;
    const action = {key: item.key, action: 'hide', version: item.version};
    const none = await alice.post('/admin/api/feeds/somewk/actions', action, {'X-CSRF-Token': ''});
    assert.equal(none.status, 403);
    assert.match((JSON.parse(none.text) as {error: string}).error, /did not carry this session's security token/);
    const borrowed = await alice.post('/admin/api/feeds/somewk/actions', action, {'X-CSRF-Token': bob.csrf});
    assert.equal(borrowed.status, 403);
    const undo = await alice.post('/admin/api/feeds/somewk/undo', {auditId: 1}, {'X-CSRF-Token': bob.csrf});
    assert.equal(undo.status, 403);
    const listed = JSON.parse((await alice.get('/admin/api/feeds/somewk/items?list=queue')).text) as {items: Array<{key: string}>};
    assert.ok(listed.items.some((i) => i.key === item.key), 'nothing changed');
  });

  it('refuses a replayed sign-in form: without its cookie, or a second time', async () => {
    later();
    const form = await loginForm(c);
    const body = new URLSearchParams({csrf: form.token, name: ALICE, password: ALICE_PASSWORD}).toString();
    const post = (cookieHeader?: string) =>
      ask(c.port, '/admin/login', {method: 'POST', headers: {Origin: c.origin, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookieHeader ? {Cookie: cookieHeader} : {})}, body});
    const noCookie = await post();
    assert.equal(noCookie.status, 403);
    assert.match(noCookie.text, /role="alert"[^>]*><h2>There is a problem<\/h2><p>This sign-in form had expired or had already been used/);
    assert.equal(cookie(noCookie, 'trust-admin'), undefined);
    const noToken = await ask(c.port, '/admin/login', {
      method: 'POST',
      headers: {Origin: c.origin, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie},
      body: new URLSearchParams({name: ALICE, password: ALICE_PASSWORD}).toString(),
    });
    assert.equal(noToken.status, 403);
    const fresh = await loginForm(c);
    const once = await ask(c.port, '/admin/login', {
      method: 'POST',
      headers: {Origin: c.origin, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: fresh.cookie},
      body: new URLSearchParams({csrf: fresh.token, name: ALICE, password: ALICE_PASSWORD}).toString(),
    });
    assert.equal(once.status, 303);
    const twice = await ask(c.port, '/admin/login', {
      method: 'POST',
      headers: {Origin: c.origin, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: fresh.cookie},
      body: new URLSearchParams({csrf: fresh.token, name: ALICE, password: ALICE_PASSWORD}).toString(),
    });
    assert.equal(twice.status, 403, 'the same form again');
    const stale = await loginForm(c);
    c.s.clock.advance(31 * 60_000);
    const late = await ask(c.port, '/admin/login', {
      method: 'POST',
      headers: {Origin: c.origin, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: stale.cookie},
      body: new URLSearchParams({csrf: stale.token, name: ALICE, password: ALICE_PASSWORD}).toString(),
    });
    assert.equal(late.status, 403, 'a form left open for half an hour');
    assert.match(late.text, /name="csrf" value="[^"]+"/, 'with a fresh form to try again');
  });

  it('refuses a cross-origin POST, and one that names no origin, in words', async () => {
    later();
    const m = await moderator(c, ALICE, ALICE_PASSWORD);
    const [item] = (JSON.parse((await m.get('/admin/api/feeds/somewk/items?list=queue')).text) as {items: Array<{key: string; version: number}>}).items;
    const action = {key: item.key, action: 'hide', version: item.version};
    const evil = await m.post('/admin/api/feeds/somewk/actions', action, {Origin: 'https://evil.example'});
    assert.equal(evil.status, 403);
    assert.equal((JSON.parse(evil.text) as {error: string}).error, "Refused: changes may only be made from the console's own page, not from https://evil.example");
    const nullOrigin = await m.post('/admin/api/feeds/somewk/actions', action, {Origin: 'null'});
    assert.equal(nullOrigin.status, 403);
    assert.match((JSON.parse(nullOrigin.text) as {error: string}).error, /no Origin header/);
    const form = await loginForm(c);
    const login = await ask(c.port, '/admin/login', {
      method: 'POST',
      headers: {Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie},
      body: new URLSearchParams({csrf: form.token, name: ALICE, password: ALICE_PASSWORD}).toString(),
    });
    assert.equal(login.status, 403);
    assert.equal(cookie(login, 'trust-admin'), undefined);
    const logout = await ask(c.port, '/admin/logout', {method: 'POST', headers: {Cookie: m.cookie, Origin: 'https://evil.example', 'X-CSRF-Token': m.csrf}});
    assert.equal(logout.status, 403);
    assert.equal((await m.get('/admin/api/session')).status, 200, 'still signed in');
    const ok = await m.post('/admin/api/feeds/somewk/actions', action);
    assert.equal(ok.status, 200, ok.text);
  });

  it('answers GET on a state-changing address with 405 and Allow: POST', async () => {
    later();
    const m = await moderator(c, ALICE, ALICE_PASSWORD);
    for (const path of ['/admin/logout', '/admin/api/feeds/somewk/actions', '/admin/api/feeds/somewk/undo']) {
      const answer = await m.get(path);
      assert.equal(answer.status, 405, path);
      assert.equal(answer.headers.allow, 'POST', path);
      assert.match(answer.text, /This address changes things, so it takes POST only/);
    }
    assert.equal((await m.get('/admin/api/session')).status, 200, 'GET /admin/logout did not sign out');
    const put = await ask(c.port, '/admin/api/session', {method: 'PUT', headers: {Cookie: m.cookie}});
    assert.equal(put.status, 405);
    assert.equal(put.headers.allow, 'GET, HEAD');
  });

  it('takes JSON only, size-capped, and says what is wrong in words', async () => {
    later();
    const m = await moderator(c, ALICE, ALICE_PASSWORD);
    const error = (a: Answer) => (JSON.parse(a.text) as {error: string}).error;
    const form = await m.post('/admin/api/feeds/somewk/actions', 'key=x', {'Content-Type': 'application/x-www-form-urlencoded'});
    assert.equal(form.status, 415);
    assert.equal(error(form), 'Send the request as JSON (Content-Type: application/json)');
    const bad = await m.post('/admin/api/feeds/somewk/actions', '{"key": ');
    assert.equal(bad.status, 400);
    assert.equal(error(bad), "That request's body is not valid JSON");
    const big = await m.post('/admin/api/feeds/somewk/actions', {key: 'x'.repeat(20_000), action: 'hide', version: 1});
    assert.equal(big.status, 413);
    assert.match(error(big), /too large \(more than 16 KB\)/);
    const action = await m.post('/admin/api/feeds/somewk/actions', {key: 'x', action: 'delete', version: 1});
    assert.equal(action.status, 400);
    assert.match(error(action), /action must be one of approve, hide, pin, unpin, block, unblock/);
    const feed = await m.post('/admin/api/feeds/nosuch/actions', {key: 'x', action: 'hide', version: 1});
    assert.equal(feed.status, 404);
    assert.equal(error(feed), 'There is no feed called "nosuch"');
    assert.equal((await m.get('/admin/api/feeds/nosuch/items')).status, 404);
    const list = await m.get('/admin/api/feeds/somewk/items?list=everything');
    assert.equal(list.status, 400);
    assert.equal(error(list), 'list must be queue, published or hidden');
    // The moderation's own refusal keeps its status and words.
    const post = await m.post('/admin/api/feeds/somewk/actions', {key: 'no-such-post', action: 'hide', version: 1});
    assert.ok(post.status >= 400 && post.status < 500, `${post.status} ${post.text}`);
    assert.ok(error(post).length > 5);
  });

  it('acts as the signed-in moderator: the audit names them, undo works, a stale version is a 409 with the other decision', async () => {
    later();
    const alice = await moderator(c, ALICE, ALICE_PASSWORD);
    const bob = await moderator(c, BOB, BOB_PASSWORD);
    const items = (JSON.parse((await alice.get('/admin/api/feeds/somewk/items?list=queue')).text) as {items: Array<{key: string; version: number}>}).items;
    const item = items[items.length - 1];
    const done = await alice.post('/admin/api/feeds/somewk/actions', {key: item.key, action: 'approve', version: item.version});
    assert.equal(done.status, 200, done.text);
    const result = JSON.parse(done.text) as {ok: boolean; auditId: number; item: {list: string}};
    assert.equal(result.item.list, 'published');
    const late = await bob.post('/admin/api/feeds/somewk/actions', {key: item.key, action: 'hide', version: item.version});
    assert.equal(late.status, 409);
    assert.equal((JSON.parse(late.text) as {conflict: boolean}).conflict, true);
    const audit = JSON.parse((await bob.get('/admin/api/feeds/somewk/audit')).text) as {entries: Array<{id: number; actor: string; action: string}>};
    assert.ok(audit.entries.some((e) => e.id === result.auditId && e.actor === ALICE && e.action === 'approve'));
    const undone = await bob.post('/admin/api/feeds/somewk/undo', {auditId: result.auditId});
    assert.equal(undone.status, 200, undone.text);
    const after = JSON.parse((await bob.get('/admin/api/feeds/somewk/audit')).text) as {entries: Array<{actor: string; action: string}>};
    assert.equal(after.entries[0].actor, BOB);
    assert.equal(after.entries[0].action, 'undo');
  });

  it('puts the CSP and the other protective headers on every /admin/ response', async () => {
    later();
    const m = await moderator(c, ALICE, ALICE_PASSWORD);
    const answers: Array<[string, Answer]> = [
      ['the sign-in form', await ask(c.port, '/admin/login')],
      ['its style', await ask(c.port, '/admin/login.css')],
      ['the console page', await m.get('/admin/')],
      ['the console without a session', await ask(c.port, '/admin/')],
      ['/admin', await ask(c.port, '/admin')],
      ['the console script', await ask(c.port, '/admin/console.js')],
      ['a hashed chunk', await ask(c.port, '/admin/chunks/lit-Bx3kQ9aZ.js')],
      ['an unknown file', await ask(c.port, '/admin/nope.js')],
      ['a path that climbs out', await ask(c.port, '/admin/../package.json')],
      ['an encoded climb', await ask(c.port, '/admin/%2e%2e/package.json')],
      ['the API without a session', await ask(c.port, '/admin/api/session')],
      ['the API', await m.get('/admin/api/feeds/somewk/items')],
      ['a 405', await m.get('/admin/logout')],
      ['a 403', await m.post('/admin/api/feeds/somewk/actions', {}, {Origin: 'https://evil.example'})],
      ['a wrong password', await signIn(c, ALICE, 'wrong password here')],
    ];
    for (const [what, answer] of answers) assertProtected(answer, what);
    const byName = new Map(answers);
    assert.equal(byName.get('the console without a session')!.status, 303);
    assert.equal(byName.get('the console without a session')!.headers.location, '/admin/login');
    assert.equal(byName.get('/admin')!.headers.location, '/admin/');
    assert.equal(byName.get('the console script')!.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(byName.get('the console script')!.headers['cache-control'], 'no-cache');
    assert.equal(byName.get('a hashed chunk')!.headers['cache-control'], 'max-age=31536000, immutable');
    assert.equal(byName.get('an unknown file')!.status, 404);
    assert.notEqual(byName.get('a path that climbs out')!.status, 200);
    assert.notEqual(byName.get('an encoded climb')!.status, 200);
    assert.equal(byName.get('the API')!.headers['cache-control'], 'no-store');
    assert.equal(byName.get('the sign-in form')!.headers['cache-control'], 'no-store');
    // The public files beside the console carry none of the console's cookies.
    const feed = await ask(c.port, '/feeds/somewk.json');
    assert.equal(feed.status, 200);
    assert.equal(feed.headers['set-cookie'], undefined);
  });

  it('marks the cookie Secure (and __Secure-) when the request came over https through a proxy on loopback', async () => {
    later();
    const https = {'X-Forwarded-Proto': 'https'};
    const form = await loginForm(c, https);
    assert.match(setCookies(form.page).join('\n'), /__Secure-trust-admin-login=[^;]+; Path=\/admin\/login; Max-Age=1800; HttpOnly; SameSite=Strict; Secure/);
    const answer = await signIn(c, ALICE, ALICE_PASSWORD, {headers: https});
    assert.equal(answer.status, 303, answer.text);
    const session = setCookies(answer).find((s) => s.startsWith('__Secure-trust-admin='));
    assert.match(session ?? '', /^__Secure-trust-admin=[A-Za-z0-9_-]{43}; Path=\/admin\/; HttpOnly; SameSite=Strict; Secure$/);
    const fromElsewhere = await ask(c.port, '/admin/login', {headers: https, from: '127.0.0.2'});
    assert.doesNotMatch(setCookies(fromElsewhere).join('\n'), /Secure/, 'X-Forwarded-Proto is believed only from loopback or the sign-on proxy');
  });

  it('marks the cookie Secure whatever the request when admin.secureCookies is true', async () => {
    const always = await startConsole({admin: {secureCookies: true}});
    try {
      await always.admin.users.add(ALICE, ALICE_PASSWORD);
      const answer = await signIn(always, ALICE, ALICE_PASSWORD);
      assert.equal(answer.status, 303);
      assert.match(setCookies(answer).join('\n'), /^__Secure-trust-admin=[A-Za-z0-9_-]{43}; Path=\/admin\/; HttpOnly; SameSite=Strict; Secure$/m);
    } finally {
      await always.done();
    }
  });

  it('streams a change to a signed-in moderator, and ends the stream when they sign out', async () => {
    later();
    const alice = await moderator(c, ALICE, ALICE_PASSWORD);
    assert.equal((await ask(c.port, '/admin/api/events')).status, 401);
    const stream = await openStream(c, alice.cookie);
    assert.equal(stream.status, 200);
    assert.equal(stream.headers['content-type'], 'text/event-stream; charset=utf-8');
    assertProtected({status: stream.status, headers: stream.headers, text: ''}, 'the event stream');
    const [item] = (JSON.parse((await alice.get('/admin/api/feeds/somewk/items?list=queue')).text) as {items: Array<{key: string; version: number}>}).items;
    const changed = stream.next('event: changed');
    assert.equal((await alice.post('/admin/api/feeds/somewk/actions', {key: item.key, action: 'hide', version: item.version})).status, 200);
    const event = JSON.parse(/^data: (.*)$/m.exec(await changed)![1]) as {feed: string; decided: Array<{key: string; actor: string; action: string}>};
    assert.equal(event.feed, 'somewk');
    assert.deepEqual(event.decided, [{key: item.key, actor: ALICE, action: 'hide'}]);
    await alice.post('/admin/logout', {});
    await stream.ended;
  });
});
