import {expect} from '@open-wc/testing';
import {eventFormats} from '../../src/event/formats.js';
import {TrustError} from '../../src/shared/errors.js';
import type {EventFormatName} from '../../src/event/formats.js';
import {adaptError, fixture} from './helpers.js';

/** The formats whose detector says yes, given the body as a data controller would pass it. */
async function detected(path: string): Promise<string[]> {
  const text = (await fixture(path, 'text')) as string;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return Object.entries(eventFormats)
    .filter(([, format]) => format.detect?.(format.body === 'json' ? json : text))
    .map(([name]) => name);
}

const icalLoaded = () => performance.getEntriesByType('resource').some((e) => e.name.includes('/ical.js/'));

describe('event formats', () => {
  it('loads the iCalendar parser only when an iCalendar source is adapted', async () => {
    await eventFormats.native.adapt({sessions: []}, {timeZone: 'Europe/London', baseUrl: location.href});
    expect(icalLoaded()).to.equal(false);
    await eventFormats.ical.adapt('BEGIN:VCALENDAR\r\nEND:VCALENDAR', {timeZone: 'Europe/London', baseUrl: location.href});
    expect(icalLoaded()).to.equal(true);
  });

  it('detects each sample file as exactly one format', async () => {
    expect(await detected('formats/sessionize-all-linz-2024.json')).to.deep.equal(['sessionize']);
    expect(await detected('formats/frab-schedule-pretalx-rc3.json')).to.deep.equal(['frab']);
    expect(await detected('formats/frab-schedule-pretalx-democon.json')).to.deep.equal(['frab']);
    expect(await detected('formats/ical-pyconuk-2015.ics')).to.deep.equal(['ical']);
    expect(await detected('event/social-media-week-2016.json')).to.deep.equal(['native']);
    expect(await detected('event/recurring-vtimezone.ics')).to.deep.equal(['ical']);
    expect(await detected('event/floating-allday.ics')).to.deep.equal(['ical']);
    expect(await detected('event/garbage-lines.ics')).to.deep.equal(['ical']);
  });

  it('detects nothing in other sources and in junk', async () => {
    for (const path of ['formats/mastodon-tag-timeline.json', 'formats/frab-schedule.schema.json', 'formats/bluesky-get-profile.json']) {
      expect(await detected(path), path).to.deep.equal([]);
    }
    for (const raw of [null, undefined, 0, '', [], {}, {sessions: []}, 'BEGIN:VCARD', '<!doctype html><html>', {schedule: {conference: {}}}]) {
      const yes = Object.entries(eventFormats).filter(([, f]) => f.detect?.(raw));
      expect(yes, JSON.stringify(raw)).to.deep.equal([]);
    }
  });

  it('detects a native file by its $schema or its event object, and never as two formats', () => {
    const {native, sessionize, frab} = eventFormats;
    expect(native.detect!({$schema: 'https://example.org/schemas/event.schema.json', sessions: []})).to.equal(true);
    expect(native.detect!({event: {timeZone: 'Europe/London'}, sessions: []})).to.equal(true);
    const both = {event: {}, sessions: [{startsAt: null}], speakers: [], rooms: [], categories: [], questions: []};
    expect([native, sessionize, frab].filter((f) => f.detect!(both))).to.have.length(0);
    const frabWithSchema = {$schema: 'event.schema.json', schedule: {conference: {days: []}}};
    expect([native, sessionize, frab].filter((f) => f.detect!(frabWithSchema))).to.deep.equal([frab]);
  });

  it('refuses a sample file given as the wrong format, naming the right one', async () => {
    const samples: [string, EventFormatName][] = [
      ['formats/sessionize-all-linz-2024.json', 'sessionize'],
      ['formats/frab-schedule-pretalx-rc3.json', 'frab'],
      ['event/social-media-week-2016.json', 'native'],
    ];
    for (const [path, right] of samples) {
      const raw = await fixture(path);
      for (const wrong of ['native', 'sessionize', 'frab', 'ical'] as const) {
        if (wrong === right) continue;
        const error = await adaptError(wrong, raw);
        expect(error, `${path} as ${wrong}`).to.be.instanceOf(TrustError);
        expect((error as TrustError).kind).to.equal('format');
        if (wrong !== 'ical' && wrong !== 'frab') expect((error as TrustError).message).to.include(`format="${right}"`);
      }
    }
  });
});
