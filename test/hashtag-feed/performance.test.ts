import {expect, html} from '@open-wc/testing';
import '../helpers/index.js';
import {clock} from '../../src/shared/manual-time.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';
import {articles, mount, nativePosts, root} from './helpers.js';

/**
 * Work proportional to what changed, and nothing that grows while a wall
 * screen runs for days. (The timings themselves — 10 posts into 50 under
 * 8 ms, a flat heap over 24 hours — are measured by `npm run bench` on the
 * production build; here we check the properties that make them possible.)
 */

const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
const nextTask = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

/** Waits, task by task, until the feed shows post `n` first. */
async function shows(el: TrustHashtagFeed, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await el.updateComplete;
    if (articles(el)[0]?.textContent.includes(`Post ${n} from`)) return;
    await nextTask();
  }
  throw new Error(`post ${n} never shown`);
}

describe('<trust-hashtag-feed> performance', () => {
  beforeEach(() => clock.useManualTime('2016-10-24T09:00:00Z'));

  it('is accessible with a full feed', async () => {
    const el = await mount(html`<trust-hashtag-feed no-avatars .data=${nativePosts(0, 50)}></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
  });

  it('inserts 10 new posts into 50 by adding 10 articles, touching nothing inside the others', async () => {
    const el = await mount(html`<trust-hashtag-feed max-posts="100" .data=${nativePosts(0, 50)}></trust-hashtag-feed>`);
    const before = articles(el);
    const feed = root(el).querySelector('[role="feed"]')!;
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(feed, {subtree: true, childList: true, characterData: true, attributes: true});

    el.data = nativePosts(0, 60);
    await shows(el, 59);
    observer.disconnect();

    const after = articles(el);
    expect(after).to.have.length(60);
    expect(after.slice(10), 'the 50 posts keep their elements').to.deep.equal(before);
    const added = changes.flatMap((r) => [...r.addedNodes]).filter((n) => n instanceof HTMLElement && n.localName === 'article');
    expect(added).to.have.length(10);
    const inside = changes.filter((r) => before.some((a) => a !== r.target && a.contains(r.target)));
    expect(inside, 'no change inside the posts already shown').to.deep.equal([]);
    const attributes = new Set(changes.filter((r) => r.type === 'attributes' && before.includes(r.target as HTMLElement)).map((r) => r.attributeName));
    expect([...attributes].sort(), 'only their position in the feed and its size change').to.deep.equal(['aria-posinset', 'aria-setsize']);
  });

  it('keeps the elements of the posts it shows, and focus, while old posts drop out for hours', async () => {
    const el = await mount(html`<trust-hashtag-feed .data=${nativePosts(0, 50)}></trust-hashtag-feed>`);
    const comments = () => [...root(el).querySelector('[role="feed"]')!.childNodes].filter((n) => n.nodeType === Node.COMMENT_NODE).length;
    const expected = comments();
    // The reader on the newest post while 10 new posts a time push the oldest out (held back, then shown).
    let newest = articles(el)[0];
    newest.focus();
    for (let n = 60; n <= 400; n += 10) {
      el.data = nativePosts(n - 50, n);
      const button = () => root(el).querySelector<HTMLButtonElement>('[part="new-posts-button"]');
      for (let i = 0; i < 200 && !button(); i++) await nextTask();
      button()!.click();
      await shows(el, n - 1);
      expect(articles(el)[10], `post ${n - 11} keeps its element`).to.equal(newest);
      expect(comments(), 'no stranded markers').to.equal(expected);
      newest = articles(el)[0];
    }
  });

  it('keeps memory bounded on a wall that runs for hours: posts, DOM, timers and ids', async function () {
    const el = await mount(html`<trust-hashtag-feed layout="wall" max-posts="100" .data=${nativePosts(0, 100)}></trust-hashtag-feed>`);
    // Every node, comments included: Lit's markers are comments, and a leak of them is still a leak.
    const allNodes = () => {
      const walker = document.createTreeWalker(root(el), NodeFilter.SHOW_ALL);
      let count = 0;
      while (walker.nextNode()) count++;
      return count;
    };
    const sample = () => ({nodes: allNodes(), timers: clock.pendingTimers});
    let start = sample();
    // One post every 2 s, as a source answers (the newest 100 each time): 20 simulated minutes.
    for (let n = 100; n < 700; n++) {
      el.data = nativePosts(n - 99, n + 1);
      await shows(el, n);
      if (n === 150) start = sample();
      if (n % 30 === 0) await clock.advance(60_000);
    }
    await clock.advance(2000);
    const end = sample();
    expect(articles(el)).to.have.length(100);
    expect(end.nodes).to.be.at.most(start.nodes * 1.05);
    expect(end.timers).to.be.at.most(start.timers);
    // Element ids stay unique (no id is reused for another post).
    const ids = [...root(el).querySelectorAll('[id]')].map((e) => e.id);
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
