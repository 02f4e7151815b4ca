// The relay's Jetstream hashtag filter (relay/sources/jetstream.ts,
// screenMessage: the code each WebSocket message goes through) over one
// million events of the shapes Jetstream sends (its README's examples and the
// recorded searchPosts records in test/fixtures/formats): posts in several
// languages with and without facets, replies, deletions, account and identity
// events, and one post in 10,000 carrying the hashtag. One core, in this
// process: events per second, and the average size of an event, for the
// bandwidth a relay takes (README: Relay / Bluesky from Jetstream).
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {repoRoot} from '../lib/server.js';
import {random as seededRandom} from '../lib/data.js';

const FILTER = path.join(repoRoot, 'dist/node/relay/sources/jetstream.js');
const EVENTS = 1_000_000;

function makeEvents(count) {
  const random = seededRandom(20161024);
  const search = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/formats/bluesky-search-posts.json'), 'utf8'));
  const records = search.posts.map((p) => p.record);
  const examples = readFileSync(path.join(repoRoot, 'test/fixtures/formats/jetstream-events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const account = examples.find((e) => e.kind === 'account');
  const identity = examples.find((e) => e.kind === 'identity');
  const events = new Array(count);
  let timeUs = 1_733_220_000_000_000;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    timeUs += 1 + Math.floor(random() * 40_000);
    const did = `did:plc:${Math.floor(random() * 1e12).toString(36).padStart(24, 'x')}`;
    const rkey = `3l${timeUs.toString(36).slice(-11)}`;
    const roll = random();
    let event;
    if (roll < 0.004) event = {...account, did, time_us: timeUs, account: {...account.account, did, active: random() < 0.5}};
    else if (roll < 0.008) event = {...identity, did, time_us: timeUs, identity: {...identity.identity, did}};
    else if (roll < 0.06) event = {did, time_us: timeUs, kind: 'commit', commit: {rev: rkey, operation: 'delete', collection: 'app.bsky.feed.post', rkey}};
    else {
      const record = {...records[Math.floor(random() * records.length)], createdAt: new Date(timeUs / 1000).toISOString()};
      if (i % 10_000 === 0) record.text = `${record.text} #NelftSoMeWeek`;
      event = {did, time_us: timeUs, kind: 'commit', commit: {rev: rkey, operation: 'create', collection: 'app.bsky.feed.post', rkey, record, cid: `bafyrei${rkey}`}};
    }
    events[i] = JSON.stringify(event);
    bytes += Buffer.byteLength(events[i]);
  }
  return {events, bytes};
}

export default {
  title: 'jetstream-filter',
  browser: false,
  once: true,
  timeoutMs: 300_000,
  async run({quick}) {
    if (!existsSync(FILTER)) return {skip: 'relay not built (dist/node/relay missing; run npm run build:relay)'};
    const {HashtagFilter, screenMessage} = await import(pathToFileURL(FILTER).href);
    const count = quick ? EVENTS / 10 : EVENTS;
    const {events, bytes} = makeEvents(count);
    const filter = new HashtagFilter('NelftSoMeWeek');
    const known = new Set(Array.from({length: 200}, (_, i) => `did:plc:known${i}`));
    let matched = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    for (const raw of events) if (screenMessage(raw, filter, known).change) matched++;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const heapGrowth = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    const perSecond = Math.round(count / seconds);
    const averageBytes = Math.round(bytes / count);
    return [
      {metric: `events through the filter (${count.toLocaleString('en-GB')})`, value: seconds, unit: 's'},
      {metric: 'filter throughput, one core', value: perSecond, unit: 'events/s', notes: `${matched} matches (one post in 10,000 carries the tag)`},
      {metric: 'average event size (uncompressed JSON)', value: averageBytes, unit: 'bytes', notes: 'Jetstream\'s own figure: 482 bytes on average'},
      {metric: 'heap growth over the run', value: heapGrowth, unit: 'MB', notes: 'the filter keeps nothing per event'},
    ];
  },
};
