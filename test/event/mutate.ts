/**
 * What the event robustness tests add to the shared mutation helpers
 * (test/helpers/mutate.ts): changes to the lines of an iCalendar file, and the
 * rules every adapted event model must follow, whatever the input.
 */
import type {EventData} from '../../src/event/model.js';
import {PWN_HTML, PWN_URL, pick, type Random} from '../helpers/mutate.js';

const ICS_GARBAGE = [
  'X-GARBAGE;FOO=BAR:baz',
  'this is not a content line',
  ':',
  ';;;:',
  'DTSTART;TZID=Not/AZone:20240101T090000',
  'DTSTART;TZID=GMT Standard Time:20240101T090000',
  'DTSTART;TZID="":20240101T090000',
  'DTSTART:20241345T999999',
  'DTSTART;VALUE=DATE:20240230',
  'DTEND:19000101T000000Z',
  'DURATION:-P1D',
  'DURATION:P99999W',
  'DURATION:nonsense',
  'RRULE:FREQ=DAILY',
  'RRULE:FREQ=SECONDLY',
  'RRULE:FREQ=HOURLY;INTERVAL=1',
  'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
  'RRULE:FREQ=DAILY;UNTIL=garbage',
  'RRULE:FREQ=YEARLY;BYYEARDAY=400',
  'RRULE:FREQ=BOGUS',
  'RDATE:20240101T090000Z,garbage',
  'EXDATE:nonsense',
  'RECURRENCE-ID:20240101T090000Z',
  'RECURRENCE-ID:nonsense',
  `URL:${PWN_URL}`,
  `LOCATION:${PWN_URL}`,
  `SUMMARY:${PWN_HTML}`,
  `DESCRIPTION:${PWN_HTML}\\n[click](${PWN_URL})`,
  'ATTENDEE;ROLE=CHAIR;CN=<b>Chair</b>:mailto:a@example.org',
  'STATUS:CANCELLED',
  'CATEGORIES:,,,',
  'BEGIN:VEVENT',
  'END:VEVENT',
  'END:VCALENDAR',
  'BEGIN:VTIMEZONE',
  'BEGIN:VALARM',
  'UID:',
  `SUMMARY:${'x'.repeat(100_000)}`,
];

/** One random change to the lines of an iCalendar file. */
export function mutateIcs(lines: string[], random: Random): string {
  const i = Math.floor(random() * lines.length);
  const roll = random();
  if (roll < 0.15) {
    lines.splice(i, 1);
    return `deleted line ${i + 1}`;
  }
  if (roll < 0.25) {
    lines.splice(i, 0, lines[i]);
    return `duplicated line ${i + 1}`;
  }
  if (roll < 0.35) {
    // Corrupt: cut the line at a random point, or drop its colon.
    const cut = Math.floor(random() * lines[i].length);
    lines[i] = random() < 0.5 ? lines[i].slice(0, cut) : lines[i].replace(':', '');
    return `corrupted line ${i + 1}`;
  }
  if (roll < 0.45) {
    // Broken folding: a continuation line with nothing before it, or a fold inside a name.
    const cut = Math.max(1, Math.floor(random() * lines[i].length));
    lines.splice(i, 1, lines[i].slice(0, cut), ` ${lines[i].slice(cut)}`, ' ');
    return `folded line ${i + 1}`;
  }
  if (roll < 0.5) {
    const ends = lines.map((l, n) => (/^END:/i.test(l) ? n : -1)).filter((n) => n >= 0);
    if (ends.length) lines.splice(pick(random, ends), 1);
    return 'removed an END line';
  }
  if (roll < 0.55) {
    // DTEND before DTSTART.
    const n = lines.findIndex((l, k) => k >= i && /^DTEND/i.test(l));
    if (n >= 0) lines[n] = 'DTEND:19990101T000000Z';
    return `DTEND before DTSTART near line ${i + 1}`;
  }
  const garbage = pick(random, ICS_GARBAGE);
  lines.splice(i, 0, garbage);
  return `inserted ${garbage.slice(0, 40)} at line ${i + 1}`;
}

/** What must hold for any adapted model, whatever the input. Returns the broken rules. */
export function brokenInvariants(data: EventData): string[] {
  const broken: string[] = [];
  const fail = (message: string) => broken.length < 10 && broken.push(message);
  const checkUrl = (url: unknown, where: string, allowMailto = true) => {
    if (typeof url !== 'string') return fail(`${where}: URL is not a string`);
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      return fail(`${where}: not an absolute URL: ${url.slice(0, 60)}`);
    }
    if (!(protocol === 'http:' || protocol === 'https:' || (allowMailto && protocol === 'mailto:'))) fail(`${where}: unsafe URL ${url.slice(0, 60)}`);
  };
  const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  const validDate = (value: unknown) => value instanceof Date && Number.isFinite(value.getTime());

  if (!data || typeof data !== 'object') return ['the model is not an object'];
  if (typeof data.event?.timeZone !== 'string') fail('event.timeZone is not a string');
  if (data.event?.url !== undefined) checkUrl(data.event.url, 'event.url');
  for (const key of ['startDate', 'endDate'] as const) {
    const day = data.event?.[key];
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) fail(`event.${key} is ${day}`);
  }
  for (const list of ['sessions', 'speakers', 'rooms', 'tracks', 'types'] as const) if (!Array.isArray(data[list])) fail(`${list} is not a list`);
  if (broken.length) return broken;

  const sessionIds = new Set<string>();
  const speakerIds = new Set(data.speakers.map((s) => s.id));
  const roomIds = new Set(data.rooms.map((r) => r.id));
  for (const s of data.sessions) {
    const where = `session ${String(s.id).slice(0, 40)}`;
    if (!nonEmpty(s.id)) fail('a session has no id');
    if (!nonEmpty(s.title)) fail(`${where} has no title`);
    if (sessionIds.has(s.id)) fail(`${where} is there twice`);
    sessionIds.add(s.id);
    if (s.start !== undefined && !validDate(s.start)) fail(`${where}: start is not a valid date`);
    if (s.end !== undefined && !validDate(s.end)) fail(`${where}: end is not a valid date`);
    if (s.end !== undefined && s.start === undefined) fail(`${where}: an end without a start`);
    if (validDate(s.start) && validDate(s.end) && s.end! < s.start!) fail(`${where} ends before it starts`);
    if (!Array.isArray(s.links) || !Array.isArray(s.speakerIds)) fail(`${where}: links or speakers are not lists`);
    else {
      s.links.forEach((l, i) => {
        checkUrl(l.url, `${where} link ${i}`);
        if (!nonEmpty(l.label)) fail(`${where} link ${i} has no label`);
      });
      for (const id of s.speakerIds) if (!speakerIds.has(id)) fail(`${where}: unknown speaker ${id}`);
    }
    if (s.roomId !== undefined && !roomIds.has(s.roomId)) fail(`${where}: unknown room ${s.roomId}`);
    for (const key of ['title', 'type', 'track', 'location', 'statusNote'] as const) {
      const value = s[key];
      if (value !== undefined && (typeof value !== 'string' || value.length > 20_000)) fail(`${where}: ${key} is not a bounded string`);
    }
    if (!['scheduled', 'cancelled', 'moved', 'full'].includes(s.status)) fail(`${where}: status ${String(s.status)}`);
  }
  const seenSpeakers = new Set<string>();
  for (const sp of data.speakers) {
    const where = `speaker ${String(sp.id).slice(0, 40)}`;
    if (!nonEmpty(sp.id) || !nonEmpty(sp.name)) fail(`${where} has no id or name`);
    if (seenSpeakers.has(sp.id)) fail(`${where} is there twice`);
    seenSpeakers.add(sp.id);
    if (sp.photo !== undefined) checkUrl(sp.photo, `${where} photo`, false);
    if (!Array.isArray(sp.links)) fail(`${where}: links is not a list`);
    else sp.links.forEach((l, i) => checkUrl(l.url, `${where} link ${i}`));
    for (const id of sp.sessionIds) if (!sessionIds.has(id)) fail(`${where}: unknown session ${id}`);
  }
  for (const r of data.rooms) if (!nonEmpty(r.id) || !nonEmpty(r.name)) fail('a room has no id or name');
  if (new Set(data.rooms.map((r) => r.id)).size !== data.rooms.length) fail('two rooms share an id');
  for (const t of [...data.tracks, ...data.types]) if (!nonEmpty(t)) fail('an empty track or type');
  return broken;
}
