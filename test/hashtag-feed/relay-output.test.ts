/**
 * <trust-hashtag-feed> reading what trust-relay publishes: `feeds/<name>.json`
 * in the native post format, with everything the relay kept of a Mastodon or
 * Bluesky post (custom emoji, link cards, quotes, boosts and their times),
 * served as the relay serves it (strong ETag, If-None-Match → 304, the
 * relay's Cache-Control), from test/fixtures/relay/.
 */
import {expect, html, oneEvent} from '@open-wc/testing';
import {loaded, requests, until} from '../helpers/index.js';
import {clock} from '../../src/shared/manual-time.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';
import type {TrustLoadEvent} from '../../src/shared/events.js';
import {articles, authors, contentOf, mount, root, shownText} from './helpers.js';

let published = 0;

/** Publishes a fixture at a new path under /relay/feeds/, as the relay writes a feed's file; returns the path. */
async function publish(fixture: string, path = `/relay/feeds/somewk-${Date.now().toString(36)}-${++published}.json`, refresh = 30): Promise<string> {
  const res = await fetch('/__relay/publish', {method: 'POST', body: JSON.stringify({path, fixture: `relay/${fixture}`, refresh})});
  if (!res.ok) throw new Error(`could not publish ${fixture}`);
  return path;
}

const FEED = 'feed-somewk.json';
const CHANGED = 'feed-somewk-changed.json';
const PINNED = 'feed-somewk-pinned.json';

/** The article of the post by this author (its accessible name). */
function postBy(el: TrustHashtagFeed, name: string): HTMLElement {
  const i = authors(el).indexOf(name);
  expect(i, `a post by ${name}`).to.be.at.least(0);
  return articles(el)[i];
}

/** Each custom emoji image in `node`: what a screen reader says for it, and where it comes from. */
function emojiIn(node: Element): Array<{alt: string; src: string}> {
  return [...node.querySelectorAll<HTMLImageElement>('img.emoji')].map((img) => ({alt: img.alt, src: new URL(img.src).pathname}));
}

const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<trust-hashtag-feed> reading trust-relay’s feed file', () => {
  beforeEach(() => clock.useManualTime('2016-10-24T12:30:00Z'));

  it('is accessible, with every kind of post the relay writes', async () => {
    const src = await publish(FEED);
    const el = await mount(html`<trust-hashtag-feed src=${src} hashtag="NelftSoMeWeek"></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    expect(articles(el)).to.have.length(5);
  });

  it('draws custom emoji in post text, HTML and display names, with their shortcodes as alt text', async () => {
    const src = await publish(FEED);
    const el = await mount(html`<trust-hashtag-feed src=${src}></trust-hashtag-feed>`);

    const cafe = postBy(el, 'Carers’ Café');
    expect(emojiIn(cafe.querySelector('.name')!), 'author.emojis in the name').to.deep.equal([{alt: ':nhs:', src: '/test/fixtures/feed/images/emoji-nhs.svg'}]);
    expect(emojiIn(cafe.querySelector('.content')!), 'emojis in html').to.deep.equal([{alt: ':heart:', src: '/test/fixtures/feed/images/emoji-heart.svg'}]);
    expect(contentOf(cafe)).to.equal('Tea, cake and a listening ear all week #NelftSoMeWeek');

    const college = postBy(el, 'Recovery College');
    expect(emojiIn(college.querySelector('.content')!), 'emojis in plain text').to.deep.equal([{alt: ':nhs:', src: '/test/fixtures/feed/images/emoji-nhs.svg'}]);
    const paragraphs = [...college.querySelectorAll('.content p')].map(text);
    expect(paragraphs, 'plain text keeps its paragraphs').to.deep.equal(['Sign up for tomorrow’s course https://www.nelft.nhs.uk/recovery-college', 'See you there.']);
    const link = college.querySelector<HTMLAnchorElement>('.content a')!;
    expect([link.href, link.textContent, link.rel]).to.deep.equal(['https://www.nelft.nhs.uk/recovery-college', 'https://www.nelft.nhs.uk/recovery-college', 'noopener noreferrer nofollow ugc']);
  });

  it('shows the link card, the quoted post (one level) and "Boosted by", the boost placed by when it was boosted', async () => {
    const src = await publish(FEED);
    const el = await mount(html`<trust-hashtag-feed src=${src}></trust-hashtag-feed>`);
    // Newest first by feed time: the hostile post (dated no later than now), then the boost (boostedAt 12:20, posted at 09:15), then 12:10, 12:00, 11:50.
    expect(authors(el)).to.deep.equal(['Troll <img src=x onerror=alert(2)> :evil: :ok:', 'Carers Network', 'Carers’ Café', 'Peer Support Team', 'Recovery College']);

    const card = postBy(el, 'Carers’ Café').querySelector<HTMLAnchorElement>('[part="card"]')!;
    expect(card.href).to.equal('https://www.nelft.nhs.uk/social-media-week');
    expect(text(card)).to.equal('www.nelft.nhs.uk Social media week at NELFT Five days of workshops, talks and tweetchats across our centres.');
    const picture = card.querySelector('img')!;
    expect([new URL(picture.src).pathname, picture.alt], 'a decorative picture').to.deep.equal(['/test/fixtures/feed/images/photo-garden.svg', '']);

    const quote = postBy(el, 'Peer Support Team').querySelector('[part="quote"]')!;
    expect(text(quote.querySelector('.quote__by'))).to.equal('Quoting Chief Nurse @chiefnurse@nhs.social');
    expect(emojiIn(quote), 'the quote’s own emoji, in its author’s name and its text').to.deep.equal([
      {alt: ':heart:', src: '/test/fixtures/feed/images/emoji-heart.svg'},
      {alt: ':heart:', src: '/test/fixtures/feed/images/emoji-heart.svg'},
    ]);
    expect(text(quote.querySelector('.content'))).to.equal('Compassion is a practice, not a poster');
    expect(quote.querySelector('a')!.href).to.equal('https://nhs.social/@chiefnurse');
    expect(shownText(el), 'a quote’s own quote is not read').not.to.contain('A quote of a quote');

    const boost = postBy(el, 'Carers Network').querySelector('[part="boost"]')!;
    expect(text(boost)).to.equal('Boosted by NELFT');
    expect(emojiIn(boost), 'boostedBy.emojis').to.deep.equal([{alt: ':nhs:', src: '/test/fixtures/feed/images/emoji-nhs.svg'}]);
    expect(boost.querySelector('a')!.href).to.equal('https://nhs.social/@nelft');
    expect(postBy(el, 'Carers Network').querySelector('time')!.dateTime, 'the time shown is when it was posted').to.equal('2016-10-24T09:15:00.000Z');
  });

  it('keeps a hostile post harmless and skips one it cannot use, saying why', async () => {
    const src = await publish(FEED);
    const load = oneEvent<TrustLoadEvent>(document, 'trust-load');
    const el = await mount(html`<trust-hashtag-feed src=${src}></trust-hashtag-feed>`);
    const event = await load;
    expect(event.target).to.equal(el);
    expect(event.detail.count).to.equal(5);
    expect(event.detail.skipped).to.deep.equal([{where: 'posts[5]', reason: 'A post needs an author with a name or handle'}]);

    const hostile = postBy(el, 'Troll <img src=x onerror=alert(2)> :evil: :ok:');
    const everything = [hostile, ...hostile.querySelectorAll('*')];
    expect(hostile.querySelectorAll('script, iframe, object, embed, style, b'), 'no element of the source’s own').to.have.length(0);
    for (const node of everything) {
      for (const attribute of node.getAttributeNames()) expect(attribute, `<${node.localName}> ${attribute}`).not.to.match(/^on|^style$/);
    }
    for (const a of hostile.querySelectorAll<HTMLAnchorElement>('a[href]')) expect(a.href).to.match(/^https:\/\//);
    for (const img of hostile.querySelectorAll<HTMLImageElement>('img')) expect(new URL(img.src).origin).to.equal(location.origin);
    expect(hostile.querySelectorAll('a[href^="javascript:"], img[src^="javascript:"], img[src^="data:"]')).to.have.length(0);
    expect(emojiIn(hostile), 'emoji with a javascript: or data: image, or a shortcode that is not a word, are not drawn').to.deep.equal([]);
    expect(hostile.querySelector('[part="card"]'), 'a card without an http(s) link').to.equal(null);
    expect(hostile.querySelector('[part="media"]'), 'an image without an http(s) address').to.equal(null);
    expect(contentOf(hostile)).to.equal('Free prizes claim win :evil:');
    expect(text(hostile.querySelector('[part="quote"] .content')), 'markup in a quote’s text is text').to.equal('<b onclick=alert(15)>not bold</b>');
    expect(text(hostile), 'a quote’s own quote is not read').not.to.contain('Never shown');
    expect(hostile.querySelector('time')!.dateTime, 'a date in the future is not believed').not.to.match(/^2099/);
    expect(text(hostile.querySelector('[part="boost"]'))).to.equal('Boosted by Sock puppet');
  });

  it('refreshes as the relay serves it: a 304 changes nothing (trust-load says changed: false); a changed file shows its new post', async () => {
    const src = await publish(FEED);
    const el = await mount(html`<trust-hashtag-feed src=${src} refresh="30"></trust-hashtag-feed>`);
    const before = articles(el);
    const names = authors(el);
    const first = await requests(src);
    expect(first).to.have.length(1);

    let next = loaded(el);
    await clock.advance(30_000);
    const unchanged = await next;
    expect(unchanged.detail.changed).to.equal(false);
    const log = await requests(src);
    expect(log).to.have.length(2);
    expect(log[1].headers['if-none-match'], 'a conditional request with the relay’s strong ETag').to.match(/^"[\w-]+"$/);
    expect(articles(el), 'the same posts, not re-rendered').to.have.ordered.members(before);
    expect(authors(el)).to.deep.equal(names);

    await publish(CHANGED, src);
    next = loaded(el);
    await clock.advance(30_000);
    const changed = await next;
    expect(changed.detail.changed).to.equal(true);
    await until(() => authors(el).length === 6, 'the new post is shown');
    expect(authors(el).slice(0, 3)).to.deep.equal(['Troll <img src=x onerror=alert(2)> :evil: :ok:', 'NHS England', 'Carers Network']);
    const fresh = postBy(el, 'NHS England');
    expect(emojiIn(fresh.querySelector('.content')!)).to.deep.equal([{alt: ':heart:', src: '/test/fixtures/feed/images/emoji-heart.svg'}]);
    expect(articles(el).slice(2), 'the posts already shown stay where they were').to.have.ordered.members(before.slice(1));
    const third = (await requests(src))[2];
    expect(third.headers['if-none-match']).to.equal(log[1].headers['if-none-match']);
    for (const animation of root(el).getAnimations()) animation.finish();
    await expect(el).to.be.accessible();
  });

  it('keeps the posts the moderators pinned at the top, in the file’s order, labelled "Pinned", until they are unpinned', async () => {
    const src = await publish(PINNED);
    const el = await mount(html`<trust-hashtag-feed src=${src} refresh="30"></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    // Pinned at 11:50 and 12:00 (older than the rest), then newest first.
    expect(authors(el)).to.deep.equal(['Recovery College', 'Peer Support Team', 'Troll <img src=x onerror=alert(2)> :evil: :ok:', 'Carers Network', 'Carers’ Café']);
    const label = (name: string) => postBy(el, name).querySelector('[part="pinned"]')?.textContent ?? null;
    expect([label('Recovery College'), label('Peer Support Team'), label('Carers’ Café')]).to.deep.equal(['Pinned', 'Pinned', null]);
    expect(text(postBy(el, 'Recovery College').querySelector('.author')), 'read with the author').to.equal('Recovery College Pinned');
    expect(postBy(el, 'Peer Support Team').querySelectorAll('[part="pinned"]'), 'a quoted post is never pinned').to.have.length(1);

    await publish(FEED, src);
    const next = loaded(el);
    await clock.advance(30_000);
    await next;
    await until(() => authors(el)[0] !== 'Recovery College', 'unpinned posts go back to their time');
    expect(authors(el)).to.deep.equal(['Troll <img src=x onerror=alert(2)> :evil: :ok:', 'Carers Network', 'Carers’ Café', 'Peer Support Team', 'Recovery College']);
    expect(root(el).querySelectorAll('[part="pinned"]')).to.have.length(0);
  });
});
