/**
 * frab / pretalx `schedule.json` (the c3voc schema: `schedule.conference.days[]`,
 * each day with `rooms: {roomName: [events]}`).
 *
 * An event's `date` carries its offset, so it is the absolute start. The zone
 * the schedule is shown in is `conference.time_zone_name` when that is an IANA
 * zone whose offsets agree with the events' own; otherwise (missing, as in
 * rC3's file, or contradicting the times, as in pretalx's DemoCon, which says
 * "UTC" beside +01:00 times) it is the widget's `timezone`: an IANA zone
 * cannot be derived from an offset. Only the display zone changes; instants
 * stay as the source wrote them.
 *
 * Rooms are identified by name, since events name their room. People become
 * speakers, identified by guid, pretalx code, frab id or name, in that order.
 *
 * Version 2 of the schema (the CCC hub's `schema2.json`) lists events in
 * `schedule.events` instead of under days and rooms, with `start`/`end`
 * date-times, rooms, tracks, logos and avatars as objects, and `participants`
 * that refer by guid to `schedule.persons`. Both are read.
 */
import {isRecord, safeUrl, str, type AdapterContext, type Adapted} from '../../shared/adapter.js';
import {TrustError} from '../../shared/errors.js';
import type {Problem} from '../../shared/events.js';
import {isValidTimeZone, parseDateTime, zoneOffsetMinutes, zonedTimeToDate} from '../../shared/time.js';
import type {EventData, EventLink, Room, Session, Speaker} from '../model.js';
import {detectFrab} from './detect.js';
import {LIMITS, contextZone, dateOnly, eachItem, eventLink, finishEvent, idOf, list, photoUrl, record, slug, speakerLink, uniqueLinks} from './common.js';
import {line, text} from '../../shared/plain-text.js';

const REFERENCE_KINDS = new Map<string, EventLink['kind']>([
  ['slides', 'slides'],
  ['media', 'video'],
  ['web', 'website'],
  ['blog', 'website'],
]);

interface EventRef {
  event: Record<string, unknown>;
  day: Record<string, unknown>;
  roomName?: string;
  where: string;
}


export function adaptFrab(raw: unknown, context: AdapterContext): Adapted<EventData> {
  if (!detectFrab(raw)) throw new TrustError('format', 'This is not a frab or pretalx schedule: it needs "schedule.conference.days".');
  const problems: Problem[] = [];
  const schedule = record((raw as Record<string, unknown>).schedule);
  const conference = record(schedule.conference);
  // Relative media URLs (avatars) are relative to base_url.
  const base = safeUrl(schedule.base_url, context.baseUrl, false) ?? context.baseUrl;

  const rooms: Room[] = eachItem(conference.rooms, 'conference.rooms', problems, LIMITS.rooms, (item) => {
    const name = line(record(item).name);
    return name ? {id: name, name} : undefined;
  });
  const trackOrder = list(conference.tracks)
    .map((t) => line(record(t).name))
    .filter((t): t is string => !!t);
  // Version 2 events name their track by slug.
  const tracksBySlug = new Map<string, string>();
  for (const t of list(conference.tracks)) {
    const [slugValue, name] = [line(record(t).slug), line(record(t).name)];
    if (slugValue && name) tracksBySlug.set(slugValue, name);
  }
  const personsByGuid = new Map<string, Record<string, unknown>>();
  for (const p of list(schedule.persons).slice(0, LIMITS.speakers)) {
    const guid = idOf(record(p).guid);
    if (guid) personsByGuid.set(guid, record(p));
  }

  const roomIds = new Set(rooms.map((r) => r.id));
  const speakers = new Map<string, Speaker>();
  const events: EventRef[] = [];
  const version2 = Array.isArray(schedule.events);
  list(schedule.events).forEach((event, i) => {
    events.push({event: record(event), day: {}, roomName: nameOf(record(event).room), where: `events[${i}]`});
  });
  list(conference.days).forEach((d, dayIndex) => {
    const day = record(d);
    const dayRooms = day.rooms;
    if (version2 && dayRooms === undefined) return;
    if (!isRecord(dayRooms)) {
      problems.push({where: `days[${dayIndex}]`, reason: 'The day has no rooms'});
      return;
    }
    for (const [roomKey, roomEvents] of Object.entries(dayRooms)) {
      const roomName = line(roomKey);
      if (roomName && !roomIds.has(roomName)) {
        roomIds.add(roomName);
        rooms.push({id: roomName, name: roomName});
      }
      list(roomEvents).forEach((event, i) => {
        events.push({event: record(event), day, roomName, where: `days[${dayIndex}].rooms[${JSON.stringify(roomKey)}][${i}]`});
      });
    }
  });

  // Times written without an offset (old frab exports) are read in the conference's zone, else the widget's.
  const namedZone = str(conference.time_zone_name);
  const wallZone = isValidTimeZone(namedZone) ? namedZone : contextZone(context);
  const writtenOffsets: {start: Date; offset: number}[] = [];
  const sessions = eachItem(events, 'events', problems, LIMITS.sessions, (item): Session | undefined => {
    const {event: e, day, roomName, where} = item as EventRef;
    const id = idOf(e.guid) ?? idOf(e.code) ?? idOf(e.id);
    const title = line(e.title);
    if (!id || !title) {
      problems.push({where, reason: id ? 'An event needs a title' : 'An event needs an id'});
      return undefined;
    }
    const start = eventStart(e, day, wallZone);
    const offset = writtenOffset(e.date) ?? writtenOffset(e.start);
    if (start && offset !== undefined) writtenOffsets.push({start, offset});
    if (!start) problems.push({where: `event ${id}`, reason: 'The start time was not understood; listed as time to be confirmed'});
    const end = start ? parseDateTime(e.end, wallZone) ?? addDuration(start, e.duration) : undefined;

    const speakerIds: string[] = [];
    for (const p of [...list(e.persons), ...list(e.participants)]) {
      const person = record(p);
      const speaker = readPerson({...personsByGuid.get(idOf(person.guid) ?? ''), ...person}, base);
      if (!speaker) continue;
      const known = speakers.get(speaker.id);
      if (known) {
        // The same person in several events: fill in what the first mention left out.
        known.bio ??= speaker.bio;
        known.photo ??= speaker.photo;
        if (!known.links.length) known.links = speaker.links;
      } else if (speakers.size < LIMITS.speakers) speakers.set(speaker.id, speaker);
      speakerIds.push(speaker.id);
    }

    const paragraphs = [text(e.subtitle, LIMITS.line), text(e.abstract), text(e.description)].filter((p): p is string => !!p);
    return {
      id,
      title,
      description: [...new Set(paragraphs)].join('\n\n') || undefined,
      start,
      end: end && start && end >= start ? end : undefined,
      type: line(e.type),
      track: line(e.track) ?? line(record(e.track).name) ?? tracksBySlug.get(line(record(e.track).slug) ?? ''),
      roomId: nameOf(e.room) ?? roomName,
      speakerIds,
      links: uniqueLinks<EventLink>([
        eventLink(e.url, 'Session page', base, 'website'),
        ...[...list(e.links), ...list(e.attachments)].map((l) => {
          const ref = record(l);
          return eventLink(ref.url, ref.title, base, REFERENCE_KINDS.get(str(ref.type) ?? ''));
        }),
        eventLink(e.feedback_url ?? record(e.feedback).url, 'Feedback', base, 'other'),
      ]),
      status: 'scheduled',
      language: line(e.language, 35),
    };
  });

  const timeZone = displayZone(namedZone, writtenOffsets, context, problems);
  const value = finishEvent(
    {
      event: {
        name: line(conference.title),
        timeZone,
        startDate: dateOnly(conference.start),
        endDate: dateOnly(conference.end),
        url: eventLink(conference.url, '', base)?.url,
      },
      sessions,
      speakers: [...speakers.values()],
      rooms,
      trackOrder,
    },
    problems,
  );
  return {value, problems};
}

/**
 * The absolute start: `date` when it is a full date-time, else the day's
 * date plus the "HH:MM" `start`, which belongs to the next calendar day when
 * it is earlier than the day's own start (days that run past midnight).
 */
function eventStart(e: Record<string, unknown>, day: Record<string, unknown>, timeZone: string): Date | undefined {
  // Version 1 has the date-time in `date`; version 2 in `start`.
  for (const value of [e.date, e.start]) {
    const date = typeof value === 'string' && value.includes('T') ? parseDateTime(value, timeZone) : undefined;
    if (date) return date;
  }
  const dayDate = dateOnly(day.date) ?? dateOnly(e.date);
  const m = /^(\d{1,2}):(\d{2})$/.exec(str(e.start) ?? '');
  if (!dayDate || !m) return undefined;
  const [year, month, date] = dayDate.split('-').map(Number);
  const start = zonedTimeToDate({year, month, day: date, hour: +m[1], minute: +m[2]}, timeZone);
  const dayStart = parseDateTime(day.day_start, timeZone);
  return dayStart && start < dayStart ? zonedTimeToDate({year, month, day: date + 1, hour: +m[1], minute: +m[2]}, timeZone) : start;
}

/** "HH:MM", "HH:MM:SS", "D:HH:MM:SS", or ISO 8601 "PT1H30M"; undefined for anything else. */
export function parseDuration(value: unknown): number | undefined {
  const s = str(value);
  if (!s) return undefined;
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(s);
  if (iso && s.length > 1 && !/T$/i.test(s)) {
    const [, d = '0', h = '0', m = '0', sec = '0'] = iso;
    return (((+d * 24 + +h) * 60 + +m) * 60 + +sec) * 1000;
  }
  const parts = /^\d+(:\d{1,2}){1,3}$/.test(s) ? s.split(':').map(Number) : undefined;
  if (!parts) return undefined;
  const [d, h, m, sec] = parts.length === 2 ? [0, parts[0], parts[1], 0] : parts.length === 3 ? [0, ...parts] : parts;
  if (m > 59 || sec > 59) return undefined;
  return (((d * 24 + h) * 60 + m) * 60 + sec) * 1000;
}

function addDuration(start: Date, duration: unknown): Date | undefined {
  const ms = parseDuration(duration);
  // A week is far longer than any real session; more is a data error.
  return ms !== undefined && ms <= 7 * 86_400_000 ? new Date(start.getTime() + ms) : undefined;
}

function readPerson(p: Record<string, unknown>, base: string): Speaker | undefined {
  const name = line(p.name) ?? line(p.public_name) ?? line(p.full_name);
  if (!name) return undefined;
  return {
    id: idOf(p.guid) ?? idOf(p.code) ?? idOf(p.id) ?? slug(name),
    name,
    bio: text(p.biography),
    photo: photoUrl(isRecord(p.avatar) ? p.avatar.url : p.avatar, base),
    links: uniqueLinks([speakerLink(p.url, base), ...list(p.links).map((l) => speakerLink(record(l).url, base, undefined, record(l).title))]),
    sessionIds: [],
  };
}

/** A room (or anything named): version 1 writes its name, version 2 an object with a name. */
function nameOf(value: unknown): string | undefined {
  return line(value) ?? line(record(value).name);
}

/** The conference's zone if it agrees with the events' own offsets, else the widget's. */
function displayZone(named: string | undefined, written: {start: Date; offset: number}[], context: AdapterContext, problems: Problem[]): string {
  const fallback = contextZone(context);
  if (!named) return fallback;
  if (!isValidTimeZone(named)) {
    problems.push({where: 'conference.time_zone_name', reason: `"${line(named, 60)}" is not a time zone name; times are shown in ${fallback}`});
    return fallback;
  }
  if (written.some(({start, offset}) => zoneOffsetMinutes(start, named) !== offset)) {
    problems.push({where: 'conference.time_zone_name', reason: `"${named}" does not match the events' own times; times are shown in ${fallback}`});
    return fallback;
  }
  return named;
}

/** The UTC offset written at the end of an ISO date-time, in minutes, or undefined when there is none. */
function writtenOffset(value: unknown): number | undefined {
  const m = /(?:T[\d:.]+)(Z|([+-])(\d{2}):?(\d{2}))$/i.exec(str(value) ?? '');
  if (!m) return undefined;
  return m[1].toUpperCase() === 'Z' ? 0 : (m[2] === '-' ? -1 : 1) * (+m[3] * 60 + +m[4]);
}
