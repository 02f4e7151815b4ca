/**
 * <trust-hashtag-feed> telling "nobody is posting" from "Bluesky has been
 * unreachable since 09:40": trust-relay's feed file names each upstream
 * source's state (`sources`), and a source failing or paused for longer than
 * three of its intervals gets one quiet line, announced once, gone when the
 * source recovers. Served as the relay serves it (ETag, 304) from
 * test/fixtures/relay/freshness/; time moves only through the manual clock.
 */
import {expect, html, oneEvent} from '@open-wc/testing';
import {loaded} from '../helpers/index.js';
import {expectPartFitsNarrowest, expectPartInForcedColours, itWithMedia} from '../helpers/engine.js';
import {clock} from '../../src/shared/manual-time.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';
import type {TrustLoadEvent} from '../../src/shared/events.js';
import {articles, mount, root} from './helpers.js';

let published = 0;

/** Publishes a fixture (at a new path unless one is given), as the relay writes a feed's file; returns the path. */
async function publish(fixture: string, path = `/relay/feeds/fresh-${Date.now().toString(36)}-${++published}.json`): Promise<string> {
  const res = await fetch('/__relay/publish', {method: 'POST', body: JSON.stringify({path, fixture: `relay/freshness/${fixture}`, refresh: 30})});
  if (!res.ok) throw new Error(`could not publish ${fixture}`);
  return path;
}

/** The quiet line, or null when there is none. */
const line = (el: TrustHashtagFeed) => root(el).querySelector('[part="not-updated"]')?.textContent?.trim() ?? null;

/** Everything the live region says from now on, in order (its clearing ignored). */
function spokenBy(el: TrustHashtagFeed): string[] {
  const said: string[] = [];
  const region = root(el).querySelector('[role="status"]')!;
  new MutationObserver(() => region.textContent.trim() && said.push(region.textContent.trim())).observe(region, {childList: true, subtree: true, characterData: true});
  return said;
}

/** A time as the feed writes it: in the reader's zone and language, through this engine's Intl. */
const at = (iso: string) => new Intl.DateTimeFormat('en-GB', {hour: '2-digit', minute: '2-digit'}).format(new Date(iso));
const day = (iso: string) => new Intl.DateTimeFormat('en-GB', {weekday: 'long', day: 'numeric', month: 'long'}).format(new Date(iso));

/**
 * Moves the clock to a moment of the morning and lets the feed render. A feed
 * with `refresh` polls every 30 s on the way, each poll answered (304, or a new
 * file) before the clock moves on, so no request is left in flight to time out.
 */
async function advanceTo(el: TrustHashtagFeed, iso: string): Promise<void> {
  while (el.refresh && clock.now() + 30_000 <= Date.parse(iso)) {
    const next = loaded(el);
    await clock.advance(30_000);
    await next;
  }
  await clock.set(iso);
  await el.updateComplete;
}

describe('<trust-hashtag-feed> says when a source of the relay’s file is not updated', () => {
  beforeEach(() => clock.useManualTime('2016-10-24T09:41:00Z'));

  it('is accessible with the line shown', async () => {
    clock.useManualTime('2016-10-24T09:50:00Z');
    const src = await publish('feed-bluesky-failing.json');
    const el = await mount(html`<trust-hashtag-feed src=${src} hashtag="NelftSoMeWeek"></trust-hashtag-feed>`);
    expect(line(el)).to.equal(`Posts from Bluesky not updated since ${at('2016-10-24T09:40:00Z')}`);
    await expect(el).to.be.accessible();
  });

  it('shows nothing within three intervals, the line once Bluesky has failed for longer (between polls of an unchanged file), announced once, gone when the file says ok', async () => {
    const src = await publish('feed-bluesky-failing.json');
    const el = await mount(html`<trust-hashtag-feed src=${src} hashtag="NelftSoMeWeek" refresh="30"></trust-hashtag-feed>`);
    const said = spokenBy(el);
    const posts = articles(el);
    expect(posts).to.have.length(2);
    expect(line(el), 'failing for a minute').to.equal(null);

    await advanceTo(el, '2016-10-24T09:42:00Z');
    expect(line(el), 'two intervals of 60 s').to.equal(null);
    await advanceTo(el, '2016-10-24T09:43:00Z');
    expect(line(el), 'exactly three intervals is not longer than three').to.equal(null);

    await advanceTo(el, '2016-10-24T09:44:00Z');
    const expected = `Posts from Bluesky not updated since ${at('2016-10-24T09:40:00Z')}`;
    expect(line(el)).to.equal(expected);
    expect(articles(el), 'the posts already shown stay, the same elements').to.have.ordered.members(posts);

    await advanceTo(el, '2016-10-24T09:50:00Z');
    expect(line(el), 'still failing, still said').to.equal(expected);
    expect(said.filter((s) => s === expected), 'announced once').to.have.length(1);

    await publish('feed-ok.json', src);
    const next = loaded(el);
    await clock.advance(30_000);
    expect((await next).detail.changed).to.equal(true);
    expect(line(el), 'the source recovered').to.equal(null);
    expect(articles(el)).to.have.ordered.members(posts);
    expect(said.filter((s) => s === expected), 'nothing said again').to.have.length(1);
  });

  it('names every network not updated in one line, with the earliest time, and the day when it is not today', async () => {
    clock.useManualTime('2016-10-24T09:46:00Z');
    const src = await publish('feed-two-failing.json');
    const el = await mount(html`<trust-hashtag-feed src=${src} refresh="30"></trust-hashtag-feed>`);
    await advanceTo(el, '2016-10-24T09:47:00Z');
    expect(line(el), 'Mastodon paused two minutes ago: Bluesky alone').to.equal(`Posts from Bluesky not updated since ${at('2016-10-24T09:40:00Z')}`);
    await advanceTo(el, '2016-10-24T09:49:00Z');
    expect(line(el)).to.equal(`Posts from Bluesky and Mastodon not updated since ${at('2016-10-24T09:40:00Z')}`);

    clock.useManualTime('2016-10-25T12:00:00Z');
    await el.updateComplete;
    expect(line(el), 'the next day').to.equal(`Posts from Bluesky and Mastodon not updated since ${day('2016-10-24T09:40:00Z')}, ${at('2016-10-24T09:40:00Z')}`);
    expect(articles(el)).to.have.length(2);
  });

  it('skips a bad sources entry with a Problem, ignores a state it does not know, and reads the rest', async () => {
    clock.useManualTime('2016-10-24T09:50:00Z');
    const src = await publish('feed-bad-sources.json');
    const load = oneEvent<TrustLoadEvent>(document, 'trust-load');
    const el = await mount(html`<trust-hashtag-feed src=${src}></trust-hashtag-feed>`);
    const {detail} = await load;
    expect(detail.skipped).to.deep.equal([
      {where: 'sources[1]', reason: '"since" is not a date-time'},
      {where: 'sources[3]', reason: '"interval" is not a number of seconds from 1 to a week'},
      {where: 'sources[4]', reason: 'not an object'},
      {where: 'sources[5]', reason: 'needs a "network" and a "source"'},
    ]);
    expect(line(el), 'the good entry is read; "melting" is ignored').to.equal(`Posts from Bluesky not updated since ${at('2016-10-24T09:40:00Z')}`);
    expect(articles(el)).to.have.length(2);
  });

  it('takes its words from strings', async () => {
    clock.useManualTime('2016-10-24T09:50:00Z');
    const src = await publish('feed-bluesky-failing.json');
    const strings = {notUpdated: (networks: string, time: string) => `${networks}: nothing new since ${time}`, networks: {bluesky: 'Bluesky (via Jetstream)'}};
    const el = await mount(html`<trust-hashtag-feed src=${src} .strings=${strings}></trust-hashtag-feed>`);
    expect(line(el)).to.equal(`Bluesky (via Jetstream): nothing new since ${at('2016-10-24T09:40:00Z')}`);
  });

  it('wraps the line inside the widget at the narrowest viewport', async () => {
    clock.useManualTime('2016-10-25T12:00:00Z');
    const src = await publish('feed-two-failing.json');
    await expectPartFitsNarrowest(() => mount(html`<trust-hashtag-feed src=${src}></trust-hashtag-feed>`), 'not-updated');
  });

  itWithMedia('keeps the line readable in forced colours: the reader’s text colour, axe-clean', async () => {
    clock.useManualTime('2016-10-25T12:00:00Z');
    const src = await publish('feed-two-failing.json');
    await expectPartInForcedColours(() => mount(html`<trust-hashtag-feed src=${src}></trust-hashtag-feed>`), 'not-updated');
  });
});
