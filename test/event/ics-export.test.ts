import {expect} from '@open-wc/testing';
import ICAL from 'ical.js';
import {toICalendar, fold, escapeText, exportableSessions} from '../../src/event/ics-export.js';
import type {EventData, Session} from '../../src/event/model.js';
import {adapt, fixture} from './helpers.js';

const now = new Date('2016-10-20T12:34:56Z');
const octets = (s: string) => new TextEncoder().encode(s).length;

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  const events = calendar.getAllSubcomponents('vevent');
  const byUid = (uid: string) => events.find((e) => e.getFirstPropertyValue('uid') === uid)!;
  return {calendar, events, byUid};
}

describe('iCalendar export', () => {
  let data: EventData;
  let ics: string;
  before(async () => {
    ({value: data} = await adapt('native', await fixture('event/social-media-week-2016.json')));
    ics = toICalendar(data.sessions, data.event, {now, speakers: data.speakers, rooms: data.rooms, url: 'https://www.example.nhs.uk/social-media-week#schedule'});
  });

  it('writes CRLF lines of at most 75 octets', () => {
    expect(ics.endsWith('\r\n')).to.equal(true);
    const lines = ics.slice(0, -2).split('\r\n');
    expect(lines.every((l) => !l.includes('\n') && !l.includes('\r'))).to.equal(true);
    for (const l of lines) expect(octets(l), l).to.be.at.most(75);
  });

  it('writes a publishable calendar with one event per timed session', () => {
    const {calendar, events} = parse(ics);
    expect(calendar.getFirstPropertyValue('version')).to.equal('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).to.equal('-//trust-widgets//Schedule//EN');
    expect(calendar.getFirstPropertyValue('calscale')).to.equal('GREGORIAN');
    expect(calendar.getFirstPropertyValue('method')).to.equal('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).to.equal('Social Media Week 2016');
    // "Closing panel" has no time yet, so it cannot be a calendar event.
    expect(events).to.have.length(6);
    expect(exportableSessions(data.sessions)).to.have.length(6);
  });

  it('writes times in UTC that come back as the same instants', () => {
    const {byUid} = parse(ics);
    const welcome = byUid('welcome@www.example.nhs.uk');
    const start = welcome.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>;
    expect(start.zone?.tzid).to.equal('UTC');
    expect(start.toJSDate().toISOString()).to.equal('2016-10-28T08:00:00.000Z');
    expect((welcome.getFirstPropertyValue('dtend') as InstanceType<typeof ICAL.Time>).toJSDate().toISOString()).to.equal('2016-10-28T08:30:00.000Z');
    expect((welcome.getFirstPropertyValue('dtstamp') as InstanceType<typeof ICAL.Time>).toJSDate().toISOString()).to.equal('2016-10-20T12:34:56.000Z');
    expect(ics).to.include('DTSTART:20161031T090000Z');
  });

  it('writes all-day sessions as DATE values with an exclusive end', () => {
    const dropIn = parse(ics).byUid('drop-in@www.example.nhs.uk');
    expect(dropIn.getFirstProperty('dtstart')!.type).to.equal('date');
    expect(String(dropIn.getFirstPropertyValue('dtstart'))).to.equal('2016-10-28');
    expect(String(dropIn.getFirstPropertyValue('dtend'))).to.equal('2016-11-01');
  });

  it('writes summary, description with speakers, location, URL, status and categories', () => {
    const {byUid} = parse(ics);
    const workshop = byUid('workshop-mon@www.example.nhs.uk');
    expect(workshop.getFirstPropertyValue('summary')).to.equal('Writing for the web workshop');
    expect(workshop.getFirstPropertyValue('location')).to.equal('Training Room 1, Trust headquarters, Darlington');
    expect(workshop.getFirstPropertyValue('description')).to.equal(
      "Waiting list open\n\nBring a laptop.\n\nSpeakers: Tom O'Neill (Peer support worker, Tees, Esk and Wear Valleys NHS Foundation Trust); Aisha Khan (Head of Digital Communications, NHS England)\n\nJoin the waiting list: https://www.example.nhs.uk/book/writing",
    );
    expect(workshop.getFirstProperty('categories')!.getValues()).to.deep.equal(['Workshop', 'Digital skills']);
    expect(workshop.getFirstPropertyValue('url')).to.equal('https://www.example.nhs.uk/social-media-week#schedule');
    expect(workshop.getFirstPropertyValue('status')).to.equal('CONFIRMED');
    expect(byUid('cancelled-talk@www.example.nhs.uk').getFirstPropertyValue('status')).to.equal('CANCELLED');
    expect(byUid('tweetchat-sat@www.example.nhs.uk').getFirstPropertyValue('summary')).to.equal('#SMWTrust tweetchat: recovery stories');
  });

  it('is the same file for the same input, so UIDs stay stable between downloads', () => {
    const again = toICalendar(data.sessions, data.event, {now, speakers: data.speakers, rooms: data.rooms, url: 'https://www.example.nhs.uk/social-media-week#schedule'});
    expect(again).to.equal(ics);
  });

  it('escapes TEXT and folds long non-ASCII lines without splitting a character', () => {
    const title = 'Jørn Lomax; Rosén, Fernández \\ “quotes” 🙂 and a very long title that must be folded across several lines of the file';
    const session: Session = {
      id: 'odd id/with spaces',
      title,
      description: 'Line one\r\nLine two',
      start: new Date('2024-04-20T07:00:00Z'),
      speakerIds: [],
      links: [{url: 'https://example.org/a b', label: 'x', kind: 'website'}],
      status: 'scheduled',
    };
    const out = toICalendar([session], {timeZone: 'Europe/Vienna', name: 'Calendar, with; specials'}, {now, uidDomain: 'example.org'});
    const lines = out.slice(0, -2).split('\r\n');
    for (const l of lines) {
      expect(octets(l)).to.be.at.most(75);
      // Every line is whole UTF-8: no character was cut in two.
      expect(() => new TextDecoder('utf-8', {fatal: true}).decode(new TextEncoder().encode(l))).not.to.throw();
      expect(l).not.to.include('\uFFFD');
    }
    const event = parse(out).events[0];
    expect(event.getFirstPropertyValue('summary')).to.equal(title);
    expect(event.getFirstPropertyValue('description')).to.equal('Line one\nLine two\n\nx: https://example.org/a%20b');
    expect(event.getFirstPropertyValue('uid')).to.equal('odd%20id%2Fwith%20spaces@example.org');
    expect(event.getFirstPropertyValue('url')).to.equal('https://example.org/a%20b');
    expect(event.hasProperty('dtend')).to.equal(false);
    // ical.js does not know X-WR-CALNAME is TEXT, so read the escaped line itself.
    expect(out).to.include('\r\nX-WR-CALNAME:Calendar\\, with\\; specials\r\n');
  });

  it('folds at exactly 75 octets and escapes the four TEXT specials', () => {
    expect(fold('A'.repeat(75))).to.equal('A'.repeat(75));
    expect(fold('A'.repeat(76))).to.equal(`${'A'.repeat(75)}\r\n A`);
    // 'é' is two octets: 37 of them make 74 octets, the 38th would make 76.
    expect(fold('é'.repeat(40)).split('\r\n')[0]).to.equal('é'.repeat(37));
    expect(escapeText('a\\b;c,d\ne')).to.equal('a\\\\b\\;c\\,d\\ne');
  });
});
