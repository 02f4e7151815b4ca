/**
 * The library's own event JSON, documented by schemas/event.schema.json.
 *
 * Times without an offset are wall-clock times in `event.timeZone` (which
 * defaults to the widget's `timezone`); with an offset or Z they are absolute.
 * A date without a time makes an all-day session, and an all-day `end` names
 * the last day (inclusive). A session's `room` may be a room id or a room
 * name; a room that is not declared is created, named by the value given.
 */
import {isRecord, str, type AdapterContext, type Adapted} from '../../shared/adapter.js';
import {TrustError} from '../../shared/errors.js';
import type {Problem} from '../../shared/events.js';
import {isValidTimeZone, parseDateTime, zonedTimeToDate} from '../../shared/time.js';
import type {EventData, EventLink, Room, Session, SessionStatus, Speaker} from '../model.js';
import {splitTagline} from '../speaker-tagline.js';
import {LIMITS, refuseOtherFormat, bool, contextZone, dateOnly, eachItem, eventLink, finishEvent, idOf, list, photoUrl, record, slug, speakerLink, uniqueLinks} from './common.js';
import {line, text} from '../../shared/plain-text.js';

// Maps, not object literals: a source's "constructor" or "__proto__" must not find anything.
const STATUSES = new Map<string, SessionStatus>(Object.entries({
  scheduled: 'scheduled',
  confirmed: 'scheduled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  moved: 'moved',
  full: 'full',
}));
const LINK_KINDS = new Set<EventLink['kind']>(['booking', 'join', 'video', 'slides', 'website', 'other']);

export function adaptNative(raw: unknown, context: AdapterContext): Adapted<EventData> {
  refuseOtherFormat(raw, 'native');
  if (!isRecord(raw) || (!Array.isArray(raw.sessions) && !Array.isArray(raw.speakers))) {
    throw new TrustError('format', 'This is not event data: it needs a list of "sessions" or "speakers".');
  }
  const problems: Problem[] = [];
  const base = context.baseUrl;
  const info = record(raw.event);

  let timeZone = contextZone(context);
  if (info.timeZone !== undefined) {
    if (typeof info.timeZone === 'string' && isValidTimeZone(info.timeZone)) timeZone = info.timeZone;
    else problems.push({where: 'event.timeZone', reason: `Not a time zone name; times are shown in ${timeZone}`});
  }

  const rooms = eachItem(raw.rooms, 'rooms', problems, LIMITS.rooms, (item, i): Room | undefined => {
    const r = isRecord(item) ? item : {id: item};
    const id = idOf(r.id) ?? idOf(r.name);
    if (!id) {
      problems.push({where: `rooms[${i}]`, reason: 'A room needs an id or a name'});
      return undefined;
    }
    return {id, name: line(r.name) ?? id};
  });
  const roomFor = idResolver(rooms);

  const speakers = eachItem(raw.speakers, 'speakers', problems, LIMITS.speakers, (item, i): Speaker | undefined => {
    const s = record(item);
    const name = line(s.name);
    if (!name) {
      problems.push({where: `speakers[${i}]`, reason: 'A speaker needs a name'});
      return undefined;
    }
    const role = line(s.role);
    const organisation = line(s.organisation);
    const tagline = line(s.tagline);
    return {
      id: idOf(s.id) ?? slug(name),
      name,
      ...(role || organisation ? {role, organisation, tagline} : splitTagline(tagline)),
      bio: text(s.bio),
      photo: photoUrl(s.photo, base),
      links: uniqueLinks(list(s.links).map((l) => (isRecord(l) ? speakerLink(l.url, base, undefined, l.label) : speakerLink(l, base)))),
      featured: bool(s.featured) || undefined,
      sessionIds: [],
    };
  });

  const speakerFor = idResolver(speakers);

  const sessions = eachItem(raw.sessions, 'sessions', problems, LIMITS.sessions, (item, i): Session | undefined => {
    const s = record(item);
    const title = line(s.title);
    const where = `sessions[${i}]`;
    if (!title) {
      problems.push({where, reason: 'A session needs a title'});
      return undefined;
    }
    const times = readTimes(s, timeZone, where, problems);
    const status = str(s.status)?.toLowerCase();
    if (status && !STATUSES.has(status)) problems.push({where, reason: `Unknown status "${line(status, 40)}"; shown as scheduled`});
    return {
      id: idOf(s.id) ?? slug(`${str(s.start) ?? ''} ${title}`),
      title,
      description: text(s.description),
      ...times,
      type: line(s.type),
      track: line(s.track),
      roomId: roomFor(s.room),
      location: line(s.location),
      audience: strings(s.audience),
      speakerIds: list(s.speakers)
        .map((v) => speakerFor(isRecord(v) ? v.id : v))
        .filter((id): id is string => !!id),
      links: uniqueLinks(
        list(s.links).map((l) => {
          const r = isRecord(l) ? l : {url: l};
          const kind = LINK_KINDS.has(r.kind as EventLink['kind']) ? (r.kind as EventLink['kind']) : undefined;
          return eventLink(r.url, r.label, base, kind);
        }),
      ),
      status: (status && STATUSES.get(status)) || 'scheduled',
      statusNote: line(s.statusNote),
      service: bool(s.service) || undefined,
      plenary: bool(s.plenary) || undefined,
      language: line(s.language, 35),
    };
  });

  const value = finishEvent(
    {
      event: {
        name: line(info.name),
        timeZone,
        startDate: dateOnly(info.startDate),
        endDate: dateOnly(info.endDate),
        venue: line(info.venue),
        url: eventLink(info.url, '', base)?.url,
      },
      sessions,
      speakers,
      rooms,
      trackOrder: strings(raw.tracks),
    },
    problems,
  );
  return {value, problems};
}

/**
 * Reads a reference to a room or speaker: an id, or (in a hand-written file)
 * a name, matched without regard to case. Anything else is returned as given,
 * for finishEvent to add (rooms) or report (speakers).
 */
function idResolver(items: {id: string; name: string}[]): (value: unknown) => string | undefined {
  const ids = new Set(items.map((item) => item.id));
  const byName = new Map<string, string>();
  for (const item of items) if (!byName.has(item.name.toLowerCase())) byName.set(item.name.toLowerCase(), item.id);
  return (value) => {
    const v = idOf(value);
    return !v || ids.has(v) ? v : (byName.get(v.toLowerCase()) ?? v);
  };
}

/** A string or an array of strings, as a list of non-empty lines. */
function strings(value: unknown): string[] | undefined {
  const values = (Array.isArray(value) ? value : [value]).map((v) => line(v)).filter((v): v is string => !!v);
  return values.length ? [...new Set(values)] : undefined;
}

function readTimes(s: Record<string, unknown>, timeZone: string, where: string, problems: Problem[]): Pick<Session, 'start' | 'end' | 'allDay'> {
  const startDay = isDateOnly(s.start);
  const allDay = bool(s.allDay) || startDay;
  const start = allDay ? startOfDay(s.start, timeZone) : parseDateTime(s.start, timeZone);
  if (s.start != null && !start) {
    problems.push({where, reason: 'The start time was not understood; listed as time to be confirmed'});
    return {};
  }
  if (!start) return {};
  let end = allDay ? dayAfter(s.end, timeZone) : parseDateTime(s.end, timeZone);
  if (s.end != null && !end) problems.push({where, reason: 'The end time was not understood and was left out'});
  if (end && end < start) {
    problems.push({where, reason: 'The session ends before it starts; the end was left out'});
    end = undefined;
  }
  if (allDay && !end) end = dayAfter(s.start, timeZone);
  return {start, end, ...(allDay ? {allDay: true} : {})};
}

function isDateOnly(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
}

function startOfDay(value: unknown, timeZone: string): Date | undefined {
  const day = dateOnly(value);
  if (!day) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  return zonedTimeToDate({year, month, day: date}, timeZone);
}

/** Midnight after the given day: all-day ends are exclusive in the model. */
function dayAfter(value: unknown, timeZone: string): Date | undefined {
  const day = dateOnly(value);
  if (!day) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  const next = new Date(Date.UTC(year, month - 1, date + 1));
  return zonedTimeToDate({year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate()}, timeZone);
}
