import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {readFileSync} from 'node:fs';
import {adaptNative as adaptNativeEvent} from '../../src/event/adapters/native.js';
import {adaptSessionize} from '../../src/event/adapters/sessionize.js';
import {native as nativeCount} from '../../src/follow-counter/adapters.js';
import {thinned, worthRecording} from '../history.js';
import {published, setUp, type Setup} from './helpers.js';

const HOUR = 3_600_000;
type CounterDoc = {count: number; accounts?: Array<Record<string, unknown>>; history: Array<{at: string; count: number}>; account?: string; network?: string};

describe('follower counters and their history', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('sums a Mastodon and a Bluesky account, with each account and the summed history', async () => {
    s = await setUp((url) => ({counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}], bluesky: [{account: 'nelft.bsky.social', appview: url}], refresh: 300}}}));
    await s.relay.runDue();
    s.emulator.followers = 2150;
    s.clock.advance(300_000);
    await s.relay.runDue();
    const doc = published(s, 'counters/nelft.json') as CounterDoc;
    assert.equal(doc.count, 2150 + 554);
    assert.deepEqual(doc.accounts?.map((a) => [a.network, a.account, a.count]), [['mastodon', '@nelft', 2150], ['bluesky', '@nelft.bsky.social', 554]]);
    assert.deepEqual(doc.history.map((p) => p.count), [2100 + 554, 2150 + 554]);
  });

  it("a single account's file is what the widget's native adapter reads, history and all", async () => {
    s = await setUp((url) => ({counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}], refresh: 300, eventStart: '2016-10-24T09:00:00+01:00'}}}));
    for (let i = 0; i < 5; i++) {
      s.emulator.followers += 10;
      await s.relay.runDue();
      s.clock.advance(HOUR);
    }
    const doc = published(s, 'counters/nelft.json') as CounterDoc;
    const read = nativeCount.adapt(doc, {baseUrl: 'https://relay.example/counters/nelft.json', timeZone: 'Europe/London'}) as ReturnType<typeof nativeCount.adapt> & {value: {count: number; history: unknown[]}; problems: unknown[]};
    assert.equal(read.problems.length, 0);
    assert.equal(read.value.count, 2150);
    assert.equal(read.value.history.length, 5);
    assert.equal(doc.account, '@nelft');
    assert.equal((doc as {eventStart?: string}).eventStart, '2016-10-24T09:00:00+01:00', 'for since="event-start"');
    assert.equal(doc.network, 'mastodon');
  });

  it('records a sample when the count changes or an hour has passed, not on every poll', async () => {
    s = await setUp((url) => ({counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}], refresh: 60}}}));
    for (let minute = 0; minute < 120; minute++) {
      if (minute === 30) s.emulator.followers = 2101;
      await s.relay.runDue();
      s.clock.advance(60_000);
    }
    const history = (published(s, 'counters/nelft.json') as CounterDoc).history;
    assert.deepEqual(history.map((p) => p.count), [2100, 2101, 2101]);
  });

  it('keeps its history across a restart', async () => {
    s = await setUp((url) => ({counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}], refresh: 300}}}));
    await s.relay.runDue();
    s.emulator.followers = 2314;
    s.clock.advance(HOUR);
    await s.relay.runDue();
    s.restart();
    s.relay.publishAll();
    assert.deepEqual((published(s, 'counters/nelft.json') as CounterDoc).history.map((p) => p.count), [2100, 2314]);
  });

  it('keeps every sample for 48 hours, then one an hour for 90 days, then one a day', () => {
    const now = Date.UTC(2026, 11, 3, 12);
    const samples = [];
    // A sample every 10 minutes for 120 days.
    for (let at = now - 120 * 24 * HOUR; at <= now; at += 600_000) samples.push({at, count: 0});
    const drop = new Set(thinned(samples, now));
    const kept = samples.filter((p) => !drop.has(p.at));
    const recent = kept.filter((p) => now - p.at <= 48 * HOUR).length;
    const hourly = kept.filter((p) => now - p.at > 48 * HOUR && now - p.at <= 90 * 24 * HOUR).length;
    const daily = kept.filter((p) => now - p.at > 90 * 24 * HOUR).length;
    assert.equal(recent, 48 * 6 + 1);
    assert.ok(Math.abs(hourly - (90 * 24 - 48)) <= 1, `hourly ${hourly}`);
    assert.ok(Math.abs(daily - 30) <= 1, `daily ${daily}`);
    assert.equal(worthRecording({at: 0, count: 5}, {at: 60_000, count: 5}), false);
    assert.equal(worthRecording({at: 0, count: 5}, {at: 60_000, count: 6}), true);
    assert.equal(worthRecording({at: 0, count: 5}, {at: HOUR, count: 5}), true);
  });

  it('publishes nothing until every account has been read once, then the last good count while one fails', async () => {
    s = await setUp((url) => ({counters: {nelft: {mastodon: [{instance: url, account: 'nelft'}], bluesky: [{account: 'nelft.bsky.social', appview: url}], refresh: 300}}}));
    s.emulator.faults.set('/xrpc/app.bsky.actor.getProfile', {status: 502, body: '<html>Bad gateway</html>', times: 1});
    await s.relay.runDue();
    assert.equal(s.relay.output.get('counters/nelft.json'), undefined, 'a total without Bluesky would be short');
    s.clock.advance(30 * 60_000);
    await s.relay.runDue();
    assert.equal((published(s, 'counters/nelft.json') as CounterDoc).count, 2654);
    s.emulator.faults.set('/api/v1/accounts/lookup', {status: 500, body: '', times: 99});
    s.clock.advance(30 * 60_000);
    assert.equal(await s.relay.runDue(), false);
    assert.equal((published(s, 'counters/nelft.json') as CounterDoc).count, 2654);
  });
});

describe('schedules', () => {
  let s: Setup;
  afterEach(() => s.done());

  it('re-publishes a schedule in the native format and asks its server conditionally', async () => {
    s = await setUp((url) => ({schedules: {week: {src: `${url}/schedule.json`, refresh: 600}}}));
    await s.relay.runDue();
    const doc = published(s, 'schedules/week.json') as {sessions: Array<Record<string, unknown>>; rooms: unknown[]};
    assert.deepEqual(doc.sessions.map((x) => [x.title, x.start, x.room]), [['Opening', '2016-10-24T08:30:00.000Z', 'Seminar Room']]);
    const etag = s.relay.output.get('schedules/week.json')!.etag;
    s.clock.advance(600_000);
    await s.relay.runDue();
    const requests = s.emulator.requests('/schedule.json');
    assert.equal(requests.length, 2);
    assert.ok(requests[1].headers['if-none-match'], 'the second request is conditional');
    assert.equal(s.relay.output.get('schedules/week.json')!.etag, etag, 'unchanged: same bytes, same ETag');
  });

  it('turns a real Sessionize export into a native file that the widgets read back to the same schedule', async () => {
    s = await setUp((url) => ({schedules: {linz: {src: `${url}/schedule.json`, timezone: 'Europe/Vienna'}}}));
    s.emulator.schedule = readFileSync(new URL('../../../../test/fixtures/formats/sessionize-all-linz-2024.json', import.meta.url), 'utf8');
    assert.equal(await s.relay.runDue(), true);
    const context = {baseUrl: `${s.emulator.url}/schedule.json`, timeZone: 'Europe/Vienna'};
    const direct = adaptSessionize(JSON.parse(s.emulator.schedule), context).value;
    const viaRelay = adaptNativeEvent(published(s, 'schedules/linz.json'), context).value;
    assert.ok(direct.sessions.length > 10);
    // As JSON: keys the model leaves undefined are absent from the file.
    const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    assert.deepEqual(plain(viaRelay), plain(direct));
  });
});
