/**
 * Time-zone arithmetic and formatting through Intl, shared by every widget.
 * Correct across daylight-saving changes: offsets are read for the instant in
 * question, never assumed.
 */

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time in `timeZone` at an instant, read from Intl (no cache). */
function readWallTime(date: Date, timeZone: string): WallTime {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second};
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds), read from Intl. */
function readOffsetMs(time: number, timeZone: string): number {
  const w = readWallTime(new Date(time), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(time / 1000) * 1000;
}

/**
 * Offsets are read from Intl (formatToParts is slow, and a schedule converts
 * hundreds of times) once per zone and UTC day, at the start of the day. An
 * instant's offset is the cached one when its day starts and ends on the
 * same offset; a day with a change inside it (two a year) is read for the
 * instant itself. Zones change offset months apart, never twice in a day.
 */
const DAY = 86_400_000;
const offsetCache = new Map<string, Map<number, number>>();

function offsetMs(time: number, timeZone: string): number {
  let byDay = offsetCache.get(timeZone);
  if (!byDay) offsetCache.set(timeZone, (byDay = new Map<number, number>()));
  // Bounded: a page converting times over decades reads Intl again rather than growing.
  if (byDay.size > 10_000) byDay.clear();
  const at = (day: number) => {
    let offset = byDay.get(day);
    if (offset === undefined) byDay.set(day, (offset = readOffsetMs(day * DAY, timeZone)));
    return offset;
  };
  const day = Math.floor(time / DAY);
  const start = at(day);
  return start === at(day + 1) ? start : readOffsetMs(time, timeZone);
}

/** The wall-clock time in `timeZone` at an instant. */
export function wallTime(date: Date, timeZone: string): WallTime {
  const time = date.getTime();
  if (!Number.isFinite(time)) return readWallTime(date, timeZone);
  const wall = new Date(Math.floor(time / 1000) * 1000 + offsetMs(time, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** The zone's offset from UTC at an instant, in minutes (BST: +60). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  return Math.round(offsetMs(date.getTime(), timeZone) / 60000);
}

/**
 * The instant at which the wall clock in `timeZone` reads the given time.
 * In the hour that does not exist (spring forward) the later offset is used;
 * in the hour that happens twice (fall back) the first occurrence is chosen.
 */
export function zonedTimeToDate(w: Partial<WallTime> & {year: number; month: number; day: number}, timeZone: string): Date {
  const utcGuess = Date.UTC(w.year, w.month - 1, w.day, w.hour ?? 0, w.minute ?? 0, w.second ?? 0);
  const before = zoneOffsetMinutes(new Date(utcGuess - 86_400_000), timeZone);
  const after = zoneOffsetMinutes(new Date(utcGuess + 86_400_000), timeZone);
  const candidates = [...new Set([before, after])].map((offset) => utcGuess - offset * 60000);
  const matching = candidates.filter((t) => {
    const v = wallTime(new Date(t), timeZone);
    return v.day === w.day && v.hour === (w.hour ?? 0) && v.minute === (w.minute ?? 0);
  });
  // Ambiguous (clocks go back): the earlier instant. Missing (clocks go forward): shift forward, as Temporal does.
  return new Date(matching.length ? Math.min(...matching) : utcGuess - before * 60000);
}

/**
 * Parses an ISO-8601 local date-time without an offset ("2024-04-20T09:00:00")
 * as wall time in `timeZone`; with an offset or Z it is an absolute instant.
 * Returns undefined for anything unparseable.
 */
export function parseDateTime(value: unknown, timeZone: string): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', zone] = m;
  if (zone) {
    const date = new Date(s.replace(' ', 'T'));
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const w = {year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +sec};
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > 31 || w.hour > 24 || w.minute > 59) return undefined;
  return zonedTimeToDate(w, timeZone);
}

/** YYYY-MM-DD of an instant in a zone. */
export function dayKey(date: Date, timeZone: string): string {
  const w = wallTime(date, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The zone of an event when nobody names one: the brief's trust is in England. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** The zone if Intl knows it (an attribute may hold anything), else the default. */
export function timeZoneOr(zone: string | undefined | null, fallback: string = DEFAULT_TIME_ZONE): string {
  return isValidTimeZone(zone) ? zone : fallback;
}

/** Whether a string is a valid IANA zone name that Intl understands. */
export function isValidTimeZone(timeZone: string | undefined | null): timeZone is string {
  if (!timeZone) return false;
  try {
    // Through the formatter cache: building a formatter costs far more than looking one up.
    dateFormat('en-GB', {timeZone});
    return true;
  } catch {
    return false;
  }
}

/** The viewer's own zone. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached Intl.DateTimeFormat: formatting hundreds of sessions must not build hundreds of formatters. */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** "14:05" in the zone (24-hour in en-GB, following the locale elsewhere). */
export function formatTime(date: Date, locale: string, timeZone: string): string {
  return dateFormat(locale, {hour: '2-digit', minute: '2-digit', timeZone}).format(date);
}

/** "Monday 24 October" in the zone. */
export function formatDay(date: Date, locale: string, timeZone: string, withYear = false): string {
  return dateFormat(locale, {weekday: 'long', day: 'numeric', month: 'long', ...(withYear ? {year: 'numeric'} : {}), timeZone}).format(date);
}

const abbreviations = new Map<string, string>();

/**
 * The short zone name at an instant ("BST", "GMT", "CET"), as the locale
 * spells it. Remembered per offset and year (formatToParts is slow, and a
 * programme names the zone beside every session).
 */
export function zoneAbbreviation(date: Date, locale: string, timeZone: string): string {
  const key = `${locale}|${timeZone}|${zoneOffsetMinutes(date, timeZone)}|${date.getUTCFullYear()}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    const part = dateFormat(locale, {timeZone, timeZoneName: 'short'}).formatToParts(date).find((p) => p.type === 'timeZoneName');
    abbreviations.set(key, (name = part?.value ?? timeZone));
  }
  return name;
}

/** A date-only key ("2016-10-24") as a Date at noon in the zone, for formatting the day's name safely. */
export function dayKeyToDate(key: string, timeZone: string): Date {
  const [y, m, d] = key.split('-').map(Number);
  return zonedTimeToDate({year: y, month: m, day: d, hour: 12}, timeZone);
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** "2 minutes ago", "in 3 hours", "yesterday": relative to `now`. */
export function formatRelative(date: Date, now: number, locale: string): string {
  let rtf = relativeFormats.get(locale);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(locale, {numeric: 'auto', style: 'long'});
    relativeFormats.set(locale, rtf);
  }
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 26 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  if (abs < 320 * 86400) return rtf.format(Math.round(seconds / (30 * 86400)), 'month');
  return rtf.format(Math.round(seconds / (365 * 86400)), 'year');
}

const numberFormats = new Map<string, Intl.NumberFormat>();

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = locale + JSON.stringify(options);
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, f);
  }
  return f;
}
