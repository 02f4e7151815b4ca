/**
 * iCalendar (.ics) feeds, read with ical.js, which is loaded only when this
 * format is used. `detect` and `adapt` receive the text of the file.
 *
 * Times: UTC (`Z`) is absolute; a TZID is resolved by the file's VTIMEZONE
 * when it has one, else as an IANA zone name; floating times and all-day
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
 * closed, are repaired before parsing and reported as problems.
 */
import type ICALModule from 'ical.js';
import type {AdapterContext, Adapted} from '../../shared/adapter.js';
import {safeUrl} from '../../shared/adapter.js';
import {TrustError} from '../../shared/errors.js';
import type {Problem} from '../../shared/events.js';
import {isValidTimeZone, zonedTimeToDate} from '../../shared/time.js';
import type {EventData, Session, SessionStatus, Speaker} from '../model.js';
import {detectIcal} from './detect.js';
import {LIMITS, contextZone, eachItem, eventLink, finishEvent, line, slug, text, uniqueLinks} from './common.js';

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
  let calendars: Component[];
  try {
    const jcal: unknown[] = ICAL.parse(repairCalendar(source, problems)) as unknown[];
    // Several VCALENDARs in one file parse to a list of them.
    const roots = Array.isArray(jcal[0]) ? jcal : [jcal];
    calendars = roots.map((j) => new ICAL.Component(j as never)).filter((c) => c.name === 'vcalendar');
  } catch (error) {
    throw new TrustError('format', `The calendar could not be read: ${error instanceof Error ? error.message : String(error)}`, {cause: error});
  }

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
 * An IANA zone named by a TZID, also inside a vendor prefix
 * ("/mozilla.org/20050126_1/Europe/London"). Remembered, since checking a
 * zone name builds an Intl formatter and a calendar names few zones many times.
 */
function ianaZone(tzid: string | undefined): string | undefined {
  const t = tzid?.trim().replace(/^"|"$/g, '');
  if (!t) return undefined;
  if (!ianaZones.has(t)) {
    const tail = /([A-Za-z_]+\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)?)$/.exec(t)?.[1];
    const zone = /\/|^UTC$/i.test(t) && isValidTimeZone(t) ? t : tail && isValidTimeZone(tail) ? tail : undefined;
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
    const recurring: {id: string; event: ICALEvent}[] = [];

    eachItem(vevents, 'VEVENT', problems, LIMITS.sessions, (item, index) => {
      const component = item as Component;
      const uid = line(component.getFirstPropertyValue('uid'), LIMITS.id) ?? `event-${index + 1}`;
      if (component.hasProperty('recurrence-id')) {
        overrides.push(component);
        return undefined;
      }
      checkDates(component);
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
      if (start !== undefined && event.isRecurring()) recurring.push({id, event});
      else singles.push(this.single(id, event));
      return undefined;
    });

    // RECURRENCE-ID overrides change one occurrence of their master; without a master they stand alone.
    for (const component of overrides) {
      const uid = line(component.getFirstPropertyValue('uid'), LIMITS.id) ?? '';
      try {
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
   * than a year after the calendar's first event nor 500 per event.
   */
  private *expand(recurring: {id: string; event: ICALEvent}[], singles: Session[]): Generator<Occurrence> {
    if (!recurring.length) return;
    const startOf = (o: Occurrence) => this.instant(o.start!, o.event.component, 'dtstart').getTime();
    const starts = [
      ...singles.map((s) => s.start?.getTime()),
      ...recurring.map(({event}) => this.instant(event.startDate, event.component, 'dtstart').getTime()),
    ];
    const first = Math.min(...starts.filter((t): t is number => t !== undefined));
    const hardEnd = first + MAX_RANGE_MS;
    const endless = (event: ICALEvent) => {
      const rule = event.component.getFirstPropertyValue('rrule') as {count?: number; until?: unknown} | null;
      return !!rule && !rule.count && !rule.until;
    };
    const lists = recurring.map(({id, event}) => ({event, occurrences: this.occurrences(id, event, hardEnd)}));
    const ends = [
      ...singles.map((s) => (s.end ?? s.start)?.getTime()),
      ...lists
        .filter(({event}) => !endless(event))
        .flatMap(({occurrences}) => occurrences.map((o) => this.instant(o.end ?? o.start!, o.event.component, 'dtstart').getTime())),
    ].filter((t): t is number => t !== undefined);
    const spanEnd = ends.length ? Math.max(...ends) : hardEnd;
    for (const {event, occurrences} of lists) {
      // Something that recurs forever is shown only within the span the rest of the calendar defines.
      const limit = endless(event) ? spanEnd : hardEnd;
      for (const o of occurrences) if (startOf(o) < limit) yield o;
    }
  }

  private occurrences(id: string, event: ICALEvent, hardEnd: number): Occurrence[] {
    const rule = event.component.getFirstPropertyValue('rrule') as {freq?: string} | null;
    if (rule && (rule.freq === 'SECONDLY' || rule.freq === 'MINUTELY')) {
      this.problems.push({where: `VEVENT ${id}`, reason: 'Repeats every second or minute, which no session does; only the first occurrence is shown'});
      return [this.single(id, event)];
    }
    const out: Occurrence[] = [];
    try {
      const iterator = event.iterator();
      for (let next = iterator.next(); next; next = iterator.next()) {
        if (this.instant(next, event.component, 'dtstart').getTime() > hardEnd) break;
        if (out.length >= MAX_OCCURRENCES) {
          this.problems.push({where: `VEVENT ${id}`, reason: `Only the first ${MAX_OCCURRENCES} occurrences are shown`});
          break;
        }
        const {recurrenceId, item, startDate, endDate} = event.getOccurrenceDetails(next);
        out.push({
          id: `${id}#${recurrenceId.toICALString()}`,
          event: item,
          start: startDate,
          end: hasEnd(item.component, startDate) ? endDate : undefined,
          endProperty: 'dtstart',
        });
      }
    } catch (error) {
      this.problems.push({where: `VEVENT ${id}`, reason: `The repeat rule could not be followed to the end: ${message(error)}`});
    }
    return out;
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
    const [month, day, hour = 0, minute = 0, second = 0] = m ? m.slice(2).map((v) => Number(v ?? 0)) : [];
    if (!m || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
      throw new Error(`${name.toUpperCase()} is not a date`);
    }
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

/**
 * Unfolds the text and keeps only what ical.js can parse: content lines
 * inside properly nested BEGIN/END components. Stray lines are dropped,
 * components left open are closed, and each repair is reported.
 */
export function repairCalendar(source: string, problems: Problem[]): string {
  const logical: {text: string; line: number}[] = [];
  source
    .replace(/^\ufeff/, '')
    .split(/\r\n|\n|\r/)
    .forEach((physical, i) => {
      if (/^[ \t]/.test(physical) && logical.length) logical[logical.length - 1].text += physical.slice(1);
      else logical.push({text: physical, line: i + 1});
    });

  const out: string[] = [];
  const open: string[] = [];
  let dropped = 0;
  const report = (where: string, reason: string) => {
    if (++dropped <= MAX_LINE_PROBLEMS) problems.push({where, reason});
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
        out.push(`END:${open.pop()}`);
      }
      open.push(component);
      out.push(`BEGIN:${component}`);
    } else if (keyword?.toUpperCase() === 'END') {
      if (!open.includes(component)) {
        report(`line ${n}`, `END:${component} without a BEGIN; ignored`);
        continue;
      }
      while (open.at(-1) !== component) {
        report(`line ${n}`, `${open.at(-1)} was not closed; closed here`);
        out.push(`END:${open.pop()}`);
      }
      out.push(`END:${open.pop()}`);
    } else if (open.length) out.push(l);
    else report(`line ${n}`, 'Outside the calendar; ignored');
  }
  while (open.length) {
    report('end of file', `${open.at(-1)} was not closed`);
    out.push(`END:${open.pop()}`);
  }
  if (dropped > MAX_LINE_PROBLEMS) problems.push({where: 'file', reason: `${dropped - MAX_LINE_PROBLEMS} more lines were repaired or ignored`});
  return out.join('\r\n');
}
