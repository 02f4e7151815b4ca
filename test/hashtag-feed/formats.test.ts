import {expect, html, oneEvent} from '@open-wc/testing';
import {readerText} from '../helpers/index.js';
import type {TrustLoadEvent} from '../../src/shared/events.js';
import {mastodon, bluesky, native} from '../../src/hashtag-feed/formats/index.js';
import {FEED_FIXTURES, FORMATS, articles, authors, contentOf, load, mount, offline, root, shownText, type Json} from './helpers.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';

const context = {timeZone: 'Europe/London', baseUrl: 'https://example.org/feed.json'};

function linksIn(article: HTMLElement, selector = 'a'): Array<{text: string; href: string; rel: string}> {
  return [...article.querySelectorAll(selector)].map((a) => ({text: a.textContent.replace(/\s+/g, ' ').trim(), href: a.getAttribute('href')!, rel: a.getAttribute('rel')!}));
}

function articleBy(el: TrustHashtagFeed, author: string, index = 0): HTMLElement {
  const names = authors(el);
  const found = articles(el).filter((_, i) => names[i] === author)[index];
  expect(found, `a post by ${author}`).to.exist;
  return found;
}

describe('<trust-hashtag-feed> formats: real Mastodon, Akkoma and Bluesky answers', () => {
  it('is accessible with the Mastodon documentation examples', async () => {
    const el = await mount(html`<trust-hashtag-feed no-avatars hashtag="nhssmw" src="${FORMATS}/mastodon-status-examples.json"></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    expect(articles(el)).to.have.length(2);
  });

  it('renders Mastodon statuses: names, handles, shortened links, link cards, times, newest first', async () => {
    const el = await mount(html`<trust-hashtag-feed no-avatars no-media src="${FORMATS}/mastodon-status-examples.json"></trust-hashtag-feed>`);
    expect(authors(el)).to.deep.equal(['Eugen', 'Eugen']);
    const [first, second] = articles(el);
    expect(first.textContent).to.contain('@Gargron@mastodon.social');
    expect(contentOf(first)).to.equal('"I lost my inheritance with one wrong digit on my sort code" theguardian.com/money/2019/dec…');
    const guardian = linksIn(first).find((l) => l.text === 'theguardian.com/money/2019/dec…')!;
    expect(guardian.href).to.equal('https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code');
    expect(guardian.rel).to.equal('noopener noreferrer nofollow ugc');
    expect(first.querySelector('.card')!.textContent).to.contain('‘I lost my £193,000 inheritance – with one wrong digit on my sort code’');
    expect(first.querySelector('time')!.getAttribute('datetime')).to.equal('2019-12-08T03:48:33.901Z');
    expect(linksIn(first).find((l) => l.href === 'https://mastodon.social/@Gargron/103270115826048975'), 'the time links to the post').to.exist;
    expect(contentOf(second)).to.equal('Hello world');
  });

  it('renders the recorded tag timeline: empty display name falls back to the username, hashtag linked, language marked', async () => {
    const el = await mount(html`<trust-hashtag-feed no-avatars format="mastodon" src="${FORMATS}/mastodon-tag-timeline.json"></trust-hashtag-feed>`);
    expect(authors(el)).to.deep.equal(['mastodonpy_test_2']);
    const [post] = articles(el);
    expect(post.textContent).to.contain('@mastodonpy_test_2@localhost:3000');
    expect(contentOf(post)).to.equal('#hoot (hashtag toot)');
    expect(linksIn(post)).to.deep.include({text: '#hoot', href: 'http://localhost:3000/tags/hoot', rel: 'noopener noreferrer nofollow ugc'});
    expect(post.querySelector('a.tag')!.textContent).to.equal('#hoot');
    expect(post.querySelector('.content')!.getAttribute('lang')).to.equal('ja');
  });

  it('renders Akkoma/Pleroma and Mastodon posts from TootSDK: custom emoji, data-tag hashtags, h-card mentions, quotes, one copy of a repeated post', async () => {
    const statuses = offline(await load<Json[]>(`${FORMATS}/fediverse-statuses-tootsdk.json`));
    const el = await mount(html`<trust-hashtag-feed .data=${statuses} format="mastodon"></trust-hashtag-feed>`);
    // The first and third share one uri: the same post, shown once.
    expect(authors(el)).to.deep.equal(['technicat', 'Person', 'TootSDK', 'Konstantin']);

    const konstantin = articleBy(el, 'Konstantin');
    const nameEmoji = [...root(el).getElementById(konstantin.getAttribute('aria-labelledby')!)!.querySelectorAll('img.emoji')];
    expect(nameEmoji.map((img) => img.getAttribute('alt'))).to.deep.equal([':veripawed:', ':veritrek:', ':rainbow_pride_potion:']);
    expect(nameEmoji[0].getAttribute('src')).to.equal(`${location.origin}/mock/img/m.iamkonstantin.eu/emoji/mymoji/veripawed.png`);
    // The content warning hides the post until asked; its emoji and data-tag hashtags are there.
    expect(konstantin.querySelector('.cw')!.textContent).to.contain('Coffee, Star Trek');
    const body = konstantin.querySelector<HTMLElement>('.more')!;
    expect(body.hidden).to.be.true;
    expect(body.querySelector('img.emoji')!.getAttribute('alt')).to.equal(':heart_cup:');
    expect(linksIn(konstantin).filter((l) => l.text.startsWith('#'))).to.deep.equal([
      {text: '#love', href: 'https://m.iamkonstantin.eu/tag/love', rel: 'noopener noreferrer nofollow ugc'},
      {text: '#coffee', href: 'https://m.iamkonstantin.eu/tag/coffee', rel: 'noopener noreferrer nofollow ugc'},
    ]);
    expect(body.querySelector('.media img')!.getAttribute('alt')).to.match(/^Cartoon poster of Captain Janeway/);

    const toot = articleBy(el, 'TootSDK');
    expect(toot.querySelector('a.mention')!.getAttribute('href')).to.equal('https://m.iamkonstantin.eu/users/konstantin');
    expect([...toot.querySelectorAll('a.mention')].map((a) => a.textContent)).to.deep.equal(['@konstantin', '@davidgarywood']);
    expect(toot.querySelector('a.tag')!.textContent).to.equal('#Swift');

    const quote = articleBy(el, 'technicat');
    expect(contentOf(quote)).to.equal('from @technicat https://universeodon.com/@technicat/112973737736509814');
    expect(readerText(quote.querySelector('.quote'))).to.contain('Quoting technicat @technicat@universeodon.com got a flu shot and fruit tea');
    expect(quote.querySelector('.content br'), 'Akkoma <br/> kept as a line break').to.exist;

    const person = articleBy(el, 'Person');
    expect(contentOf(person)).to.equal('listening to #UB40 example.com/albums/8513');
  });

  it('renders Bluesky search results: facets at UTF-8 byte offsets, tags, images, and never an author who opted out of logged-out viewing', async () => {
    const answer = offline(await load<Json>(`${FORMATS}/bluesky-search-posts.json`));
    const el = document.createElement('trust-hashtag-feed');
    el.setAttribute('max-posts', '50');
    el.data = answer;
    const loaded = oneEvent<TrustLoadEvent>(el, 'trust-load');
    document.body.append(el);
    try {
      const {detail} = await loaded;
      await el.updateComplete;
      expect(detail.format).to.equal('bluesky');
      expect(detail.skipped.map((p) => p.reason)).to.deep.equal(Array(4).fill('author asked not to be shown to logged-out viewers'));
      const names = authors(el);
      for (const hidden of ['Erin in Blue', 'IvanExample', 'Trent  🗳️ 💙♿', 'Trent 🗳️ 💙♿', 'Victor L Example']) expect(names).not.to.include(hidden);
      expect(shownText(el)).not.to.contain('microscopic timeframe');
      expect(names).to.have.length(21);

      // "Let’s" (a three-byte apostrophe) comes before the link: byte offsets, not UTF-16 indexes.
      const heidi = articleBy(el, 'heidi.example.com');
      expect(linksIn(heidi)).to.deep.include({text: 'apple.news/AcGBmSTmyTia...', href: 'https://apple.news/AcGBmSTmyTiabB-T0uj90Cg', rel: 'noopener noreferrer nofollow ugc'});
      expect(contentOf(heidi)).to.contain('Let’s stay on track by redistricting');

      const carol = articleBy(el, 'Carol Example (示例)', 2);
      expect(linksIn(carol)).to.deep.include({text: '#txlege', href: 'https://bsky.app/hashtag/txlege', rel: 'noopener noreferrer nofollow ugc'});
      expect(linksIn(carol).map((l) => l.text)).to.include('drive.google.com/file/d/1wZ7W...');
      expect(carol.querySelector('.media img')!.getAttribute('alt')).to.equal('Image without a description');

      const alice = articleBy(el, 'Alice Papers (journals + preprints)');
      expect(linksIn(alice).map((l) => l.href)).to.include('https://bsky.app/profile/alice.example.com/post/3lpk2u6qo222m');
      expect(linksIn(alice)).to.deep.include({text: 'https://osf.io/v87fn', href: 'https://osf.io/v87fn', rel: 'noopener noreferrer nofollow ugc'});
      expect(articleBy(el, 'Dave Example Rides').textContent).to.contain('Reply');
    } finally {
      el.remove();
    }
  });

  it('renders a Bluesky author feed: reposts, mentions after emoji, quotes with media, labels, video that never autoplays', async () => {
    const el = await mount(html`<trust-hashtag-feed .data=${offline(await load(`${FEED_FIXTURES}/bluesky-author-feed.json`))}></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    expect(authors(el)).to.deep.equal(['NHS Trust Comms', 'Carol Example (示例)', 'NHS Trust Comms', 'NHS Trust Comms', 'NHS Trust Comms']);
    const [first, repost, labelled, video, reply] = articles(el);

    // 🎉 and í come before the facets: four and two bytes.
    expect(linksIn(first, '.content a')).to.deep.equal([
      {text: '#NHSSMW', href: 'https://bsky.app/hashtag/NHSSMW', rel: 'noopener noreferrer nofollow ugc'},
      {text: 'example.nhs.uk/slides…', href: 'https://www.example.nhs.uk/slides/day-one', rel: 'noopener noreferrer nofollow ugc'},
      {text: '@peer.example.com', href: 'https://bsky.app/profile/did:plc:fakepeerxxxxxxxxxxxxxxxx', rel: 'noopener noreferrer nofollow ugc'},
    ]);
    expect(first.querySelector('a.mention')).to.exist;

    expect(repost.querySelector('.boost')!.textContent.replace(/\s+/g, ' ').trim()).to.equal('Boosted by NHS Trust Comms');
    expect(repost.querySelector('.media img')!.getAttribute('alt')).to.equal('First page of the trial brief');
    expect(repost.querySelector('.quote')!.textContent).to.contain('Peer support drop-in is in room 2 all week.');

    expect(labelled.querySelector('.media--hidden'), 'a nudity label makes the media sensitive').to.exist;

    // A streaming (HLS) video plays in a <video> that never starts by itself, or, where the browser cannot play HLS, is linked.
    const player = video.querySelector('video');
    if (document.createElement('video').canPlayType('application/vnd.apple.mpegurl')) {
      expect(player!.autoplay).to.be.false;
      expect(player!.getAttribute('preload')).to.equal('none');
      expect(player!.hasAttribute('controls')).to.be.true;
      expect(player!.getAttribute('aria-label')).to.equal('Walking through the garden past raised beds');
    } else {
      expect(player).to.be.null;
      const link = video.querySelector<HTMLAnchorElement>('.media__item--video')!;
      expect(link.textContent).to.equal('Video: Walking through the garden past raised beds. Watch it on the original post.');
      expect(link.getAttribute('href')).to.equal('https://bsky.app/profile/trust.example.nhs.uk/post/3lpjqeajtgc27');
    }

    // A javascript: "link" facet stays text; the reply to someone else is marked.
    expect(linksIn(reply).map((l) => l.href).some((h) => h.startsWith('javascript'))).to.be.false;
    expect(contentOf(reply)).to.contain('javascript:alert(1)');
    expect(reply.textContent).to.contain('Reply');
    // A repost of an author who opted out of logged-out viewing is not shown either.
    expect(shownText(el)).not.to.contain('dealing w redistricting');
  });

  it('renders a real Bluesky author feed (bskyr): a reply marked and hidden on request, a quote with an image, tag and shortened link facets', async () => {
    const answer = offline(await load<Json>(`${FORMATS}/bluesky-author-feed-bskyr.json`));
    const el = await mount(html`<trust-hashtag-feed no-avatars .data=${answer}></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    expect(authors(el)).to.deep.equal(['Kim Example', 'Kim Example']);
    const [reply, release] = articles(el);
    expect(reply.textContent).to.contain('Reply');
    expect(contentOf(reply)).to.match(/^If you’re running this on GHA, .* so it may not be auto-installed\.$/);
    expect(linksIn(release, '.content a')).to.deep.equal([
      {text: '#rstats', href: 'https://bsky.app/hashtag/rstats', rel: 'noopener noreferrer nofollow ugc'},
      {text: 'christophertkenny.com/bskyr/news/i...', href: 'https://christophertkenny.com/bskyr/news/index.html', rel: 'noopener noreferrer nofollow ugc'},
    ]);
    const image = release.querySelector('.media img')!;
    expect(image.getAttribute('alt')).to.equal('Image without a description');
    expect([image.getAttribute('width'), image.getAttribute('height')]).to.deep.equal(['652', '348']);
    expect(release.querySelector('.quote')!.textContent.replace(/\s+/g, ' ')).to.contain('Quoting CRAN Updates @cranupdates.example.com').and.contain('Updates on CRAN: bskyr (0.3.0)');

    const noReplies = await mount(html`<trust-hashtag-feed no-avatars hide-replies .data=${answer}></trust-hashtag-feed>`);
    expect(articles(noReplies)).to.have.length(1);
    expect(contentOf(articles(noReplies)[0])).to.match(/^#rstats `bskyr` 0\.3\.0 is now on CRAN/);
  });

  it('ignores Bluesky facets that cut a character in two, run backwards or are not whole numbers, and keeps the text whole', async () => {
    const [post] = (await load<Json>(`${FORMATS}/bluesky-author-feed-bskyr.json`)).feed as Json[];
    const record = (post.post as Json).record as Json;
    // "Día 🎉 #NHSSMW": í is bytes 1–2, 🎉 is bytes 5–8, the tag is bytes 10–16.
    record.text = 'Día 🎉 #NHSSMW';
    record.facets = [
      {index: {byteStart: 0, byteEnd: 2}, features: [{$type: 'app.bsky.richtext.facet#link', uri: 'https://cut.example/'}]},
      {index: {byteStart: 6, byteEnd: 9}, features: [{$type: 'app.bsky.richtext.facet#link', uri: 'https://cut.example/'}]},
      {index: {byteStart: 16, byteEnd: 10}, features: [{$type: 'app.bsky.richtext.facet#tag', tag: 'backwards'}]},
      {index: {byteStart: '10', byteEnd: 17}, features: [{$type: 'app.bsky.richtext.facet#tag', tag: 'text'}]},
      {index: {byteStart: 10, byteEnd: 17}, features: [{$type: 'app.bsky.richtext.facet#tag', tag: 'NHSSMW'}]},
    ];
    const {value} = await bluesky.adapt({feed: [post]}, context);
    const [content] = value.posts[0].content!;
    expect(content.children).to.deep.equal([
      {t: 'text', text: 'Día 🎉 '},
      {t: 'a', href: 'https://bsky.app/hashtag/NHSSMW', kind: 'tag', children: [{t: 'text', text: '#NHSSMW'}]},
    ]);
  });

  it('dates a Bluesky post from the future at the moment it reached the network, and hides accounts labelled !hide', async () => {
    const feed = (await load<Json>(`${FORMATS}/bluesky-author-feed-bskyr.json`)).feed as Json[];
    const future = feed[0].post as Json;
    (future.record as Json).createdAt = '2099-01-01T00:00:00Z';
    const hidden = feed[1].post as Json;
    (hidden.author as Json).labels = [{src: 'did:plc:fakelabeler', uri: 'at://x', val: '!hide', cts: '2025-01-01T00:00:00Z'}];
    const {value, problems} = await bluesky.adapt({feed}, context);
    expect(value.posts.map((p) => p.created.toISOString())).to.deep.equal(['2025-05-05T01:30:18.253Z']);
    expect(problems.map((p) => p.reason)).to.deep.equal(['hidden by a moderation label']);
    // A label past its expiry no longer applies.
    (hidden.author as Json).labels = [{val: '!hide', exp: '2020-01-01T00:00:00Z'}];
    expect((await bluesky.adapt({feed}, context)).value.posts).to.have.length(2);
  });

  it('honours Mastodon filter results (hide, warn, blur), keeps non-public visibilities out and refuses dates that are not ISO 8601', async () => {
    const [a, b] = await load<Json[]>(`${FORMATS}/mastodon-status-examples.json`);
    const filter = (action: string) => [{filter: {id: '1', title: 'Spoilers', context: ['public'], filter_action: action}, keyword_matches: ['x'], status_matches: null}];
    const {value, problems} = await mastodon.adapt(
      [
        {...a, filtered: filter('warn')},
        {...b, filtered: filter('blur'), media_attachments: [{type: 'image', url: 'https://files.example/a.png', description: 'A photo'}]},
        {...a, id: '3', uri: 'u3', url: 'https://x.example/3', filtered: filter('hide')},
        {...a, id: '4', uri: 'u4', url: 'https://x.example/4', visibility: 'list'},
        {...a, id: '5', uri: 'u5', url: 'https://x.example/5', created_at: '1'},
      ],
      context,
    );
    expect(value.posts.map((p) => [p.id, p.spoiler, p.sensitive])).to.deep.equal([
      ['103270115826048975', 'Spoilers', false],
      ['1', undefined, true],
    ]);
    expect(problems.map((p) => p.reason)).to.deep.equal(['Hidden by a filter', 'Not a public post', 'A status needs a valid created_at']);
  });

  it('dates a Mastodon or native post from the future no later than now, so it cannot sit at the top of a wall until then', async () => {
    const [a, b] = await load<Json[]>(`${FORMATS}/mastodon-status-examples.json`);
    const before = Date.now();
    const fromMastodon = (await mastodon.adapt([{...b, created_at: '2099-01-01T00:00:00Z'}, a], context)).value.posts;
    const fromNative = (await native.adapt([{id: 'n1', created: '2099-01-01T00:00:00Z', author: {name: 'Troll'}, text: 'Pinned for ever?'}], context)).value.posts;
    for (const post of [fromMastodon.find((p) => p.id === '1')!, fromNative[0]]) {
      expect(post.created.getTime()).to.be.within(before, Date.now());
    }
    // Still newer than the genuine 2019 post: it is simply not in the future.
    expect(fromMastodon.map((p) => p.id)).to.deep.equal(['1', '103270115826048975']);
  });

  it('reads lists, quotes and headings in fediverse HTML as separate paragraphs, and custom emoji with a script static_url from their url', async () => {
    const [status] = await load<Json[]>(`${FORMATS}/mastodon-status-examples.json`);
    const html_ = '<p>Today:</p><ul><li>Peer support :blobcat:</li><li>Carers’ café</li></ul><blockquote><p>Quoted line</p></blockquote><h2>Heading</h2>';
    const emojis = [{shortcode: 'blobcat', url: 'https://files.example/blobcat.png', static_url: 'javascript:alert(1)'}];
    const {value} = await mastodon.adapt([{...status, content: html_, emojis}], context);
    const [post] = value.posts;
    expect(post.text).to.equal('Today:\n\nPeer support :blobcat:\n\nCarers’ café\n\nQuoted line\n\nHeading');
    expect(post.content![1].children[1]).to.deep.equal({t: 'emoji', code: 'blobcat', url: 'https://files.example/blobcat.png'});
  });

  it('renders the native format: plain text with links, sanitised HTML, relative media, boosts', async () => {
    const el = await mount(html`<trust-hashtag-feed no-avatars src="${FEED_FIXTURES}/native-posts.json"></trust-hashtag-feed>`);
    await expect(el).to.be.accessible();
    const names = authors(el);
    expect(names[0]).to.equal('Trust communications');
    const first = articles(el)[0];
    expect(linksIn(first)).to.deep.include({text: 'https://www.example.nhs.uk/smw', href: 'https://www.example.nhs.uk/smw', rel: 'noopener noreferrer nofollow ugc'});
    const html_ = articles(el).find((a) => a.querySelector('.content strong, .content a.tag'));
    expect(html_, 'HTML content keeps its links').to.exist;
    const image = root(el).querySelector('.media img')!;
    expect(image.getAttribute('src')).to.equal(new URL(`${FEED_FIXTURES}/images/photo-room.svg`, location.href).href);
    expect(shownText(el)).to.contain('Boosted by');
  });

  it('sniffs each format, and says so when a file is none of them', async () => {
    const status = (await load<Json[]>(`${FORMATS}/mastodon-status-examples.json`))[0];
    expect(mastodon.detect!([status])).to.be.true;
    expect(bluesky.detect!([status])).to.be.false;
    expect(native.detect!([status])).to.be.false;
    expect(bluesky.detect!(await load(`${FORMATS}/bluesky-search-posts.json`))).to.be.true;
    expect(native.detect!(await load(`${FEED_FIXTURES}/native-posts.json`))).to.be.true;
    const el = await mount(html`<trust-hashtag-feed src="${FORMATS}/bluesky-get-profile.json"></trust-hashtag-feed>`);
    expect(shownText(el)).to.contain('The information is not in a format this widget understands.');
    await expect(el).to.be.accessible();
  });

  it('skips unusable items with a reason and keeps the rest', async () => {
    const good = (await load<Json[]>(`${FORMATS}/mastodon-status-examples.json`))[1];
    const {value, problems} = await mastodon.adapt([good, {id: 'x'}, 'nonsense', {...good, id: '9', visibility: 'direct', uri: 'u9', url: 'https://x/9'}], context);
    expect(value.posts).to.have.length(1);
    expect(problems.map((p) => p.reason)).to.deep.equal(['A status needs a valid created_at', 'Not a status', 'Not a public post']);
  });

  it('shows a boost as the original post with who boosted it', async () => {
    const [original] = await load<Json[]>(`${FORMATS}/mastodon-status-examples.json`);
    const booster = {...(original.account as Json), id: '99', username: 'nhsengland', acct: 'nhsengland@mastodon.example', display_name: 'NHS England', url: 'https://mastodon.example/@nhsengland'};
    const boost = {...original, id: '200', uri: 'https://mastodon.example/users/nhsengland/statuses/200/activity', url: undefined, content: '', account: booster, reblog: original, created_at: '2019-12-09T10:00:00.000Z'};
    const {value} = await mastodon.adapt([boost], context);
    const [post] = value.posts;
    expect(post.isBoost).to.be.true;
    expect(post.author.name).to.equal('Eugen');
    expect(post.booster!.name).to.equal('NHS England');
    expect(post.url).to.equal('https://mastodon.social/@Gargron/103270115826048975');
  });
});
