import assert from 'node:assert/strict';
import {connect} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {openStream, startConsole, withSession, type Console} from './admin-helpers.js';

describe("the console's event stream", () => {
  let c: Console;

  before(async () => {
    // As in serve, the heartbeat (here 500 ms) is further apart than the listener's idle time-out (here 200 ms).
    c = await startConsole({}, {timeouts: {requestMs: 200, idleMs: 200, checkMs: 50}, heartbeatMs: 500});
    await c.admin.users.add('alice', 'correct horse battery staple');
    await c.admin.users.add('bob', 'another long passphrase');
    for (let i = 0; i < 3; i++) c.s.emulator.post(`Post ${i} for #NelftSoMeWeek`);
    await c.s.relay.runDue();
  });
  after(() => c.done());

  it("outlives the listener's time-outs that close any other quiet connection, beating all along", async () => {
    const quiet = connect(c.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => quiet.on('close', () => resolve()));
    const alice = await withSession(c, 'alice');
    const stream = await openStream(c, alice.cookie);
    await closed; // a connection that sends nothing is cut after 200 ms: the time-outs are live
    // ...and the stream, as old as that connection, still beats:
    for (let i = 0; i < 2; i++) await stream.next(': heartbeat');
    const [item] = (JSON.parse((await alice.get('/admin/api/feeds/somewk/items?list=queue')).text) as {items: Array<{key: string; version: number}>}).items;
    const changed = stream.next('event: changed');
    assert.equal((await alice.post('/admin/api/feeds/somewk/actions', {key: item.key, action: 'approve', version: item.version})).status, 200);
    assert.match(await changed, /"decided":\[\{"key":"[^"]+","actor":"alice","action":"approve"\}\]/);
    stream.close();
  });

  it('carries new posts arriving from a poll, with their number', async () => {
    const alice = await withSession(c, 'alice');
    const stream = await openStream(c, alice.cookie);
    const changed = stream.next('event: changed');
    c.s.emulator.post('A late post for #NelftSoMeWeek');
    c.s.clock.advance(61_000);
    await c.s.relay.runDue();
    const event = JSON.parse(/^data: (.*)$/m.exec(await changed)![1]) as {feed: string; added: number};
    assert.equal(event.feed, 'somewk');
    assert.equal(event.added, 1);
    stream.close();
  });

  it('ends when the session expires, or when the account is removed', async () => {
    const idle = await withSession(c, 'alice');
    const first = await openStream(c, idle.cookie);
    c.s.clock.advance(31 * 60_000);
    await first.ended;
    const bob = await withSession(c, 'bob');
    const second = await openStream(c, bob.cookie);
    await second.next(': heartbeat');
    c.admin.users.remove('bob');
    await second.ended;
  });
});
