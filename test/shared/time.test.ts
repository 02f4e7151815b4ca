import {expect} from '@open-wc/testing';
import {parseDateTime, formatTime, zoneAbbreviation, dayKey, wallTime, zoneOffsetMinutes, zonedTimeToDate} from '../../src/shared/time.js';

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

  // Offsets are cached by the hour: these sweeps check the cache against Intl itself,
  // through changes on the hour (London, New York) and at half past (Lord Howe: 30-minute DST).
  const intlWall = (d: Date, timeZone: string) => {
    const parts = new Intl.DateTimeFormat('en-GB', {timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'}).formatToParts(d);
    const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return {year: n('year'), month: n('month'), day: n('day'), hour: n('hour') % 24, minute: n('minute'), second: n('second')};
  };
  const changes: Array<[string, string]> = [
    ['Europe/London', '2024-03-31T01:00:00Z'],
    ['Europe/London', '2024-10-27T01:00:00Z'],
    ['America/New_York', '2024-11-03T06:00:00Z'],
    ['Australia/Lord_Howe', '2024-04-06T15:00:00Z'],
    ['Australia/Lord_Howe', '2024-10-05T15:30:00Z'],
  ];

  it('reads the same wall time as Intl every few minutes around clock changes', () => {
    for (const [zone, change] of changes) {
      const at = Date.parse(change);
      for (let t = at - 3 * 3_600_000; t <= at + 3 * 3_600_000; t += 7 * 60_000 + 13_000) {
        const d = new Date(t);
        expect(wallTime(d, zone), `${zone} ${d.toISOString()}`).to.deep.equal(intlWall(d, zone));
      }
    }
  });

  it('turns every wall time around a clock change back into the instant that shows it', () => {
    for (const [zone, change] of changes) {
      const at = Date.parse(change);
      for (let t = at - 3 * 3_600_000; t <= at + 3 * 3_600_000; t += 5 * 60_000) {
        const d = new Date(t);
        const back = zonedTimeToDate(intlWall(d, zone), zone);
        // The repeated hour maps to its first occurrence, which shows the same wall time.
        expect(intlWall(back, zone), `${zone} ${d.toISOString()}`).to.deep.equal(intlWall(d, zone));
        expect(back.getTime()).to.be.at.most(t);
      }
    }
  });

  it('moves a wall time in the skipped hour forward, and gives offsets in minutes', () => {
    // 01:30 on 31 March 2024 does not exist in London: it is read as 02:30 BST.
    expect(zonedTimeToDate({year: 2024, month: 3, day: 31, hour: 1, minute: 30}, 'Europe/London').toISOString()).to.equal('2024-03-31T01:30:00.000Z');
    expect(zoneOffsetMinutes(new Date('2024-10-05T15:29:00Z'), 'Australia/Lord_Howe')).to.equal(630);
    expect(zoneOffsetMinutes(new Date('2024-10-05T15:30:00Z'), 'Australia/Lord_Howe')).to.equal(660);
    expect(zoneOffsetMinutes(new Date('2024-07-01T12:00:00Z'), 'Asia/Kathmandu')).to.equal(345);
  });
});
