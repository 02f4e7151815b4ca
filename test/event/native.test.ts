import {expect} from '@open-wc/testing';
import {TrustError} from '../../src/shared/errors.js';
import {dayKey, formatTime, zoneAbbreviation} from '../../src/shared/time.js';
import type {EventData} from '../../src/event/model.js';
import {adapt, adaptError, fixture, session, speaker} from './helpers.js';

describe('native event format', () => {
  let data: EventData;
  before(async () => {
    const {value, problems} = await adapt('native', await fixture('event/social-media-week-2016.json'), 'America/New_York');
    expect(problems).to.deep.equal([]);
    data = value;
  });

  it('takes the zone, name and dates from the event, not the widget', () => {
    expect(data.event).to.deep.equal({
      name: 'Social Media Week 2016',
      timeZone: 'Europe/London',
      startDate: '2016-10-28',
      endDate: '2016-10-31',
      venue: 'Trust headquarters, Darlington',
      url: 'https://www.example.nhs.uk/social-media-week',
    });
  });

  it('reads wall times in the event zone on both sides of the October clock change', () => {
    const friday = session(data, 'welcome').start!;
    const monday = session(data, 'workshop-mon').start!;
    expect(friday.toISOString()).to.equal('2016-10-28T08:00:00.000Z');
    expect(monday.toISOString()).to.equal('2016-10-31T09:00:00.000Z');
    // Both read 09:00 in London, BST then GMT...
    expect(formatTime(friday, 'en-GB', 'Europe/London')).to.equal('09:00');
    expect(formatTime(monday, 'en-GB', 'Europe/London')).to.equal('09:00');
    expect(zoneAbbreviation(friday, 'en-GB', 'Europe/London')).to.equal('BST');
    expect(zoneAbbreviation(monday, 'en-GB', 'Europe/London')).to.equal('GMT');
    // ...but a viewer in New York, whose clocks change a week later, sees them an hour apart.
    expect(formatTime(friday, 'en-GB', 'America/New_York')).to.equal('04:00');
    expect(formatTime(monday, 'en-GB', 'America/New_York')).to.equal('05:00');
  });

  it('takes the first 01:30 on the night the clocks go back, and keeps times with an offset absolute', () => {
    expect(session(data, 'night-owl').start!.toISOString()).to.equal('2016-10-30T00:30:00.000Z');
    expect(session(data, 'cancelled-talk').start!.toISOString()).to.equal('2016-10-31T14:00:00.000Z');
  });

  it('makes a date without a time an all-day session whose end day is included', () => {
    const dropIn = session(data, 'drop-in');
    expect(dropIn.allDay).to.equal(true);
    expect(dayKey(dropIn.start!, 'Europe/London')).to.equal('2016-10-28');
    expect(formatTime(dropIn.start!, 'en-GB', 'Europe/London')).to.equal('00:00');
    // The model's end is exclusive: midnight after Monday 31st, in GMT.
    expect(dropIn.end!.toISOString()).to.equal('2016-11-01T00:00:00.000Z');
  });

  it('keeps a session without a time, last, as time to be confirmed', () => {
    const closing = session(data, 'closing');
    expect(closing.start).to.equal(undefined);
    expect(data.sessions.at(-1)).to.equal(closing);
  });

  it('resolves rooms by id or by name, and creates undeclared rooms', () => {
    expect(session(data, 'welcome').roomId).to.equal('boardroom');
    expect(session(data, 'workshop-mon').roomId).to.equal('training-1');
    expect(session(data, 'drop-in').roomId).to.equal('library');
    expect(data.rooms).to.deep.equal([
      {id: 'boardroom', name: 'Boardroom'},
      {id: 'training-1', name: 'Training Room 1'},
      {id: 'library', name: 'library'},
    ]);
  });

  it('reads status, notes, audience, links and flags', () => {
    const workshop = session(data, 'workshop-mon');
    expect(workshop.status).to.equal('full');
    expect(workshop.statusNote).to.equal('Waiting list open');
    expect(workshop.audience).to.deep.equal(['Staff', 'Volunteers']);
    expect(workshop.links).to.deep.equal([{url: 'https://www.example.nhs.uk/book/writing', label: 'Join the waiting list', kind: 'booking'}]);
    expect(session(data, 'cancelled-talk').status).to.equal('cancelled');
    expect(session(data, 'welcome').plenary).to.equal(true);
  });

  it('links speakers and sessions both ways, in time order', () => {
    const aisha = speaker(data, 'Aisha Khan');
    expect(aisha.sessionIds).to.deep.equal(['welcome', 'workshop-mon', 'closing']);
    expect(session(data, 'workshop-mon').speakerIds).to.deep.equal(['tom', 'aisha']);
    expect(aisha.featured).to.equal(true);
    expect(aisha.role).to.equal('Head of Digital Communications');
    expect(aisha.organisation).to.equal('NHS England');
    expect(aisha.links.map((l) => l.label)).to.deep.equal(['X (Twitter)', 'LinkedIn']);
    expect(aisha.bio).to.equal('Aisha leads digital communications.\n\nShe has worked in the NHS for ten years.');
    const tom = speaker(data, "Tom O'Neill");
    expect(tom.organisation).to.equal('Tees, Esk and Wear Valleys NHS Foundation Trust');
  });

  it('lists tracks in the declared order and types in source order', () => {
    expect(data.tracks).to.deep.equal(['Digital skills', 'Patient voice']);
    expect(data.types).to.deep.equal(['Talk', 'Tweetchat', 'Workshop', 'Drop-in', 'Panel']);
  });

  it('uses the widget zone when the data names none', async () => {
    const {value} = await adapt('native', {event: {name: 'x'}, sessions: [{id: 'a', title: 'A', start: '2024-07-01T10:00:00'}]}, 'Europe/Vienna');
    expect(value.event.timeZone).to.equal('Europe/Vienna');
    expect(value.sessions[0].start!.toISOString()).to.equal('2024-07-01T08:00:00.000Z');
  });

  it('drops a last day before the first, in this format and in frab, and takes it from the sessions', async () => {
    const sessions = [{id: 'a', title: 'A', start: '2024-07-01T10:00:00'}, {id: 'b', title: 'B', start: '2024-07-02T10:00:00'}];
    const native = await adapt('native', {event: {name: 'x', startDate: '2024-07-01', endDate: '2024-06-30'}, sessions});
    expect([native.value.event.startDate, native.value.event.endDate]).to.deep.equal(['2024-07-01', '2024-07-02']);
    const conference = {title: 'x', start: '2024-07-01', end: '2024-06-30', days: [{index: 1, date: '2024-07-01', rooms: {}}]};
    const frab = await adapt('frab', {schedule: {conference}});
    expect([frab.value.event.startDate, frab.value.event.endDate]).to.deep.equal(['2024-07-01', undefined]);
    // A last day alone, with no first, is kept as given (the sessions can still fill in the first).
    const onlyEnd = await adapt('frab', {schedule: {conference: {...conference, start: undefined, end: '2024-07-03'}}});
    expect(onlyEnd.value.event.endDate).to.equal('2024-07-03');
  });
});

describe('native event format with hostile input', () => {
  it('throws a format error for what is not event data', async () => {
    for (const raw of [null, [], 'sessions', 42, {foo: 1}, {sessions: 'many'}]) {
      const error = await adaptError('native', raw);
      expect(error, JSON.stringify(raw)).to.be.instanceOf(TrustError);
      expect((error as TrustError).kind).to.equal('format');
    }
  });

  it('skips bad items, repairs what it can and says why', async () => {
    const {value, problems} = await adapt('native', {
      event: {timeZone: 'Mars/Olympus_Mons', name: {}},
      speakers: [{name: null}, {id: 'dup', name: 'First'}, {id: 'dup', name: 'Second'}, 'nobody'],
      sessions: [
        null,
        5,
        {title: 42},
        {id: 'no-title', title: {}},
        {
          id: 'x',
          title: '<img src=x onerror=alert(1)><script>alert(1)</script>',
          start: 'next Tuesday',
          links: [{url: 'javascript:alert(1)', label: 'Click'}, {url: 'data:text/html,hi'}, {url: 'mailto:events@example.nhs.uk', label: 'Email us'}],
          speakers: 'dup',
          audience: 5,
          status: 'exploded',
        },
        {id: 'x', title: 'Duplicate of x'},
        {id: 'proto', title: 'Prototype keys', status: 'constructor', links: [{url: 'https://example.org/', kind: '__proto__'}]},
        {id: 'y', title: 'Ends first', start: '2024-01-01T10:00:00', end: '2024-01-01T09:00:00', speakers: ['dup', 'ghost', {id: 'dup'}, 'First']},
      ],
    });
    expect(value.event.timeZone).to.equal('Europe/London');
    expect(value.event.name).to.equal(undefined);
    expect(value.speakers.map((s) => s.name)).to.deep.equal(['First']);

    const hostile = value.sessions.find((s) => s.id === 'x')!;
    expect(hostile.title).to.equal('<img src=x onerror=alert(1)><script>alert(1)</script>');
    expect(hostile.start).to.equal(undefined);
    expect(hostile.links).to.deep.equal([{url: 'mailto:events@example.nhs.uk', label: 'Email us', kind: 'other'}]);
    expect(hostile.speakerIds).to.deep.equal([]);
    expect(hostile.audience).to.deep.equal(['5']);
    expect(hostile.status).to.equal('scheduled');

    const y = value.sessions.find((s) => s.id === 'y')!;
    expect(y.end).to.equal(undefined);
    expect(y.speakerIds).to.deep.equal(['dup']);
    const proto = value.sessions.find((s) => s.id === 'proto')!;
    expect(proto.status).to.equal('scheduled');
    expect(proto.links).to.deep.equal([{url: 'https://example.org/', label: 'example.org', kind: 'other'}]);
    // The number title is read as text; the object title is not.
    expect(value.sessions.map((s) => s.title)).to.include('42');
    expect(value.sessions.filter((s) => s.id === 'x')).to.have.length(1);

    const reasons = problems.map((p) => `${p.where}: ${p.reason}`).join('\n');
    expect(reasons).to.include('event.timeZone');
    expect(reasons).to.match(/speakers\[0\]: A speaker needs a name/);
    expect(reasons).to.match(/sessions\[3\]: A session needs a title/);
    expect(reasons).to.match(/start time was not understood/);
    expect(reasons).to.match(/Unknown status/);
    expect(reasons).to.match(/ends before it starts/);
    expect(reasons).to.match(/session x: Duplicate session id/);
    expect(reasons).to.match(/speaker dup: Duplicate speaker id/);
    expect(reasons).to.match(/Speaker ghost is not in the list of speakers/);
  });

  it('keeps a huge list bounded', async () => {
    const sessions = Array.from({length: 5200}, (_, i) => ({id: `s${i}`, title: `Session ${i}`}));
    const {value, problems} = await adapt('native', {sessions, speakers: []});
    expect(value.sessions).to.have.length(5000);
    expect(problems.some((p) => p.where === 'sessions' && /first 5000 of 5200/.test(p.reason))).to.equal(true);
  });

  it('bounds absurdly long text', async () => {
    const {value} = await adapt('native', {sessions: [{id: 'a', title: 'T'.repeat(10_000), description: 'D'.repeat(100_000)}]});
    expect(value.sessions[0].title.length).to.be.at.most(500);
    expect(value.sessions[0].description!.length).to.be.at.most(20_000);
  });
});

describe('event.schema.json', () => {
  it('documents every field the native adapter reads, and the sample file uses no others', async () => {
    const schema = (await (await fetch('/schemas/event.schema.json')).json()) as {
      $schema: string;
      properties: Record<string, unknown>;
      $defs: Record<string, {properties: Record<string, {description?: string}>}>;
    };
    expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    const fields = {
      event: ['name', 'timeZone', 'startDate', 'endDate', 'venue', 'url'],
      room: ['id', 'name'],
      speaker: ['id', 'name', 'role', 'organisation', 'tagline', 'bio', 'photo', 'links', 'featured'],
      session: ['id', 'title', 'description', 'start', 'end', 'allDay', 'type', 'track', 'room', 'location', 'audience', 'speakers', 'links', 'status', 'statusNote', 'service', 'plenary', 'language'],
    };
    for (const [def, keys] of Object.entries(fields)) expect(Object.keys(schema.$defs[def].properties), def).to.have.members(keys);
    expect(Object.keys(schema.properties)).to.have.members(['$schema', 'event', 'rooms', 'tracks', 'speakers', 'sessions']);

    const sample = (await fixture('event/social-media-week-2016.json')) as Record<string, unknown> & {sessions: object[]; speakers: object[]; rooms: object[]; event: object};
    for (const key of Object.keys(sample)) expect(schema.properties).to.have.property(key);
    for (const s of sample.sessions) for (const key of Object.keys(s)) expect(fields.session).to.include(key);
    for (const s of sample.speakers) for (const key of Object.keys(s)) expect(fields.speaker).to.include(key);
    for (const key of Object.keys(sample.event)) expect(fields.event).to.include(key);
  });
});
