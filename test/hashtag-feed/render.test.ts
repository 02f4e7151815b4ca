import {expect, fixture, html} from '@open-wc/testing';
import {press} from '../helpers/engine.js';
import {mockPath, program, requests, until} from '../helpers/index.js';
import {clock} from '../../src/shared/manual-time.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';
import {FEED_FIXTURES, articles, authors, contentOf, mount, nativePost, nativePosts, root, shownText} from './helpers.js';

const SHOWCASE = `${FEED_FIXTURES}/mastodon-showcase.json`;

function byAuthor(el: TrustHashtagFeed, name: string): HTMLElement {
  const names = authors(el);
  return articles(el)[names.indexOf(name)];
}

function focused(el: TrustHashtagFeed): Element | null {
  return root(el).activeElement;
}

describe('<trust-hashtag-feed> rendering', () => {
  beforeEach(() => clock.useManualTime('2016-10-24T12:00:00Z'));

  it('is accessible, and is an ARIA feed of articles labelled by their authors', async () => {
    const el = await mount(html`<trust-hashtag-feed hashtag="#nhssmw" heading-level="3" src=${SHOWCASE}></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    const heading = root(el).querySelector('h3')!;
    expect(heading.textContent).to.equal('Posts with #nhssmw');
    const feed = root(el).querySelector('[role="feed"]')!;
    expect(feed.getAttribute('aria-labelledby')).to.equal(heading.id);
    expect(feed.getAttribute('aria-busy')).to.equal('false');
    const list = articles(el);
    expect(list).to.have.length(8);
    expect(list.map((a) => a.getAttribute('aria-posinset'))).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(list.every((a) => a.getAttribute('aria-setsize') === '8')).to.be.true;
    expect(authors(el)).to.deep.equal(['Trust communications', 'Chief Nurse', 'Peer Support Team', 'Sam (OT student)', 'Carers’ Café', 'Chief Nurse', 'Peer Support Team', 'Sam (OT student)']);
    expect(contentOf(list[1])).to.equal('Packed room for the compassionate leadership talk. Thank you all for coming #nhssmw');
  });

  it('names the network each post came from, X among them, and none it does not know', async () => {
    const data = ['mastodon', 'bluesky', 'x', 'elsewhere'].map((network, i) => nativePost(10 - i, {network, author: {name: `From ${network}`}}));
    const el = await mount(html`<trust-hashtag-feed .data=${data}></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    const via = articles(el).map((a) => /· (on .+)$/.exec(a.querySelector('.time')!.textContent.trim())?.[1] ?? null);
    expect(via).to.deep.equal(['on Mastodon', 'on Bluesky', 'on X', null]);
  });

  it('shows relative times that stay current with one timer for the whole feed', async () => {
    const el = await mount(html`<trust-hashtag-feed src=${SHOWCASE}></trust-hashtag-feed>`);
    const time = () => articles(el)[0].querySelector('time')!;
    expect(time().textContent).to.equal('2 minutes ago');
    expect(time().getAttribute('datetime')).to.equal('2016-10-24T11:58:00.000Z');
    // The absolute time is in the reader's own zone.
    const absolute = new Intl.DateTimeFormat('en-GB', {dateStyle: 'medium', timeStyle: 'short'}).format(new Date('2016-10-24T11:58:00Z'));
    expect(time().getAttribute('title')).to.equal(absolute);
    expect(articles(el)[0].querySelector('.time')!.textContent).to.contain(absolute);
    const timers = clock.pendingTimers;
    await clock.advance(60_000);
    await el.updateComplete;
    expect(time().textContent).to.equal('3 minutes ago');
    expect(clock.pendingTimers, 'no timer per post').to.be.at.most(timers);
    el.data = nativePosts(0, 40);
    await until(() => articles(el).length === 40);
    expect(clock.pendingTimers).to.be.at.most(timers + 1);
  });

  it('opens and closes a content warning from the keyboard, and keeps the hidden part out of reach until then', async () => {
    const el = await mount(html`<trust-hashtag-feed src=${SHOWCASE}></trust-hashtag-feed>`);
    const post = byAuthor(el, 'Peer Support Team');
    const button = post.querySelector<HTMLButtonElement>('.cw button')!;
    const more = post.querySelector<HTMLElement>('.more')!;
    expect(post.querySelector('.cw')!.textContent).to.contain('Content warning: Self-harm, suicide');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(button.textContent.trim()).to.equal('Show post');
    expect(more.hidden).to.be.true;
    expect(more.offsetHeight).to.equal(0);

    // Tab goes from the button straight to the next post: nothing hidden is focusable.
    button.focus();
    await press('Tab');
    expect(focused(el)).to.equal(articles(el)[3]);

    button.focus();
    await press('Enter');
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(button.textContent.trim()).to.equal('Hide post');
    expect(more.hidden).to.be.false;
    expect(contentOf(post)).to.equal('Our session touches on self-harm and suicide. Support is available all day in room 2. #nhssmw');
    expect(focused(el), 'focus stays on the button').to.equal(button);
    await expect(el).to.be.accessible();

    await press('Space');
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(more.hidden).to.be.true;
  });

  it('blurs sensitive media until the reader asks, by keyboard', async () => {
    const el = await mount(html`<trust-hashtag-feed src=${SHOWCASE}></trust-hashtag-feed>`);
    const post = byAuthor(el, 'Sam (OT student)');
    const media = post.querySelector<HTMLElement>('.media')!;
    const grid = media.querySelector<HTMLElement>('.media__grid')!;
    const button = media.querySelector<HTMLButtonElement>('button')!;
    expect(media.textContent).to.contain('Sensitive media');
    expect(getComputedStyle(grid).filter).to.contain('blur');
    expect(grid.inert, 'blurred pictures cannot be focused or read out').to.be.true;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(button.getAttribute('aria-controls')).to.equal(grid.id);

    button.focus();
    await press('Enter');
    await el.updateComplete;
    expect(getComputedStyle(grid).filter).to.equal('none');
    expect(grid.inert).to.be.false;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(button.textContent.trim()).to.equal('Hide media');
    expect([...grid.querySelectorAll('img')].map((i) => i.alt)).to.deep.equal(['Trees and sunshine in the hospital garden.', 'Walkers gathering by the main entrance.']);
    await press('Tab');
    expect(focused(el)).to.equal(grid.querySelector('a'));
    await expect(el).to.be.accessible();
  });

  it('shows boosts with who boosted them, custom emoji in names and text, and at most four pictures', async () => {
    const el = await mount(html`<trust-hashtag-feed src=${SHOWCASE}></trust-hashtag-feed>`);
    const boost = byAuthor(el, 'Carers’ Café');
    expect(boost.querySelector('.boost')!.textContent.replace(/\s+/g, ' ').trim()).to.equal('Boosted by Trust communications');
    expect(boost.querySelector('.boost img.emoji')!.getAttribute('alt')).to.equal(':nhs:');
    expect(contentOf(boost)).to.equal('The carers’ café is open all day in the atrium, everyone welcome #nhssmw example.nhs.uk/carers');

    const first = articles(el)[0];
    expect([...first.querySelectorAll('.content img.emoji')].map((i) => i.getAttribute('alt'))).to.deep.equal([':nhs:', ':heart_nhs:']);
    for (const img of first.querySelectorAll('img')) {
      expect(img.getAttribute('loading')).to.equal('lazy');
      expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
    }
    expect(first.querySelector('img.avatar')!.getAttribute('alt')).to.equal('');

    const slides = byAuthor(el, 'Chief Nurse');
    const later = articles(el)[authors(el).lastIndexOf('Chief Nurse')];
    expect(slides.querySelectorAll('.media img')).to.have.length(1);
    expect(later.querySelectorAll('.media img')).to.have.length(4);
    expect([...later.querySelectorAll('.media img')].map((i) => i.getAttribute('alt'))[1]).to.equal('Image without a description');
    expect(later.querySelector('.media__more')!.textContent.trim()).to.equal('1 more attachment on the original post');
    expect(byAuthor(el, 'Peer Support Team').textContent).not.to.contain('Reply');
    expect(articles(el)[6].textContent).to.contain('Reply');
    expect(articles(el)[7].querySelector('.content')!.getAttribute('lang')).to.equal('cy');
  });

  it('loads no profile pictures with no-avatars and no remote image at all with no-media as well', async () => {
    const paths = async () => {
      const [avatar, picture] = [mockPath('avatar'), mockPath('picture')];
      await Promise.all([program(avatar, [{status: 404}]), program(picture, [{status: 404}])]);
      const data = [nativePost(2, {author: {name: 'Alex', handle: 'alex@social.example', avatar: location.origin + avatar}, media: [{url: location.origin + picture, alt: 'A picture'}]})];
      return {avatar, picture, data};
    };
    const requested = async (path: string) => (await requests(path)).length;

    // Control: without either attribute both pictures are requested.
    const control = await paths();
    // Pictures are lazy: each feed is brought into view, as a reader scrolling to it would (WebKit loads only near the viewport).
    (await mount(html`<trust-hashtag-feed .data=${control.data}></trust-hashtag-feed>`)).scrollIntoView();
    await until(async () => (await requested(control.avatar)) > 0 && (await requested(control.picture)) > 0, 'pictures requested');

    const noAvatars = await paths();
    const el = await mount(html`<trust-hashtag-feed no-avatars .data=${noAvatars.data}></trust-hashtag-feed>`);
    el.scrollIntoView();
    await expect(el).to.be.accessible();
    expect(root(el).querySelectorAll('img.avatar')).to.have.length(0);
    expect(root(el).querySelector('.avatar--initial')!.textContent).to.equal('A');
    await until(async () => (await requested(noAvatars.picture)) > 0, 'the post picture is still shown');
    expect(await requested(noAvatars.avatar)).to.equal(0);

    const neither = await paths();
    const bare = await mount(html`<trust-hashtag-feed no-avatars no-media .data=${neither.data}></trust-hashtag-feed>`);
    expect(root(bare).querySelectorAll('img, video, audio, picture, source')).to.have.length(0);
    await new Promise(requestAnimationFrame);
    expect(await requested(neither.avatar)).to.equal(0);
    expect(await requested(neither.picture)).to.equal(0);

    // Custom emoji are pictures too: with no-media they stay as their :shortcode: text.
    const emoji = await mount(html`<trust-hashtag-feed no-avatars no-media src=${SHOWCASE}></trust-hashtag-feed>`);
    expect(root(emoji).querySelectorAll('img, video, audio')).to.have.length(0);
    expect(authors(emoji)[0]).to.equal('Trust communications :nhs:');
    expect(contentOf(articles(emoji)[0])).to.contain('day one of social media week! :nhs: Follow');
  });

  it('names an author without a profile address in plain text, and shows a handle only when there is one', async () => {
    const data = [
      nativePost(3),
      nativePost(2, {author: {name: 'Ward 7 team'}}),
    ];
    const el = await mount(html`<trust-hashtag-feed .data=${data}></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    const [linked, plain] = articles(el);
    const linkedName = linked.querySelector<HTMLAnchorElement>('.name')!;
    expect(linkedName.href).to.equal('https://social.example/@member3');
    expect(linked.querySelector('.handle')!.textContent).to.equal('@member3@social.example');
    const plainName = plain.querySelector<HTMLElement>('.name')!;
    expect(plainName.hasAttribute('href'), 'no link without an address').to.be.false;
    expect(plainName.hasAttribute('rel')).to.be.false;
    plainName.focus();
    expect(root(el).activeElement, 'not focusable').not.to.equal(plainName);
    expect(plain.querySelector<HTMLElement>('.handle')!.hidden).to.be.true;
    expect(shownText(el)).not.to.contain('@undefined');
    // The article is still labelled by the name.
    expect(root(el).getElementById(plain.getAttribute('aria-labelledby')!)!.textContent).to.equal('Ward 7 team');
  });

  it('has a wall layout: the hashtag as a banner, columns, large type', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 1200px"><trust-hashtag-feed layout="wall" hashtag="nhssmw" heading-level="1" src=${SHOWCASE}></trust-hashtag-feed></div>`);
    const el = wrapper.querySelector('trust-hashtag-feed')!;
    await until(() => articles(el).length === 8);
    await expect(el).to.be.accessible();
    const banner = root(el).querySelector('h1')!;
    expect(banner.textContent).to.equal('#nhssmw');
    expect(banner.getAttribute('part')).to.equal('banner');
    const columns = getComputedStyle(root(el).querySelector('[role="feed"]')!).gridTemplateColumns.split(' ');
    expect(columns.length).to.be.greaterThan(1);
    expect(parseFloat(getComputedStyle(articles(el)[0]).fontSize)).to.be.greaterThan(16);
    expect(root(el).querySelector('[part="load-older-button"]')).to.be.null;
  });

  it('says so when there are no posts yet, or none left after moderation', async () => {
    const el = await mount(html`<trust-hashtag-feed hashtag="nhssmw" .data=${[]} format="native"></trust-hashtag-feed>`);
    expect(shownText(el)).to.contain('No posts with #nhssmw yet.');
    await expect(el).to.be.accessible();
    el.data = nativePosts(0, 3);
    await until(() => articles(el).length === 3);
    el.blockWords = 'nhssmw';
    await el.updateComplete;
    expect(articles(el)).to.have.length(0);
    expect(shownText(el)).to.contain('No posts with #nhssmw yet.');
  });

  it('fits a 320px column without horizontal scrolling', async () => {
    const long = nativePost(1, {text: `A very long link https://www.example.nhs.uk/${'a'.repeat(200)} and ${'word'.repeat(40)}`, author: {name: 'N'.repeat(80), handle: `${'h'.repeat(60)}@example.org`}});
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 320px"><trust-hashtag-feed hashtag="nhssmwlongtagnamethatgoesonandon" src=${SHOWCASE}></trust-hashtag-feed></div>`);
    const el = wrapper.querySelector('trust-hashtag-feed')!;
    await until(() => articles(el).length === 8);
    for (const b of root(el).querySelectorAll<HTMLButtonElement>('.cw button, .media button')) b.click();
    await el.updateComplete;
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    el.data = [long];
    await until(() => articles(el).length === 1);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    el.layout = 'wall';
    await el.updateComplete;
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
  });

  it('moves between posts with Page Down and Page Up, as the feed pattern expects', async () => {
    const el = await mount(html`<trust-hashtag-feed .data=${nativePosts(0, 4)}></trust-hashtag-feed>`);
    const list = articles(el);
    list[0].focus();
    await press('PageDown');
    expect(focused(el)).to.equal(list[1]);
    await press('PageDown');
    expect(focused(el)).to.equal(list[2]);
    await press('PageUp');
    expect(focused(el)).to.equal(list[1]);
  });

  it('explains a failed load with a Retry button, and keeps the posts it had when a refresh fails', async () => {
    const missing = await program(mockPath('missing'), [{status: 404, body: {error: 'Record not found'}}]);
    const broken = await mount(html`<trust-hashtag-feed src=${missing}></trust-hashtag-feed>`);
    expect(shownText(broken)).to.contain('We couldn’t find this information.');
    expect(root(broken).querySelector('[part="retry-button"]')).to.exist;
    await expect(broken).to.be.accessible();

    const path = await program(mockPath('stale'), [{fixture: 'feed/native-posts.json'}, {status: 500}]);
    const el = await mount(html`<trust-hashtag-feed refresh="60" src=${path}></trust-hashtag-feed>`);
    expect(articles(el)).to.have.length(7);
    await clock.advance(60_000);
    await until(() => shownText(el).includes('Couldn’t update'), 'stale notice');
    expect(articles(el)).to.have.length(7);
    await expect(el).to.be.accessible();
  });
});
