import {expect, fixture} from '@open-wc/testing';
import {until as waitFor} from '../helpers/index.js';
import type {TemplateResult} from 'lit';
import '../helpers/index.js';
import {clock} from '../../src/shared/manual-time.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';
import {articles, authors, root, shownText} from './helpers.js';

/**
 * Every story, rendered as Storybook would, is a test fixture: each reaches
 * the state it shows and is accessible there. Storybook serves the fixtures
 * at /fixtures/; the test server at /test/fixtures/.
 */

const storybookFetch = window.fetch.bind(window);
window.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
  storybookFetch(typeof input === 'string' && input.startsWith('/fixtures/') ? `/test${input}` : input, init);

type Stories = typeof import('../../stories/hashtag-feed.stories.js');
type StoryName = Exclude<keyof Stories, 'default'>;
interface AnyStory {
  args?: Record<string, unknown>;
  loaders?: Array<() => Promise<Record<string, unknown>>>;
  render?: (args: Record<string, unknown>, context: {loaded: Record<string, unknown>}) => TemplateResult;
}

let stories: Stories;

async function renderStory(name: StoryName): Promise<TrustHashtagFeed> {
  const story = stories[name] as AnyStory;
  const meta = stories.default as unknown as AnyStory;
  const args = {...meta.args, ...story.args};
  // Storybook serves /fixtures/; the test server /test/fixtures/.
  if (typeof args.src === 'string') args.src = args.src.replace(/^\/fixtures\//, '/test/fixtures/');
  const loaded: Record<string, unknown> = {};
  for (const load of story.loaders ?? []) Object.assign(loaded, await load());
  const render = (story.render ?? meta.render)!;
  const wrapper = await fixture<HTMLElement>(render(args, {loaded}));
  return wrapper.querySelector('trust-hashtag-feed')!;
}

async function settle(el: TrustHashtagFeed, until: () => boolean): Promise<void> {
  await waitFor(until, 'story state');
  await el.updateComplete;
  for (const animation of root(el).getAnimations()) animation.finish();
}

describe('<trust-hashtag-feed> stories', () => {
  before(async () => {
    stories = await import('../../stories/hashtag-feed.stories.js');
  });

  it('Live: posts from the scripted server, a new one at each poll, and Load older', async () => {
    clock.useManualTime(Date.now());
    const el = await renderStory('Live');
    await settle(el, () => articles(el).length === 9);
    await expect(el).to.be.accessible();
    expect(root(el).querySelector('[part="load-older-button"]')).to.exist;
    const first = authors(el)[0];
    expect(first).to.equal('Trust communications');
    await clock.advance(15_000);
    await settle(el, () => articles(el).length === 10);
    expect(shownText(el)).to.contain('Slides from the recovery colleges tweetchat are now online.');
  });

  it('Wall', async () => {
    const el = await renderStory('Wall');
    await settle(el, () => articles(el).length === 9);
    expect(root(el).querySelector('h1')!.textContent).to.equal('#nhssmw');
    await expect(el).to.be.accessible();
  });

  for (const [name, count, text] of [
    ['ContentWarning', 1, 'Self-harm, suicide'],
    ['SensitiveMedia', 1, 'Sensitive media'],
    ['Boosts', 1, 'Boosted by'],
    ['NativeFormat', 7, 'Carers’ Café'],
    ['Bluesky', 21, 'Carol Example'],
    ['MastodonAndAkkoma', 4, 'Konstantin :veripawed:'],
    ['Moderated', 4, 'Chief Nurse'],
    ['NoPictures', 8, 'Trust communications :nhs:'],
    ['Dark', 8, 'Chief Nurse'],
    ['LoginRequired', 8, 'Peer Support Team'],
  ] as const) {
    it(`${name}`, async () => {
      const el = await renderStory(name);
      await settle(el, () => articles(el).length === count);
      expect(shownText(el)).to.contain(text);
      await expect(el).to.be.accessible();
    });
  }

  it('NoPictures loads no picture at all', async () => {
    const el = await renderStory('NoPictures');
    await settle(el, () => articles(el).length === 8);
    expect(root(el).querySelectorAll('img, video, audio')).to.have.length(0);
  });

  for (const [name, text] of [
    ['Empty', 'No posts with #nhssmw yet.'],
    ['Loading', 'Loading…'],
    ['FileNotFound', 'We couldn’t find this information.'],
  ] as const) {
    it(`${name}`, async () => {
      const el = await renderStory(name);
      await settle(el, () => shownText(el).includes(text));
      await expect(el).to.be.accessible();
    });
  }

  it('Stale: the posts stay when a refresh fails', async () => {
    clock.useManualTime(Date.now());
    const el = await renderStory('Stale');
    await settle(el, () => articles(el).length === 8);
    await clock.advance(15_000);
    await settle(el, () => shownText(el).includes('Couldn’t update'));
    expect(articles(el)).to.have.length(8);
    await expect(el).to.be.accessible();
  });
});
