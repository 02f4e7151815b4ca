/**
 * <trust-follow-counter> reading what trust-relay publishes:
 * `counters/<name>.json` in the native followers format, with the summed
 * accounts' breakdown (`accounts`), the event's start (`eventStart`) and a
 * week of history, served as the relay serves it (strong ETag,
 * If-None-Match → 304, the relay's Cache-Control), from test/fixtures/relay/.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {loaded, requests, settled, until} from '../helpers/index.js';
import {intl} from '../helpers/engine.js';
import '../../src/follow-counter/define.js';
import type {TrustFollowCounter} from '../../src/follow-counter/trust-follow-counter.js';
import {clock} from '../../src/shared/manual-time.js';

let published = 0;

/** Publishes a fixture at a new path under /relay/counters/, as the relay writes a counter's file; returns the path. */
async function publish(fixture: string, path = `/relay/counters/nelft-${Date.now().toString(36)}-${++published}.json`, refresh = 60): Promise<string> {
  const res = await fetch('/__relay/publish', {method: 'POST', body: JSON.stringify({path, fixture: `relay/${fixture}`, refresh})});
  if (!res.ok) throw new Error(`could not publish ${fixture}`);
  return path;
}

const COUNTER = 'counter-nelft.json';
const CHANGED = 'counter-nelft-changed.json';

const root = (el: TrustFollowCounter) => el.shadowRoot!;
const partText = (el: TrustFollowCounter, name: string) => root(el).querySelector(`[part~="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
/** What a screen reader reads as the count (the digits on screen may be a step of the count-up). */
const spoken = (el: TrustFollowCounter) => root(el).querySelector('.count .visually-hidden')?.textContent?.trim();
const rows = (el: TrustFollowCounter) => [...root(el).querySelectorAll('[part~="breakdown"] li')].map((li) => li.querySelector('span')!.textContent.trim());
const links = (el: TrustFollowCounter) => [...root(el).querySelectorAll<HTMLAnchorElement>('a')].map((a) => [a.textContent.trim(), a.href]);

async function mount(template: ReturnType<typeof html>): Promise<TrustFollowCounter> {
  const el = await fixture<TrustFollowCounter>(template);
  await settled(el);
  return el;
}

/** A week's history, as `.data`: one point a day at 09:00 from Friday 21 October, 2080 rising by 40 a day. */
const week = Array.from({length: 8}, (_, i) => ({at: new Date(Date.parse('2016-10-21T09:00:00+01:00') + i * 86_400_000).toISOString(), count: 2080 + 40 * i}));

describe('<trust-follow-counter> reading trust-relay’s counter file', () => {
  // The Friday afternoon of the event week.
  beforeEach(() => clock.useManualTime('2016-10-28T16:00:00+01:00'));

  it('is accessible, with the breakdown, the growth and the week’s sparkline', async () => {
    const src = await publish(COUNTER);
    const el = await mount(html`<trust-follow-counter src=${src} since="event-start" goal="2500"></trust-follow-counter>`);
    await expect(el).to.be.accessible();
    expect(spoken(el)).to.equal('2,314');
  });

  it('shows the summed count with a row and a follow link per account, and growth since the event began: "+214 since Monday 09:00"', async () => {
    const src = await publish(COUNTER);
    const el = await mount(html`<trust-follow-counter src=${src} since="event-start"></trust-follow-counter>`);
    expect(spoken(el)).to.equal('2,314');
    expect(partText(el, 'label')).to.equal('followers');
    expect(rows(el)).to.deep.equal(['1,760 on Mastodon (@NELFT@nhs.social)', '554 on Bluesky (@nelft.bsky.social)']);
    expect(links(el)).to.deep.equal([
      ['Follow @NELFT@nhs.social on Mastodon', 'https://nhs.social/@NELFT'],
      ['Follow @nelft.bsky.social on Bluesky', 'https://bsky.app/profile/nelft.bsky.social'],
    ]);
    expect(partText(el, 'growth')).to.equal('+214 since Monday 09:00');
    expect(root(el).querySelector('[part="sparkline"]')!.getAttribute('aria-label'), 'the hourly history of the week').to.equal('Rising from 2,080 to 2,314 over 7 days');

    el.since = '2016-10-24';
    await el.updateComplete;
    expect(partText(el, 'growth'), 'a date (midnight) reads as the day, from the first point that day').to.equal(intl('+216 since Monday 24 October'));
    el.timezone = 'America/New_York';
    el.since = 'event-start';
    await el.updateComplete;
    expect(partText(el, 'growth'), 'the time of day in the element’s zone').to.equal('+214 since Monday 04:00');
  });

  it('reads event-start without an eventStart as the first point of the history, with the date once the weekday alone is ambiguous', async () => {
    const el = await mount(html`<trust-follow-counter .data=${{count: 2400, history: week}} since="event-start"></trust-follow-counter>`);
    expect(partText(el, 'growth'), 'seven days ago: the weekday alone would be ambiguous').to.equal(intl('+320 since Friday 21 October at 09:00'));
    el.data = {count: 2400, history: week, eventStart: '2016-10-24T09:00:00+01:00'};
    await loaded(el);
    expect(partText(el, 'growth')).to.equal('+200 since Monday 09:00');
    el.data = {count: 2400, history: week, eventStart: '2016-10-24T08:30:00+01:00'};
    await loaded(el);
    expect(partText(el, 'growth'), 'the baseline is the first point on or after the start, and the time read is that point’s').to.equal('+200 since Monday 09:00');
    el.data = {count: 2400, history: week, eventStart: '2016-10-24T10:00:00+01:00'};
    await loaded(el);
    expect(partText(el, 'growth'), 'no point later that day: the day of the point the growth is measured from').to.equal(intl('+160 since Tuesday 25 October'));
    el.data = {count: 2400, history: week, eventStart: '2016-11-01T09:00:00Z'};
    await loaded(el);
    expect(partText(el, 'growth'), 'no point after the start: no growth to show').to.equal(undefined);
    el.data = {count: 2400, history: week, eventStart: '2016-10-24T09:00:00+01:00'};
    el.baseline = 2100;
    await loaded(el);
    expect(partText(el, 'growth'), 'with a baseline, worded as since the start').to.equal('+300 since Monday 09:00');
  });

  it('skips an account row it cannot use and says so, and reports a total that is not the rows’ sum', async () => {
    const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter since="event-start"></trust-follow-counter>`);
    const next = loaded(el);
    el.data = {
      count: 2320,
      eventStart: 'the first day',
      history: week,
      accounts: [
        {count: 1760, network: 'mastodon', account: '@NELFT@nhs.social', url: 'javascript:alert(1)'},
        {count: -3, network: 'bluesky', account: '@broken.example'},
        'not an account',
        {count: '554', network: 'LinkedIn', name: 'NELFT'},
      ],
    };
    const event = await next;
    expect(event.detail.skipped).to.deep.equal([
      {where: 'accounts[1]', reason: '"count" is not a whole number, 0 or more'},
      {where: 'accounts[2]', reason: '"count" is not a whole number, 0 or more'},
      {where: 'accounts', reason: 'the accounts add up to 2314, not to "count" (2320)'},
      {where: 'eventStart', reason: 'not a date-time'},
    ]);
    expect(spoken(el), 'the file’s total is shown').to.equal('2,320');
    expect(rows(el)).to.deep.equal(['1,760 on Mastodon (@NELFT@nhs.social)', '554 on LinkedIn']);
    expect(links(el), 'no follow link to a javascript: address').to.deep.equal([]);
    expect(partText(el, 'growth'), 'a bad eventStart: from the first point').to.equal(intl('+240 since Friday 21 October at 09:00'));
  });

  it('refreshes as the relay serves it: a 304 changes nothing (trust-load says changed: false); a changed file updates the count, rows and growth', async () => {
    const src = await publish(COUNTER);
    const el = await fixture<TrustFollowCounter>(html`<trust-follow-counter src=${src} since="event-start" refresh="60"></trust-follow-counter>`);
    await loaded(el);
    const shown = root(el).querySelector('.counter')!.innerHTML;

    let next = loaded(el);
    await clock.advance(60_000);
    expect((await next).detail.changed).to.equal(false);
    const log = await requests(src);
    expect(log).to.have.length(2);
    expect(log[1].headers['if-none-match'], 'a conditional request with the relay’s strong ETag').to.match(/^"[\w-]+"$/);
    expect(root(el).querySelector('.counter')!.innerHTML, 'nothing re-rendered').to.equal(shown);

    await publish(CHANGED, src);
    next = loaded(el);
    await clock.advance(60_000);
    expect((await next).detail.changed).to.equal(true);
    await until(() => spoken(el) === '2,330', 'the new total');
    expect(rows(el)).to.deep.equal(['1,774 on Mastodon (@NELFT@nhs.social)', '556 on Bluesky (@nelft.bsky.social)']);
    expect(partText(el, 'growth')).to.equal('+230 since Monday 09:00');
    expect((await requests(src))[2].headers['if-none-match']).to.equal(log[1].headers['if-none-match']);
    await expect(el).to.be.accessible();
  });
});
