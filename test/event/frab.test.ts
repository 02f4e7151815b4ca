import {expect} from '@open-wc/testing';
import {TrustError} from '../../src/shared/errors.js';
import {dayKey, formatTime} from '../../src/shared/time.js';
import {parseDuration} from '../../src/event/adapters/frab.js';
import type {EventData} from '../../src/event/model.js';
import {adapt, adaptError, fixture, session, speaker} from './helpers.js';

describe('frab/pretalx format: rC3 Channels 2020', () => {
  it('keeps instants absolute from `date` and shows them in the widget zone when the file names none', async () => {
    const {value, problems} = await adapt('frab', await fixture('formats/frab-schedule-pretalx-rc3.json'), 'Europe/Berlin');
    expect(problems).to.deep.equal([]);
    expect(value.event).to.deep.equal({name: 'rC3 Channels', timeZone: 'Europe/Berlin', startDate: '2020-12-27', endDate: '2020-12-30'});
    const gluon = session(value, 'Der faule Admin automatisiert: Gluon auf echter Hardware testen');
    expect(gluon.start!.toISOString()).to.equal('2020-12-27T10:30:00.000Z');
    expect(gluon.end!.toISOString()).to.equal('2020-12-27T11:10:00.000Z');
    expect(formatTime(gluon.start!, 'en-GB', 'Europe/Berlin')).to.equal('11:30');
    expect(formatTime(gluon.start!, 'en-GB', 'Europe/London')).to.equal('10:30');
    expect(dayKey(gluon.start!, 'Europe/Berlin')).to.equal('2020-12-27');
    expect(gluon).to.include({type: 'Talk 30 min + 10min Q&A', track: 'MON r3s Rhein VHS', roomId: 'r3s - Monheim/Rhein', language: 'de'});
    expect(gluon.links).to.deep.equal([{url: 'https://pretalx.rc3.studio/rc3-channels-2020/talk/MJA8QY/', label: 'Session page', kind: 'website'}]);
    // Abstract and description both kept, as plain text with the Markdown left as written.
    expect(gluon.description).to.match(/^Eine wichtige Komponente von Freifunk/);
    expect(gluon.description).to.include('\n\nUm Gluon in der eigenen Freifunk-Community');
    expect(gluon.description).to.include('[pytest](https://docs.pytest.org/)');
  });

  it('makes speakers of persons that have only a public_name, identified by their pretalx code', async () => {
    const {value} = await adapt('frab', await fixture('formats/frab-schedule-pretalx-rc3.json'));
    const gluon = session(value, 'Der faule Admin automatisiert: Gluon auf echter Hardware testen');
    expect(gluon.speakerIds).to.deep.equal(['SCD9VJ', 'MCQKPV']);
    expect(speaker(value, 'Chris Fiege')).to.deep.include({id: 'SCD9VJ', sessionIds: [gluon.id]});
    expect(speaker(value, 'Kasa').bio).to.equal(undefined);
    // Stefania Maurizi speaks twice.
    expect(speaker(value, 'Stefania Maurizi').sessionIds).to.have.length(2);
    expect(speaker(value, 'Björn Ruytenberg')).to.exist;
  });

  it('takes rooms from the days when the conference lists none', async () => {
    const {value} = await adapt('frab', await fixture('formats/frab-schedule-pretalx-rc3.json'));
    expect(value.rooms.map((r) => r.name)).to.deep.equal([
      'r3s - Monheim/Rhein',
      'backspace / franconian.net - Bamberg',
      'Chaos-West TV - Ennepetal',
      'ChaosTrawler Stubnitz/Gängeviertel Hamburg',
      'hacc München / about:future - München',
    ]);
    expect(value.sessions).to.have.length(48);
  });
});

describe('frab/pretalx format: pretalx DemoCon', () => {
  it('does not trust a time_zone_name that contradicts the events, and says so', async () => {
    const {value, problems} = await adapt('frab', await fixture('formats/frab-schedule-pretalx-democon.json'), 'Europe/London');
    expect(value.event.timeZone).to.equal('Europe/London');
    expect(problems).to.have.length(1);
    expect(problems[0].where).to.equal('conference.time_zone_name');
    const first = session(value, 'Focused 5thgeneration hardware');
    expect(first.start!.toISOString()).to.equal('2020-12-14T08:00:00.000Z');
    expect(formatTime(first.start!, 'en-GB', 'Europe/London')).to.equal('08:00');
    expect(formatTime(first.start!, 'en-GB', 'Europe/Amsterdam')).to.equal('09:00');
    expect(first.end!.toISOString()).to.equal('2020-12-14T08:30:00.000Z');
  });

  it('names rooms by name even when the conference gives them all one guid', async () => {
    const {value} = await adapt('frab', await fixture('formats/frab-schedule-pretalx-democon.json'));
    expect(value.rooms).to.deep.equal([
      {id: 'Gray Room', name: 'Gray Room'},
      {id: 'Tan Room', name: 'Tan Room'},
    ]);
    expect(speaker(value, 'Curtis Andrews').sessionIds).to.have.length(5);
    expect(value.types).to.deep.equal(['Talk', 'Workshop']);
  });

  it('uses time_zone_name when it agrees with the events', async () => {
    const raw = await fixture('formats/frab-schedule-pretalx-democon.json');
    (raw as {schedule: {conference: {time_zone_name: string}}}).schedule.conference.time_zone_name = 'Europe/Berlin';
    const {value, problems} = await adapt('frab', raw, 'Europe/London');
    expect(problems).to.deep.equal([]);
    expect(value.event.timeZone).to.equal('Europe/Berlin');
  });
});

describe('frab/pretalx format: older files and hostile input', () => {
  const schedule = (events: unknown[], extra: Record<string, unknown> = {}) => ({
    schedule: {
      version: '1',
      base_url: 'https://pretalx.example.org/event/schedule/',
      conference: {
        title: 'Old frab',
        time_zone_name: 'Europe/London',
        days: [{index: 1, date: '2016-10-29', day_start: '2016-10-29T08:00:00+01:00', day_end: '2016-10-30T03:00:00+00:00', rooms: {Hall: events}}],
        ...extra,
      },
    },
  });

  it('combines the day date with HH:MM starts, moving past-midnight starts to the next day', async () => {
    const {value} = await adapt(
      'frab',
      schedule([
        {id: 1, guid: 'a', start: '22:00', duration: '01:30', title: 'Late talk', persons: [{id: 7, name: 'New-style name', avatar: '/media/avatar.png'}]},
        {id: 2, guid: 'b', start: '01:30', duration: '0:30:00', title: 'After midnight', persons: [{id: 7, public_name: 'Old-style name'}]},
      ]),
    );
    const late = session(value, 'a');
    expect(late.start!.toISOString()).to.equal('2016-10-29T21:00:00.000Z');
    expect(late.end!.toISOString()).to.equal('2016-10-29T22:30:00.000Z');
    const after = session(value, 'b');
    // 01:30 on the night the clocks go back belongs to Sunday 30th, and is the first (BST) 01:30.
    expect(after.start!.toISOString()).to.equal('2016-10-30T00:30:00.000Z');
    expect(after.end!.toISOString()).to.equal('2016-10-30T01:00:00.000Z');
    expect(dayKey(after.start!, 'Europe/London')).to.equal('2016-10-30');
    // The same frab id twice is one person; the avatar is resolved against base_url.
    expect(value.speakers).to.have.length(1);
    expect(value.speakers[0]).to.deep.include({id: '7', name: 'New-style name', photo: 'https://pretalx.example.org/media/avatar.png', sessionIds: ['a', 'b']});
  });

  it('reads text written as an object of languages (pretalx forks): English, else the first language with text', async () => {
    const {value} = await adapt(
      'frab',
      schedule([
        {id: 1, guid: 'a', start: '10:00', duration: '01:00', title: {de: 'Eröffnung', en: 'Opening'}, abstract: {en: null, de: 'Willkommen.'}, track: {en: 'Community'}, persons: [{id: 7, public_name: 'Ana', biography: {pt_BR: 'Organizadora.'}}]},
        {id: 2, guid: 'b', start: '11:00', duration: '01:00', title: {de: 'Nur Deutsch'}},
        // Not an object of languages: a room object's name is not mistaken for text.
        {id: 3, guid: 'c', start: '12:00', duration: '01:00', title: {name: 'Not a title', guid: 'x'}},
      ]),
    );
    const opening = session(value, 'a');
    expect([opening.title, opening.description, opening.track]).to.deep.equal(['Opening', 'Willkommen.', 'Community']);
    expect(session(value, 'b').title).to.equal('Nur Deutsch');
    expect(value.sessions.map((s) => s.id)).to.not.include('c');
    expect(speaker(value, 'Ana').bio).to.equal('Organizadora.');
  });

  it('skips bad events, keeps the rest and reports why', async () => {
    const {value, problems} = await adapt(
      'frab',
      schedule([
        null,
        'event',
        {guid: 'ok', date: '2016-10-29T10:00:00+01:00', duration: '00:45', title: '<b onmouseover=alert(1)>Bold</b>', links: [{url: 'javascript:alert(1)', title: 'x'}, {url: 'https://slides.example.org/1', title: 'Slides', type: 'slides'}], persons: 'nobody'},
        {guid: 'ok', date: '2016-10-29T11:00:00+01:00', title: 'Same guid'},
        {guid: 'no-title', date: '2016-10-29T11:00:00+01:00'},
        {guid: 'bad-time', date: 'teatime', start: 'soon', title: 'When?', duration: 'long'},
      ]),
    );
    expect(value.sessions.map((s) => s.id)).to.deep.equal(['ok', 'bad-time']);
    const ok = session(value, 'ok');
    expect(ok.title).to.equal('<b onmouseover=alert(1)>Bold</b>');
    expect(ok.links).to.deep.equal([{url: 'https://slides.example.org/1', label: 'Slides', kind: 'slides'}]);
    expect(ok.end!.getTime() - ok.start!.getTime()).to.equal(45 * 60_000);
    expect(session(value, 'bad-time').start).to.equal(undefined);
    const text = problems.map((p) => `${p.where}: ${p.reason}`).join('\n');
    expect(text).to.match(/An event needs an id/);
    expect(text).to.match(/An event needs a title/);
    expect(text).to.match(/session ok: Duplicate session id/);
    expect(text).to.match(/event bad-time: The start time was not understood/);
  });

  it('reports a day whose rooms are not a map, and an invalid zone name', async () => {
    const raw = schedule([{guid: 'a', date: '2016-10-29T10:00:00+01:00', title: 'A'}], {time_zone_name: 'Nowhere/Special'});
    (raw.schedule.conference.days as unknown[]).push({index: 2, date: '2016-10-30', rooms: ['Hall']});
    const {value, problems} = await adapt('frab', raw, 'Europe/Paris');
    expect(value.sessions).to.have.length(1);
    expect(value.event.timeZone).to.equal('Europe/Paris');
    expect(problems.map((p) => p.where)).to.include.members(['days[1]', 'conference.time_zone_name']);
  });

  it('throws a format error for what is not a frab schedule', async () => {
    for (const raw of [{schedule: {conference: {days: 'none'}}}, {conference: {days: []}}, [], 'schedule']) {
      const error = await adaptError('frab', raw);
      expect(error).to.be.instanceOf(TrustError);
      expect((error as TrustError).kind).to.equal('format');
    }
  });

  it('reads the duration forms frab, pretalx and others write', () => {
    expect(parseDuration('00:40')).to.equal(40 * 60_000);
    expect(parseDuration('1:30:00')).to.equal(90 * 60_000);
    expect(parseDuration('1:02:00:00')).to.equal(26 * 3_600_000);
    expect(parseDuration('PT1H30M')).to.equal(90 * 60_000);
    expect(parseDuration('90 minutes')).to.equal(undefined);
    expect(parseDuration('00:75')).to.equal(undefined);
    expect(parseDuration(40)).to.equal(undefined);
  });
});

describe('frab schedule version 2: the CCC hub (38C3)', () => {
  let data: EventData;
  before(async () => {
    const {value, problems} = await adapt('frab', await fixture('formats/frab-schedule2-hub-38c3.json'), 'Europe/London');
    expect(problems).to.deep.equal([]);
    data = value;
  });

  it('reads events from schedule.events, in the conference zone, past midnight on the right day', () => {
    expect(data.event).to.deep.include({name: '38C3', timeZone: 'Europe/Berlin', startDate: '2024-12-27', endDate: '2024-12-30'});
    const opening = session(data, '38C3: Opening Ceremony');
    expect(formatTime(opening.start!, 'en-GB', 'Europe/Berlin')).to.equal('10:30');
    expect(formatTime(opening.end!, 'en-GB', 'Europe/Berlin')).to.equal('11:00');
    expect(dayKey(opening.start!, 'Europe/Berlin')).to.equal('2024-12-27');
    expect(opening).to.include({roomId: 'Saal 1', track: 'CCC', type: 'other'});
    const late = session(data, 'A Competitive Time-Trial AI for Need for Speed:');
    expect(formatTime(late.start!, 'en-GB', 'Europe/Berlin')).to.equal('00:15');
    expect(dayKey(late.start!, 'Europe/Berlin')).to.equal('2024-12-28');
    // Track by slug, room by object, subtitle first in the description.
    expect(late).to.include({roomId: 'Saal ZIGZAG', track: 'Hardware & Making'});
    expect(late.description).to.match(/^Most Wanted Using Deep Reinforcement Learning\n\nAll challenges/);
    expect(data.rooms.map((r) => r.name)).to.deep.equal(['Saal 1', 'Saal GLITCH', 'Saal ZIGZAG', 'Stage HUFF', 'Stage YELL']);
  });

  it('makes speakers of participants, with the biography, avatar and page from schedule.persons', () => {
    const opening = session(data, '38C3: Opening Ceremony');
    expect(opening.speakerIds.map((id) => data.speakers.find((s) => s.id === id)!.name)).to.deep.equal(['Gabriela Bogk', 'Senficon', 'Aline Blankertz']);
    const aline = speaker(data, 'Aline Blankertz');
    expect(aline.bio).to.match(/^Aline Blankertz ist angewandte Ökonomin/);
    expect(aline.photo).to.match(/^https:\/\/fahrplan\.events\.ccc\.de\/congress\/2024\/fahrplan\/media\/avatars\/Screenshot_2024/);
    expect(aline.links).to.deep.equal([{url: 'https://events.ccc.de/congress/2024/hub/user/speaker_721a267b-b09d-5422-8221-4f9a71cfc727/', label: 'Website'}]);
  });

  it('keeps links, typed attachments and the feedback object as session links', () => {
    expect(session(data, '38C3: Opening Ceremony').links.map((l) => `${l.kind} ${l.label} ${l.url}`)).to.deep.equal([
      'website Session page https://events.ccc.de/congress/2024/hub/event/38c3-opening-ceremony/',
      'other foo bar https://example.net/',
      'other Mastodon https://example.net/@handle',
      'slides example.net https://example.net/foo/bar/1235.pdf',
      'other Feedback https://fahrplan.events.ccc.de/congress/2024/fahrplan/talk/HQCCYH/feedback/',
    ]);
  });

  it('does not fail on a base_url that is not a web address, and keeps absolute avatars', async () => {
    for (const baseUrl of ['http://[::1', 'https://', 'javascript:alert(1)']) {
      const raw = (await fixture('formats/frab-schedule2-hub-38c3.json')) as {schedule: {base_url: string}};
      raw.schedule.base_url = baseUrl;
      const {value} = await adapt('frab', raw);
      expect(value.sessions, baseUrl).to.have.length(2);
      expect(speaker(value, 'Senficon').photo).to.match(/^https:\/\/fahrplan/);
    }
  });
});
