/**
 * What <trust-schedule> derives from the event model, as pure functions:
 * per-session display data computed once per data/zone/locale change
 * (`indexSchedule`), cheap filtering, grouping by day and start time, the
 * grid's placement of sessions, "happening now"/"up next", and the
 * differences between two versions of a schedule.
 */
import type {EventData, Session, Speaker} from '../event/model.js';
import {anchorId} from '../shared/anchor.js';
import {dateFormat, dayKey, dayKeyToDate, formatDay, formatTime, zoneAbbreviation, zoneOffsetMinutes} from '../shared/time.js';

/** The tab that shows every day, and the day of sessions without a time. */
export const ALL_DAYS = 'all';
export const TBC = 'tbc';

export interface SessionEntry {
  session: Session;
  /** The element id of the session's card, the target of `#session-…` links; unique in the schedule. */
  anchor: string;
  /** The days (YYYY-MM-DD in the display zone) the session is listed on; [TBC] without a time. */
  days: string[];
  start?: number;
  end?: number;
  /** "09:30" in the display zone; empty without a time or for all-day sessions. */
  startText: string;
  endText: string;
  /** The room's name, else the free-text location. */
  place?: string;
  speakers: Speaker[];
  /** The speakers as the locale lists them ("A, B and C"): the names' speakers between literal words. */
  byline: Array<string | Speaker>;
  /** Lower-case, accent-free text that search looks in. */
  haystack: string;
}

export interface ScheduleDay {
  key: string;
  /** "Mon 24 Oct" for the tab. */
  tab: string;
  /** "Monday 24 October" for the heading. */
  heading: string;
}

export interface FilterOptions {
  types: string[];
  tracks: string[];
  places: string[];
  audiences: string[];
}

export interface ScheduleIndex {
  /** The model this was built from. */
  data: EventData;
  zone: string;
  entries: SessionEntry[];
  byId: Map<string, SessionEntry>;
  /** The dated days in order, then TBC when some sessions have no time. */
  days: ScheduleDay[];
  options: FilterOptions;
  /** Every instant at which "happening now" can change, sorted. */
  boundaries: number[];
  /** Place names in the source's room order, for the grid's columns. */
  placeOrder: string[];
}

/** Lower case without accents, so "jorn" finds "Jörn" and "cafe" finds "Café". */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function placeOf(session: Session, roomNames: Map<string, string>): string | undefined {
  return (session.roomId && roomNames.get(session.roomId)) || session.roomId || session.location;
}

/** Builds everything the views need from the model, once per data, zone or locale change. */
export function indexSchedule(data: EventData, zone: string, locale: string, tbcLabel: string): ScheduleIndex {
  const roomNames = new Map(data.rooms.map((r) => [r.id, r.name]));
  const speakersById = new Map(data.speakers.map((s) => [s.id, s]));
  const eventZone = data.event.timeZone;
  const dayKeys = new Set<string>();
  const audiences = new Set<string>();
  const places = new Set<string>();
  const boundaries = new Set<number>();
  // Sessions share start and end times: format each instant once (Intl calls dominate this function).
  const times = new Map<number, {day: string; text: string}>();
  const at = (ms: number) => {
    let t = times.get(ms);
    if (!t) {
      const date = new Date(ms);
      times.set(ms, (t = {day: dayKey(date, zone), text: formatTime(date, locale, zone)}));
    }
    return t;
  };

  const anchors = new Set<string>();
  const entries = data.sessions.map((session): SessionEntry => {
    const start = session.start?.getTime();
    const end = session.end && start !== undefined && session.end.getTime() >= start ? session.end.getTime() : undefined;
    const days = start === undefined ? [TBC] : session.allDay ? allDayKeys(start, end, eventZone) : [at(start).day];
    const timed = start !== undefined && !session.allDay;
    const speakers = session.speakerIds.map((id) => speakersById.get(id)).filter((s): s is Speaker => !!s);
    const place = placeOf(session, roomNames);
    for (const d of days) dayKeys.add(d);
    for (const a of session.audience ?? []) audiences.add(a);
    if (place) places.add(place);
    if (timed && session.status !== 'cancelled') {
      boundaries.add(start);
      if (end !== undefined) boundaries.add(end);
    }
    // Ids that differ only in characters an anchor cannot hold would share an anchor: the later ones get a suffix.
    let anchor = anchorId('session', session.id);
    for (let n = 2; anchors.has(anchor); n++) anchor = `${anchorId('session', session.id)}-${n}`;
    anchors.add(anchor);
    return {
      session,
      anchor,
      days,
      start,
      end,
      startText: timed ? at(start).text : '',
      endText: timed && end !== undefined ? at(end).text : '',
      place,
      speakers,
      byline: byline(speakers, locale),
      haystack: normalise([session.title, session.description, ...speakers.map((s) => s.name), session.type, session.track].filter(Boolean).join('\n')),
    };
  });
  // Sources are sorted by start already; a stable sort keeps their order within a time and puts untimed last.
  entries.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity));

  const tabFormat = dateFormat(locale, {weekday: 'short', day: 'numeric', month: 'short', timeZone: zone});
  const dated = [...dayKeys].filter((k) => k !== TBC).sort();
  const days: ScheduleDay[] = dated.map((key) => {
    const noon = dayKeyToDate(key, zone);
    return {key, tab: tabFormat.format(noon), heading: formatDay(noon, locale, zone)};
  });
  if (dayKeys.has(TBC)) days.push({key: TBC, tab: tbcLabel, heading: tbcLabel});

  // Declared rooms in the source's order, then free-text locations as they come.
  const placeOrder = [...new Set([...data.rooms.map((r) => r.name).filter((name) => places.has(name)), ...places])];
  return {
    data,
    zone,
    entries,
    byId: new Map(entries.map((e) => [e.session.id, e])),
    days,
    options: {types: data.types, tracks: data.tracks, places: placeOrder, audiences: [...audiences]},
    boundaries: [...boundaries].sort((a, b) => a - b),
    placeOrder,
  };
}

const listFormats = new Map<string, Intl.ListFormat>();

/** A cached "A, B and C" list format for the locale. */
export function listFormat(locale: string): Intl.ListFormat {
  let f = listFormats.get(locale);
  if (!f) listFormats.set(locale, (f = new Intl.ListFormat(locale, {style: 'long', type: 'conjunction'})));
  return f;
}

function byline(speakers: Speaker[], locale: string): Array<string | Speaker> {
  if (speakers.length === 0) return [];
  let i = 0;
  return listFormat(locale)
    .formatToParts(speakers.map((s) => s.name))
    .map((part) => (part.type === 'element' ? speakers[i++] : part.value));
}

/** The days an all-day session covers, in the event's own zone (its dates are the event's dates); at most a month. */
function allDayKeys(start: number, end: number | undefined, eventZone: string): string[] {
  const first = dayKey(new Date(start), eventZone);
  const last = end !== undefined && end > start ? dayKey(new Date(end - 1), eventZone) : first;
  const keys = [first];
  const [y, m, d] = first.split('-').map(Number);
  for (let i = 1; i < 31 && keys[keys.length - 1] < last; i++) keys.push(new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10));
  return keys;
}

export interface Filters {
  query: string;
  type: string;
  track: string;
  place: string;
  audience: string;
  starred: boolean;
}

export const NO_FILTERS: Filters = {query: '', type: '', track: '', place: '', audience: '', starred: false};

export function isFiltering(f: Filters): boolean {
  return !!(f.query.trim() || f.type || f.track || f.place || f.audience || f.starred);
}

/** The entries that pass the filters: a single pass over precomputed fields. */
export function filterEntries(entries: SessionEntry[], f: Filters, stars: ReadonlySet<string>): SessionEntry[] {
  if (!isFiltering(f)) return entries;
  const words = normalise(f.query).split(/\s+/).filter(Boolean);
  return entries.filter(
    (e) =>
      (!f.type || e.session.type === f.type) &&
      (!f.track || e.session.track === f.track) &&
      (!f.place || e.place === f.place) &&
      (!f.audience || !!e.session.audience?.includes(f.audience)) &&
      (!f.starred || stars.has(e.session.id)) &&
      words.every((w) => e.haystack.includes(w)),
  );
}

/** Entries by day key, in order. */
export function groupByDay(entries: SessionEntry[]): Map<string, SessionEntry[]> {
  const days = new Map<string, SessionEntry[]>();
  for (const e of entries) {
    for (const d of e.days) {
      let list = days.get(d);
      if (!list) days.set(d, (list = []));
      list.push(e);
    }
  }
  return days;
}

/** Sessions that start together; `key` is the start instant, "all-day" or TBC. */
export interface Slot {
  key: string;
  label: string;
  entries: SessionEntry[];
}

export function slotsOf(entries: SessionEntry[], allDayLabel: string): Slot[] {
  const slots: Slot[] = [];
  for (const e of entries) {
    const key = e.start === undefined ? TBC : e.session.allDay ? 'all-day' : String(e.start);
    const last = slots[slots.length - 1];
    if (last?.key === key) last.entries.push(e);
    else slots.push({key, label: e.session.allDay ? allDayLabel : e.startText, entries: [e]});
  }
  // All-day sessions of a multi-day run are listed first on each of their days.
  const allDay = slots.filter((s) => s.key === 'all-day');
  if (allDay.length > 1 || (allDay.length === 1 && slots[0] !== allDay[0])) {
    const merged: Slot = {key: 'all-day', label: allDayLabel, entries: allDay.flatMap((s) => s.entries)};
    return [merged, ...slots.filter((s) => s.key !== 'all-day')];
  }
  return slots;
}

export interface GridPlacement {
  row: number;
  rowEnd: number;
  column: number;
  columnEnd: number;
}

export interface GridLayout {
  columns: {label: string; column: number; columnEnd: number}[];
  /** The last column line (columns are 1 for times, then one per lane). */
  lastLine: number;
  slotRows: Map<string, number>;
  placements: Map<string, GridPlacement>;
}

export type GroupBy = 'room' | 'track';

/**
 * Places one day's sessions on a grid: a column per room (or track), split
 * into lanes where sessions overlap in the same room, and a row between each
 * two consecutive start or end times. Plenary sessions, and breaks with no
 * room, span every column; all-day sessions get rows of their own at the top.
 */
export function layoutGrid(slots: Slot[], groupBy: GroupBy, placeOrder: string[], otherLabel: string): GridLayout {
  const entries = slots.flatMap((s) => s.entries);
  const allDay = entries.filter((e) => e.session.allDay);
  const timed = entries.filter((e) => !e.session.allDay && e.start !== undefined);
  // A break with no room of its own (at most a free-text location) is for everyone, like a plenary.
  const spansAll = (e: SessionEntry) => !!e.session.plenary || (!!e.session.service && !(groupBy === 'room' ? e.session.roomId : e.session.track));

  // Columns: groups in the source's order, each with as many lanes as it needs.
  const groupOf = (e: SessionEntry) => (groupBy === 'room' ? e.place : e.session.track) ?? '';
  const order = groupBy === 'room' ? placeOrder : [];
  const groups = new Map<string, SessionEntry[]>();
  for (const name of order) groups.set(name, []);
  for (const e of timed) if (!spansAll(e)) (groups.get(groupOf(e)) ?? groups.set(groupOf(e), []).get(groupOf(e))!).push(e);
  const laneOf = new Map<string, number>();
  const columns: GridLayout['columns'] = [];
  let nextColumn = 2;
  for (const [name, list] of groups) {
    if (!list.length) continue;
    const laneEnds: number[] = [];
    for (const e of list) {
      const end = e.end ?? e.start!;
      let lane = laneEnds.findIndex((laneEnd) => laneEnd <= e.start!);
      if (lane < 0) lane = laneEnds.push(end) - 1;
      else laneEnds[lane] = end;
      laneOf.set(e.session.id, nextColumn + lane);
    }
    columns.push({label: name || otherLabel, column: nextColumn, columnEnd: nextColumn + laneEnds.length});
    nextColumn += laneEnds.length;
  }
  const lastLine = Math.max(nextColumn, 3);

  // Rows: line 1 is the header, then one row per all-day session, then a row per time step.
  const placements = new Map<string, GridPlacement>();
  const slotRows = new Map<string, number>();
  let line = 2;
  if (allDay.length) slotRows.set('all-day', line);
  for (const e of allDay) placements.set(e.session.id, {row: line, rowEnd: ++line, column: 2, columnEnd: lastLine});
  const times = [...new Set(timed.flatMap((e) => (e.end !== undefined ? [e.start!, e.end] : [e.start!])))].sort((a, b) => a - b);
  const lineOf = new Map(times.map((t, i) => [t, line + i]));
  for (const e of timed) {
    const row = lineOf.get(e.start!)!;
    const rowEnd = e.end !== undefined && e.end > e.start! ? lineOf.get(e.end)! : row + 1;
    const column = spansAll(e) ? 2 : laneOf.get(e.session.id)!;
    placements.set(e.session.id, {row, rowEnd, column, columnEnd: spansAll(e) ? lastLine : column + 1});
  }
  for (const slot of slots) if (slot.key !== 'all-day' && slot.entries[0].start !== undefined) slotRows.set(slot.key, lineOf.get(slot.entries[0].start)!);
  return {columns, lastLine, slotRows, placements};
}

export interface NowNext {
  now: SessionEntry[];
  next: SessionEntry[];
  /** When the answer next changes (the next start or end of a session). */
  nextChange?: number;
}

export function nowAndNext(index: ScheduleIndex, now: number): NowNext {
  const live = index.entries.filter((e) => e.start !== undefined && !e.session.allDay && e.session.status !== 'cancelled');
  const current = live.filter((e) => e.start! <= now && e.end !== undefined && now < e.end);
  let nextStart = Infinity;
  for (const e of live) if (e.start! > now && e.start! < nextStart) nextStart = e.start!;
  const next = live.filter((e) => e.start === nextStart);
  return {now: current, next, nextChange: index.boundaries.find((b) => b > now)};
}

/** True when two zones show different clock times on any of the given instants. */
export function zonesDiffer(a: string, b: string, instants: Date[]): boolean {
  if (a === b) return false;
  return instants.some((d) => zoneOffsetMinutes(d, a) !== zoneOffsetMinutes(d, b));
}

const UK_ZONES = new Set(['Europe/London', 'GB', 'GB-Eire', 'Europe/Belfast']);

/**
 * The zone in words for the visible note: "UK time (BST)", "Central European
 * Time (CEST)", or with the change of abbreviation when the shown days span a
 * daylight-saving change ("UK time (BST until Saturday 29 October, then GMT)").
 */
export function describeZone(zone: string, dayKeys: string[], locale: string, t: {ukTime: string; zoneChange: (before: string, lastDay: string, after: string) => string}): string {
  const noons = (dayKeys.length ? dayKeys : [dayKey(new Date(), zone)]).map((k) => dayKeyToDate(k, zone));
  const name = zoneName(zone, noons[0], locale, t);
  const abbreviations = noons.map((d) => zoneAbbreviation(d, locale, zone));
  const change = abbreviations.findIndex((a) => a !== abbreviations[0]);
  let detail = abbreviations[0];
  if (change > 0) detail = t.zoneChange(abbreviations[0], formatDay(noons[change - 1], locale, zone), abbreviations[change]);
  return detail && detail !== name ? `${name} (${detail})` : name;
}

/** The zone's name without its abbreviation: "UK time", "Central European Time". */
export function zoneName(zone: string, at: Date, locale: string, t: {ukTime: string}): string {
  return UK_ZONES.has(zone) ? t.ukTime : genericName(zone, at, locale);
}

function genericName(zone: string, at: Date, locale: string): string {
  const part = (timeZoneName: 'longGeneric' | 'long') =>
    dateFormat(locale, {timeZone: zone, timeZoneName}).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  const generic = part('longGeneric');
  // Intl falls back to "GMT+00:00" for zones without a generic name (UTC); the long name reads better.
  return (generic && !/^(GMT|UTC)([+-]|$)/.test(generic) ? generic : part('long')) ?? zone;
}

export type ChangeKind = 'time' | 'room' | 'cancelled' | 'full' | 'moved' | 'reinstated' | 'added' | 'removed';

export interface ScheduleChange {
  kind: ChangeKind;
  session: Session;
  place?: string;
}

/** What a refresh changed, one line per session, most important change first. */
export function diffSchedules(before: EventData, after: EventData): ScheduleChange[] {
  const oldRooms = new Map(before.rooms.map((r) => [r.id, r.name]));
  const newRooms = new Map(after.rooms.map((r) => [r.id, r.name]));
  const old = new Map(before.sessions.map((s) => [s.id, s]));
  const changes: ScheduleChange[] = [];
  const seen = new Set<string>();
  for (const session of after.sessions) {
    seen.add(session.id);
    const was = old.get(session.id);
    if (!was) {
      changes.push({kind: 'added', session});
      continue;
    }
    const place = placeOf(session, newRooms);
    let kind: ChangeKind | undefined;
    if (session.status !== was.status) {
      kind = session.status === 'scheduled' ? 'reinstated' : session.status;
    } else if (session.start?.getTime() !== was.start?.getTime()) {
      kind = 'time';
    } else if (place !== placeOf(was, oldRooms)) {
      kind = 'room';
    } else if (session.status !== 'scheduled' && session.statusNote !== was.statusNote) {
      kind = session.status === 'cancelled' ? undefined : session.status;
    }
    if (kind === 'time' && !session.start) kind = undefined;
    if (kind) changes.push({kind, session, place});
  }
  for (const session of before.sessions) if (!seen.has(session.id)) changes.push({kind: 'removed', session});
  return changes;
}
