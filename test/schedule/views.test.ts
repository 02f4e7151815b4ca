import {expect, fixture, html} from '@open-wc/testing';
import {until} from '../helpers/index.js';
import {emulateMedia, intl, itWithMedia, press} from '../helpers/engine.js';
import type {TrustSchedule} from '../../src/schedule/trust-schedule.js';
import {clock} from '../../src/shared/manual-time.js';
import {$, $$, FIXTURES, card, cards, seen, settled, titles, visibleText} from './helpers.js';
import '../helpers/index.js';

const WEEK = `${FIXTURES}/week.json`;

async function load(template = html`<trust-schedule src=${WEEK}></trust-schedule>`): Promise<TrustSchedule> {
  const el = await fixture<TrustSchedule>(template);
  await settled(el);
  return el;
}

/** The schedule inside a wrapper of a given width (the widget's container, not the viewport). */
async function inWidth(width: number, attrs = ''): Promise<TrustSchedule> {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"></div>`);
  wrapper.innerHTML = `<trust-schedule src="${WEEK}" ${attrs}></trust-schedule>`;
  const el = wrapper.firstElementChild as TrustSchedule;
  await settled(el);
  return el;
}

const tabs = (el: TrustSchedule) => $$<HTMLButtonElement>(el, '[role="tab"]');
const selectedTab = (el: TrustSchedule) => visibleText(tabs(el).find((t) => t.getAttribute('aria-selected') === 'true') ?? null);
const dayHeadings = (el: TrustSchedule) => $$(el, '[part~="day-heading"]').map((h) => visibleText(h));
const focused = (el: TrustSchedule) => el.shadowRoot!.activeElement as HTMLElement | null;
const displayed = (node: Element) => node.getClientRects().length > 0;

describe('<trust-schedule> views and navigation', () => {
  it('shows a day at a time as a list grouped by start time, with headings at heading-level', async () => {
    const el = await load(html`<trust-schedule src=${WEEK} heading-level="3"></trust-schedule>`);
    await expect(el).to.be.accessible();
    expect(tabs(el).map((t) => visibleText(t))).to.deep.equal([intl('Mon 24 Oct'), intl('Tue 25 Oct'), 'Time to be confirmed', 'All days']);
    expect(selectedTab(el)).to.equal(intl('Mon 24 Oct'));
    const headings = $$(el, 'h3, h4, h5').map((h) => `${h.localName} ${visibleText(h)}`);
    expect(headings.slice(0, 6)).to.deep.equal([
      intl('h3 Monday 24 October'),
      'h4 09:30',
      'h5 Welcome to social media week',
      'h4 10:00',
      'h5 How to use Facebook properly',
      'h5 Twitter for beginners',
    ]);
    expect($$(el, 'h2, h6')).to.have.length(0);
    expect(seen(el, 'Twitter for beginners')).to.deep.equal({day: intl('Monday 24 October'), slot: '10:00', when: '10:00 to 11:00 · Seminar Room'});
  });

  it('moves between days with the arrow keys, Home and End, with one tab stop', async () => {
    const el = await load();
    tabs(el)[0].focus();
    await press('ArrowRight');
    await el.updateComplete;
    expect(selectedTab(el)).to.equal(intl('Tue 25 Oct'));
    expect(visibleText(focused(el))).to.equal(intl('Tue 25 Oct'));
    expect(dayHeadings(el)).to.deep.equal([intl('Tuesday 25 October')]);
    expect(tabs(el).filter((t) => t.tabIndex === 0).map((t) => visibleText(t))).to.deep.equal([intl('Tue 25 Oct')]);
    expect($(el, '[role="tabpanel"]')!.getAttribute('aria-labelledby')).to.equal(focused(el)!.id);

    await press('End');
    await el.updateComplete;
    expect(selectedTab(el)).to.equal('All days');
    expect(dayHeadings(el)).to.deep.equal([intl('Monday 24 October'), intl('Tuesday 25 October'), 'Time to be confirmed']);

    await press('Home');
    await el.updateComplete;
    expect(selectedTab(el)).to.equal(intl('Mon 24 Oct'));
    await press('ArrowLeft');
    await el.updateComplete;
    expect(selectedTab(el)).to.equal('All days');
    expect(visibleText(focused(el))).to.equal('All days');
    await expect(el).to.be.accessible();
  });

  it('keeps the chosen day in the URL hash, and opens at the day a link names', async () => {
    const el = await load();
    tabs(el)[1].click();
    await el.updateComplete;
    expect(location.hash).to.equal('#day-2016-10-25');
    el.remove();

    const again = await load();
    expect(selectedTab(again)).to.equal(intl('Tue 25 Oct'));

    location.hash = '#day-2016-10-24';
    await until(() => selectedTab(again) === intl('Mon 24 Oct'), 'follows the hash');
  });

  it('leaves a hash that the host page uses for itself alone', async () => {
    history.replaceState(null, '', '#main-content');
    const el = await load();
    tabs(el)[1].click();
    await el.updateComplete;
    expect(selectedTab(el)).to.equal(intl('Tue 25 Oct'));
    expect(location.hash).to.equal('#main-content');
  });

  it('opens at the `day` attribute, or every day with day="all"', async () => {
    expect(selectedTab(await load(html`<trust-schedule src=${WEEK} day="2016-10-25"></trust-schedule>`))).to.equal(intl('Tue 25 Oct'));
    const all = await load(html`<trust-schedule src=${WEEK} day="all"></trust-schedule>`);
    expect(selectedTab(all)).to.equal('All days');
    expect(titles(all)).to.have.length(10);
  });

  it('opens at today while the event runs', async () => {
    clock.useManualTime('2016-10-25T07:00:00Z');
    expect(selectedTab(await load())).to.equal(intl('Tue 25 Oct'));
  });

  it('a #session- link opens that session’s day and details, scrolls to it and focuses it', async () => {
    history.replaceState(null, '', '#session-tue-surgery');
    const el = await load();
    await until(() => focused(el)?.id === 'session-tue-surgery', 'the session is focused');
    expect(selectedTab(el)).to.equal(intl('Tue 25 Oct'));
    const surgery = card(el, 'Social media surgery');
    expect(surgery.querySelector('[aria-expanded]')!.getAttribute('aria-expanded')).to.equal('true');
    expect(visibleText(surgery)).to.contain('Drop in with any question about social media.');

    location.hash = '#session-mon-twitter';
    await until(() => focused(el)?.id === 'session-mon-twitter', 'follows a later hash change');
    expect(selectedTab(el)).to.equal(intl('Mon 24 Oct'));
  });

  it('links speakers to their cards only when a <trust-speakers> is on the page', async () => {
    const el = await load();
    const speakers = () => card(el, 'Twitter for beginners').querySelector('.session__speakers')!;
    expect(visibleText(speakers())).to.equal('With Kyle Grieve');
    expect(speakers().querySelector('a')).to.equal(null);

    const other = document.createElement('trust-speakers');
    document.body.append(other);
    try {
      el.requestUpdate();
      await el.updateComplete;
      const link = speakers().querySelector('a')!;
      expect(new URL(link.href).hash).to.equal('#speaker-kyle-grieve');
      expect(new URL(link.href).pathname).to.equal(location.pathname);
    } finally {
      other.remove();
    }
  });

  it('opens session details from the keyboard: description with safe links, speakers, room, type, audience, links', async () => {
    const el = await load();
    const facebook = card(el, 'How to use Facebook properly');
    const toggle = facebook.querySelector<HTMLButtonElement>('[aria-expanded]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.focus();
    await press('Space');
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const details = el.shadowRoot!.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(displayed(details)).to.equal(true);
    const text = visibleText(details);
    expect(text).to.contain('Privacy settings and professional boundaries.');
    expect(text).to.contain('NELFT Communications Team');
    const facts = [...details.querySelectorAll('dl > div')].map((pair) => [...pair.children].map((c) => visibleText(c)).join(': '));
    expect(facts).to.deep.equal(['Room: Training Suite', 'Type: Workshop', 'Track: Skills', 'Audience: Staff, Public and Carers']);
    const booking = [...details.querySelectorAll('a')].find((a) => a.textContent === 'Book a place')!;
    expect(booking.href).to.equal('https://nelft.example/book/mon-facebook');
    expect(booking.rel).to.equal('noopener noreferrer nofollow ugc');

    const welcome = card(el, 'Welcome to social media week');
    welcome.querySelector<HTMLButtonElement>('[aria-expanded]')!.click();
    await el.updateComplete;
    const link = [...welcome.querySelectorAll('.session__details a')].find((a) => a.textContent === 'https://www.nelft.nhs.uk/');
    expect(link, 'a bare URL in a description becomes a link').to.exist;
    await expect(el).to.be.accessible();

    toggle.focus();
    await press('Enter');
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(displayed(details)).to.equal(false);
  });

  it('says in words when a session is cancelled, moved or full', async () => {
    const el = await load(html`<trust-schedule src=${WEEK} day="all"></trust-schedule>`);
    const badges = (title: string) => [...card(el, title).querySelectorAll('[part~="badge"]')].map((b) => visibleText(b));
    expect(badges('How to use Facebook properly')).to.deep.equal(['Full: Waiting list open']);
    expect(badges('Social media and confidentiality')).to.deep.equal(['Moved: Now in the Training Suite']);
    expect(badges('Blogging for beginners')).to.deep.equal(['Cancelled']);
    expect(badges('Twitter for beginners')).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('lists sessions without a time under "Time to be confirmed"', async () => {
    const el = await load();
    tabs(el).find((t) => visibleText(t) === 'Time to be confirmed')!.click();
    await el.updateComplete;
    expect(dayHeadings(el)).to.deep.equal(['Time to be confirmed']);
    expect(titles(el)).to.deep.equal(['Podcasting pilot']);
    expect(visibleText(card(el, 'Podcasting pilot').querySelector('.session__when'))).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('shows breaks quietly, without a star', async () => {
    const el = await load();
    const lunch = card(el, 'Lunch');
    expect(visibleText(lunch.querySelector('.session__when'))).to.equal('12:00 to 13:00 · Café, Care City');
    expect(lunch.querySelector('button')).to.equal(null);
    expect(getComputedStyle(lunch).backgroundColor).not.to.equal(getComputedStyle(card(el, 'Twitter for beginners')).backgroundColor);
  });

  describe('grid', () => {
    it('puts rooms in columns under sticky headers, side by side in time, with plenary sessions across every room', async () => {
      const el = await inWidth(1000, 'view="grid"');
      await expect(el).to.be.accessible();
      const headers = $$(el, '[part~="grid-header"]').filter(displayed);
      expect(headers.map((h) => visibleText(h))).to.deep.equal(['Seminar Room', 'Training Suite', 'Online']);
      expect(getComputedStyle(headers[0]).position).to.equal('sticky');
      const [seminar, training, online] = headers.map((h) => h.getBoundingClientRect());
      const twitter = card(el, 'Twitter for beginners').getBoundingClientRect();
      const facebook = card(el, 'How to use Facebook properly').getBoundingClientRect();
      expect(twitter.top).to.equal(facebook.top);
      expect(twitter.left).to.be.closeTo(seminar.left, 1);
      expect(facebook.left).to.be.closeTo(training.left, 1);
      const welcome = card(el, 'Welcome to social media week').getBoundingClientRect();
      expect(welcome.left).to.be.closeTo(seminar.left, 1);
      expect(welcome.right).to.be.closeTo(online.right, 1);
      // The two-hour session is taller than the one-hour session beside it.
      expect(facebook.height).to.be.greaterThan(twitter.height);
      const time = $$(el, '[part~="time-heading"]').find((h) => visibleText(h) === '10:00')!.getBoundingClientRect();
      expect(time.top).to.be.closeTo(twitter.top, 12);
      expect(time.right).to.be.at.most(seminar.left);
    });

    it('scrolls inside its own box when the rooms do not fit, never the page', async () => {
      const el = await inWidth(700, 'view="grid" style="--trust-schedule-grid-column: 20rem"');
      const scroller = $(el, '.day__scroller')!;
      expect(scroller.scrollWidth).to.be.greaterThan(scroller.clientWidth);
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
      await expect(el).to.be.accessible();
    });

    it('groups columns by track with group-by="track"', async () => {
      const el = await inWidth(1000, 'view="grid" group-by="track"');
      expect($$(el, '[part~="grid-header"]').filter(displayed).map((h) => visibleText(h))).to.deep.equal(['Skills', 'Conversations']);
      // Two Skills workshops at once: the Skills column has two lanes under one header.
      const skills = $$(el, '[part~="grid-header"]').find((h) => visibleText(h) === 'Skills')!.getBoundingClientRect();
      const twitter = card(el, 'Twitter for beginners').getBoundingClientRect();
      const facebook = card(el, 'How to use Facebook properly').getBoundingClientRect();
      expect(twitter.top).to.equal(facebook.top);
      expect(Math.min(twitter.left, facebook.left)).to.be.closeTo(skills.left, 1);
      expect(Math.max(twitter.right, facebook.right)).to.be.closeTo(skills.right, 1);
    });

    it('becomes the list when its own container is narrow, whatever the viewport', async () => {
      const el = await inWidth(500, 'view="grid"');
      expect($$(el, '[part~="grid-header"]').filter(displayed)).to.have.length(0);
      const panel = $(el, '[part~="panel"]')!.getBoundingClientRect();
      for (const c of cards(el)) {
        const box = c.getBoundingClientRect();
        expect(box.left).to.be.closeTo(panel.left, 1);
        expect(box.width).to.be.closeTo(panel.width, 1);
      }
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      await expect(el).to.be.accessible();

      el.parentElement!.style.width = '1000px';
      await until(() => $$(el, '[part~="grid-header"]').some(displayed), 'the grid comes back when there is room');
    });

    it('switches between list and grid with pressed buttons', async () => {
      const el = await inWidth(1000);
      const grid = $$<HTMLButtonElement>(el, '.view-switch button').find((b) => visibleText(b) === 'Grid')!;
      expect(grid.getAttribute('aria-pressed')).to.equal('false');
      grid.click();
      await el.updateComplete;
      expect(el.getAttribute('view')).to.equal('grid');
      expect(grid.getAttribute('aria-pressed')).to.equal('true');
      expect($$(el, '[part~="grid-header"]').filter(displayed)).to.have.length(3);
    });
  });

  it('is readable at 320px wide with filters and details open, in both views', async () => {
    for (const view of ['list', 'grid']) {
      const el = await inWidth(320, `view="${view}" show-filters`);
      const facebook = card(el, 'How to use Facebook properly');
      facebook.querySelector<HTMLButtonElement>('[aria-expanded]')!.click();
      await el.updateComplete;
      expect(el.scrollWidth, view).to.be.at.most(el.clientWidth);
      await expect(el).to.be.accessible();
    }
  });

  itWithMedia('prints every day as a clean list, without buttons', async () => {
    const el = await inWidth(1000, 'view="grid"');
    await emulateMedia({media: 'print'});
    try {
      window.dispatchEvent(new Event('beforeprint'));
      expect(dayHeadings(el)).to.deep.equal([intl('Monday 24 October'), intl('Tuesday 25 October'), 'Time to be confirmed']);
      expect($$(el, 'button').filter(displayed)).to.have.length(0);
      expect($$(el, '[role="tablist"], input, select').filter(displayed)).to.have.length(0);
      expect($$(el, '[part~="grid-header"]').filter(displayed)).to.have.length(0);
      window.dispatchEvent(new Event('afterprint'));
      await el.updateComplete;
      expect(dayHeadings(el)).to.deep.equal([intl('Monday 24 October')]);
    } finally {
      await emulateMedia({media: 'screen'});
    }
  });
});
