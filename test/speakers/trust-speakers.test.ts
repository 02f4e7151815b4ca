import {expect, fixture, fixtureSync, html, oneEvent} from '@open-wc/testing';
import {emulateMedia, intl, itWithMedia, press} from '../helpers/engine.js';
import {mockPath, program, requests, settledPosition, until} from '../helpers/index.js';
import {clock} from '../../src/shared/manual-time.js';
import '../../src/speakers/define.js';
import type {TrustSpeakers} from '../../src/speakers/trust-speakers.js';
import type {TrustErrorEvent, TrustLoadEvent} from '../../src/shared/events.js';
import {AVATAR_COLOURS, avatarTone, initials} from '../../src/speakers/avatar.js';
import {EVENT, card, cards, loadPhotosNow, fixtureJson, names, servedSessionize, sessionsOf, settled, textOf} from './helpers.js';

const shadow = (el: TrustSpeakers) => el.shadowRoot!;
/** The message shown instead of cards (the live region is left out). */
const message = (el: TrustSpeakers) => textOf(shadow(el).querySelector('[part~="message"]'));

describe('<trust-speakers>', () => {
  it('is accessible while loading and once loaded', async () => {
    const path = await program(mockPath('speakers-a11y'), [{fixture: 'speakers/event.json', delay: 100}]);
    const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${path}></trust-speakers>`);
    expect(textOf(shadow(el))).to.contain('Loading…');
    await expect(el).to.be.accessible();
    await settled(el);
    await expect(el).to.be.accessible();
  });

  it('fires trust-load with the number of speakers', async () => {
    const el = document.createElement('trust-speakers');
    const loaded = oneEvent<TrustLoadEvent>(el, 'trust-load');
    el.src = EVENT;
    document.body.append(el);
    try {
      expect((await loaded).detail.count).to.equal(9);
    } finally {
      el.remove();
    }
  });

  describe('order', () => {
    it('puts featured speakers first, then keeps the source order', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      expect(names(el)).to.deep.equal([
        'Jane Appleton',
        'Émile Durand',
        'Kyle Grieve',
        'Zoë Adams',
        'Åsa Berg',
        'Łukasz Nowak',
        'Ana Ortiz',
        'NELFT Communications Team',
        'Wolfeschlegelsteinhausenbergerdorff-Llanfairpwllgwyngyll',
      ]);
    });

    it('sorts by name with the collation of the page language, featured first', async () => {
      const page = fixtureSync<HTMLDivElement>(html`<div>
        <trust-speakers src=${EVENT} sort="name"></trust-speakers>
        <trust-speakers src=${EVENT} sort="name" lang="sv"></trust-speakers>
      </div>`);
      const [el, swedish] = page.querySelectorAll('trust-speakers');
      await settled(el);
      await settled(swedish);
      expect(names(el)).to.deep.equal([
        'Émile Durand',
        'Jane Appleton',
        'Ana Ortiz',
        'Åsa Berg',
        'Kyle Grieve',
        'Łukasz Nowak',
        'NELFT Communications Team',
        'Wolfeschlegelsteinhausenbergerdorff-Llanfairpwllgwyngyll',
        'Zoë Adams',
      ]);
      // In Swedish, Å is a letter of its own after Z.
      expect(names(swedish).at(-1)).to.equal('Åsa Berg');
    });
  });

  describe('subsets', () => {
    it('shows only the speakers listed in `speakers`, separated by commas or spaces', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT} speakers="zoe, kyle  ana"></trust-speakers>`);
      await settled(el);
      expect(names(el)).to.deep.equal(['Kyle Grieve', 'Zoë Adams', 'Ana Ortiz']);
    });

    it('shows one session’s speakers in the session’s order with `session`', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT} session="peer"></trust-speakers>`);
      await settled(el);
      expect(names(el)).to.deep.equal(['Zoë Adams', 'Łukasz Nowak']);
      el.session = 'welcome';
      await el.updateComplete;
      expect(names(el)).to.deep.equal(['Jane Appleton', 'Kyle Grieve']);
    });

    it('says so when a subset has nobody in it', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT} session="no-such-session"></trust-speakers>`);
      await settled(el);
      expect(cards(el)).to.have.length(0);
      expect(message(el)).to.equal('No speakers have been announced for this session yet.');
      await expect(el).to.be.accessible();
      el.session = undefined;
      el.speakers = 'nobody';
      await el.updateComplete;
      expect(message(el)).to.equal('No speakers have been announced yet.');
    });
  });

  describe('card', () => {
    it('shows role and organisation, or the tagline, and names at the heading level asked for', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT} heading-level="3"></trust-speakers>`);
      await settled(el);
      const jane = card(el, 'Jane Appleton');
      expect(jane.querySelector('[part="name"]')!.localName).to.equal('h3');
      expect(textOf(jane.querySelector('.role'))).to.equal('Director of Communications');
      expect(textOf(jane.querySelector('.organisation'))).to.equal('NHS England');
      // The native adapter splits a tagline too.
      expect(textOf(card(el, 'Zoë Adams').querySelector('[part="affiliation"]'))).to.equal('Peer support worker Mind in Barking');
      expect(card(el, 'NELFT Communications Team').querySelector('[part="affiliation"]')).to.equal(null);
    });

    it('uses Unicode-aware initials with an AA-contrast colour when there is no photo', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      const avatar = (name: string) => card(el, name).querySelector<HTMLElement>('[part="avatar"]')!;
      expect(textOf(avatar('Åsa Berg'))).to.equal('ÅB');
      expect(textOf(avatar('Łukasz Nowak'))).to.equal('ŁN');
      expect(textOf(avatar('NELFT Communications Team'))).to.equal('NT');
      const style = getComputedStyle(avatar('Åsa Berg'));
      expect(style.color).to.equal('rgb(255, 255, 255)');
      expect(contrast(style.color, style.backgroundColor)).to.be.at.least(4.5);
    });

    it('gives each card the stable id speaker-<id>, made safe for a URL', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      expect(card(el, 'Jane Appleton').id).to.equal('speaker-jane');
      expect(card(el, 'NELFT Communications Team').id).to.equal('speaker-team_a_b');
    });

    it('links web profiles only, each named by its site and the speaker', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      const links = (name: string) =>
        [...card(el, name).querySelectorAll<HTMLAnchorElement>('[part="links"] a')].map((a) => [textOf(a), a.getAttribute('aria-label'), a.href, a.rel]);
      const rel = 'noopener noreferrer nofollow ugc';
      expect(links('Jane Appleton')).to.deep.equal([
        ['LinkedIn', 'Jane Appleton on LinkedIn', 'https://www.linkedin.com/in/janeappleton', rel],
        ['Bluesky', 'Jane Appleton on Bluesky', 'https://bsky.app/profile/jane.example.org', rel],
        ['X (Twitter)', 'Jane Appleton on X (Twitter)', 'https://x.com/janeappleton', rel],
        ['YouTube', 'Jane Appleton on YouTube', 'https://www.youtube.com/@janeappleton', rel],
        ['Website', 'Jane Appleton on Website', 'https://jane.example.org/', rel],
      ]);
      // Any Mastodon instance, recognised by its /@user path.
      expect(links('Kyle Grieve').map(([label]) => label)).to.deep.equal(['Mastodon', 'GitHub']);
      expect(shadow(el).querySelector('a[href^="javascript:"], a[href^="mailto:"]')).to.equal(null);
    });

    it('lists the speaker’s sessions with day and time in the event’s zone, in time order', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      expect(sessionsOf(card(el, 'Kyle Grieve'))).to.deep.equal([
        intl('Welcome to social media week Monday 24 October, 09:30 to 10:00 BST'),
        intl('Tweetchat: #NELFTSMW Tuesday 25 October, 19:00 to 20:00 BST'),
      ]);
      expect(sessionsOf(card(el, 'Zoë Adams'))).to.deep.equal([intl('Peer support online (Cancelled) Wednesday 26 October, 14:00 to 15:00 BST')]);
      expect(sessionsOf(card(el, 'Émile Durand'))).to.deep.equal(['Designing for everyone Time to be confirmed']);
      expect(card(el, 'Kyle Grieve').querySelector('time')!.getAttribute('datetime')).to.equal('2016-10-24T08:30:00.000Z');
    });

    it('shows session titles as plain text when there is no schedule on the page', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      expect(card(el, 'Kyle Grieve').querySelector('[part="sessions"] a')).to.equal(null);
    });

    it('links session titles to #session-<id> when a <trust-schedule> is on the page', async () => {
      const wrapper = fixtureSync<HTMLDivElement>(html`<div><trust-schedule></trust-schedule><trust-speakers src=${EVENT}></trust-speakers></div>`);
      const el = wrapper.querySelector('trust-speakers')!;
      await settled(el);
      const links = [...card(el, 'Kyle Grieve').querySelectorAll<HTMLAnchorElement>('[part="sessions"] a')];
      // Full URLs of this page: a bare #fragment would follow a <base href> elsewhere.
      const page = location.href.split('#')[0];
      expect(links.map((a) => [textOf(a), a.getAttribute('href')])).to.deep.equal([
        ['Welcome to social media week', `${page}#session-welcome`],
        ['Tweetchat: #NELFTSMW', `${page}#session-tweetchat`],
      ]);
      await expect(el).to.be.accessible();
    });

    it('renders third-party text as text, never as markup', async () => {
      const data = {
        event: {timeZone: 'Europe/London'},
        sessions: [],
        speakers: [{id: 'x', name: '<b>Bold</b> Name', bio: 'Hi <img src=x onerror="window.__pwned=1"> [click](javascript:alert(1))', photo: 'javascript:alert(1)'}],
      };
      const el = await fixture<TrustSpeakers>(html`<trust-speakers format="native" .data=${data}></trust-speakers>`);
      await settled(el);
      expect(names(el)).to.deep.equal(['<b>Bold</b> Name']);
      expect(shadow(el).querySelector('b, [part="bio"] img, img')).to.equal(null);
      expect(textOf(shadow(el).querySelector('[part="bio"]'))).to.contain('<img src=x');
      expect(shadow(el).querySelector('[part="bio"] a')).to.equal(null);
    });
  });

  describe('read more', () => {
    it('shows an excerpt of a long bio and opens the whole of it from the keyboard, focus staying on the button', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      const jane = card(el, 'Jane Appleton');
      const bio = jane.querySelector('[part="bio"]')!;
      const button = jane.querySelector<HTMLButtonElement>('[part="read-more"]')!;
      expect(textOf(bio)).to.match(/…$/);
      expect(textOf(bio)).to.not.contain('choir');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(button.getAttribute('aria-controls')).to.equal(bio.id);
      expect(textOf(button)).to.equal('Read more about Jane Appleton');

      // The first thing Tab reaches is this button (Jane is featured, so first).
      await press('Tab');
      expect(shadow(el).activeElement).to.equal(button);
      await press('Enter');
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(textOf(button)).to.equal('Show less about Jane Appleton');
      expect(bio.querySelectorAll('p')).to.have.length(3);
      expect(textOf(bio)).to.contain('runs a choir for carers.');
      const expo = [...bio.querySelectorAll('a')].map((a) => [textOf(a), a.href, a.rel]);
      expect(expo).to.deep.equal([
        ['NHS Expo', 'https://www.england.nhs.uk/expo/', 'noopener noreferrer nofollow ugc'],
        ['https://jane.example.org', 'https://jane.example.org/', 'noopener noreferrer nofollow ugc'],
      ]);
      expect(shadow(el).activeElement).to.equal(button);
      await expect(el).to.be.accessible();

      await press('Space');
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(textOf(bio)).to.not.contain('choir');
      expect(shadow(el).activeElement).to.equal(button);
    });

    it('shows a short bio whole, without a button', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      const kyle = card(el, 'Kyle Grieve');
      expect(textOf(kyle.querySelector('[part="bio"]'))).to.equal('Kyle runs the trust’s social media accounts.'.replace('’', "'"));
      expect(kyle.querySelector('[part="read-more"]')).to.equal(null);
    });
  });

  describe('photos', () => {
    it('swaps a photo that fails to load for initials', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      // Relative photo addresses are relative to the data file.
      expect(card(el, 'Kyle Grieve').querySelector('img')!.src).to.equal(new URL('/test/fixtures/speakers/photo.svg?kyle', location.href).href);
      loadPhotosNow(el);
      await until(() => card(el, 'Zoë Adams').querySelector('[part="avatar"]'), 'initials for the broken photo');
      expect(textOf(card(el, 'Zoë Adams').querySelector('[part="avatar"]'))).to.equal('ZA');
      expect(card(el, 'Zoë Adams').querySelector('img')).to.equal(null);
    });

    it('with no-photos, shows initials and requests no image at all', async () => {
      const {path, photoOf, raw} = await servedSessionize('no-photos');
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${path} no-photos></trust-speakers>`);
      await settled(el);
      expect(shadow(el).querySelector('img')).to.equal(null);
      expect(cards(el).map((c) => textOf(c.querySelector('[part="avatar"]')))).to.have.length(16).and.to.include.members(['EB', 'MG', 'SA']);
      // Give a request every chance to happen, then check none did.
      await new Promise((r) => setTimeout(r, 200));
      for (const speaker of raw.speakers) expect(await requests(photoOf(speaker.fullName)), speaker.fullName).to.have.length(0);
      const images = performance.getEntriesByType('resource').filter((e) => (e as PerformanceResourceTiming).initiatorType === 'img' && e.name.includes('no-photos'));
      expect(images).to.have.length(0);
      await expect(el).to.be.accessible();

      // Without it the same page does load the photo in view: the check above can fail.
      el.noPhotos = false;
      await el.updateComplete;
      loadPhotosNow(el);
      await until(async () => (await requests(photoOf('Alex Kornfellner'))).length === 1, 'the first photo once photos are allowed');
    });
  });

  describe('deep links', () => {
    afterEach(() => history.replaceState(null, '', location.pathname + location.search));

    it('focuses the card named by #speaker-<id> once the speakers have loaded', async () => {
      history.replaceState(null, '', '#speaker-zoe');
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      const heading = card(el, 'Zoë Adams').querySelector<HTMLElement>('[part="name"]')!;
      expect(shadow(el).activeElement).to.equal(heading);
      expect(heading.tabIndex).to.equal(-1);
    });

    itWithMedia('follows hash changes, sanitised ids included, and ignores other hashes', async () => {
      // Reduced motion: the card is there at once rather than after a smooth scroll.
      await emulateMedia({reducedMotion: 'reduce'});
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT}></trust-speakers>`);
      await settled(el);
      expect(shadow(el).activeElement).to.equal(null);

      location.hash = '#speaker-team%20a%2Fb';
      await until(() => shadow(el).activeElement, 'focus after the hash changed');
      expect(textOf(shadow(el).activeElement)).to.equal('NELFT Communications Team');
      // Read once layout is still (a scroll can settle a frame later): the named card's name is on screen.
      const name = shadow(el).activeElement as HTMLElement;
      const top = await settledPosition(() => name.getBoundingClientRect().top);
      expect(top, 'the name in view').to.be.within(0, window.innerHeight - 1);
      expect(name.closest('li')!.getBoundingClientRect().bottom, 'the card on screen').to.be.above(0);
      await emulateMedia({reducedMotion: 'no-preference'});

      location.hash = '#session-welcome';
      await new Promise((r) => setTimeout(r, 50));
      expect(textOf(shadow(el).activeElement)).to.equal('NELFT Communications Team');
    });
  });

  describe('layouts', () => {
    for (const layout of ['grid', 'list', 'compact'] as const) {
      it(`${layout}: fits a 320px container without horizontal scrolling, and is accessible`, async () => {
        const page = fixtureSync<HTMLDivElement>(html`<div style="width: 320px"><trust-speakers src=${EVENT} layout=${layout}></trust-speakers></div>`);
        const el = page.querySelector('trust-speakers')!;
        await settled(el);
        expect(el.scrollWidth).to.be.at.most(el.clientWidth);
        for (const c of cards(el)) expect(c.scrollWidth, textOf(c.querySelector('[part="name"]'))).to.be.at.most(c.clientWidth);
        await expect(el).to.be.accessible();
      });
    }

    it('is accessible in the dark theme', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT} theme="dark"></trust-speakers>`);
      await settled(el);
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(27, 35, 41)');
      await expect(el).to.be.accessible();
    });

    it('grid: as many columns as the container has room for', async () => {
      const page = fixtureSync<HTMLDivElement>(html`<div style="width: 900px"><trust-speakers src=${EVENT}></trust-speakers></div>`);
      const el = page.querySelector('trust-speakers')!;
      await settled(el);
      const top = (i: number) => cards(el)[i].getBoundingClientRect().top;
      expect(top(1)).to.equal(top(0));
      expect(top(2)).to.equal(top(0));
      page.style.width = '320px';
      expect(top(1)).to.be.greaterThan(top(0));
    });

    it('compact: avatars and names, without bios, links or sessions', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${EVENT} layout="compact"></trust-speakers>`);
      await settled(el);
      expect(names(el)).to.have.length(9);
      expect(shadow(el).querySelector('[part="bio"], [part="links"], [part="sessions"], [part="read-more"]')).to.equal(null);
      expect(card(el, 'Kyle Grieve').querySelector('img')).to.not.equal(null);
    });
  });

  describe('states', () => {
    it('says so when no speakers have been announced', async () => {
      const el = await fixture<TrustSpeakers>(html`<trust-speakers format="native" .data=${{event: {timeZone: 'Europe/London'}, sessions: [], speakers: []}}></trust-speakers>`);
      await settled(el);
      expect(message(el)).to.equal('No speakers have been announced yet.');
      await expect(el).to.be.accessible();
    });

    it('shows an error with Try again, and the speakers once a retry works', async () => {
      const path = await program(mockPath('speakers-error'), [{status: 500}, {fixture: 'speakers/event.json'}]);
      const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${path}></trust-speakers>`);
      await settled(el);
      expect(message(el)).to.contain('The server had a problem sending this information.');
      await expect(el).to.be.accessible();
      shadow(el).querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
      await until(() => cards(el).length === 9, 'the speakers after Try again');
    });

    it('keeps the speakers on screen with a notice when a refresh fails', async () => {
      // Polls wait while the page is hidden; this test page may be a background tab.
      Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});
      try {
        clock.useManualTime('2016-10-24T09:00:00Z');
        const path = await program(mockPath('speakers-stale'), [{fixture: 'speakers/event.json'}, {status: 503}]);
        const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${path} refresh="15"></trust-speakers>`);
        await settled(el);
        const failed = oneEvent<TrustErrorEvent>(el, 'trust-error');
        await clock.advance(15_000);
        expect((await failed).detail.stale).to.equal(true);
        await el.updateComplete;
        expect(textOf(shadow(el).querySelector('[part="stale-notice"]'))).to.match(/^Couldn’t update — showing what we had at \d\d:\d\d\. Try again$/);
        expect(names(el)).to.have.length(9);
        await expect(el).to.be.accessible();
      } finally {
        delete (document as {hidden?: boolean}).hidden;
      }
    });

    it('reads the event zone from the source and the `timezone` attribute only as a fallback', async () => {
      const data = await fixtureJson(EVENT);
      const el = await fixture<TrustSpeakers>(html`<trust-speakers format="native" timezone="America/New_York" .data=${data}></trust-speakers>`);
      await settled(el);
      expect(sessionsOf(card(el, 'Kyle Grieve'))[0]).to.contain('09:30 to 10:00 BST');
      const {path} = await servedSessionize('zone');
      el.data = undefined;
      el.format = undefined;
      el.src = path;
      await until(() => names(el).includes('Ed Burns'), 'the Sessionize speakers');
      expect(sessionsOf(card(el, 'Ed Burns'))[0]).to.contain('09:00 to 09:45 GMT-4');
    });
  });
});

describe('initials avatar', () => {
  it('takes whole graphemes of the first and last names, skipping titles and punctuation', () => {
    expect(initials('Jane Appleton', 'en-GB')).to.equal('JA');
    expect(initials('Björn Ruytenberg', 'en-GB')).to.equal('BR');
    expect(initials('E\u0301mile Durand', 'en-GB')).to.equal('E\u0301D');
    expect(initials('Dr. Kira Vinke', 'en-GB')).to.equal('KV');
    expect(initials('Siebo M. H. Janssen', 'en-GB')).to.equal('SJ');
    expect(initials('Tobias "Tobi" Buchberger', 'en-GB')).to.equal('TB');
    expect(initials('@pkoerner81929', 'en-GB')).to.equal('P');
    expect(initials('山田太郎', 'ja')).to.equal('山');
    expect(initials('ilkka', 'tr')).to.equal('İ');
    expect(initials('🎤', 'en-GB')).to.equal('');
  });

  it('gives a name the same colour every time, from colours that all meet AA with white text', () => {
    expect(avatarTone('Jane Appleton')).to.equal(avatarTone('Jane Appleton'));
    expect(new Set(['Jane Appleton', 'Kyle Grieve', 'Zoë Adams', 'Åsa Berg', 'Ana Ortiz', 'Ed Burns'].map(avatarTone)).size).to.be.greaterThan(1);
    for (const colour of AVATAR_COLOURS) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
      expect(contrast('rgb(255, 255, 255)', `rgb(${r}, ${g}, ${b})`), colour).to.be.at.least(4.5);
    }
  });
});

/** WCAG contrast ratio of two rgb() colours. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, bl] = colour.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
