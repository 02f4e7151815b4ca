/**
 * iCalendar (.ics) feeds, read with ical.js, which is loaded only when this
 * format is used. `detect` and `adapt` receive the text of the file.
 *
 * Times: UTC (`Z`) is absolute; a TZID is resolved by the file's VTIMEZONE
 * when it has one, else as an IANA zone name or a Windows one ("GMT Standard
 * Time", as Outlook writes); floating times and all-day
 * dates are wall time in the event's zone (X-WR-TIMEZONE when valid, else the
 * one IANA zone the events use, else the widget's `timezone`). Recurring
 * events (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are expanded within
 * the calendar's own span, at most a year and 500 occurrences each.
 *
 * Mapping: SUMMARY -> title, DESCRIPTION -> description, LOCATION -> room and
 * location (or a "Join online" link when it is a web address), CATEGORIES ->
 * type, URL -> link, STATUS:CANCELLED -> cancelled. Speakers come from
 * ATTENDEEs with ROLE=CHAIR and from a "(talk by Name)" suffix in the summary,
 * a common convention (PyCon UK's feed); ORGANIZER is the calendar's owner,
 * not a speaker, and is ignored. A UID used twice for different events keeps
 * both (the second with a suffix); an exact repeat is dropped.
 *
 * Lines that are not iCalendar content lines, and components that are never
 * closed, are repaired before parsing and reported as problems. Components
 * are parsed one by one, so a broken event (or its broken repeat rule, or a
 * VTIMEZONE that would take ical.js for ever) costs only itself.
 */
import type ICALModule from 'ical.js';
import type {AdapterContext, Adapted} from '../../shared/adapter.js';
import {safeUrl} from '../../shared/adapter.js';
import {TrustError} from '../../shared/errors.js';
import type {Problem} from '../../shared/events.js';
import {isValidTimeZone, zonedTimeToDate} from '../../shared/time.js';
import type {EventData, Session, SessionStatus, Speaker} from '../model.js';
import {detectIcal} from './detect.js';
import {LIMITS, contextZone, eachItem, eventLink, finishEvent, slug, uniqueLinks} from './common.js';
import {line, text} from '../../shared/plain-text.js';

type ICAL = typeof ICALModule;
type Component = InstanceType<ICAL['Component']>;
type Time = InstanceType<ICAL['Time']>;
type ICALEvent = InstanceType<ICAL['Event']>;

/** Bigger than any real event's feed; refusing it keeps a hostile file from freezing the page. */
const MAX_CHARS = 10_000_000;
const MAX_OCCURRENCES = 500;
const MAX_RANGE_MS = 366 * 86_400_000;
const MAX_LINE_PROBLEMS = 20;


export async function adaptIcal(raw: unknown, context: AdapterContext): Promise<Adapted<EventData>> {
  if (!detectIcal(raw)) throw new TrustError('format', 'This is not an iCalendar file: it should begin with BEGIN:VCALENDAR.');
  const source = raw as string;
  if (source.length > MAX_CHARS) throw new TrustError('format', 'This calendar file is too large to show.');
  const {default: ICAL} = await import('ical.js');

  const problems: Problem[] = [];
  const calendars = repairCalendar(source, problems).map((calendar) => readCalendar(ICAL, calendar, problems));
  if (!calendars.length) throw new TrustError('format', 'The calendar could not be read: it has no BEGIN:VCALENDAR … END:VCALENDAR.');

  const property = (name: string): string | undefined => {
    for (const c of calendars) {
      const v = c.getFirstPropertyValue(name);
      if (typeof v === 'string' && v.trim()) return v;
    }
    return undefined;
  };
  const vevents = calendars.flatMap((c) => c.getAllSubcomponents('vevent'));
  const reader = new CalendarReader(ICAL, eventZone(property('x-wr-timezone'), vevents, context), context.baseUrl, problems);
  const sessions = reader.read(vevents);

  const value = finishEvent(
    {
      event: {
        name: line(property('x-wr-calname')) ?? line(property('name')),
        timeZone: reader.zone,
        url: safeUrl(property('url'), context.baseUrl, false),
      },
      sessions,
      speakers: [...reader.speakers.values()],
      rooms: [],
    },
    problems,
  );
  return {value, problems};
}

/** X-WR-TIMEZONE when valid, else the single IANA zone the events' TZIDs name, else the widget's. */
function eventZone(declared: string | undefined, vevents: Component[], context: AdapterContext): string {
  const name = declared?.trim();
  if (isValidTimeZone(name)) return name;
  const zones = new Set<string>();
  for (const vevent of vevents.slice(0, LIMITS.sessions)) {
    const tzid = vevent.getFirstProperty('dtstart')?.getParameter('tzid');
    const zone = ianaZone(typeof tzid === 'string' ? tzid : undefined);
    if (zone) zones.add(zone);
  }
  return zones.size === 1 ? [...zones][0] : contextZone(context);
}

const ianaZones = new Map<string, string | undefined>();

/**
 * Windows zone names, as Outlook and Exchange write TZIDs, for the zones a
 * UK organisation's calendars are likely to meet (from CLDR's windowsZones).
 * A file normally defines them in a VTIMEZONE; this is for when it does not,
 * or when that definition could not be used.
 */
const WINDOWS_ZONES = new Map(
  Object.entries({
    'GMT Standard Time': 'Europe/London',
    'Greenwich Standard Time': 'Atlantic/Reykjavik',
    'UTC': 'UTC',
    'Coordinated Universal Time': 'UTC',
    'W. Europe Standard Time': 'Europe/Berlin',
    'Romance Standard Time': 'Europe/Paris',
    'Central Europe Standard Time': 'Europe/Budapest',
    'Central European Standard Time': 'Europe/Warsaw',
    'GTB Standard Time': 'Europe/Bucharest',
    'FLE Standard Time': 'Europe/Kiev',
    'E. Europe Standard Time': 'Europe/Chisinau',
    'Russian Standard Time': 'Europe/Moscow',
    'Turkey Standard Time': 'Europe/Istanbul',
    'Israel Standard Time': 'Asia/Jerusalem',
    'South Africa Standard Time': 'Africa/Johannesburg',
    'Arabian Standard Time': 'Asia/Dubai',
    'India Standard Time': 'Asia/Kolkata',
    'China Standard Time': 'Asia/Shanghai',
    'Singapore Standard Time': 'Asia/Singapore',
    'Tokyo Standard Time': 'Asia/Tokyo',
    'AUS Eastern Standard Time': 'Australia/Sydney',
    'New Zealand Standard Time': 'Pacific/Auckland',
    'Eastern Standard Time': 'America/New_York',
    'Central Standard Time': 'America/Chicago',
    'Mountain Standard Time': 'America/Denver',
    'US Mountain Standard Time': 'America/Phoenix',
    'Pacific Standard Time': 'America/Los_Angeles',
    'Atlantic Standard Time': 'America/Halifax',
    'Newfoundland Standard Time': 'America/St_Johns',
    'Alaskan Standard Time': 'America/Anchorage',
    'Hawaiian Standard Time': 'Pacific/Honolulu',
    'E. South America Standard Time': 'America/Sao_Paulo',
  }),
);

/**
 * An IANA zone named by a TZID, also inside a vendor prefix
 * ("/mozilla.org/20050126_1/Europe/London"), or by its Windows name
 * ("GMT Standard Time"). Remembered, since checking a
 * zone name builds an Intl formatter and a calendar names few zones many times.
 */
function ianaZone(tzid: string | undefined): string | undefined {
  const t = tzid?.trim().replace(/^"|"$/g, '');
  if (!t) return undefined;
  if (!ianaZones.has(t)) {
    const tail = /([A-Za-z_]+\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)?)$/.exec(t)?.[1];
    const zone = /\/|^UTC$/i.test(t) && isValidTimeZone(t) ? t : tail && isValidTimeZone(tail) ? tail : WINDOWS_ZONES.get(t);
    if (ianaZones.size < 100) ianaZones.set(t, zone);
    return zone;
  }
  return ianaZones.get(t);
}

interface Occurrence {
  id: string;
  event: ICALEvent;
  start?: Time;
  end?: Time;
  /** The property whose TZID the end is in: DTEND, or DTSTART for an end computed from a duration. */
  endProperty: 'dtend' | 'dtstart';
}

class CalendarReader {
  readonly speakers = new Map<string, Speaker>();

  constructor(
    private readonly ICAL: ICAL,
    readonly zone: string,
    private readonly base: string,
    private readonly problems: Problem[],
  ) {}

  read(vevents: Component[]): Session[] {
    const {ICAL, problems} = this;
    const masters = new Map<string, ICALEvent>();
    const startsById = new Map<string, number | undefined>();
    const overrides: Component[] = [];
    const singles: Occurrence[] = [];
    const recurring: {id: string; event: ICALEvent; start: number}[] = [];

    eachItem(vevents, 'VEVENT', problems, LIMITS.sessions, (item, index) => {
      const component = item as Component;
      const uid = line(component.getFirstPropertyValue('uid'), LIMITS.id) ?? `event-${index + 1}`;
      if (component.hasProperty('recurrence-id')) {
        overrides.push(component);
        return undefined;
      }
      checkDates(component);
      alignExceptionDates(ICAL, component);
      // Overrides are related below, by UID. Left to itself, ical.js would scan every VEVENT of the
      // calendar for each event (slow) and, unless strict, attach other events' overrides too.
      const event = new ICAL.Event(component, {strictExceptions: true, exceptions: []});
      const start = component.hasProperty('dtstart') ? this.instant(event.startDate, component, 'dtstart').getTime() : undefined;
      let id = uid;
      if (startsById.has(uid)) {
        if (startsById.get(uid) === start) {
          problems.push({where: `VEVENT ${uid}`, reason: 'The same event appears twice; the first was kept'});
          return undefined;
        }
        // One UID for two different events is a generator's mistake (PyCon UK's feed has one): keep both.
        for (let n = 2; startsById.has(id); n++) id = `${uid}~${n}`;
        problems.push({where: `VEVENT ${uid}`, reason: `Two different events share this UID; the second is ${id}`});
      }
      startsById.set(id, start);
      if (!masters.has(uid)) masters.set(uid, event);
      if (start !== undefined && event.isRecurring()) recurring.push({id, event, start});
      else singles.push(this.single(id, event));
      return undefined;
    });

    // RECURRENCE-ID overrides change one occurrence of their master; without a master they stand alone.
    for (const component of overrides) {
      const uid = line(component.getFirstPropertyValue('uid'), LIMITS.id) ?? '';
      try {
        // Without its own DTSTART a changed occurrence has no time; the occurrence stays as the rule has it.
        if (!component.hasProperty('dtstart')) throw new Error('it has no DTSTART');
        checkDates(component);
        const master = masters.get(uid);
        if (master?.isRecurring()) master.relateException(component);
        else {
          const event = new ICAL.Event(component, {strictExceptions: true, exceptions: []});
          singles.push(this.single(`${uid}#${event.recurrenceId.toICALString()}`, event));
        }
      } catch (error) {
        problems.push({where: `VEVENT ${uid}`, reason: `A changed occurrence could not be read: ${message(error)}`});
      }
    }

    const sessions: Session[] = [];
    const add = (o: Occurrence) => {
      try {
        const session = this.session(o);
        if (session) sessions.push(session);
      } catch (error) {
        problems.push({where: `VEVENT ${o.id}`, reason: `Could not be read: ${message(error)}`});
      }
    };
    singles.forEach(add);
    for (const occurrence of this.expand(recurring, sessions)) add(occurrence);
    return sessions;
  }

  private single(id: string, event: ICALEvent): Occurrence {
    const c = event.component;
    if (!c.hasProperty('dtstart')) return {id, event, endProperty: 'dtstart'};
    return {
      id,
      event,
      start: event.startDate,
      end: hasEnd(c, event.startDate) ? event.endDate : undefined,
      endProperty: c.hasProperty('dtend') ? 'dtend' : 'dtstart',
    };
  }

  /**
   * Occurrences of the recurring events, up to the end of the calendar's
   * span (the latest end of anything that does not recur forever), never more
   * than a year after the calendar's first event, 500 per event, nor (with
   * the single events) more sessions than a schedule can hold.
   */
  private *expand(recurring: {id: string; event: ICALEvent; start: number}[], singles: Session[]): Generator<Occurrence> {
    if (!recurring.length) return;
    const first = Math.min(...recurring.map((r) => r.start), ...singles.map((s) => s.start?.getTime() ?? Infinity));
    const hardEnd = first + MAX_RANGE_MS;
    const lists = recurring.map(({id, event}) => this.occurrences(id, event, hardEnd));
    let spanEnd = -Infinity;
    for (const s of singles) spanEnd = Math.max(spanEnd, (s.end ?? s.start)?.getTime() ?? -Infinity);
    for (const {endless, occurrences} of lists) if (!endless) for (const o of occurrences) spanEnd = Math.max(spanEnd, o.endMs);
    if (spanEnd === -Infinity) spanEnd = hardEnd;
    let room = LIMITS.sessions - singles.length;
    for (const {endless, occurrences} of lists) {
      // Something that recurs forever is shown only within the span the rest of the calendar defines.
      const limit = endless ? spanEnd : hardEnd;
      for (const o of occurrences) {
        if (o.startMs >= limit) continue;
        if (room-- <= 0) {
          this.problems.push({where: 'calendar', reason: `Only the first ${LIMITS.sessions} sessions are shown`});
          return;
        }
        yield o;
      }
    }
  }

  /** An event's occurrences, each with its start and end instants; whether its rule repeats for ever. */
  private occurrences(id: string, event: ICALEvent, hardEnd: number): {endless: boolean; occurrences: (Occurrence & {startMs: number; endMs: number})[]} {
    const out: (Occurrence & {startMs: number; endMs: number})[] = [];
    let endless = false;
    try {
      const rule = event.component.getFirstPropertyValue('rrule') as {freq?: string; count?: number; until?: unknown} | null;
      endless = !!rule && !rule.count && !rule.until;
      if (rule && (rule.freq === 'SECONDLY' || rule.freq === 'MINUTELY')) {
        this.problems.push({where: `VEVENT ${id}`, reason: 'Repeats every second or minute, which no session does; only the first occurrence is shown'});
        const single = this.single(id, event);
        const startMs = this.instant(single.start!, event.component, 'dtstart').getTime();
        return {endless: false, occurrences: [{...single, startMs, endMs: startMs}]};
      }
      const iterator = event.iterator();
      for (let next = iterator.next(); next; next = iterator.next()) {
        if (this.instant(next, event.component, 'dtstart').getTime() > hardEnd) break;
        if (out.length >= MAX_OCCURRENCES) {
          this.problems.push({where: `VEVENT ${id}`, reason: `Only the first ${MAX_OCCURRENCES} occurrences are shown`});
          break;
        }
        const {recurrenceId, item, startDate, endDate} = event.getOccurrenceDetails(next);
        const end = hasEnd(item.component, startDate) ? endDate : undefined;
        out.push({
          id: `${id}#${recurrenceId.toICALString()}`,
          event: item,
          start: startDate,
          end,
          endProperty: 'dtstart',
          startMs: this.instant(startDate, item.component, 'dtstart').getTime(),
          endMs: this.instant(end ?? startDate, item.component, 'dtstart').getTime(),
        });
      }
    } catch (error) {
      this.problems.push({where: `VEVENT ${id}`, reason: `The repeat rule could not be followed to the end: ${message(error)}`});
    }
    return {endless, occurrences: out};
  }

  private session({id, event, start, end, endProperty}: Occurrence): Session | undefined {
    const c = event.component;
    const summary = line(c.getFirstPropertyValue('summary'));
    if (!summary) {
      this.problems.push({where: `VEVENT ${id}`, reason: 'An event needs a SUMMARY (its title)'});
      return undefined;
    }
    const allDay = !!start?.isDate;
    const startDate = start ? this.instant(start, c, 'dtstart') : undefined;
    let endDate = start && end ? this.instant(end, c, endProperty) : undefined;
    if (startDate && endDate && endDate < startDate) {
      this.problems.push({where: `VEVENT ${id}`, reason: 'The event ends before it starts; the end was left out'});
      endDate = undefined;
    }

    const location = line(c.getFirstPropertyValue('location'));
    const onlineAt = location && /^https?:\/\//i.test(location) ? location : undefined;
    const categories = c
      .getAllProperties('categories')
      .flatMap((p) => p.getValues().map((v) => line(v)))
      .filter((v): v is string => !!v);
    const byline = /\((?:[^()]*\s)?(talk|workshop|demo|keynote|tutorial|panel|presentation|session)s?\s+by\s+([^()]+)\)\s*$/i.exec(summary);

    return {
      id,
      title: summary,
      description: text(c.getFirstPropertyValue('description')),
      start: startDate,
      end: endDate,
      ...(allDay ? {allDay} : {}),
      type: categories[0] ?? (byline ? capitalise(byline[1]) : undefined),
      roomId: onlineAt ? undefined : location,
      location: onlineAt ? undefined : location,
      speakerIds: [...this.chairs(c), ...(byline ? this.namedSpeakers(byline[2]) : [])],
      links: uniqueLinks([
        eventLink(c.getFirstPropertyValue('url'), 'Session page', this.base, 'website'),
        onlineAt ? eventLink(onlineAt, 'Join online', this.base, 'join') : undefined,
      ]),
      status: statusOf(c.getFirstPropertyValue('status')),
    };
  }

  /** ATTENDEEs who chair the session (RFC 5545 ROLE=CHAIR), by their common name. */
  private chairs(c: Component): string[] {
    return c
      .getAllProperties('attendee')
      .filter((p) => String(p.getParameter('role') ?? '').toUpperCase() === 'CHAIR')
      .flatMap((p) => {
        const name = line(p.getParameter('cn'));
        return name ? [this.speaker(name)] : [];
      });
  }

  /** "Safe Hammad & Fiona Burrows", "Sarah Mount, University of Wolverhampton". */
  private namedSpeakers(byline: string): string[] {
    return byline
      .split(/\s*(?:&|;|\band\b)\s*/)
      .flatMap((part) => {
        const pieces = part.split(',').map((p) => p.trim());
        return pieces.length === 2 ? [this.speaker(pieces[0], pieces[1])] : pieces.map((p) => this.speaker(p));
      })
      .filter((id) => id);
  }

  /** The id of the speaker with this name, added on first mention. */
  private speaker(rawName: string, organisation?: string): string {
    const name = line(rawName, 120);
    if (!name) return '';
    const id = slug(name);
    if (!this.speakers.has(id) && this.speakers.size < LIMITS.speakers) {
      this.speakers.set(id, {id, name, organisation: line(organisation), links: [], sessionIds: []});
    }
    return id;
  }

  /** The instant an ical.js time stands for (see the module comment for the rules). */
  private instant(time: Time, c: Component, property: string): Date {
    const {ICAL} = this;
    const wall = {year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second};
    if (![wall.year, wall.month, wall.day, wall.hour, wall.minute].every(Number.isFinite)) throw new Error(`${property.toUpperCase()} is not a date`);
    if (time.isDate) return zonedTimeToDate({year: wall.year, month: wall.month, day: wall.day}, this.zone);
    const zone = time.zone;
    if (zone === ICAL.Timezone.utcTimezone || zone?.tzid === 'UTC') {
      return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
    }
    if (zone?.component?.getAllSubcomponents().length) {
      const date = time.toJSDate();
      if (Number.isFinite(date.getTime())) return date;
    }
    const tzid = c.getFirstProperty(property)?.getParameter('tzid');
    return zonedTimeToDate(wall, ianaZone(typeof tzid === 'string' ? tzid : undefined) ?? this.zone);
  }
}

/**
 * ical.js quietly rolls impossible dates over (month 13 becomes January);
 * a date that is out of range is a broken event, not a different date.
 */
function checkDates(c: Component): void {
  for (const name of ['dtstart', 'dtend', 'recurrence-id']) {
    const property = c.getFirstProperty(name);
    if (!property) continue;
    const value: unknown = property.jCal[3];
    const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/.exec(value) : null;
    const [year, month, day, hour = 0, minute = 0, second = 0] = m ? m.slice(1).map((v) => Number(v ?? 0)) : [];
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60) {
      throw new Error(`${name.toUpperCase()} is not a date`);
    }
  }
}

/**
 * Outlook writes the EXDATEs of an all-day event as midnight date-times.
 * RFC 5545 wants them of DTSTART's type, and ical.js matches them only then,
 * so they are read as the days they name.
 */
function alignExceptionDates(ICAL: ICAL, c: Component): void {
  const start = c.getFirstPropertyValue('dtstart') as Time | null;
  if (!start?.isDate) return;
  for (const property of c.getAllProperties('exdate')) {
    if (property.type !== 'date-time') continue;
    const days = (property.getValues() as Time[]).map((t) => ICAL.Time.fromData({year: t.year, month: t.month, day: t.day, isDate: true}));
    property.resetType('date');
    property.setValues(days);
  }
}

/** Whether the source says when the event ends (without DTEND or DURATION a timed event has no known end). */
function hasEnd(c: Component, start: Time): boolean {
  return c.hasProperty('dtend') || c.hasProperty('duration') || start.isDate;
}

function statusOf(value: unknown): SessionStatus {
  return typeof value === 'string' && value.trim().toUpperCase() === 'CANCELLED' ? 'cancelled' : 'scheduled';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// NAME or NAME;PARAM=value,"quoted value";...: followed by the value.
const CONTENT_LINE = /^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:/;

/** A calendar's own property lines, and each of its components (VEVENT, VTIMEZONE…) as lines, BEGIN to END. */
export interface RepairedCalendar {
  properties: string[];
  components: {name: string; line: number; lines: string[]}[];
}

/**
 * Unfolds the text and keeps only what ical.js can parse: content lines
 * inside properly nested BEGIN/END components. Stray lines are dropped,
 * components left open are closed, and each repair is reported. Each
 * component comes out on its own, so that one that ical.js cannot parse
 * costs only itself.
 */
export function repairCalendar(source: string, problems: Problem[]): RepairedCalendar[] {
  const logical: {text: string; line: number}[] = [];
  source
    .replace(/^\ufeff/, '')
    .split(/\r\n|\n|\r/)
    .forEach((physical, i) => {
      if (/^[ \t]/.test(physical) && logical.length) logical[logical.length - 1].text += physical.slice(1);
      else logical.push({text: physical, line: i + 1});
    });

  const calendars: RepairedCalendar[] = [];
  const open: string[] = [];
  let dropped = 0;
  const report = (where: string, reason: string) => {
    if (++dropped <= MAX_LINE_PROBLEMS) problems.push({where, reason});
  };
  // Lines below the calendar's own level belong to its last component.
  const emit = (l: string) => {
    const calendar = calendars.at(-1)!;
    if (open.length === 1) calendar.properties.push(l);
    else calendar.components.at(-1)!.lines.push(l);
  };
  const close = () => {
    if (open.length > 1) emit(`END:${open.at(-1)}`);
    open.pop();
  };
  for (const {text: l, line: n} of logical) {
    if (!l.trim()) continue;
    if (!CONTENT_LINE.test(l)) {
      report(`line ${n}`, 'Not an iCalendar line; ignored');
      continue;
    }
    const [, keyword, name] = /^(BEGIN|END):\s*(\S+)\s*$/i.exec(l) ?? [];
    const component = name?.toUpperCase();
    if (keyword?.toUpperCase() === 'BEGIN') {
      if (!open.length && component !== 'VCALENDAR') {
        report(`line ${n}`, `${component} outside a calendar; ignored`);
        continue;
      }
      // No component nests inside one of its own kind: a second BEGIN:VEVENT means the first was never closed.
      while (open.includes(component)) {
        report(`line ${n}`, `${open.at(-1)} was not closed; closed here`);
        close();
      }
      open.push(component);
      if (open.length === 1) calendars.push({properties: [], components: []});
      else if (open.length === 2) calendars.at(-1)!.components.push({name: component, line: n, lines: [`BEGIN:${component}`]});
      else emit(`BEGIN:${component}`);
    } else if (keyword?.toUpperCase() === 'END') {
      if (!open.includes(component)) {
        report(`line ${n}`, `END:${component} without a BEGIN; ignored`);
        continue;
      }
      while (open.at(-1) !== component) {
        report(`line ${n}`, `${open.at(-1)} was not closed; closed here`);
        close();
      }
      close();
    } else if (open.length) emit(l);
    else report(`line ${n}`, 'Outside the calendar; ignored');
  }
  while (open.length) {
    report('end of file', `${open.at(-1)} was not closed`);
    close();
  }
  if (dropped > MAX_LINE_PROBLEMS) problems.push({where: 'file', reason: `${dropped - MAX_LINE_PROBLEMS} more lines were repaired or ignored`});
  return calendars;
}

const RECURRENCE_LINE = /^(RRULE|EXRULE|RDATE|EXDATE)[;:]/i;
// ical.js reads these when an event is read; a broken one makes the event unreadable, which is reported there.
const READ_WITH_EVENT = new Set(['dtstart', 'dtend', 'due', 'duration', 'recurrence-id']);

/**
 * Parses a repaired calendar one component at a time. A component that
 * ical.js cannot parse is left out, except that an event whose repeat rule
 * is the trouble is kept without it; a property whose value cannot be read
 * is left out; a VTIMEZONE that could not be used safely is left out, so its
 * TZID is read as a zone name. Each is reported.
 */
function readCalendar(ICAL: ICAL, calendar: RepairedCalendar, problems: Problem[]): Component {
  const parse = (lines: string[]) => (ICAL.parse(['BEGIN:VCALENDAR', ...lines, 'END:VCALENDAR'].join('\r\n')) as unknown[]);
  const properties: unknown[] = [];
  for (const property of calendar.properties) {
    try {
      properties.push(...(parse([property])[1] as unknown[]));
    } catch {
      problems.push({where: `calendar ${property.split(/[;:]/)[0]}`, reason: 'Could not be read; left out'});
    }
  }
  const components: unknown[] = [];
  for (const {name, line: n, lines} of calendar.components) {
    const where = `${name} at line ${n}`;
    let jcal: unknown;
    try {
      jcal = (parse(lines)[2] as unknown[])[0];
    } catch (error) {
      if (name !== 'VEVENT' || !lines.some((l) => RECURRENCE_LINE.test(l))) {
        problems.push({where, reason: `Could not be read: ${message(error)}`});
        continue;
      }
      try {
        jcal = (parse(lines.filter((l) => !RECURRENCE_LINE.test(l)))[2] as unknown[])[0];
        problems.push({where, reason: 'The repeat rule could not be read; only the first occurrence is shown'});
      } catch (retryError) {
        problems.push({where, reason: `Could not be read: ${message(retryError)}`});
        continue;
      }
    }
    const component = new ICAL.Component(jcal as never);
    if (name === 'VTIMEZONE') {
      const unusable = unusableTimeZone(component);
      if (unusable) {
        problems.push({where, reason: `${unusable}; its TZID is read as a time zone name instead`});
        continue;
      }
    } else dropUnreadableProperties(component, where, problems);
    components.push(component.jCal);
  }
  return new ICAL.Component(['vcalendar', properties, components] as never);
}

/**
 * ical.js reads most values only when they are asked for, and throws then.
 * Reading them all here turns a broken value into one left-out property
 * (all repeat properties together, since they only make sense together).
 */
function dropUnreadableProperties(component: Component, where: string, problems: Problem[]): void {
  let recurrenceBroken = false;
  for (const property of component.getAllProperties()) {
    if (READ_WITH_EVENT.has(property.name)) continue;
    try {
      property.getValues();
    } catch {
      if (RECURRENCE_LINE.test(`${property.name}:`)) recurrenceBroken = true;
      else {
        component.removeProperty(property);
        problems.push({where, reason: `${property.name.toUpperCase()} could not be read; left out`});
      }
    }
  }
  if (recurrenceBroken) {
    for (const name of ['rrule', 'exrule', 'rdate', 'exdate']) component.removeAllProperties(name);
    problems.push({where, reason: 'The repeat rule could not be read; only the first occurrence is shown'});
  }
  for (const sub of component.getAllSubcomponents()) dropUnreadableProperties(sub, where, problems);
}

/**
 * Why a VTIMEZONE cannot be used, or undefined when it can. ical.js walks a
 * zone's rules from their DTSTART (often 1601) to each date it converts, so
 * a rule other than yearly could take it billions of steps.
 */
function unusableTimeZone(zone: Component): string | undefined {
  const tzid = zone.getFirstProperty('tzid');
  if (typeof tzid?.getFirstValue() !== 'string') return 'A VTIMEZONE without a TZID';
  const rules = zone.getAllSubcomponents();
  if (!rules.length || rules.length > 100) return 'A VTIMEZONE without usable rules';
  for (const rule of rules) {
    try {
      if (rule.name !== 'standard' && rule.name !== 'daylight') return `A VTIMEZONE with a ${rule.name.toUpperCase()} inside`;
      if (!rule.getFirstPropertyValue('tzoffsetto')) return 'A VTIMEZONE rule without TZOFFSETTO';
      if (!rule.getFirstPropertyValue('dtstart')) return 'A VTIMEZONE rule without DTSTART';
      const rrules = rule.getAllProperties('rrule').map((p) => p.getFirstValue() as {freq?: string});
      if (rrules.length > 1 || rrules.some((r) => r.freq !== 'YEARLY')) return 'A VTIMEZONE rule that does not repeat yearly';
      if (rule.getAllProperties('rdate').reduce((count, p) => count + p.getValues().length, 0) > 1000) return 'A VTIMEZONE with too many dates';
    } catch (error) {
      return `A VTIMEZONE that could not be read (${message(error)})`;
    }
  }
  return undefined;
}
