import {expect, fixture, html} from '@open-wc/testing';
import {intl} from '../helpers/engine.js';
import type {TrustSchedule} from '../../src/schedule/trust-schedule.js';
import {FORMATS, card, seen, settled, titles, zoneNote} from './helpers.js';
import '../helpers/index.js';

/**
 * Every real schedule file renders every session on the right day at the
 * right local time: in the event's own zone, and in a reader's zone that is
 * somewhere else (set through `viewerZone`, since the test browser runs in UTC).
 */
async function load(src: string, attrs: {format?: string; timezone?: string} = {}): Promise<TrustSchedule> {
  const el = await fixture<TrustSchedule>(
    html`<trust-schedule src=${src} format=${attrs.format ?? ''} timezone=${attrs.timezone ?? ''} day="all"></trust-schedule>`,
  );
  await settled(el);
  return el;
}

async function inViewerZone(el: TrustSchedule, zone: string): Promise<void> {
  el.viewerZone = zone;
  el.viewerTimezone = true;
  await el.updateComplete;
}

describe('<trust-schedule> with real schedule files', () => {
  it('Sessionize (Global Azure Linz 2024) in Europe/Vienna, and in New York', async () => {
    const el = await load(`${FORMATS}/sessionize-all-linz-2024.json`, {format: 'sessionize', timezone: 'Europe/Vienna'});
    await expect(el).to.be.accessible();
    expect(titles(el)).to.have.length(15);
    expect(zoneNote(el)).to.equal('All times are Central European Time (CEST).');
    const keynote = 'Keynote: Pioneering the Future of Java with Intelligent Apps';
    expect(seen(el, keynote)).to.deep.equal({day: intl('Saturday 20 April'), slot: '09:00', when: '09:00 to 09:45 · Aula'});
    expect(seen(el, 'Infrastructure as Code and AI - does it fit?').when).to.equal('14:30 to 15:15 · Breakout Room 1 (146)');
    // Two speakers on one session, by name.
    expect(card(el, keynote).querySelector('.session__speakers')!.textContent).to.match(/With \S.* and \S/);

    await inViewerZone(el, 'America/New_York');
    expect(zoneNote(el)).to.equal('All times are in your time zone: Eastern Time (GMT-4).');
    expect(seen(el, keynote)).to.deep.equal({day: intl('Saturday 20 April'), slot: '03:00', when: '03:00 to 03:45 · Aula'});
    expect(seen(el, 'Infrastructure as Code and AI - does it fit?').when).to.equal('08:30 to 09:15 · Breakout Room 1 (146)');
  });

  it('sniffs the Sessionize format when no format is given', async () => {
    const el = await load(`${FORMATS}/sessionize-all-linz-2024.json`, {timezone: 'Europe/Vienna'});
    expect(seen(el, 'Social Media als Spielfeld für künstliche Intelligenz').when).to.equal('13:30 to 14:15 · Aula');
  });

  it('pretalx rC3 (frab, no time_zone_name) in Europe/Berlin, and in Tokyo where late talks fall on the next day', async () => {
    const el = await load(`${FORMATS}/frab-schedule-pretalx-rc3.json`, {format: 'frab', timezone: 'Europe/Berlin'});
    await expect(el).to.be.accessible();
    expect(titles(el)).to.have.length(48);
    expect(zoneNote(el)).to.equal('All times are Central European Time (CET).');
    expect(seen(el, 'Der faule Admin automatisiert: Gluon auf echter Hardware testen')).to.deep.equal({
      day: intl('Sunday 27 December'),
      slot: '11:30',
      when: '11:30 to 12:10 · r3s - Monheim/Rhein',
    });
    expect(seen(el, 'What have we lost?')).to.deep.include({day: intl('Sunday 27 December'), slot: '22:00'});
    expect(seen(el, 'State of the Waffle').when).to.equal('20:00 to 22:00 · Chaos-West TV - Ennepetal');

    await inViewerZone(el, 'Asia/Tokyo');
    expect(zoneNote(el)).to.equal('All times are in your time zone: Japan Standard Time (GMT+9).');
    expect(seen(el, 'What have we lost?')).to.deep.include({day: intl('Monday 28 December'), slot: '06:00'});
    expect(seen(el, 'Der faule Admin automatisiert: Gluon auf echter Hardware testen')).to.deep.include({day: intl('Sunday 27 December'), slot: '19:30'});
  });

  it('pretalx DemoCon (frab whose "UTC" contradicts its +01:00 times) in the widget’s zone', async () => {
    const el = await load(`${FORMATS}/frab-schedule-pretalx-democon.json`, {format: 'frab', timezone: 'Europe/Berlin'});
    await expect(el).to.be.accessible();
    expect(titles(el)).to.have.length(36);
    expect(seen(el, 'Focused 5thgeneration hardware')).to.deep.equal({day: intl('Monday 14 December'), slot: '09:00', when: '09:00 to 09:30 · Gray Room'});
    expect(seen(el, 'Seamless real-time installation')).to.deep.include({day: intl('Wednesday 16 December'), slot: '15:00'});

    await inViewerZone(el, 'America/New_York');
    expect(seen(el, 'Focused 5thgeneration hardware')).to.deep.equal({day: intl('Monday 14 December'), slot: '03:00', when: '03:00 to 03:30 · Gray Room'});
  });

  it('pretalx DemoCon with the default zone shows the same instants in UK time', async () => {
    const el = await load(`${FORMATS}/frab-schedule-pretalx-democon.json`);
    expect(zoneNote(el)).to.equal('All times are UK time (GMT).');
    expect(seen(el, 'Focused 5thgeneration hardware').when).to.equal('08:00 to 08:30 · Gray Room');
  });

  it('iCalendar (PyCon UK 2015, UTC times) in UK time, and in New York', async () => {
    const el = await load(`${FORMATS}/ical-pyconuk-2015.ics`, {format: 'ical'});
    await expect(el).to.be.accessible();
    expect(titles(el)).to.have.length(158);
    expect(zoneNote(el)).to.equal('All times are UK time (BST).');
    expect(seen(el, 'Registration / Breakfast')).to.deep.equal({day: intl('Friday 18 September'), slot: '08:00', when: '08:00 to 09:30 · Cafeteria'});
    expect(seen(el, 'JSON and the daughters of Pelias (talk by Zeth)')).to.deep.equal({
      day: intl('Saturday 19 September'),
      slot: '10:00',
      when: '10:00 to 10:30 · PythonAnywhere Room (CC1.3)',
    });
    expect(seen(el, 'Understanding PyPy (talk by Francisco Fernández Castaño)').day).to.match(/September$/);

    await inViewerZone(el, 'America/New_York');
    expect(seen(el, 'Registration / Breakfast')).to.deep.include({day: intl('Friday 18 September'), slot: '03:00'});
    expect(seen(el, 'JSON and the daughters of Pelias (talk by Zeth)').when).to.equal('05:00 to 05:30 · PythonAnywhere Room (CC1.3)');
  });

  it('sniffs iCalendar text when no format is given', async () => {
    const el = await load(`${FORMATS}/ical-pyconuk-2015.ics`);
    expect(titles(el)).to.have.length(158);
  });
});
