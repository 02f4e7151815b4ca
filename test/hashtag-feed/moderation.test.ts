import {expect, html} from '@open-wc/testing';
import '../helpers/index.js';
import type {Post} from '../../src/hashtag-feed/model.js';
import {wordMatcher} from '../../src/hashtag-feed/moderation.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';
import {FEED_FIXTURES, authors, articles, mount, nativePost, type Json} from './helpers.js';

/** Posts 1–8, each with something a rule can catch. */
function posts(): Json[] {
  return [
    nativePost(8, {text: 'Great session on the CATEGORY of care', author: {name: 'Ada', handle: 'ada@social.example'}}),
    nativePost(7, {text: 'Hello', author: {name: 'Spam Cat', handle: 'spammer@bad.example'}}),
    nativePost(6, {text: 'Photos!', contentWarning: 'cat pictures', author: {name: 'Bea', handle: 'bea@social.example'}}),
    nativePost(5, {text: 'Look', media: [{url: 'https://social.example/a.png', alt: 'A grumpy CAT on a mat'}], author: {name: 'Cy', handle: 'cy@social.example'}}),
    nativePost(4, {text: 'Dyma gath', language: 'cy', author: {name: 'Dai', handle: 'dai@social.example'}}),
    nativePost(3, {text: 'Replying', isReply: true, author: {name: 'Eve', handle: 'eve@other.example'}}),
    nativePost(2, {text: 'Shared', boostedBy: {name: 'Fay', handle: 'fay@social.example'}, author: {name: 'Gus', handle: 'gus@far.example'}, sensitive: true}),
    nativePost(1, {text: 'Bonjour à tous', language: 'fr-CA', author: {name: 'Hal', handle: '@hal@social.example'}}),
  ];
}

async function feed(attributes: Record<string, string>): Promise<TrustHashtagFeed> {
  const el = await mount(html`<trust-hashtag-feed no-avatars .data=${posts()}></trust-hashtag-feed>`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

describe('<trust-hashtag-feed> moderation', () => {
  it('is accessible with filters applied', async () => {
    const el = await feed({'hide-replies': '', 'block-words': 'cat'});
    await expect(el).to.be.accessible();
    expect(articles(el).map((a) => a.getAttribute('aria-setsize'))).to.deep.equal(Array(articles(el).length).fill(String(articles(el).length)));
  });

  it('shows everything by default', async () => {
    expect(authors(await feed({}))).to.deep.equal(['Ada', 'Spam Cat', 'Bea', 'Cy', 'Dai', 'Eve', 'Gus', 'Hal']);
  });

  it('blocks whole words in any case, in text, names, content warnings and alt text', async () => {
    // "cat" is in a name, a content warning and alt text; "CATEGORY" is not the word "cat".
    expect(authors(await feed({'block-words': 'cat'}))).to.deep.equal(['Ada', 'Dai', 'Eve', 'Gus', 'Hal']);
    expect(authors(await feed({'block-words': ' bonjour à , session on'}))).to.deep.equal(['Spam Cat', 'Bea', 'Cy', 'Dai', 'Eve', 'Gus']);
  });

  it('matches words whole in every script, after Unicode normalisation', () => {
    const cafe = wordMatcher('café')!;
    expect(cafe.test('Le CAFÉ est ouvert')).to.be.true;
    expect(cafe.test('deux cafés')).to.be.false;
    expect(cafe.test('#café!')).to.be.true;
    expect(wordMatcher('ｓｐａｍ')!.test('buy spam now'.normalize('NFKC'))).to.be.true;
    expect(wordMatcher('кот')!.test('Мой КОТ спит')).to.be.true;
    expect(wordMatcher('кот')!.test('который')).to.be.false;
    expect(wordMatcher(' , ')).to.be.undefined;
    expect(wordMatcher('a.b')!.test('axb'), 'no regular expressions from editors').to.be.false;
  });

  it('blocks accounts by full handle, or by name on every server, and their boosts', async () => {
    expect(authors(await feed({'block-accounts': '@spammer@bad.example, hal@social.example'}))).to.deep.equal(['Ada', 'Bea', 'Cy', 'Dai', 'Eve', 'Gus']);
    expect(authors(await feed({'block-accounts': 'spammer'}))).not.to.include('Spam Cat');
    expect(authors(await feed({'block-accounts': 'fay@social.example'})), 'a blocked account’s boosts go too').not.to.include('Gus');
  });

  it('shows only allowed accounts in allow-only mode (their boosts included); a bare name is not enough', async () => {
    expect(authors(await feed({'allow-accounts': 'ada@social.example fay@social.example'}))).to.deep.equal(['Ada', 'Gus']);
    expect(authors(await feed({'allow-accounts': 'ada'}))).to.deep.equal([]);
  });

  it('filters by language (by primary subtag), keeping posts that do not say', async () => {
    expect(authors(await feed({languages: 'cy'}))).to.deep.equal(['Ada', 'Spam Cat', 'Bea', 'Cy', 'Dai', 'Eve', 'Gus']);
    expect(authors(await feed({languages: 'en fr'}))).to.deep.equal(['Ada', 'Spam Cat', 'Bea', 'Cy', 'Eve', 'Gus', 'Hal']);
  });

  it('hides replies, boosts and sensitive posts on request', async () => {
    expect(authors(await feed({'hide-replies': ''}))).not.to.include('Eve');
    expect(authors(await feed({'hide-boosts': ''}))).not.to.include('Gus');
    expect(authors(await feed({'hide-sensitive': ''}))).to.deep.equal(['Ada', 'Spam Cat', 'Cy', 'Dai', 'Eve', 'Hal']);
  });

  it('takes a custom moderate() rule, and hides a post if the rule throws', async () => {
    const el = await feed({});
    el.moderate = (post: Post) => post.author.name.length > 2;
    await el.updateComplete;
    expect(authors(el)).to.deep.equal(['Ada', 'Spam Cat', 'Bea', 'Dai', 'Eve', 'Gus', 'Hal']);
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      el.moderate = (post: Post) => {
        if (post.author.name === 'Ada') throw new Error('boom');
        return true;
      };
      await el.updateComplete;
      expect(authors(el)[0]).to.equal('Spam Cat');
    } finally {
      console.warn = warn;
    }
  });

  it('re-filters at once when the rules change, and shows posts again when a rule is removed', async () => {
    const el = await feed({'block-words': 'hello'});
    expect(authors(el)).not.to.include('Spam Cat');
    el.removeAttribute('block-words');
    await el.updateComplete;
    expect(authors(el)).to.include('Spam Cat');
  });

  it('applies rules to posts from files too (the native fixture)', async () => {
    const el = await mount(html`<trust-hashtag-feed no-avatars hide-boosts languages="cy" src="${FEED_FIXTURES}/native-posts.json"></trust-hashtag-feed>`);
    expect(authors(el)).to.deep.equal(['Sam (OT student)']);
  });
});
