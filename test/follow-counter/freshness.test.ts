/**
 * <trust-follow-counter> saying when a count has stopped being updated:
 * trust-relay's counter file names each upstream source's state (`sources`),
 * and a source failing or paused for longer than three of its intervals gets
 * one quiet line ("Followers on Bluesky not updated since 09:40", in the
 * counter's zone), announced once, gone when the source recovers; the count
 * stays. Served as the relay serves it (ETag, 304) from
 * test/fixtures/relay/freshness/; time moves only through the manual clock.
 */
import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import {loaded, settled} from '../helpers/index.js';
import {expectPartFitsNarrowest, expectPartInForcedColours, intl, itWithMedia} from '../helpers/engine.js';
import '../../src/follow-counter/define.js';
import type {TrustFollowCounter} from '../../src/follow-counter/trust-follow-counter.js';
import type {TrustLoadEvent} from '../../src/shared/events.js';
import {clock} from '../../src/shared/manual-time.js';

let published = 0;

/** Publishes a fixture (at a new path unless one is given), as the relay writes a counter's file; returns the path. */
async function publish(fixture: string, path = `/relay/counters/fresh-${Date.now().toString(36)}-${++published}.json`): Promise<string> {
  const res = await fetch('/__relay/publish', {method: 'POST', body: JSON.stringify({path, fixture: `relay/freshness/${fixture}`, refresh: 60})});
  if (!res.ok) throw new Error(`could not publish ${fixture}`);
  return path;
}

const root = (el: TrustFollowCounter) => el.shadowRoot!;
const line = (el: TrustFollowCounter) => root(el).querySelector('[part="not-updated"]')?.textContent?.trim() ?? null;
const spoken = (el: TrustFollowCounter) => root(el).querySelector('.count .visually-hidden')?.textContent?.trim();

/** Everything the live region says from now on, in order (its clearing ignored). */
function spokenBy(el: TrustFollowCounter): string[] {
  const said: string[] = [];
  const region = root(el).querySelector('[role="status"]')!;
  new MutationObserver(() => region.textContent.trim() && said.push(region.textContent.trim())).observe(region, {childList: true, subtree: true, characterData: true});
  return said;
}

async function mount(template: ReturnType<typeof html>): Promise<TrustFollowCounter> {
  const el = await fixture<TrustFollowCounter>(template);
  await settled(el);
  return el;
}

/**
 * Moves the clock to a moment (London time) and lets the counter render. A
 * counter with `refresh` polls every 60 s on the way, each poll answered
 * before the clock moves on, so no request is left in flight to time out.
 */
async function advanceTo(el: TrustFollowCounter, iso: string): Promise<void> {
  while (el.refresh && clock.now() + 60_000 <= Date.parse(iso)) {
    const next = loaded(el);
    await clock.advance(60_000);
    await next;
  }
  await clock.set(iso);
  await el.updateComplete;
}

describe('<trust-follow-counter> says when a source of the relay’s file is not updated', () => {
  // Times are London's (BST in October): the counter's default zone.
  beforeEach(() => clock.useManualTime('2016-10-24T09:41:00+01:00'));

  it('is accessible with the line shown', async () => {
    clock.useManualTime('2016-10-24T09:50:00+01:00');
    const src = await publish('counter-bluesky-failing.json');
    const el = await mount(html`<trust-follow-counter src=${src} goal="2500"></trust-follow-counter>`);
    expect(line(el)).to.equal('Followers on Bluesky not updated since 09:40');
    await expect(el).to.be.accessible();
  });

  it('shows nothing within three intervals, the line once Bluesky has failed for longer (between polls of an unchanged file), announced once, gone when the file says ok', async () => {
    const src = await publish('counter-bluesky-failing.json');
    const el = await mount(html`<trust-follow-counter src=${src} refresh="60"></trust-follow-counter>`);
    const said = spokenBy(el);
    expect(spoken(el)).to.equal('2,314');
    expect(line(el)).to.equal(null);

    await advanceTo(el, '2016-10-24T09:42:00+01:00');
    expect(line(el), 'two intervals of 60 s').to.equal(null);
    await advanceTo(el, '2016-10-24T09:44:00+01:00');
    expect(line(el), 'four intervals').to.equal('Followers on Bluesky not updated since 09:40');
    expect(spoken(el), 'the count stays').to.equal('2,314');
    await advanceTo(el, '2016-10-24T09:48:00+01:00');
    expect(said.filter((s) => s === 'Followers on Bluesky not updated since 09:40'), 'announced once').to.have.length(1);

    await publish('counter-ok.json', src);
    const next = loaded(el);
    await clock.advance(60_000);
    expect((await next).detail.changed).to.equal(true);
    expect(line(el), 'the source recovered').to.equal(null);
    expect(spoken(el)).to.equal('2,314');
    expect(said.filter((s) => s.startsWith('Followers on')), 'nothing said again').to.have.length(1);
  });

  it('re-renders by itself when a source passes its three intervals, with no poll and no jump of the clock', async () => {
    const src = await publish('counter-bluesky-failing.json');
    const el = await mount(html`<trust-follow-counter src=${src}></trust-follow-counter>`);
    expect(line(el)).to.equal(null);
    // Displays are not told that time moved (clock.changed), as with the real clock between polls: only the counter's own timer can render the line.
    const quiet = clock as unknown as {changed: () => void};
    quiet.changed = () => undefined;
    try {
      await clock.advance(2 * 60_000);
      await el.updateComplete;
      expect(line(el), 'at 09:43, three intervals').to.equal(null);
      await clock.advance(1);
      await el.updateComplete;
      expect(line(el), 'just after, rendered by the timer').to.equal('Followers on Bluesky not updated since 09:40');
    } finally {
      delete (quiet as Partial<typeof quiet>).changed;
    }
  });

  it('names every network not updated in one line, with the earliest time, and the day when it is not today', async () => {
    clock.useManualTime('2016-10-24T09:46:00+01:00');
    const src = await publish('counter-two-failing.json');
    const el = await mount(html`<trust-follow-counter src=${src}></trust-follow-counter>`);
    await advanceTo(el, '2016-10-24T09:47:00+01:00');
    expect(line(el), 'Mastodon paused two minutes ago').to.equal('Followers on Bluesky not updated since 09:40');
    await advanceTo(el, '2016-10-24T09:49:00+01:00');
    expect(line(el)).to.equal('Followers on Bluesky and Mastodon not updated since 09:40');

    el.timezone = 'America/New_York';
    await el.updateComplete;
    expect(line(el), 'in the counter’s zone').to.equal('Followers on Bluesky and Mastodon not updated since 04:40');
    el.timezone = undefined;

    clock.useManualTime('2016-10-25T12:00:00+01:00');
    await el.updateComplete;
    expect(line(el), 'the next day').to.equal(intl('Followers on Bluesky and Mastodon not updated since Monday 24 October, 09:40'));
    expect(spoken(el)).to.equal('2,314');
  });

  it('skips a bad sources entry with a Problem and ignores a state it does not know', async () => {
    clock.useManualTime('2016-10-24T09:50:00+01:00');
    const src = await publish('counter-bad-sources.json');
    const load = oneEvent<TrustLoadEvent>(document, 'trust-load');
    const el = await mount(html`<trust-follow-counter src=${src}></trust-follow-counter>`);
    expect((await load).detail.skipped).to.deep.equal([{where: 'sources[1]', reason: '"since" is not a date-time'}]);
    expect(line(el)).to.equal('Followers on Bluesky not updated since 09:40');
  });

  it('wraps the line inside the widget at the narrowest viewport', async () => {
    clock.useManualTime('2016-10-25T12:00:00+01:00');
    const src = await publish('counter-two-failing.json');
    await expectPartFitsNarrowest(() => mount(html`<trust-follow-counter src=${src}></trust-follow-counter>`), 'not-updated');
  });

  itWithMedia('keeps the line readable in forced colours: the reader’s text colour, axe-clean', async () => {
    clock.useManualTime('2016-10-25T12:00:00Z');
    const src = await publish('counter-two-failing.json');
    await expectPartInForcedColours(() => mount(html`<trust-follow-counter src=${src}></trust-follow-counter>`), 'not-updated');
  });
});
