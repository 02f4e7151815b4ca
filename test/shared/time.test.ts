import {expect} from '@open-wc/testing';
import {parseDateTime, formatTime, zoneAbbreviation, dayKey, zonedTimeToDate} from '../../src/shared/time.js';

describe('time zones', () => {
  it('reads wall-clock times in the event zone across the October clock change', () => {
    // Saturday 29 Oct 2016 is BST (+01:00); Monday 31 Oct is GMT.
    const before = parseDateTime('2016-10-29T09:00:00', 'Europe/London')!;
    const after = parseDateTime('2016-10-31T09:00:00', 'Europe/London')!;
    expect(before.toISOString()).to.equal('2016-10-29T08:00:00.000Z');
    expect(after.toISOString()).to.equal('2016-10-31T09:00:00.000Z');
    expect(zoneAbbreviation(before, 'en-GB', 'Europe/London')).to.equal('BST');
    expect(zoneAbbreviation(after, 'en-GB', 'Europe/London')).to.equal('GMT');
  });

  it('keeps absolute instants that carry an offset', () => {
    const d = parseDateTime('2020-12-27T11:00:00+01:00', 'Europe/London')!;
    expect(formatTime(d, 'en-GB', 'Europe/Berlin')).to.equal('11:00');
    expect(formatTime(d, 'en-GB', 'Europe/London')).to.equal('10:00');
    expect(dayKey(d, 'America/New_York')).to.equal('2020-12-27');
  });

  it('picks the first of the two 01:30s on the night the clocks go back', () => {
    const d = zonedTimeToDate({year: 2016, month: 10, day: 30, hour: 1, minute: 30}, 'Europe/London');
    expect(d.toISOString()).to.equal('2016-10-30T00:30:00.000Z');
  });

  it('rejects what is not a date', () => {
    expect(parseDateTime('next Tuesday', 'Europe/London')).to.equal(undefined);
    expect(parseDateTime(42, 'Europe/London')).to.equal(undefined);
  });
});
