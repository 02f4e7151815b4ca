import {expect, fixture, html} from '@open-wc/testing';
import {intl} from '../helpers/engine.js';
import sinon from 'sinon';
import type {TrustSchedule} from '../../src/schedule/trust-schedule.js';
import {clock} from '../../src/shared/manual-time.js';
import {$, $$, FIXTURES, FORMATS, card, seen, settled, visibleText, zoneNote} from './helpers.js';
import '../helpers/index.js';

const WEEK = `${FIXTURES}/week.json`;
const DST = `${FIXTURES}/dst-week.json`;

async function load(template: ReturnType<typeof html>): Promise<TrustSchedule> {
  const el = await fixture<TrustSchedule>(template);
  await settled(el);
  return el;
}

const tab = (el: TrustSchedule, name: string) => $$<HTMLButtonElement>(el, '[role="tab"]').find((t) => visibleText(t) === name)!;
const zoneSwitch = (el: TrustSchedule) => $<HTMLInputElement>(el, '.toolbar input[type="checkbox"]');

/** The "Happening now" and "Up next" lists as the reader sees them. */
function nowNext(el: TrustSchedule): {now: string[]; next: string[]} {
  const list = (id: string) => [...(el.shadowRoot!.getElementById(id)?.closest('.now-next__part')?.querySelectorAll('li') ?? [])].map((li) => visibleText(li));
  return {now: list('now-heading'), next: list('next-heading')};
}

describe('<trust-schedule> times and time zones', () => {
  it('is right across the end of British Summer Time (24–31 October 2016) and names the zone', async () => {
    const el = await load(html`<trust-schedule src=${DST} day="all"></trust-schedule>`);
    await expect(el).to.be.accessible();
    expect(zoneNote(el)).to.equal(intl('All times are UK time (BST until Saturday 29 October, then GMT).'));
    for (const [title, day] of [
      ['Monday talk', intl('Monday 24 October')],
      ['Saturday talk', intl('Saturday 29 October')],
      ['Sunday talk', intl('Sunday 30 October')],
      ['Monday after the change', intl('Monday 31 October')],
    ]) {
      expect(seen(el, title), title).to.deep.equal({day, slot: '10:00', when: '10:00 to 11:00 · Main hall'});
    }
    expect(seen(el, 'Night owls')).to.deep.equal({day: intl('Saturday 29 October'), slot: '23:30', when: '23:30 to 03:00 · Main hall'});
    expect(seen(el, 'The hour that happens twice')).to.deep.equal({day: intl('Sunday 30 October'), slot: '01:30', when: '01:30 to 01:45 · Main hall'});

    tab(el, intl('Mon 31 Oct')).click();
    await el.updateComplete;
    expect(zoneNote(el)).to.equal('All times are UK time (GMT).');
    tab(el, intl('Mon 24 Oct')).click();
    await el.updateComplete;
    expect(zoneNote(el)).to.equal('All times are UK time (BST).');
  });

  it('shows the same week in the reader’s own zone: UTC, and New York (whose clocks change a week later)', async () => {
    const el = await load(html`<trust-schedule src=${DST} day="all"></trust-schedule>`);
    el.viewerZone = 'UTC';
    await el.updateComplete;
    zoneSwitch(el)!.click();
    await el.updateComplete;
    expect(el.viewerTimezone).to.equal(true);
    expect(el.hasAttribute('viewer-timezone')).to.equal(true);
    expect(zoneNote(el)).to.equal('All times are in your time zone: Coordinated Universal Time (UTC).');
    expect(seen(el, 'Monday talk')).to.deep.include({day: intl('Monday 24 October'), slot: '09:00'});
    expect(seen(el, 'Sunday talk')).to.deep.include({day: intl('Sunday 30 October'), slot: '10:00'});
    expect(seen(el, 'Night owls')).to.deep.equal({day: intl('Saturday 29 October'), slot: '22:30', when: '22:30 to 03:00 · Main hall'});
    expect(seen(el, 'The hour that happens twice')).to.deep.include({day: intl('Sunday 30 October'), slot: '00:30'});

    el.viewerZone = 'America/New_York';
    await el.updateComplete;
    expect(zoneNote(el)).to.equal('All times are in your time zone: Eastern Time (GMT-4).');
    expect(seen(el, 'Monday talk')).to.deep.include({slot: '05:00'});
    expect(seen(el, 'Sunday talk')).to.deep.include({slot: '06:00'});
    expect(seen(el, 'Monday after the change')).to.deep.include({day: intl('Monday 31 October'), slot: '06:00'});
    expect(seen(el, 'Night owls')).to.deep.include({day: intl('Saturday 29 October'), slot: '18:30'});

    zoneSwitch(el)!.click();
    await el.updateComplete;
    expect(zoneNote(el)).to.equal(intl('All times are UK time (BST until Saturday 29 October, then GMT).'));
    expect(seen(el, 'Monday talk').slot).to.equal('10:00');
  });

  it('offers the reader’s zone only when their clocks differ from the event’s', async () => {
    const el = await load(html`<trust-schedule src=${WEEK}></trust-schedule>`);
    el.viewerZone = 'Europe/London';
    await el.updateComplete;
    expect(zoneSwitch(el)).to.equal(null);
    el.viewerZone = 'Europe/Dublin';
    await el.updateComplete;
    expect(zoneSwitch(el), 'Dublin keeps the same clock as London').to.equal(null);
    el.viewerZone = 'America/New_York';
    await el.updateComplete;
    expect(visibleText(zoneSwitch(el)!.closest('label'))).to.equal('Show times in my time zone: Eastern Time (GMT-4)');
    await expect(el).to.be.accessible();
  });

  it('falls back to UK time, and says so, when `timezone` is not a time zone', async () => {
    const warn = sinon.stub(console, 'warn');
    try {
      const el = await load(html`<trust-schedule src="${FORMATS}/sessionize-all-linz-2024.json" timezone="Mars/Olympus_Mons" day="all"></trust-schedule>`);
      expect(visibleText($(el, '[part~="zone-problem"]'))).to.equal('“Mars/Olympus_Mons” is not a time zone we recognise, so times are shown in UK time.');
      expect(zoneNote(el)).to.equal('All times are UK time (BST).');
      expect(seen(el, 'Keynote: Pioneering the Future of Java with Intelligent Apps').slot).to.equal('09:00');
      expect(warn.args.filter(([m]) => String(m).includes('Mars/Olympus_Mons'))).to.have.length(1);
      await expect(el).to.be.accessible();
    } finally {
      warn.restore();
    }
  });

  it('"Happening now" and "Up next" move on with the clock, at each start and end', async () => {
    clock.useManualTime('2016-10-24T08:45:00Z'); // 09:45 in London
    const el = await load(html`<trust-schedule src=${WEEK}></trust-schedule>`);
    expect(nowNext(el)).to.deep.equal({
      now: ['Welcome to social media week, Seminar Room'],
      next: ['How to use Facebook properly, 10:00, Training Suite', 'Twitter for beginners, 10:00, Seminar Room'],
    });
    expect(visibleText(card(el, 'Welcome to social media week'))).to.contain('Happening now');
    await expect(el).to.be.accessible();

    await clock.advance(15 * 60_000); // 10:00
    await el.updateComplete;
    expect(nowNext(el)).to.deep.equal({
      now: ['How to use Facebook properly, Training Suite', 'Twitter for beginners, Seminar Room'],
      next: ['Lunch, 12:00, Café, Care City'],
    });
    expect(visibleText(card(el, 'Welcome to social media week'))).not.to.contain('Happening now');

    await clock.advance(60 * 60_000); // 11:00: the one-hour workshop has ended
    await el.updateComplete;
    expect(nowNext(el).now).to.deep.equal(['How to use Facebook properly, Training Suite']);

    await clock.advance(9 * 3600_000); // 20:00: the day is over, and tomorrow is not "next"
    await el.updateComplete;
    expect($(el, '[part~="now-next"]')).to.equal(null);
  });

  it('wakes only at session boundaries, not every second', async () => {
    clock.useManualTime('2016-10-24T08:45:00Z');
    const el = await load(html`<trust-schedule src=${WEEK}></trust-schedule>`);
    await clock.advance(8000); // let the "Loading…" announcement clear
    const pending = clock.pendingTimers;
    expect(pending, 'one timer, for the next boundary').to.equal(1);
    const update = sinon.spy(el, 'requestUpdate');
    await clock.advance(14 * 60_000 - 8000 - 1); // just before 10:00
    expect(update.callCount, 'no wake-ups before the next boundary (besides the jump itself)').to.be.at.most(1);
    update.restore();
  });

  it('never shows a cancelled session as happening now', async () => {
    clock.useManualTime('2016-10-25T10:30:00Z'); // 11:30 on Tuesday: "Blogging for beginners" was cancelled
    const el = await load(html`<trust-schedule src=${WEEK}></trust-schedule>`);
    expect(nowNext(el)).to.deep.equal({now: [], next: ['Social media surgery, 14:00, Training Suite']});
  });
});
