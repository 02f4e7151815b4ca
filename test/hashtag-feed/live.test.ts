import {expect, fixture, html} from '@open-wc/testing';
import {press} from '../helpers/engine.js';
import sinon from 'sinon';
import {mockPath, program, requests, settledPosition, until} from '../helpers/index.js';
import {clock} from '../../src/shared/manual-time.js';
import {subscribe, type FetchResult} from '../../src/shared/source-cache.js';
import {nextLink} from '../../src/hashtag-feed/formats/mastodon.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';
import {FEED_FIXTURES, announced, articles, authors, contentOf, mount, nativePosts, root, settled, shownText, status, statuses, type Json} from './helpers.js';

/** A Mastodon server on the mock server: its base URL and the path of its #nhssmw timeline. */
function server(name: string): {instance: string; path: string} {
  const base = mockPath(name);
  return {instance: location.origin + base, path: `${base}/api/v1/timelines/tag/nhssmw`};
}

const posts = (el: TrustHashtagFeed) => articles(el).map((a) => contentOf(a).replace(' #nhssmw', ''));
const query = (url: string) => new URL(url, location.origin).searchParams;
const idOf = async (i: number) => (await status(i)).id as string;

/** Lets an IntersectionObserver report a scroll (its callbacks run after the next frame). */
/** Everything the live region said, in order (ignoring its clearing). */
function spokenBy(el: TrustHashtagFeed): string[] {
  const said: string[] = [];
  const region = root(el).querySelector('[role="status"]')!;
  new MutationObserver(() => region.textContent.trim() && said.push(region.textContent.trim())).observe(region, {childList: true, subtree: true, characterData: true});
  return said;
}

describe('<trust-hashtag-feed> live Mastodon sources', () => {
  beforeEach(() => clock.useManualTime('2016-10-24T12:00:00Z'));
  afterEach(() => window.scrollTo(0, 0));

  it('is accessible, and polls for newer posts with min_id, sliding them in at the top', async () => {
    const {instance, path} = server('poll');
    await program(path, [{body: await statuses(2, 6)}, {body: await statuses(0, 2)}, {body: []}]);
    const el = await mount(html`<trust-hashtag-feed instance=${instance} hashtag="#nhssmw" refresh="30"></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    expect(posts(el)).to.deep.equal(['Post 2', 'Post 3', 'Post 4', 'Post 5']);
    const said = spokenBy(el);
    let log = await requests(path);
    expect(log).to.have.length(1);
    expect(query(log[0].url).get('limit')).to.equal('40');
    expect(query(log[0].url).has('min_id')).to.be.false;

    await clock.advance(30_000);
    await until(() => articles(el).length === 6, 'new posts shown');
    log = await requests(path);
    expect(query(log[1].url).get('min_id')).to.equal(await idOf(2));
    expect(query(log[1].url).get('limit')).to.equal('40');
    expect(posts(el)).to.deep.equal(['Post 0', 'Post 1', 'Post 2', 'Post 3', 'Post 4', 'Post 5']);
    expect(articles(el)[0].getAttribute('aria-posinset')).to.equal('1');
    expect(root(el).querySelector('[part="new-posts-button"]')).to.be.null;
    await clock.advance(1000);
    expect(said).to.deep.equal(['2 new posts']);

    await clock.advance(29_000);
    await until(async () => (await requests(path)).length === 3, 'third poll');
    expect(query((await requests(path))[2].url).get('min_id')).to.equal(await idOf(0));
    await clock.advance(1000);
    expect(said, 'an empty answer says nothing').to.deep.equal(['2 new posts']);
    // (axe measures contrast: let the slide-in finish first)
    for (const animation of root(el).getAnimations()) animation.finish();
    await expect(el).to.be.accessible();
  });

  it('holds new posts behind "Show N new posts" while the reader is down the feed, and moves nothing under them', async () => {
    const {instance, path} = server('held');
    await program(path, [{body: await statuses(3, 23)}, {body: await statuses(1, 3)}, {body: [await status(0)]}]);
    const wrapper = await fixture<HTMLDivElement>(html`<div style="padding-block-end: 200vh">
      <trust-hashtag-feed instance=${instance} hashtag="nhssmw" refresh="30"></trust-hashtag-feed>
    </div>`);
    const el = wrapper.querySelector('trust-hashtag-feed')!;
    await settled(el);
    const said = spokenBy(el);
    const reading = articles(el)[5];
    window.scrollTo(0, reading.getBoundingClientRect().top + window.scrollY);
    const before = await settledPosition(() => reading.getBoundingClientRect().top);

    await clock.advance(30_000);
    await until(() => root(el).querySelector('[part="new-posts-button"]'), 'the new-posts button');
    const button = root(el).querySelector<HTMLButtonElement>('[part="new-posts-button"]')!;
    expect(button.textContent.trim()).to.equal('Show 2 new posts');
    expect(posts(el)[0]).to.equal('Post 3');
    expect(await settledPosition(() => reading.getBoundingClientRect().top), 'the post being read did not move').to.equal(before);
    await clock.advance(1000);
    expect(said).to.deep.equal(['2 new posts']);
    await expect(el).to.be.accessible();

    await clock.advance(29_000);
    await until(() => button.textContent.includes('3'), 'a third new post');
    expect(button.textContent.trim()).to.equal('Show 3 new posts');
    await clock.advance(1000);
    expect(said).to.deep.equal(['2 new posts', '1 new post']);

    button.focus();
    await press('Enter');
    await el.updateComplete;
    expect(posts(el).slice(0, 4)).to.deep.equal(['Post 0', 'Post 1', 'Post 2', 'Post 3']);
    expect(root(el).querySelector('[part="new-posts-button"]')).to.be.null;
    expect(root(el).activeElement, 'focus goes to the newest post').to.equal(articles(el)[0]);
  });

  it('holds new posts while focus is inside the feed, even at the top; a wall shows them at once', async () => {
    const {instance, path} = server('focus');
    await program(path, [{body: await statuses(1, 4)}, {body: [await status(0)]}]);
    const el = await mount(html`<trust-hashtag-feed instance=${instance} hashtag="nhssmw" refresh="30"></trust-hashtag-feed>`);
    articles(el)[1].focus();
    await clock.advance(30_000);
    await until(() => root(el).querySelector('[part="new-posts-button"]'), 'held while reading');
    expect(posts(el)[0]).to.equal('Post 1');

    const wall = server('wall');
    await program(wall.path, [{body: await statuses(1, 20)}, {body: [await status(0)]}]);
    const wrapper = await fixture<HTMLDivElement>(html`<div style="padding-block-end: 200vh">
      <trust-hashtag-feed layout="wall" instance=${wall.instance} hashtag="nhssmw" refresh="30"></trust-hashtag-feed>
    </div>`);
    const screen = wrapper.querySelector('trust-hashtag-feed')!;
    await settled(screen);
    window.scrollTo(0, 2000);
    await settledPosition(() => window.scrollY);
    await clock.advance(30_000);
    await until(() => posts(screen)[0] === 'Post 0', 'the wall shows the new post at once');
    expect(root(screen).querySelector('[part="new-posts-button"]')).to.be.null;
  });

  it('keeps at most max-posts posts, newest first', async () => {
    const {instance, path} = server('max');
    await program(path, [{body: await statuses(3, 10)}, {body: await statuses(0, 3)}]);
    const el = await mount(html`<trust-hashtag-feed max-posts="5" instance=${instance} hashtag="nhssmw" refresh="30"></trust-hashtag-feed>`);
    expect(posts(el)).to.deep.equal(['Post 3', 'Post 4', 'Post 5', 'Post 6', 'Post 7']);
    expect(articles(el).map((a) => a.getAttribute('aria-setsize'))).to.deep.equal(Array(5).fill('5'));
    await clock.advance(30_000);
    await until(() => posts(el)[0] === 'Post 0');
    expect(posts(el)).to.deep.equal(['Post 0', 'Post 1', 'Post 2', 'Post 3', 'Post 4']);
  });

  it('follows the Link header for "Load older posts", until there are none', async () => {
    const {instance, path} = server('older');
    const link = (i: number, id: string) => ({Link: `<${location.origin}${path}?max_id=${id}>; rel="next", <${location.origin}${path}?min_id=${i}>; rel="prev"`});
    await program(path, [
      {body: await statuses(0, 3), headers: link(0, await idOf(2))},
      {status: 500},
      {body: await statuses(3, 6), headers: link(3, await idOf(5))},
      {body: []},
    ]);
    const el = await mount(html`<trust-hashtag-feed instance=${instance} hashtag="nhssmw"></trust-hashtag-feed>`);
    expect(articles(el).map((a) => a.getAttribute('aria-setsize'))).to.deep.equal(['-1', '-1', '-1']);
    const button = root(el).querySelector<HTMLButtonElement>('[part="load-older-button"]')!;
    expect(button.textContent.trim()).to.equal('Load older posts');
    await expect(el).to.be.accessible();

    button.focus();
    await press('Enter');
    await until(() => shownText(el).includes('Older posts could not be loaded'), 'an error message');
    expect(announced(el)).to.equal('Older posts could not be loaded. Please try again.');
    expect(root(el).activeElement).to.equal(button);

    await press('Enter');
    await until(() => articles(el).length === 6, 'older posts');
    expect(posts(el)).to.deep.equal(['Post 0', 'Post 1', 'Post 2', 'Post 3', 'Post 4', 'Post 5']);
    const log = await requests(path);
    expect(query(log[2].url).get('max_id')).to.equal(await idOf(2));
    expect(announced(el)).to.equal('3 older posts loaded.');

    await press('Enter');
    await until(() => shownText(el).includes('There are no older posts.'));
    expect(query((await requests(path))[3].url).get('max_id')).to.equal(await idOf(5));
    expect(root(el).querySelector('[part="load-older-button"]')).to.be.null;
    expect(articles(el).map((a) => a.getAttribute('aria-setsize'))).to.deep.equal(Array(6).fill('6'));
    await expect(el).to.be.accessible();
  });

  it('only follows a Link to the same server', () => {
    const headers = new Headers({Link: '<https://elsewhere.example/api/v1/timelines/tag/x?max_id=1>; rel="next"'});
    expect(nextLink(headers, 'https://social.example/api/v1/timelines/tag/x')).to.be.undefined;
    const same = new Headers({Link: '<https://social.example/api/v1/timelines/tag/x?min_id=9>; rel="prev", <https://social.example/api/v1/timelines/tag/x?max_id=1>; rel="next"'});
    expect(nextLink(same, 'https://social.example/api/v1/timelines/tag/x')).to.equal('https://social.example/api/v1/timelines/tag/x?max_id=1');
    expect(nextLink(new Headers({Link: '<javascript:alert(1)>; rel="next"'}), 'https://social.example/')).to.be.undefined;
  });

  it('falls back to local=true when the server wants a login for its hashtag timeline, and says so in the console', async () => {
    const info = sinon.stub(console, 'info');
    try {
      const {instance, path} = server('login');
      await program(path, [{status: 401, body: {error: 'This method requires an authenticated user'}}, {body: await statuses(1, 3)}, {body: [await status(0)]}]);
      const el = await mount(html`<trust-hashtag-feed instance=${instance} hashtag="nhssmw" refresh="30"></trust-hashtag-feed>`);
      expect(posts(el)).to.deep.equal(['Post 1', 'Post 2']);
      let log = await requests(path);
      expect(query(log[0].url).has('local')).to.be.false;
      expect(query(log[1].url).get('local')).to.equal('true');
      expect(info.calledOnce).to.be.true;
      expect(String(info.firstCall.args[0])).to.contain('answered 401').and.contain('local=true');

      await clock.advance(30_000);
      await until(() => posts(el)[0] === 'Post 0');
      log = await requests(path);
      expect(query(log[2].url).get('local')).to.equal('true');
      expect(query(log[2].url).get('min_id')).to.equal(await idOf(1));
    } finally {
      info.restore();
    }
  });

  it('tries local=true once when the first answer is an empty list, and keeps it only if it has posts', async () => {
    const info = sinon.stub(console, 'info');
    try {
      const restricted = server('empty');
      await program(restricted.path, [{body: []}, {body: await statuses(0, 2)}]);
      const el = await mount(html`<trust-hashtag-feed instance=${restricted.instance} hashtag="nhssmw"></trust-hashtag-feed>`, (e) => articles(e).length === 2);
      expect(posts(el)).to.deep.equal(['Post 0', 'Post 1']);
      expect(query((await requests(restricted.path))[1].url).get('local')).to.equal('true');

      const quiet = server('quiet');
      await program(quiet.path, [{body: []}, {body: []}, {body: [await status(0)]}]);
      const empty = await mount(html`<trust-hashtag-feed instance=${quiet.instance} hashtag="nhssmw" refresh="30"></trust-hashtag-feed>`);
      expect(shownText(empty)).to.contain('No posts with #nhssmw yet.');
      await clock.advance(30_000);
      await until(() => articles(empty).length === 1);
      const log = await requests(quiet.path);
      expect(log.map((r) => query(r.url).get('local'))).to.deep.equal([null, 'true', null]);
      expect(info.callCount).to.equal(1);
    } finally {
      info.restore();
    }
  });

  it('merges several servers and files by time, showing a post seen through two servers once, and announces each refresh once', async () => {
    const a = server('a');
    const b = server('b');
    const shared = await status(1);
    // The same post as server B sees it: its own id and URL, the same ActivityPub uri.
    const sharedViaB = {...shared, id: '9001', url: 'https://b.example/@member1@social.example/9001'};
    await program(a.path, [{body: [shared, await status(3)]}, {body: [await status(0)]}]);
    await program(b.path, [{body: [sharedViaB, await status(2)]}, {body: [{...(await status(-1)), uri: 'https://b.example/unique'} as Json]}]);
    const el = await mount(html`<trust-hashtag-feed instance="${a.instance} ${b.instance}" hashtag="nhssmw" refresh="30" src="${FEED_FIXTURES}/native-posts.json"></trust-hashtag-feed>`, (e) => articles(e).length === 10);
    expect(authors(el).slice(0, 5)).to.deep.equal(['Member 1', 'Trust communications', 'Member 2', 'Member 3', 'Carers’ Café']);
    expect(posts(el).filter((p) => p === 'Post 1')).to.have.length(1);
    const said = spokenBy(el);

    await clock.advance(30_000);
    await until(() => posts(el)[0] === 'Post -1' && posts(el)[1] === 'Post 0', 'both servers answered');
    await clock.advance(1000);
    expect(said).to.deep.equal(['2 new posts']);
  });

  it('treats newer posts set through the data property like a source’s', async () => {
    const el = await mount(html`<trust-hashtag-feed .data=${nativePosts(0, 3)}></trust-hashtag-feed>`);
    const said = spokenBy(el);
    el.data = nativePosts(0, 5);
    await until(() => articles(el).length === 5);
    expect(articles(el)[0].textContent).to.contain('Post 4 from');
    await clock.advance(1000);
    expect(said).to.deep.equal(['2 new posts']);
  });

  it('reads another URL once when a source needs a login (the generic source fallback)', async () => {
    const path = await program(mockPath('secret'), [{status: 403}]);
    const open = await program(mockPath('open'), [{body: ['ok']}]);
    const results: FetchResult[] = [];
    const sub = subscribe(path, {fallback: {url: open}, onResult: (r) => results.push(r), onError: () => undefined});
    try {
      await until(() => results.length === 1);
      expect(results[0].url).to.equal(open);
      expect(results[0].text).to.equal('["ok"]');
    } finally {
      sub.unsubscribe();
    }
  });
});
