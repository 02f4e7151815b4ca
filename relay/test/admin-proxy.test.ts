import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {ask, cookie, startConsole, type Console} from './admin-helpers.js';

describe('signing in through the trust\'s single sign-on proxy (adminAuth.trustedHeader)', () => {
  let c: Console;

  before(async () => {
    // Listening on "::": an IPv4 client appears as ::ffff:127.0.0.1, which must still match "127.0.0.1".
    c = await startConsole({adminAuth: {trustedHeader: 'X-Forwarded-User', fromAddresses: ['127.0.0.1']}}, {host: '::'});
    await c.admin.users.add('alice', 'correct horse battery staple');
    c.s.emulator.post('A post for #NelftSoMeWeek');
    await c.s.relay.runDue();
  });
  after(() => c.done());

  it('believes the header from the proxy\'s address: the moderator is who it names, with a session of their own', async () => {
    const page = await ask(c.port, '/admin/', {headers: {'X-Forwarded-User': 'dana.smith@nelft.nhs.uk'}});
    assert.equal(page.status, 200);
    const session = cookie(page, 'trust-admin')!;
    assert.ok(session);
    const headers = {'X-Forwarded-User': 'dana.smith@nelft.nhs.uk', Cookie: session};
    const info = JSON.parse((await ask(c.port, '/admin/api/session', {headers})).text) as {user: string; via: string; csrf: string};
    assert.equal(info.user, 'dana.smith@nelft.nhs.uk');
    assert.equal(info.via, 'proxy');
    const [item] = (JSON.parse((await ask(c.port, '/admin/api/feeds/somewk/items', {headers})).text) as {items: Array<{key: string; version: number}>}).items;
    const act = await ask(c.port, '/admin/api/feeds/somewk/actions', {
      method: 'POST',
      headers: {...headers, Origin: c.origin, 'Content-Type': 'application/json', 'X-CSRF-Token': info.csrf},
      body: JSON.stringify({key: item.key, action: 'pin', version: item.version}),
    });
    assert.equal(act.status, 200, act.text);
    const audit = JSON.parse((await ask(c.port, '/admin/api/feeds/somewk/audit', {headers})).text) as {entries: Array<{actor: string}>};
    assert.equal(audit.entries[0].actor, 'dana.smith@nelft.nhs.uk');
    assert.equal((await ask(c.port, '/admin/login', {headers})).status, 303, 'no sign-in form for someone the proxy signed in');
    // Without the header, the proxy's session is worth nothing, even from the proxy's address.
    assert.equal((await ask(c.port, '/admin/api/session', {headers: {Cookie: session}})).status, 401);
    // Another name from the proxy is another person: not the first one's session.
    const other = JSON.parse((await ask(c.port, '/admin/api/session', {headers: {'X-Forwarded-User': 'erin', Cookie: session}})).text) as {user: string};
    assert.equal(other.user, 'erin');
    assert.match(c.s.log.lines.join('\n'), /"event":"admin.signin","user":"dana.smith@nelft.nhs.uk","via":"proxy","address":"127.0.0.1"/);
  });

  it('ignores the header from any other address, which signs in with a password as usual', async () => {
    const headers = {'X-Forwarded-User': 'alice'};
    const page = await ask(c.port, '/admin/', {headers, from: '127.0.0.2'});
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, '/admin/login');
    assert.equal((await ask(c.port, '/admin/api/session', {headers, from: '127.0.0.2'})).status, 401);
    // A proxy session carried to another address (with the header forged) is refused too.
    const proxied = cookie(await ask(c.port, '/admin/', {headers: {'X-Forwarded-User': 'alice'}}), 'trust-admin')!;
    assert.equal((await ask(c.port, '/admin/api/session', {headers: {...headers, Cookie: proxied}, from: '127.0.0.2'})).status, 401);
    // The password sign-in still works from elsewhere.
    const form = await ask(c.port, '/admin/login', {from: '127.0.0.2'});
    assert.equal(form.status, 200);
    const token = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    const signedIn = await ask(c.port, '/admin/login', {
      from: '127.0.0.2',
      method: 'POST',
      headers: {Origin: c.origin, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie(form, 'trust-admin-login')!},
      body: new URLSearchParams({csrf: token, name: 'alice', password: 'correct horse battery staple'}).toString(),
    });
    assert.equal(signedIn.status, 303);
    const info = JSON.parse((await ask(c.port, '/admin/api/session', {headers: {Cookie: cookie(signedIn, 'trust-admin')!, 'X-Forwarded-User': 'mallory'}, from: '127.0.0.2'})).text) as {user: string; via: string};
    assert.deepEqual([info.user, info.via], ['alice', 'password'], 'the forged header changes nothing');
    const ignored = c.s.log.lines.filter((l) => l.includes('admin.proxy-ignored'));
    assert.equal(ignored.length, 1, 'said once for that address');
    assert.match(ignored[0], /"address":"127.0.0.2","error":"x-forwarded-user ignored: 127.0.0.2 is not in adminAuth.fromAddresses"/);
  });
});
