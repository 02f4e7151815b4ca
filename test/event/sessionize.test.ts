import {expect} from '@open-wc/testing';
import {TrustError} from '../../src/shared/errors.js';
import {dayKey, formatTime} from '../../src/shared/time.js';
import type {EventData} from '../../src/event/model.js';
import {adapt, adaptError, fixture, session, speaker} from './helpers.js';

describe('Sessionize "All" format (Global Azure Linz 2024)', () => {
  let data: EventData;
  before(async () => {
    const {value, problems} = await adapt('sessionize', await fixture('formats/sessionize-all-linz-2024.json'), 'Europe/Vienna');
    expect(problems).to.deep.equal([]);
    data = value;
  });

  it('reads zone-less times as wall time in the widget zone', () => {
    const keynote = session(data, 'Keynote: Pioneering the Future of Java with Intelligent Apps');
    expect(keynote.start!.toISOString()).to.equal('2024-04-20T07:00:00.000Z');
    expect(keynote.end!.toISOString()).to.equal('2024-04-20T07:45:00.000Z');
    expect(formatTime(keynote.start!, 'en-GB', 'Europe/Vienna')).to.equal('09:00');
    expect(formatTime(keynote.start!, 'en-GB', 'Europe/London')).to.equal('08:00');
    expect(dayKey(keynote.start!, 'Europe/London')).to.equal('2024-04-20');
    expect(data.event).to.deep.equal({timeZone: 'Europe/Vienna', startDate: '2024-04-20', endDate: '2024-04-20'});
  });

  it('gives both speakers of the two-speaker keynote, linked back to it', () => {
    const keynote = session(data, '658419');
    expect(keynote.speakerIds.map((id) => data.speakers.find((s) => s.id === id)!.name)).to.deep.equal(['Ed Burns', 'Sandra Ahlgrimm']);
    expect(speaker(data, 'Ed Burns').sessionIds).to.deep.equal(['658419']);
    expect(speaker(data, 'Sandra Ahlgrimm').sessionIds).to.deep.equal(['658419']);
  });

  it('normalises numeric ids to strings', () => {
    expect(session(data, '658419').roomId).to.equal('47112');
    expect(data.rooms.find((r) => r.id === '47112')!.name).to.equal('Aula');
    expect(speaker(data, 'Alex Kornfellner').sessionIds).to.deep.equal(['649740']);
  });

  it('splits clear taglines into role and organisation and keeps unclear ones whole', () => {
    expect(speaker(data, 'Ed Burns')).to.include({role: 'Principal Architect on the Java Tooling and Experiences team', organisation: 'Microsoft'});
    expect(speaker(data, 'Julia Zukrigl')).to.include({role: 'Head Trainer', organisation: 'DATA story LAB'});
    expect(speaker(data, 'Michael Mittermayr')).to.include({role: 'Principal Software Architect', organisation: 'Zühlke Group'});
    expect(speaker(data, 'Alex Kornfellner').tagline).to.equal('Lehrer für Mathematik, KI und Advanced Algorithms an der HTL Leonding');
    expect(speaker(data, 'Hannes Lagler-Gruener').tagline).to.equal('MVP | ACP IT Solutions GMBH, Lead Cloud Architect');
    expect(speaker(data, 'Toni Pohl').tagline).to.equal('CTO atwork, Microsoft MVP');
    expect(speaker(data, 'Toni Pohl').organisation).to.equal(undefined);
  });

  it('turns answers that are web addresses into links, and nothing else', () => {
    expect(session(data, '658419').links).to.deep.equal([{url: 'https://youtube.com/live/mIguuYMFbh0', label: 'YouTube Video', kind: 'video'}]);
  });

  it('keeps German text and photos', () => {
    expect(session(data, '651098').title).to.equal('Keynote: Total rational - Das größte Missverständnis im data-driven Business');
    expect(speaker(data, 'Alex Kornfellner').photo).to.equal('https://sessionize.com/image/cbd4-400o400o1-wET4tXku1j7qexMoM5FyNW.jpg');
    expect(data.sessions).to.have.length(15);
    expect(data.speakers).to.have.length(16);
  });
});

describe('Sessionize categories, flags and hostile input', () => {
  const payload = () => ({
    sessions: [
      {
        id: 1,
        title: 'Opening keynote',
        startsAt: '2024-10-28T09:00:00',
        endsAt: '2024-10-28T10:00:00',
        isServiceSession: false,
        isPlenumSession: true,
        speakers: ['sp-1', 'sp-1', 'missing'],
        categoryItems: [11, 21, 31, 32, 41],
        roomId: 5,
      },
      {id: '2', title: 'Lunch', startsAt: '2024-10-28T12:00:00', endsAt: '2024-10-28T13:00:00', isServiceSession: true, speakers: [], categoryItems: [], roomId: 5},
      {id: '3', title: 'To be scheduled', startsAt: null, endsAt: null, speakers: [{id: 'sp-2', name: 'Ana'}], categoryItems: [12, 41]},
      {id: '3', title: 'Duplicate', startsAt: null},
      {id: '4', title: '<script>alert(1)</script>', startsAt: 'soon', speakers: 'sp-1', liveUrl: 'javascript:alert(1)', recordingUrl: 'https://vimeo.com/1'},
      null,
      {title: 'No id'},
    ],
    speakers: [
      {
        id: 'sp-1',
        firstName: 'Jørn',
        lastName: 'Lomax',
        tagLine: 'Developer Advocate @ Example Ltd',
        isTopSpeaker: true,
        profilePicture: 'javascript:alert(1)',
        links: [
          {title: 'X (Twitter)', url: 'https://twitter.com/jorn', linkType: 'Twitter'},
          {title: 'My site', url: 'https://jorn.example.org', linkType: 'Company_Website'},
          {title: 'Blog', url: 'https://jorn.example.org/blog', linkType: 'Blog'},
          {title: 'Bad', url: 'javascript:alert(1)', linkType: 'Other'},
          {title: 'Podcast', url: 'https://podcast.example.org/', linkType: 'constructor'},
          {title: 'Mastodon', url: 'https://fosstodon.org/@jorn', linkType: 'Other'},
        ],
        sessions: [1],
      },
      {id: 'sp-2', fullName: 'Ana Fernández', tagLine: 42, links: 'none'},
      {id: 'sp-3'},
    ],
    rooms: [
      {id: 6, name: 'Second room', sort: 2},
      {id: 5, name: 'Main hall', sort: 1},
    ],
    questions: [],
    categories: [
      {id: 1, title: 'Session format', items: [{id: 11, name: 'Keynote'}, {id: 12, name: 'Workshop'}]},
      {id: 2, title: 'Track', items: [{id: 21, name: 'Digital'}]},
      {id: 3, title: 'Level', items: [{id: 31, name: 'Introductory'}, {id: 32, name: 'Advanced'}]},
      {id: 4, title: 'Language', items: [{id: 41, name: 'English'}]},
    ],
  });

  it('reads categories as type, track and audience, by their titles', async () => {
    const {value} = await adapt('sessionize', payload());
    const keynote = session(value, '1');
    expect(keynote.type).to.equal('Keynote');
    expect(keynote.track).to.equal('Digital');
    expect(keynote.audience).to.deep.equal(['Introductory', 'Advanced']);
    // A category that is none of those fills the track when there is no track.
    expect(session(value, '3').type).to.equal('Workshop');
    expect(session(value, '3').track).to.equal('English');
    expect(value.types).to.deep.equal(['Keynote', 'Workshop']);
    expect(value.tracks).to.deep.equal(['Digital', 'English']);
  });

  it('marks service and plenary sessions, and keeps unscheduled ones', async () => {
    const {value} = await adapt('sessionize', payload());
    expect(session(value, '1').plenary).to.equal(true);
    expect(session(value, '2').service).to.equal(true);
    expect(session(value, '3').start).to.equal(undefined);
    expect(session(value, '3').speakerIds).to.deep.equal(['sp-2']);
    expect(value.rooms.map((r) => r.name)).to.deep.equal(['Main hall', 'Second room']);
  });

  it('builds speakers from first and last names, with labelled safe links only', async () => {
    const {value} = await adapt('sessionize', payload());
    const jorn = speaker(value, 'Jørn Lomax');
    expect(jorn.featured).to.equal(true);
    expect(jorn.photo).to.equal(undefined);
    expect(jorn).to.include({role: 'Developer Advocate', organisation: 'Example Ltd'});
    expect(jorn.links).to.deep.equal([
      {url: 'https://twitter.com/jorn', label: 'X (Twitter)'},
      {url: 'https://jorn.example.org/', label: 'Company website'},
      {url: 'https://jorn.example.org/blog', label: 'Blog'},
      {url: 'https://podcast.example.org/', label: 'Podcast'},
      {url: 'https://fosstodon.org/@jorn', label: 'Mastodon'},
    ]);
    expect(jorn.sessionIds).to.deep.equal(['1']);
    expect(speaker(value, 'Ana Fernández').tagline).to.equal('42');
  });

  it('skips and reports what it cannot use, keeping hostile text inert', async () => {
    const {value, problems} = await adapt('sessionize', payload());
    const hostile = session(value, '4');
    expect(hostile.title).to.equal('<script>alert(1)</script>');
    expect(hostile.start).to.equal(undefined);
    expect(hostile.links).to.deep.equal([{url: 'https://vimeo.com/1', label: 'Recording', kind: 'video'}]);
    expect(session(value, '1').speakerIds).to.deep.equal(['sp-1']);
    expect(value.sessions.filter((s) => s.id === '3')).to.have.length(1);
    const text = problems.map((p) => `${p.where}: ${p.reason}`).join('\n');
    expect(text).to.match(/sessions\[6\]: A session needs an id/);
    expect(text).to.match(/speakers\[2\]: A speaker needs a name/);
    expect(text).to.match(/session 3: Duplicate session id/);
    expect(text).to.match(/session 1: Speaker missing is not in the list/);
    expect(text).to.match(/session 4: The start time was not understood/);
  });

  it('throws a format error for a payload that is not Sessionize', async () => {
    for (const raw of [{sessions: []}, [], 'x', {schedule: {}}]) {
      const error = await adaptError('sessionize', raw);
      expect(error).to.be.instanceOf(TrustError);
      expect((error as TrustError).kind).to.equal('format');
    }
  });
});
