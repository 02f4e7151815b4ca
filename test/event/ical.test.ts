import {expect} from '@open-wc/testing';
import {TrustError} from '../../src/shared/errors.js';
import {dayKey, formatTime} from '../../src/shared/time.js';
import type {EventData} from '../../src/event/model.js';
import {adapt, adaptError, fixture, session, speaker} from './helpers.js';

describe('iCalendar format: PyCon UK 2015', () => {
  let data: EventData;
  let problems: {where: string; reason: string}[];
  before(async () => {
    ({value: data, problems} = await adapt('ical', await fixture('formats/ical-pyconuk-2015.ics', 'text')));
  });

  it('shows UTC times as BST in London', () => {
    const gil = session(data, "Python's Infamous GIL (talk by Larry Hastings)");
    expect(gil.start!.toISOString()).to.equal('2015-09-18T10:30:00.000Z');
    expect(gil.end!.toISOString()).to.equal('2015-09-18T11:00:00.000Z');
    expect(formatTime(gil.start!, 'en-GB', 'Europe/London')).to.equal('11:30');
    expect(formatTime(gil.start!, 'en-GB', 'America/New_York')).to.equal('06:30');
    expect(dayKey(gil.start!, 'Europe/London')).to.equal('2015-09-18');
    expect(gil).to.include({roomId: 'PythonAnywhere Room (CC1.3)', type: 'Talk'});
    expect(gil.links).to.deep.equal([{url: 'http://www.pyconuk.org/talks/pythons-infamous-gil/', label: 'Session page', kind: 'website'}]);
  });

  it('takes the calendar name from X-WR-CALNAME after the last event, and dates from the sessions', () => {
    expect(data.event).to.deep.equal({name: 'PyCon UK 2015 Schedule', timeZone: 'Europe/London', startDate: '2015-09-18', endDate: '2015-09-21'});
  });

  it('unfolds lines folded inside a word and keeps non-ASCII names intact', () => {
    const lomax = session(data, (s) => s.title.startsWith('Making code py2/3 compatible'));
    expect(lomax.title).to.equal('Making code py2/3 compatible using python-future (talk by Jørn Lomax)');
    expect(lomax.links[0].url).to.equal('http://www.pyconuk.org/talks/making-code-py23-compatible-using-python-future/');
    expect(speaker(data, 'Jørn Lomax').sessionIds).to.deep.equal([lomax.id]);
    expect(speaker(data, 'Frans Rosén')).to.exist;
    expect(speaker(data, 'Francisco Fernández Castaño')).to.exist;
    expect(session(data, (s) => s.title.includes('Rosén')).title).to.equal('Using logical flaws to steal and modify business critical data (talk by Frans Rosén)');
  });

  it('unescapes commas', () => {
    expect(session(data, 'Keynote: Van Lindberg, PSF Chair')).to.exist;
    expect(session(data, 'End of Conference, pack up, see you in 2016!').end).to.equal(undefined);
  });

  it('reads speakers from "(talk by …)", with two speakers and an organisation', () => {
    const mobile = session(data, (s) => s.title.startsWith('Python for mobile games'));
    expect(mobile.speakerIds.map((id) => data.speakers.find((s) => s.id === id)!.name)).to.deep.equal(['Safe Hammad', 'Fiona Burrows']);
    expect(speaker(data, 'Sarah Mount').organisation).to.equal('University of Wolverhampton');
    expect(speaker(data, 'Norberto Leite').sessionIds).to.have.length(2);
    expect(session(data, (s) => s.title.startsWith('Django Security Workshop')).type).to.equal('Workshop');
  });

  it('keeps events without DTEND, with no end', () => {
    const dinner = session(data, 'The PyCon UK Dinner (Ticket required)');
    expect(dinner.start!.toISOString()).to.equal('2015-09-19T18:30:00.000Z');
    expect(formatTime(dinner.start!, 'en-GB', 'Europe/London')).to.equal('19:30');
    expect(dinner.end).to.equal(undefined);
    expect(data.sessions.filter((s) => !s.end)).to.have.length(5);
  });

  it('keeps both events that share a UID, and skips the ones with an empty SUMMARY', () => {
    expect(session(data, 'Open Space').id).to.not.equal(session(data, 'Power: Python in Astronomy (talk by Tomas James)').id);
    expect(new Set(data.sessions.map((s) => s.id)).size).to.equal(data.sessions.length);
    expect(problems.filter((p) => /share this UID/.test(p.reason))).to.have.length(1);
    expect(problems.filter((p) => /needs a SUMMARY/.test(p.reason))).to.have.length(4);
    expect(data.sessions).to.have.length(158);
  });
});

describe('iCalendar format: recurring events with a VTIMEZONE', () => {
  let data: EventData;
  before(async () => {
    ({value: data} = await adapt('ical', await fixture('event/recurring-vtimezone.ics', 'text')));
  });

  it('expands a weekly rule across the clock change, leaving out the EXDATE and applying the override', () => {
    const dropIns = data.sessions.filter((s) => s.id.startsWith('weekly-dropin@example.nhs.uk'));
    expect(dropIns.map((s) => s.start!.toISOString())).to.deep.equal([
      '2016-10-06T09:00:00.000Z',
      '2016-10-13T09:00:00.000Z',
      '2016-10-27T13:00:00.000Z',
      '2016-11-03T10:00:00.000Z',
      '2016-11-10T10:00:00.000Z',
    ]);
    expect(dropIns.map((s) => formatTime(s.start!, 'en-GB', 'Europe/London'))).to.deep.equal(['10:00', '10:00', '14:00', '10:00', '10:00']);
    const moved = dropIns[2];
    expect(moved).to.include({title: 'Wellbeing drop-in (afternoon this week)', roomId: 'Training Room 1'});
    expect(moved.end!.toISOString()).to.equal('2016-10-27T14:00:00.000Z');
    expect(dropIns[3]).to.include({title: 'Weekly wellbeing drop-in', roomId: 'Boardroom'});
    expect(new Set(dropIns.map((s) => s.id)).size).to.equal(5);
  });

  it('shows an endless rule only within the span of the rest of the calendar', () => {
    const standUps = data.sessions.filter((s) => s.title === 'Daily stand-up');
    // 6 October to 10 November, the last weekly drop-in.
    expect(standUps).to.have.length(36);
    expect(dayKey(standUps.at(-1)!.start!, 'Europe/London')).to.equal('2016-11-10');
    expect(standUps.every((s) => formatTime(s.start!, 'en-GB', 'Europe/London') === '08:30')).to.equal(true);
    expect(standUps[0].end!.getTime() - standUps[0].start!.getTime()).to.equal(15 * 60_000);
  });

  it('resolves an Outlook zone name through its VTIMEZONE and an IANA TZID without one', () => {
    expect(session(data, 'Comms team meeting').start!.toISOString()).to.equal('2016-10-31T13:00:00.000Z');
    const call = session(data, 'Call with partners in New York');
    expect(call.start!.toISOString()).to.equal('2016-10-07T13:00:00.000Z');
    expect(formatTime(call.start!, 'en-GB', 'America/New_York')).to.equal('09:00');
  });

  it('expands in wall time when a TZID has no VTIMEZONE, so the hour holds across the clock change', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:weekly-london',
      'DTSTART;TZID=Europe/London:20161027T180000',
      'DTEND;TZID=Europe/London:20161027T190000',
      'RRULE:FREQ=WEEKLY;UNTIL=20161103T235959Z',
      'SUMMARY:Evening class',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const {value} = await adapt('ical', ics, 'Asia/Tokyo');
    expect(value.event.timeZone).to.equal('Europe/London');
    expect(value.sessions.map((s) => s.start!.toISOString())).to.deep.equal(['2016-10-27T17:00:00.000Z', '2016-11-03T18:00:00.000Z']);
    expect(value.sessions.map((s) => s.end!.toISOString())).to.deep.equal(['2016-10-27T18:00:00.000Z', '2016-11-03T19:00:00.000Z']);
  });

  it('applies an override only to the event whose UID it carries', async () => {
    const weekly = (uid: string, title: string) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTART:20240101T090000Z', 'RRULE:FREQ=WEEKLY;COUNT=2', `SUMMARY:${title}`, 'END:VEVENT'];
    const ics = [
      'BEGIN:VCALENDAR',
      ...weekly('a', 'Yoga'),
      ...weekly('b', 'Choir'),
      'BEGIN:VEVENT',
      'UID:a',
      'RECURRENCE-ID:20240108T090000Z',
      'DTSTART:20240108T170000Z',
      'SUMMARY:Yoga (evening)',
      'STATUS:CANCELLED',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const {value} = await adapt('ical', ics);
    const titles = value.sessions.map((s) => `${s.start!.toISOString().slice(0, 13)} ${s.title} ${s.status}`);
    expect(titles).to.deep.equal([
      '2024-01-01T09 Yoga scheduled',
      '2024-01-01T09 Choir scheduled',
      '2024-01-08T09 Choir scheduled',
      '2024-01-08T17 Yoga (evening) cancelled',
    ]);
  });

  it('falls back to the widget zone when the events use several zones', () => {
    expect(data.event.timeZone).to.equal('Europe/London');
    expect(data.event.name).to.equal('Wellbeing drop-ins');
  });

  it('bounds a rule that repeats for ever on its own to a year and 500 occurrences', async () => {
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:hourly', 'DTSTART:20240101T090000Z', 'RRULE:FREQ=HOURLY', 'SUMMARY:Every hour', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const {value, problems} = await adapt('ical', ics);
    expect(value.sessions).to.have.length(500);
    expect(problems.some((p) => /first 500 occurrences/.test(p.reason))).to.equal(true);
    const weekly = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:weekly', 'DTSTART:20240101T090000Z', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Every week', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const {value: weeks} = await adapt('ical', weekly);
    expect(weeks.sessions).to.have.length(53);
  });
});

describe('iCalendar format: floating times, all-day events and other properties', () => {
  let data: EventData;
  before(async () => {
    ({value: data} = await adapt('ical', await fixture('event/floating-allday.ics', 'text'), 'Europe/Berlin'));
  });

  it('reads floating times in the X-WR-TIMEZONE zone', () => {
    expect(data.event.timeZone).to.equal('Europe/London');
    const talk = session(data, 'floating-talk');
    expect(talk.start!.toISOString()).to.equal('2016-07-28T09:00:00.000Z');
    expect(formatTime(talk.start!, 'en-GB', 'Europe/London')).to.equal('10:00');
  });

  it('keeps markup in titles as text, unescapes descriptions, and drops javascript: URLs', () => {
    const talk = session(data, 'floating-talk');
    expect(talk.title).to.equal('<script>alert("x")</script><b>Open</b> talk');
    expect(talk.description).to.equal('First line\nSecond line with a comma, a semicolon; and a backslash \\ too.');
    expect(talk.type).to.equal('Workshop');
    // LOCATION is a web address: a join link, not a room.
    expect(talk.roomId).to.equal(undefined);
    expect(talk.links).to.deep.equal([{url: 'https://meet.example.org/open-talk', label: 'Join online', kind: 'join'}]);
  });

  it('takes chairs as speakers, not other attendees or the organiser', () => {
    expect(data.speakers.map((s) => s.name)).to.deep.equal(['Dr Jane Smith']);
    expect(session(data, 'floating-talk').speakerIds).to.deep.equal([data.speakers[0].id]);
  });

  it('reads all-day events as whole days in the event zone, with an exclusive end', () => {
    const fair = session(data, 'Health fair');
    expect(fair.allDay).to.equal(true);
    expect(fair.start!.toISOString()).to.equal('2016-07-28T23:00:00.000Z');
    expect(fair.end!.toISOString()).to.equal('2016-07-30T23:00:00.000Z');
    const awards = session(data, 'Staff awards day');
    expect(awards.allDay).to.equal(true);
    expect(dayKey(awards.start!, 'Europe/London')).to.equal('2016-08-01');
    expect(awards.end!.getTime() - awards.start!.getTime()).to.equal(86_400_000);
  });

  it('reads DURATION, a missing end and STATUS:CANCELLED', () => {
    const ceremony = session(data, 'Awards ceremony');
    expect(ceremony.end!.toISOString()).to.equal('2016-08-01T15:45:00.000Z');
    expect(ceremony.status).to.equal('cancelled');
    expect(session(data, 'Evening social').end).to.equal(undefined);
    expect(session(data, 'Evening social').status).to.equal('scheduled');
  });

  it('reads a floating time in the widget zone when the calendar names no zone', async () => {
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:f', 'DTSTART:20240420T090000', 'SUMMARY:Floating', 'END:VEVENT', 'END:VCALENDAR'].join('\n');
    const {value} = await adapt('ical', ics, 'Europe/Vienna');
    expect(value.event.timeZone).to.equal('Europe/Vienna');
    expect(value.sessions[0].start!.toISOString()).to.equal('2024-04-20T07:00:00.000Z');
  });
});

describe('iCalendar format: damaged and hostile files', () => {
  it('repairs stray lines and unclosed components, and skips events with broken dates', async () => {
    const {value, problems} = await adapt('ical', await fixture('event/garbage-lines.ics', 'text'));
    expect(value.sessions.map((s) => s.title)).to.deep.equal(['First good event', 'Second good event', 'Event never closed']);
    const text = problems.map((p) => `${p.where}: ${p.reason}`).join('\n');
    expect(text).to.include('line 6: Not an iCalendar line; ignored');
    expect(text).to.include('line 12: Not an iCalendar line; ignored');
    expect(text).to.include('END:VALARM without a BEGIN');
    expect(text).to.match(/DTSTART is not a date/);
    expect(text).to.match(/VEVENT was not closed/);
    expect(problems.filter((p) => /DTSTART/.test(p.reason))).to.have.length(2);
  });

  it('keeps an event without DTSTART as time to be confirmed', async () => {
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:tbc', 'SUMMARY:Closing panel', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const {value} = await adapt('ical', ics);
    expect(value.sessions[0]).to.include({title: 'Closing panel', start: undefined, end: undefined});
  });

  it('keeps the first of two identical events', async () => {
    const event = ['BEGIN:VEVENT', 'UID:same', 'DTSTART:20240420T090000Z', 'SUMMARY:Twice', 'END:VEVENT'];
    const {value, problems} = await adapt('ical', ['BEGIN:VCALENDAR', ...event, ...event, 'END:VCALENDAR'].join('\r\n'));
    expect(value.sessions).to.have.length(1);
    expect(problems[0].reason).to.match(/appears twice/);
  });

  it('throws a format error for what is not a calendar', async () => {
    for (const raw of ['<html><body>Not found</body></html>', '', {sessions: []}, null, 'BEGIN:VCARD\r\nEND:VCARD']) {
      const error = await adaptError('ical', raw);
      expect(error, JSON.stringify(raw)).to.be.instanceOf(TrustError);
      expect((error as TrustError).kind).to.equal('format');
    }
  });
});

describe('iCalendar format: Outlook (Exchange 2010) and Google Calendar exports', () => {
  it('reads an Outlook TZID ("GMT Standard Time") through its VTIMEZONE, as BST in October', async () => {
    const {value, problems} = await adapt('ical', await fixture('formats/ical-outlook-exchange-2010.ics', 'text'), 'Asia/Tokyo');
    expect(problems).to.deep.equal([]);
    // The Windows name stands for Europe/London, so that is the event's zone, not the widget's.
    expect(value.event).to.deep.equal({name: 'Kalender', timeZone: 'Europe/London', startDate: '2024-07-01', endDate: '2024-10-04'});
    const alarm = session(value, 'outlook event with alarm');
    expect(alarm.start!.toISOString()).to.equal('2024-10-04T17:30:00.000Z');
    expect(formatTime(alarm.start!, 'en-GB', 'Europe/London')).to.equal('18:30');
    expect(formatTime(alarm.end!, 'en-GB', 'Europe/London')).to.equal('19:00');
    // An empty LOCATION and a DESCRIPTION of one line break are nothing to show.
    expect(alarm.roomId).to.equal(undefined);
    expect(alarm.description).to.equal(undefined);
  });

  it('leaves out the all-day occurrence an Outlook EXDATE names as a midnight date-time', async () => {
    const {value} = await adapt('ical', await fixture('formats/ical-outlook-exchange-2010.ics', 'text'));
    const weeks = value.sessions.filter((s) => s.title === 'test123');
    // Fortnightly on Mondays from 1 July until 28 July: 1 and 15 July, and 15 July is excluded.
    expect(weeks).to.have.length(1);
    expect(weeks[0]).to.include({allDay: true});
    expect(dayKey(weeks[0].start!, 'Europe/London')).to.equal('2024-07-01');
    expect(weeks[0].end!.getTime() - weeks[0].start!.getTime()).to.equal(7 * 86_400_000);
    // The folded 110-character UID is one id.
    expect(session(value, 'test123 - edited event!!!!').id).to.match(/^040000008200E00074C5B7101A82E00800000000C41E94C5B4F3DA01000000000000000{2}100000007EA1D0AA9DB96545A536FABC0B0C1F5A#20240701$/);
  });

  it('maps a Windows zone name without a VTIMEZONE', async () => {
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:w', 'DTSTART;TZID=W. Europe Standard Time:20240701T100000', 'SUMMARY:Berlin call', 'END:VEVENT', 'END:VCALENDAR'].join('\n');
    const {value} = await adapt('ical', ics);
    expect(value.event.timeZone).to.equal('Europe/Berlin');
    expect(value.sessions[0].start!.toISOString()).to.equal('2024-07-01T08:00:00.000Z');
  });

  it('reads a Google Calendar export, shown in its X-WR-TIMEZONE, with its alarms ignored', async () => {
    const {value, problems} = await adapt('ical', await fixture('formats/ical-google-calendar-alarms.ics', 'text'), 'Europe/Berlin');
    expect(problems).to.deep.equal([]);
    expect(value.event).to.deep.equal({name: 'Nicco Kunzmann', timeZone: 'Europe/London', startDate: '2024-10-04', endDate: '2024-10-04'});
    expect(value.sessions).to.have.length(1);
    const event = value.sessions[0];
    expect(event).to.include({title: 'event with alarms', id: '79fs7pkqvht9m5igs0vjv1sfra@google.com', status: 'scheduled'});
    expect(formatTime(event.start!, 'en-GB', 'Europe/London')).to.equal('19:15');
    expect(formatTime(event.end!, 'en-GB', 'Europe/London')).to.equal('20:00');
    // The alarm's ATTENDEE is not a speaker.
    expect(value.speakers).to.deep.equal([]);
  });
});

describe('iCalendar format: one broken event or zone costs only itself', () => {
  const calendar = (...lines: string[]) => ['BEGIN:VCALENDAR', ...lines, 'BEGIN:VEVENT', 'UID:good', 'DTSTART:20240105T090000Z', 'SUMMARY:Good event', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

  for (const rule of ['FREQ=YEARLY;BYYEARDAY=400', 'FREQ=DAILY;UNTIL=garbage', 'FREQ=BOGUS', 'FREQ=WEEKLY;BYDAY=']) {
    it(`keeps an event whose RRULE is ${rule}, once, and the rest of the calendar`, async () => {
      const {value, problems} = await adapt('ical', calendar('BEGIN:VEVENT', 'UID:bad', 'DTSTART:20240101T090000Z', `RRULE:${rule}`, 'SUMMARY:Bad rule', 'END:VEVENT'));
      expect(value.sessions.map((s) => `${s.title} ${s.start!.toISOString()}`)).to.deep.equal(['Bad rule 2024-01-01T09:00:00.000Z', 'Good event 2024-01-05T09:00:00.000Z']);
      expect(problems.map((p) => p.reason)).to.include('The repeat rule could not be read; only the first occurrence is shown');
    });
  }

  it('does not hang on a VTIMEZONE whose rule repeats every second, and reads its TZID as a zone name', async () => {
    const started = performance.now();
    const {value, problems} = await adapt(
      'ical',
      calendar(
        'BEGIN:VTIMEZONE',
        'TZID:Europe/London',
        'BEGIN:DAYLIGHT',
        'DTSTART:16010101T010000',
        'TZOFFSETFROM:+0000',
        'TZOFFSETTO:+0100',
        'RRULE:FREQ=SECONDLY',
        'END:DAYLIGHT',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'UID:summer',
        'DTSTART;TZID=Europe/London:20240701T100000',
        'SUMMARY:Summer talk',
        'END:VEVENT',
      ),
    );
    expect(performance.now() - started).to.be.below(2000);
    expect(session(value, 'Summer talk').start!.toISOString()).to.equal('2024-07-01T09:00:00.000Z');
    expect(problems[0].reason).to.match(/does not repeat yearly; its TZID is read as a time zone name instead/);
  });

  it('keeps an occurrence as the rule has it when its override has no DTSTART', async () => {
    const {value, problems} = await adapt(
      'ical',
      calendar('BEGIN:VEVENT', 'UID:weekly', 'DTSTART:20240101T090000Z', 'RRULE:FREQ=WEEKLY;COUNT=2', 'SUMMARY:Weekly', 'END:VEVENT', 'BEGIN:VEVENT', 'UID:weekly', 'RECURRENCE-ID:20240108T090000Z', 'SUMMARY:Moved?', 'END:VEVENT'),
    );
    expect(value.sessions.map((s) => `${s.title} ${s.start!.toISOString()}`)).to.deep.equal([
      'Weekly 2024-01-01T09:00:00.000Z',
      'Good event 2024-01-05T09:00:00.000Z',
      'Weekly 2024-01-08T09:00:00.000Z',
    ]);
    expect(problems[0].reason).to.match(/it has no DTSTART/);
  });

  it('skips an event on 30 February instead of moving it to March', async () => {
    const {value, problems} = await adapt('ical', calendar('BEGIN:VEVENT', 'UID:feb', 'DTSTART;VALUE=DATE:20240230', 'SUMMARY:No such day', 'END:VEVENT'));
    expect(value.sessions.map((s) => s.title)).to.deep.equal(['Good event']);
    expect(problems[0].reason).to.match(/DTSTART is not a date/);
  });
});
