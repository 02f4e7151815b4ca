import {expect, fixture, html} from '@open-wc/testing';
import {press} from '../helpers/engine.js';
import sinon from 'sinon';
import ICAL from 'ical.js';
import type {TrustSchedule} from '../../src/schedule/trust-schedule.js';
import {clock} from '../../src/shared/manual-time.js';
import {$, $$, FIXTURES, card, settled, titles, visibleText} from './helpers.js';
import {until} from '../helpers/index.js';

const WEEK = `${FIXTURES}/week.json`;
const KEY = 'trust-schedule:stars:Schedule test week';

async function load(): Promise<TrustSchedule> {
  const el = await fixture<TrustSchedule>(html`<trust-schedule src=${WEEK} day="all"></trust-schedule>`);
  await settled(el);
  return el;
}

const star = (el: TrustSchedule, title: string) => card(el, title).querySelector<HTMLButtonElement>('button[aria-pressed]')!;
const ours = () => Object.keys(localStorage).filter((k) => k.startsWith('trust-schedule'));

/** Catches the file a download would save: its name, type and text. */
function catchDownloads() {
  const files: {name: string; type: string; text: Promise<string>; url: string}[] = [];
  const create = sinon.stub(URL, 'createObjectURL').callsFake((blob: Blob | MediaSource) => {
    const url = `blob:test/${files.length}`;
    files.push({name: '', type: (blob as Blob).type, text: (blob as Blob).text(), url});
    return url;
  });
  const revoke = sinon.stub(URL, 'revokeObjectURL');
  const click = sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
    const file = files.find((f) => f.url === this.href);
    if (file) file.name = this.download;
  });
  return {files, revoke, restore: () => [create, revoke, click].forEach((s) => s.restore())};
}

describe('<trust-schedule> stars and calendar files', () => {
  beforeEach(() => ours().forEach((k) => localStorage.removeItem(k)));
  afterEach(() => ours().forEach((k) => localStorage.removeItem(k)));

  it('stores nothing until a session is starred, keeps stars across visits, and forgets them when the last is unstarred', async () => {
    const el = await load();
    await expect(el).to.be.accessible();
    expect(ours()).to.deep.equal([]);
    expect($(el, '.filters input[type="checkbox"]'), 'no "my schedule" filter before any star').to.equal(null);

    const button = star(el, 'Twitter for beginners');
    expect(visibleText(button)).to.equal('Star Twitter for beginners');
    button.focus();
    await press('Space');
    await el.updateComplete;
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    expect(ours()).to.deep.equal([KEY]);
    expect(JSON.parse(localStorage.getItem(KEY)!)).to.deep.equal(['mon-twitter']);
    await expect(el).to.be.accessible();
    el.remove();

    const again = await load();
    expect(star(again, 'Twitter for beginners').getAttribute('aria-pressed')).to.equal('true');
    const mine = $<HTMLInputElement>(again, '.filters input[type="checkbox"]')!;
    expect(visibleText(mine.closest('label'))).to.equal('Only my starred sessions');
    mine.click();
    await again.updateComplete;
    expect(titles(again)).to.deep.equal(['Twitter for beginners']);

    star(again, 'Twitter for beginners').click();
    await again.updateComplete;
    expect(ours()).to.deep.equal([]);
  });

  it('follows stars changed in another tab', async () => {
    const el = await load();
    localStorage.setItem(KEY, JSON.stringify(['tue-keynote']));
    window.dispatchEvent(new StorageEvent('storage', {key: KEY}));
    await el.updateComplete;
    expect(star(el, 'The NHS and social media').getAttribute('aria-pressed')).to.equal('true');
  });

  it('uses the storage-key attribute when given', async () => {
    const el = await fixture<TrustSchedule>(html`<trust-schedule src=${WEEK} storage-key="trust-schedule:mine"></trust-schedule>`);
    await settled(el);
    star(el, 'Twitter for beginners').click();
    await el.updateComplete;
    expect(ours()).to.deep.equal(['trust-schedule:mine']);
  });

  it('downloads a session as an iCalendar file that parses, then revokes the file’s URL', async () => {
    clock.useManualTime('2016-10-01T12:00:00Z');
    const downloads = catchDownloads();
    try {
      const el = await load();
      const twitter = card(el, 'Twitter for beginners');
      twitter.querySelector<HTMLButtonElement>('[aria-expanded]')!.click();
      await el.updateComplete;
      [...twitter.querySelectorAll('button')].find((b) => visibleText(b) === 'Add to calendar (.ics)')!.click();
      // The calendar writer loads on first use.
      await until(() => downloads.files.length > 0, 'the file is saved');
      expect(downloads.files).to.have.length(1);
      const [file] = downloads.files;
      expect(file.name).to.equal('twitter-for-beginners.ics');
      expect(file.type).to.match(/^text\/calendar/);
      const text = await file.text;
      expect(text).to.match(/\r\n$/);
      const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
      const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events).to.have.length(1);
      expect(events[0].summary).to.equal('Twitter for beginners');
      expect(events[0].startDate.toJSDate().toISOString()).to.equal('2016-10-24T09:00:00.000Z');
      expect(events[0].endDate.toJSDate().toISOString()).to.equal('2016-10-24T10:00:00.000Z');
      expect(events[0].location).to.contain('Seminar Room');
      expect(events[0].uid).to.match(/^mon-twitter@/);
      expect(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstamp')).to.exist;

      expect(downloads.revoke.called).to.equal(false);
      await clock.advance(60_000);
      expect(downloads.revoke.calledWith(file.url)).to.equal(true);
    } finally {
      downloads.restore();
    }
  });

  it('downloads "my schedule" with every starred session', async () => {
    const downloads = catchDownloads();
    try {
      const el = await load();
      star(el, 'Twitter for beginners').click();
      star(el, 'The NHS and social media').click();
      await el.updateComplete;
      const download = $$<HTMLButtonElement>(el, 'button').find((b) => visibleText(b) === 'Download my schedule (.ics, 2 sessions)')!;
      download.click();
      await until(() => downloads.files.length > 0, 'the file is saved');
      const text = await downloads.files[0].text;
      expect(downloads.files[0].name).to.equal('schedule-test-week-my-schedule.ics');
      const events = new ICAL.Component(ICAL.parse(text) as unknown[]).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events.map((e) => e.summary).sort()).to.deep.equal(['The NHS and social media', 'Twitter for beginners']);
      expect(events.map((e) => e.uid)).to.satisfy((uids: string[]) => new Set(uids).size === 2);
    } finally {
      downloads.restore();
    }
  });
});
