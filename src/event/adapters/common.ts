/**
 * Building blocks shared by the event adapters: defensive readers for
 * untrusted fields, link labelling, and `finishEvent`, which turns what an
 * adapter collected into a consistent EventData (unique ids, speakers linked
 * to sessions both ways, filter lists, event dates).
 */
import {isRecord, safeUrl, str, type AdapterContext} from '../../shared/adapter.js';
import {CONTROL, line} from '../../shared/plain-text.js';
import type {Problem} from '../../shared/events.js';
import {dayKey, isValidTimeZone} from '../../shared/time.js';
import {siteLabel} from '../site-label.js';
import {TrustError} from '../../shared/errors.js';
import {detectFrab, detectNative, detectSessionize} from './detect.js';
import {DEFAULT_TIME_ZONE, type EventData, type EventInfo, type EventLink, type Room, type Session, type Speaker, type SpeakerLink} from '../model.js';

/** Bounds that keep a hostile or runaway source from exhausting the page. */
export const LIMITS = {
  sessions: 5000,
  speakers: 5000,
  rooms: 500,
  links: 20,
  line: 500,
  text: 20_000,
  id: 200,
} as const;

/** An id from a string or a finite number, as a string; sources mix both. */
export function idOf(value: unknown): string | undefined {
  const s = str(value);
  return s && s.length <= LIMITS.id ? s.replace(CONTROL, '') : undefined;
}

export function bool(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The array at `value`, or an empty one; never trusts the type. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A name made into an id ("Jørn Lomax" -> "jorn-lomax"), for sources that identify people by name only. */
export function slug(value: string): string {
  return (
    value
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ø/gi, 'o')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'x'
  );
}

/** The widget's zone, or the default when the widget was given nonsense. */
export function contextZone(context: AdapterContext): string {
  return isValidTimeZone(context?.timeZone) ? context.timeZone : DEFAULT_TIME_ZONE;
}


/** What kind of session link a URL is, judged by where it points. */
export function linkKindOf(url: string): EventLink['kind'] {
  const host = new URL(url).hostname.replace(/^www\./, '');
  if (/(^|\.)(youtube\.com|youtu\.be|vimeo\.com|media\.ccc\.de|peertube)/.test(host)) return 'video';
  if (/(^|\.)(speakerdeck\.com|slideshare\.net|slides\.com)$/.test(host)) return 'slides';
  if (/(^|\.)(zoom\.us|teams\.microsoft\.com|meet\.google\.com|meet\.jit\.si|whereby\.com)$/.test(host)) return 'join';
  return 'other';
}

/** A session link, or undefined when the URL is not http(s)/mailto. */
export function eventLink(url: unknown, label: unknown, base: string, kind?: EventLink['kind']): EventLink | undefined {
  const href = safeUrl(url, base);
  if (!href) return undefined;
  return {url: href, label: line(label, 120) ?? siteLabel(href), kind: kind ?? linkKindOf(href)};
}

/**
 * A speaker profile link, or undefined when the URL is not http(s)/mailto.
 * Labelled by its site, the source's hint or title; a bare host name (what
 * is left when there is none) becomes "Website", which reads better on a card.
 */
export function speakerLink(url: unknown, base: string, hint?: string, title?: unknown): SpeakerLink | undefined {
  const href = safeUrl(url, base);
  if (!href) return undefined;
  const label = siteLabel(href, hint, line(title));
  const host = new URL(href).hostname.replace(/^www\./, '');
  return {url: href, label: label.replace(/^www\./, '') === host ? 'Website' : label};
}

/** An http(s) photo URL (no mailto, no data: or javascript:). */
export function photoUrl(value: unknown, base: string): string | undefined {
  return safeUrl(value, base, false);
}

/** Links without duplicates (same URL), bounded in number. */
export function uniqueLinks<L extends {url: string}>(links: (L | undefined)[]): L[] {
  const seen = new Set<string>();
  const out: L[] = [];
  for (const l of links) {
    if (!l || seen.has(l.url) || out.length >= LIMITS.links) continue;
    seen.add(l.url);
    out.push(l);
  }
  return out;
}

/** Reads a list item by item, so that one item that throws is a Problem, not a failure of the whole list. */
export function eachItem<T>(items: unknown, where: string, problems: Problem[], limit: number, read: (item: unknown, index: number) => T | undefined): T[] {
  const array = list(items);
  const out: T[] = [];
  array.forEach((item, index) => {
    if (index >= limit) return;
    try {
      const value = read(item, index);
      if (value !== undefined) out.push(value);
    } catch (error) {
      problems.push({where: `${where}[${index}]`, reason: `Could not be read: ${error instanceof Error ? error.message : String(error)}`});
    }
  });
  if (array.length > limit) problems.push({where, reason: `Only the first ${limit} of ${array.length} were kept`});
  return out;
}

/** Keeps the first item of each id and reports the others. */
function unique<T extends {id: string}>(items: T[], kind: string, problems: Problem[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (!seen.has(item.id)) {
      seen.add(item.id);
      return true;
    }
    problems.push({where: `${kind} ${item.id}`, reason: `Duplicate ${kind} id; the first ${kind} with this id was kept`});
    return false;
  });
}

function distinct(values: (string | undefined)[], order: string[] = []): string[] {
  const present = new Set(values.filter((v): v is string => !!v));
  const ordered = order.filter((v) => present.has(v));
  return [...new Set([...ordered, ...present])];
}

export interface EventDraft {
  event: EventInfo;
  sessions: Session[];
  speakers: Speaker[];
  rooms: Room[];
  /** A preferred order for filters (a source's declared tracks), applied to those in use. */
  trackOrder?: string[];
  typeOrder?: string[];
}

/**
 * Makes a draft consistent: duplicate ids dropped (first kept), session
 * speakers that do not exist dropped, each speaker's `sessionIds` derived
 * from the sessions, rooms referenced but not declared added (named by their
 * id), sessions sorted by start (time to be confirmed last), tracks and types
 * listed, and the event's first and last day filled in from the sessions
 * (a last day before the first is dropped first).
 */
export function finishEvent(draft: EventDraft, problems: Problem[]): EventData {
  const sessions = unique(draft.sessions, 'session', problems);
  // Tracks and types in source order; sessions (and so each speaker's sessions) in time order.
  const tracks = distinct(
    sessions.map((s) => s.track),
    draft.trackOrder,
  );
  const types = distinct(
    sessions.map((s) => s.type),
    draft.typeOrder,
  );
  const byStart = [...sessions].sort((a, b) => (a.start?.getTime() ?? Infinity) - (b.start?.getTime() ?? Infinity));
  const speakers = unique(draft.speakers, 'speaker', problems);
  const rooms = unique(draft.rooms, 'room', problems);
  const speakerById = new Map(speakers.map((s) => [s.id, s]));
  const roomIds = new Set(rooms.map((r) => r.id));

  for (const speaker of speakers) speaker.sessionIds = [];
  for (const session of byStart) {
    const known = [...new Set(session.speakerIds)].filter((id) => {
      if (speakerById.has(id)) return true;
      problems.push({where: `session ${session.id}`, reason: `Speaker ${id} is not in the list of speakers`});
      return false;
    });
    session.speakerIds = known;
    for (const id of known) speakerById.get(id)!.sessionIds.push(session.id);
    if (session.roomId && !roomIds.has(session.roomId)) {
      roomIds.add(session.roomId);
      rooms.push({id: session.roomId, name: session.roomId});
    }
  }

  const event = Object.fromEntries(Object.entries(draft.event).filter(([, v]) => v !== undefined)) as EventInfo;
  // A source's last day before its first is a typo: the sessions say when it ends.
  if (event.startDate && event.endDate && event.endDate < event.startDate) delete event.endDate;
  const timed = byStart.filter((s) => s.start);
  if (timed.length) {
    event.startDate ??= dayKey(timed[0].start!, event.timeZone);
    const lastEnd = Math.max(...timed.map((s) => lastInstant(s)));
    event.endDate ??= dayKey(new Date(lastEnd), event.timeZone);
  }
  return {event, sessions: byStart, speakers, rooms, tracks, types};
}

/** The last instant a session occupies (an all-day end is exclusive, so step back from it). */
function lastInstant(session: Session): number {
  const end = session.end?.getTime() ?? session.start!.getTime();
  return session.allDay && session.end ? end - 1 : end;
}

/** A YYYY-MM-DD string, or undefined. Accepts a longer ISO date-time and keeps its date. */
export function dateOnly(value: unknown): string | undefined {
  const s = str(value);
  const m = s && /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? m[0] : undefined;
}

/** The object at `value`, or an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

// Here, not beside the detectors: only adapters refuse, and they load lazily.
const JSON_FORMATS = {native: detectNative, sessionize: detectSessionize, frab: detectFrab};

/**
 * Refuses a payload that is plainly another format, with a message that
 * names the right one: adapting Sessionize data as native would not fail, it
 * would quietly show nothing.
 */
export function refuseOtherFormat(raw: unknown, self: keyof typeof JSON_FORMATS): void {
  for (const [name, detect] of Object.entries(JSON_FORMATS)) {
    if (name !== self && detect(raw)) throw new TrustError('format', `This looks like ${name} data, not ${self}: set format="${name}".`);
  }
}
