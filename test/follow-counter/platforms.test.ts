/**
 * <trust-follow-counter> on a trust-relay counter across Mastodon, Bluesky,
 * X, Facebook and Instagram (test/fixtures/relay/counter-platforms*.json,
 * served as the relay serves them): the total, one network (`network`), the
 * one-line breakdown (`breakdown="line"`), and a platform the relay could not
 * read again, kept in the total and marked with when it was last read.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {intl, press} from '../helpers/engine.js';
import {loaded, settled} from '../helpers/index.js';
import '../../src/follow-counter/define.js';
import type {TrustFollowCounter} from '../../src/follow-counter/trust-follow-counter.js';
import {clock} from '../../src/shared/manual-time.js';

let published = 0;

/** Publishes a fixture at a new path under /relay/counters/, as the relay writes a counter's file; returns the path. */
async function publish(fixture: string, path = `/relay/counters/platforms-${Date.now().toString(36)}-${++published}.json`, refresh = 60): Promise<string> {
  const res = await fetch('/__relay/publish', {method: 'POST', body: JSON.stringify({path, fixture: `relay/${fixture}`, refresh})});
  if (!res.ok) throw new Error(`could not publish ${fixture}`);
  return path;
}

const ALL = 'counter-platforms.json';
const STALE = 'counter-platforms-stale.json';

const root = (el: TrustFollowCounter) => el.shadowRoot!;
const partText = (el: TrustFollowCounter, name: string) => root(el).querySelector(`[part~="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
const spoken = (el: TrustFollowCounter) => root(el).querySelector('.count .visually-hidden')?.textContent?.trim();
const rows = (el: TrustFollowCounter) => [...root(el).querySelectorAll('[part~="breakdown"] li')].map((li) => li.querySelector('span:not([aria-hidden])')!.textContent.trim());
/** What each link says to a screen reader, and where it goes. */
const links = (el: TrustFollowCounter) => [...root(el).querySelectorAll<HTMLAnchorElement>('a')].map((a) => [a.textContent.replace(/\s+/g, ' ').trim(), a.href]);
/** What a sighted reader sees of the one-line breakdown (the hidden link words left out). */
const line = (el: TrustFollowCounter) => {
  const list = root(el).querySelector('[part~="breakdown"]')!.cloneNode(true) as HTMLElement;
  for (const hidden of list.querySelectorAll('.visually-hidden')) hidden.remove();
  return [...list.querySelectorAll('li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()).join(' ');
};

async function mount(template: ReturnType<typeof html>): Promise<TrustFollowCounter> {
  const el = await fixture<TrustFollowCounter>(template);
  await settled(el);
  return el;
}

describe('<trust-follow-counter> across Mastodon, Bluesky, X, Facebook and Instagram', () => {
  // The Friday afternoon of the event week.
  beforeEach(() => clock.useManualTime('2016-10-28T16:00:00+01:00'));

  it('is accessible in every way of showing it', async () => {
    const src = await publish(STALE);
    for (const el of [
      await mount(html`<trust-follow-counter src=${src}></trust-follow-counter>`),
      await mount(html`<trust-follow-counter src=${src} breakdown="line"></trust-follow-counter>`),
      await mount(html`<trust-follow-counter src=${src} network="x" since="event-start"></trust-follow-counter>`),
      await mount(html`<trust-follow-counter src=${src} network="facebook"></trust-follow-counter>`),
      await mount(html`<trust-follow-counter src=${src} network="linkedin"></trust-follow-counter>`),
    ]) {
      await expect(el).to.be.accessible();
    }
  });

  it('shows the total with a row and a follow link for each network', async () => {
    const el = await mount(html`<trust-follow-counter src=${await publish(ALL)} since="event-start"></trust-follow-counter>`);
    expect(spoken(el)).to.equal('6,418');
    expect(rows(el)).to.deep.equal([
      '1,760 on Mastodon (@NELFT@nhs.social)',
      '554 on Bluesky (@nelft.bsky.social)',
      '2,314 on X (@NelftComms)',
      '1,102 on Facebook (NELFT NHS Foundation Trust (fictional))',
      '688 on Instagram (@fictional_nelft)',
    ]);
    expect(links(el).map(([text]) => text)).to.deep.equal([
      'Follow @NELFT@nhs.social on Mastodon',
      'Follow @nelft.bsky.social on Bluesky',
      'Follow @NelftComms on X',
      'Follow NELFT NHS Foundation Trust (fictional) on Facebook',
      'Follow @fictional_nelft on Instagram',
    ]);
    expect(partText(el, 'stale-total')).to.equal(undefined);
    expect(partText(el, 'growth')).to.match(/^\+\d+ since Monday 09:00$/);
  });

  it('shows one network’s count, growth and sparkline from its own history with network="x"', async () => {
    const el = await mount(html`<trust-follow-counter src=${await publish(ALL)} network="x" since="2016-10-21"></trust-follow-counter>`);
    expect(spoken(el)).to.equal('2,314');
    expect(partText(el, 'growth'), 'from X’s own first point').to.equal(intl('+200 since Friday 21 October'));
    expect(root(el).querySelector('[part="sparkline"]')!.getAttribute('aria-label')).to.equal('Rising from 2,114 to 2,314 over 7 days');
    expect(links(el)).to.deep.equal([['Follow @NelftComms on X', 'https://x.com/NelftComms']]);
    expect(root(el).querySelector('[part~="breakdown"]'), 'one account: its follow link, no breakdown').to.equal(null);

    el.network = 'Instagram';
    await el.updateComplete;
    expect(spoken(el), 'the attribute in any case').to.equal('688');
    expect(partText(el, 'growth')).to.equal(intl('+28 since Friday 21 October'));

    el.network = 'linkedin';
    await el.updateComplete;
    expect(partText(el, 'message')).to.equal('There is no linkedin account in this count.');

    el.removeAttribute('network');
    el.network = undefined;
    await el.updateComplete;
    expect(spoken(el), 'the total again').to.equal('6,418');
  });

  it('shows the breakdown on one line with a follow link each with breakdown="line"', async () => {
    const el = await mount(html`<trust-follow-counter src=${await publish(ALL)} breakdown="line" layout="compact"></trust-follow-counter>`);
    expect(line(el)).to.equal('1,760 on Mastodon · 554 on Bluesky · 2,314 on X · 1,102 on Facebook · 688 on Instagram');
    expect(links(el)).to.deep.equal([
      ['1,760 on Mastodon: Follow @NELFT@nhs.social on Mastodon', 'https://nhs.social/@NELFT'],
      ['554 on Bluesky: Follow @nelft.bsky.social on Bluesky', 'https://bsky.app/profile/nelft.bsky.social'],
      ['2,314 on X: Follow @NelftComms on X', 'https://x.com/NelftComms'],
      ['1,102 on Facebook: Follow NELFT NHS Foundation Trust (fictional) on Facebook', 'https://www.facebook.com/FictionalNelftPage'],
      ['688 on Instagram: Follow @fictional_nelft on Instagram', 'https://www.instagram.com/fictional_nelft'],
    ]);
    expect(root(el).querySelector('[part~="breakdown"]')!.getAttribute('aria-label')).to.equal('By network');
    expect([...root(el).querySelectorAll('.separator')].every((s) => s.getAttribute('aria-hidden') === 'true'), 'the dots are not read out').to.equal(true);

    el.breakdown = 'none';
    await el.updateComplete;
    expect(root(el).querySelector('[part~="breakdown"]')).to.equal(null);
    expect(spoken(el)).to.equal('6,418');
  });

  it('keeps a platform the relay could not read in the total, marks it with when it was last read, and says so', async () => {
    const src = await publish(STALE);
    const el = await mount(html`<trust-follow-counter src=${src}></trust-follow-counter>`);
    expect(spoken(el), 'the total does not drop by Facebook’s followers').to.equal('6,418');
    expect(partText(el, 'stale-total')).to.equal('Includes the last count we could read from Facebook');
    expect(rows(el)[3]).to.equal('1,102 on Facebook (NELFT NHS Foundation Trust (fictional), last read 09:40)');
    expect(root(el).querySelectorAll('.stale-count')).to.have.length(1);
    expect(partText(el, 'not-updated'), 'failing for more than three intervals: the relay’s sources line too').to.equal('Followers on Facebook not updated since 09:45');

    el.breakdown = 'line';
    await el.updateComplete;
    expect(line(el)).to.equal('1,760 on Mastodon · 554 on Bluesky · 2,314 on X · 1,102 on Facebook (last read 09:40) · 688 on Instagram');

    el.network = 'facebook';
    await el.updateComplete;
    expect(spoken(el)).to.equal('1,102');
    expect(partText(el, 'stale-total')).to.equal('Includes the last count we could read from Facebook');
    el.network = 'x';
    await el.updateComplete;
    expect(partText(el, 'stale-total'), 'X was read').to.equal(undefined);
  });

  it('names the day of a last read that was not today, and takes overridden words', async () => {
    clock.useManualTime('2016-10-29T10:00:00+01:00');
    const el = await mount(html`<trust-follow-counter src=${await publish(STALE)}></trust-follow-counter>`);
    expect(rows(el)[3]).to.equal(intl('1,102 on Facebook (NELFT NHS Foundation Trust (fictional), last read Friday 28 October, 09:40)'));
    el.strings = {networks: {facebook: 'Facebook (Meta)'}, staleTotal: (networks: string) => `Counting ${networks} from earlier`};
    await el.updateComplete;
    expect(partText(el, 'stale-total')).to.equal('Counting Facebook (Meta) from earlier');
    const next = loaded(el);
    el.data = {count: 10, accounts: [{count: 10, network: 'x', account: '@a', url: 'https://x.com/a'}]};
    await next;
    expect(partText(el, 'stale-total')).to.equal(undefined);
  });

  it('keeps the keyboard order and focus: every follow link in turn, in the list and on the line', async () => {
    const el = await mount(html`<trust-follow-counter src=${await publish(STALE)}></trust-follow-counter>`);
    const focused: string[] = [];
    for (let i = 0; i < 5; i++) {
      await press('Tab');
      focused.push(root(el).activeElement?.textContent?.trim() ?? '');
    }
    expect(focused).to.deep.equal([
      'Follow @NELFT@nhs.social on Mastodon',
      'Follow @nelft.bsky.social on Bluesky',
      'Follow @NelftComms on X',
      'Follow NELFT NHS Foundation Trust (fictional) on Facebook',
      'Follow @fictional_nelft on Instagram',
    ]);
    el.breakdown = 'line';
    await el.updateComplete;
    (document.activeElement as HTMLElement | null)?.blur();
    const onLine: string[] = [];
    for (let i = 0; i < 5; i++) {
      await press('Tab');
      onLine.push((root(el).activeElement as HTMLElement | null)?.getAttribute('href') ?? '');
    }
    expect(onLine).to.deep.equal(['https://nhs.social/@NELFT', 'https://bsky.app/profile/nelft.bsky.social', 'https://x.com/NelftComms', 'https://www.facebook.com/FictionalNelftPage', 'https://www.instagram.com/fictional_nelft']);
  });

  it('fits a 320px container in every way of showing it', async () => {
    const src = await publish(STALE);
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 320px">
      <trust-follow-counter src=${src} goal="7000"></trust-follow-counter>
      <trust-follow-counter src=${src} breakdown="line"></trust-follow-counter>
      <trust-follow-counter src=${src} breakdown="line" layout="compact" notation="compact"></trust-follow-counter>
      <trust-follow-counter src=${src} network="facebook" since="event-start"></trust-follow-counter>
    </div>`);
    for (const el of wrapper.querySelectorAll('trust-follow-counter')) {
      await settled(el);
      expect(el.scrollWidth, `${el.breakdown} ${el.layout}`).to.be.at.most(el.clientWidth);
      await expect(el).to.be.accessible();
    }
  });
});
