import {expect, fixture, fixtureSync, html} from '@open-wc/testing';
import {intl} from '../helpers/engine.js';
import {mockPath, program, requests, until} from '../helpers/index.js';
import '../../src/speakers/define.js';
import '../../src/schedule/define.js';
import type {TrustSpeakers} from '../../src/speakers/trust-speakers.js';
import {FRAB_DEMOCON, FRAB_RC3, ICAL, card, loadPhotosNow, cards, fixtureJson, names, servedSessionize, sessionsOf, settled, textOf} from './helpers.js';

interface FrabPerson {
  public_name?: string;
  name?: string;
}
interface FrabFile {
  schedule: {conference: {days: {rooms: Record<string, {title: string; persons: FrabPerson[]}[]>}[]}};
}

/** Every distinct person named in a frab file, in order of first appearance. */
function frabPeople(file: FrabFile): string[] {
  const people = file.schedule.conference.days.flatMap((d) => Object.values(d.rooms).flat()).flatMap((e) => e.persons);
  return [...new Set(people.map((p) => p.public_name ?? p.name ?? ''))];
}

describe('<trust-speakers> on real sources', () => {
  it('is accessible with the real Sessionize export', async () => {
    const {path} = await servedSessionize('a11y');
    const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${path} timezone="Europe/Vienna"></trust-speakers>`);
    await settled(el);
    await expect(el).to.be.accessible();
  });

  it('renders every Sessionize speaker with name, photo, role and organisation, in the source order', async () => {
    const {path, raw, photoOf} = await servedSessionize('sessionize');
    const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${path} timezone="Europe/Vienna"></trust-speakers>`);
    await settled(el);
    expect(names(el)).to.deep.equal(raw.speakers.map((s) => s.fullName));

    // A speaker with a photo and a "Role at Organisation" tagline.
    const ed = card(el, 'Ed Burns');
    const photo = ed.querySelector('img')!;
    expect(photo.getAttribute('src')).to.equal(new URL(photoOf('Ed Burns'), location.href).href);
    expect(photo.getAttribute('alt')).to.equal('');
    expect(photo.getAttribute('loading')).to.equal('lazy');
    expect(photo.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect([photo.getAttribute('width'), photo.getAttribute('height')]).to.deep.equal(['96', '96']);
    expect(textOf(ed.querySelector('[part="affiliation"] .role'))).to.equal('Principal Architect on the Java Tooling and Experiences team');
    expect(textOf(ed.querySelector('[part="affiliation"] .organisation'))).to.equal('Microsoft');

    // A tagline that is not a clear "role, organisation" stays whole.
    expect(textOf(card(el, 'Martina Grom').querySelector('[part="affiliation"]'))).to.equal('CEO atwork, MVP Azure and Microsoft 365, Microsoft RD');
    expect(textOf(card(el, 'Katharina Sick').querySelector('[part="affiliation"]'))).to.equal('Software Engineer Dynatrace');
  });

  it('lists the two speakers of the keynote with its day and time in the event zone', async () => {
    const {path} = await servedSessionize('keynote');
    const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${path} timezone="Europe/Vienna"></trust-speakers>`);
    await settled(el);
    const keynote = intl('Keynote: Pioneering the Future of Java with Intelligent Apps Saturday 20 April, 09:00 to 09:45 CEST');
    expect(sessionsOf(card(el, 'Ed Burns'))).to.deep.equal([keynote]);
    expect(sessionsOf(card(el, 'Sandra Ahlgrimm'))).to.deep.equal([keynote]);
    expect(sessionsOf(card(el, 'Verena Gottwald'))).to.deep.equal([
      intl('Social Media als Spielfeld für künstliche Intelligenz Saturday 20 April, 13:30 to 14:15 CEST'),
    ]);

    // The session attribute shows exactly that session's speakers.
    el.session = '658419';
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Ed Burns', 'Sandra Ahlgrimm']);
  });

  it('falls back to initials when a photo does not load, and sends no Referer with photos', async () => {
    const {path, photoOf} = await servedSessionize('broken', {broken: ['Ed Burns']});
    const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${path} timezone="Europe/Vienna"></trust-speakers>`);
    await settled(el);
    loadPhotosNow(el);
    await until(() => card(el, 'Ed Burns').querySelector('[part="avatar"]'), 'initials instead of the broken photo');
    const ed = card(el, 'Ed Burns');
    expect(ed.querySelector('img')).to.equal(null);
    expect(textOf(ed.querySelector('[part="avatar"]'))).to.equal('EB');
    expect(ed.querySelector('[part="avatar"]')!.getAttribute('aria-hidden')).to.equal('true');
    expect(card(el, 'Alex Kornfellner').querySelector('img')).to.not.equal(null);

    await until(async () => (await requests(photoOf('Alex Kornfellner'))).length > 0, 'the first photo to load');
    const [request] = await requests(photoOf('Alex Kornfellner'));
    expect(request.headers.referer).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('puts featured speakers (isTopSpeaker) first', async () => {
    const {path} = await servedSessionize('top', {
      edit: (raw) => raw.speakers.filter((s) => ['Verena Gottwald', 'Julia Zukrigl'].includes(s.fullName)).forEach((s) => (s.isTopSpeaker = true)),
    });
    const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${path}></trust-speakers>`);
    await settled(el);
    expect(names(el).slice(0, 3)).to.deep.equal(['Julia Zukrigl', 'Verena Gottwald', 'Alex Kornfellner']);
    expect(textOf(card(el, 'Julia Zukrigl').querySelector('[part="featured"]'))).to.equal('Featured speaker');
    expect(card(el, 'Alex Kornfellner').querySelector('[part="featured"]')).to.equal(null);
  });

  it('renders every person of the pretalx rC3 schedule, who have only a public_name', async () => {
    const file = await fixtureJson<FrabFile>(FRAB_RC3);
    const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${FRAB_RC3} timezone="Europe/Berlin"></trust-speakers>`);
    await settled(el);
    expect(names(el)).to.have.members(frabPeople(file));
    expect(cards(el)).to.have.length(frabPeople(file).length);

    const chris = card(el, 'Chris Fiege');
    expect(chris.querySelector('img')).to.equal(null);
    expect(textOf(chris.querySelector('[part="avatar"]'))).to.equal('CF');
    expect(sessionsOf(chris)).to.deep.equal([
      intl('Der faule Admin automatisiert: Gluon auf echter Hardware testen Sunday 27 December, 11:30 to 12:10 CET'),
    ]);
    // Initials come from letters, not from the @ of a handle.
    expect(textOf(card(el, '@pkoerner81929').querySelector('[part="avatar"]'))).to.equal('P');
    await expect(el).to.be.accessible();
  });

  it('renders every person of the pretalx DemoCon schedule, both speakers of a shared talk included', async () => {
    const file = await fixtureJson<FrabFile>(FRAB_DEMOCON);
    const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${FRAB_DEMOCON}></trust-speakers>`);
    await settled(el);
    expect(names(el)).to.have.members(frabPeople(file));
    const talk = sessionsOf(card(el, 'Amy Sanchez'));
    expect(talk).to.have.length(1);
    expect(talk[0].startsWith(`Secured grid-enabled policy ${intl('Monday 14 December')}, `), talk[0]).to.equal(true);
    expect(sessionsOf(card(el, 'Teresa Terrell'))).to.include(talk[0]);
  });

  it('shares one request with a <trust-schedule> reading the same src', async () => {
    const path = await program(mockPath('speakers-shared'), [{fixture: 'formats/sessionize-all-linz-2024.json', delay: 200}]);
    const page = fixtureSync<HTMLDivElement>(html`<div>
      <trust-schedule src=${path} timezone="Europe/Vienna"></trust-schedule>
      <trust-speakers src=${path} timezone="Europe/Vienna" no-photos></trust-speakers>
    </div>`);
    const el = page.querySelector('trust-speakers')!;
    await settled(el);
    expect(cards(el)).to.have.length(16);
    expect(await requests(path)).to.have.length(1);
    // With the schedule on the page, a session is a link to it.
    const link = card(el, 'Ed Burns').querySelector<HTMLAnchorElement>('[part="sessions"] a')!;
    expect(new URL(link.href).hash).to.equal('#session-658419');
  });

  it('renders the speakers an iCalendar feed names, non-ASCII names and folded lines included', async () => {
    const el = await fixture<TrustSpeakers>(html`<trust-speakers src=${ICAL} layout="compact"></trust-speakers>`);
    await settled(el);
    expect(names(el)).to.include.members(['Larry Hastings', 'Francisco Fernández Castaño', 'Jørn Lomax', 'Frans Rosén']);
    expect(textOf(card(el, 'Jørn Lomax').querySelector('[part="avatar"]'))).to.equal('JL');
    el.layout = 'grid';
    await el.updateComplete;
    expect(sessionsOf(card(el, 'Larry Hastings'))[0]).to.match(/^Python's Infamous GIL /);
    await expect(el).to.be.accessible();
  });
});
