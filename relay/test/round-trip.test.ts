import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {adaptBluesky} from '../../src/hashtag-feed/formats/bluesky.js';
import {adaptMastodon} from '../../src/hashtag-feed/formats/mastodon.js';
import {adaptNative} from '../../src/hashtag-feed/formats/native.js';
import type {Post} from '../../src/hashtag-feed/model.js';
import {feedDocument} from '../native-json.js';
import './helpers.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../test/fixtures/formats/${name}`, import.meta.url), 'utf8'));

type Node = {t: string; text?: string; children?: Node[]};

/** Adjacent text nodes as one: "@" + "name" and "@name" read and render the same. */
function mergeText(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    const last = out.at(-1);
    if (node.t === 'text' && last?.t === 'text') last.text = `${last.text}${node.text}`;
    else out.push(node.children ? {...node, children: mergeText(node.children)} : {...node});
  }
  return out;
}

/** A post as JSON, without its id (the relay's files name posts by their uri, unique across networks). */
function plain(posts: Post[]): unknown {
  const one = ({id: _id, quote, content, ...rest}: Post): unknown => ({
    ...rest,
    content: content?.map((b) => ({...b, children: mergeText(b.children)})),
    quote: quote && one(quote),
  });
  return JSON.parse(JSON.stringify(posts.map(one)));
}

describe('what the relay publishes reads back to the same posts', () => {
  const context = {baseUrl: 'https://relay.example/feeds/somewk.json', timeZone: 'Europe/London'};

  for (const [name, adapt] of [
    ['mastodon-status-examples.json', (raw: unknown) => adaptMastodon(raw, {baseUrl: 'https://mastodon.example', timeZone: 'UTC'})],
    ['fediverse-statuses-tootsdk.json', (raw: unknown) => adaptMastodon(raw, {baseUrl: 'https://akkoma.example', timeZone: 'UTC'})],
    ['bluesky-search-posts.json', (raw: unknown) => adaptBluesky(raw)],
    ['bluesky-author-feed-bskyr.json', (raw: unknown) => adaptBluesky(raw)],
  ] as const) {
    it(`${name}: text, links, emoji, media with alt text, cards, quotes, boosts and warnings survive`, async () => {
      const direct = (await adapt(fixture(name))).value.posts;
      assert.ok(direct.length > 0);
      const back = await adaptNative(JSON.parse(JSON.stringify(feedDocument('tag', direct))), context);
      assert.deepEqual(back.problems, []);
      assert.deepEqual(plain(back.value.posts), plain(direct));
    });
  }
});
