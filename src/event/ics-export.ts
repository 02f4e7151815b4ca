/**
 * Sessions as an RFC 5545 iCalendar file, for "add to calendar" and "my
 * schedule" downloads. Times are written in UTC, which every calendar app
 * imports correctly whatever its own zone; all-day sessions are DATE values
 * in the event's zone. Sessions without a start (time to be confirmed) cannot
 * be calendar events and are left out: see `exportableSessions`.
 */
import {safeUrl} from '../shared/adapter.js';
import {dayKey} from '../shared/time.js';
import type {EventInfo, Room, Session, Speaker} from './model.js';

export interface ICalendarOptions {
  /** The DTSTAMP of every event: when the file was made. */
  now: Date;
  /** PRODID; defaults to the library's. */
  prodId?: string;
  /** The domain half of each UID ("session-id@domain"); defaults to the host of `url` or of the event's URL. */
  uidDomain?: string;
  /** Named in each event's description. */
  speakers?: Speaker[];
  /** Room names for LOCATION; without them the room id is used. */
  rooms?: Room[];
  /** A page about the event (the schedule page), used as URL when a session has no page of its own. */
  url?: string;
}

const MAX_OCTETS = 75;
const CRLF = '\r\n';

/** The sessions that can go into a calendar file: those with a start. */
export function exportableSessions(sessions: Session[]): Session[] {
  return sessions.filter((s) => s.start && Number.isFinite(s.start.getTime()));
}

export function toICalendar(sessions: Session[], event: EventInfo, options: ICalendarOptions): string {
  const speakers = new Map((options.speakers ?? []).map((s) => [s.id, s]));
  const rooms = new Map((options.rooms ?? []).map((r) => [r.id, r.name]));
  const domain = uidDomain(options.uidDomain ?? hostOf(options.url) ?? hostOf(event.url));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(options.prodId ?? '-//trust-widgets//Schedule//EN')}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  if (event.name) lines.push(`X-WR-CALNAME:${escapeText(event.name)}`);
  lines.push(`X-WR-TIMEZONE:${escapeText(event.timeZone)}`);

  for (const session of exportableSessions(sessions)) {
    const start = session.start!;
    lines.push('BEGIN:VEVENT', `UID:${uidPart(session.id)}@${domain}`, `DTSTAMP:${utc(options.now)}`);
    if (session.allDay) {
      const first = dayKey(start, event.timeZone);
      const after = session.end ? dayKey(session.end, event.timeZone) : nextDay(first);
      lines.push(`DTSTART;VALUE=DATE:${first.replaceAll('-', '')}`, `DTEND;VALUE=DATE:${(after > first ? after : nextDay(first)).replaceAll('-', '')}`);
    } else {
      lines.push(`DTSTART:${utc(start)}`);
      if (session.end && session.end >= start) lines.push(`DTEND:${utc(session.end)}`);
    }
    lines.push(`SUMMARY:${escapeText(session.title)}`);
    const description = describe(session, speakers);
    if (description) lines.push(`DESCRIPTION:${escapeText(description)}`);
    const room = session.roomId && (rooms.get(session.roomId) ?? session.roomId);
    const location = [...new Set([room, session.location, event.venue].filter(Boolean))].join(', ');
    if (location) lines.push(`LOCATION:${escapeText(location)}`);
    // URL is a URI value, not TEXT: a parsed URL's href has no characters that would need escaping.
    const url = safeUrl(session.links.find((l) => l.kind === 'website')?.url ?? options.url, undefined, false);
    if (url) lines.push(`URL:${url}`);
    lines.push(`STATUS:${session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`);
    const categories = [session.type, session.track].filter((c): c is string => !!c);
    if (categories.length) lines.push(`CATEGORIES:${categories.map(escapeText).join(',')}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join(CRLF) + CRLF;
}

/** The description: the session's own text, its status note, speakers and links. */
function describe(session: Session, speakers: Map<string, Speaker>): string {
  const names = session.speakerIds
    .map((id) => speakers.get(id))
    .filter((s): s is Speaker => !!s)
    .map((s) => {
      const about = [s.role, s.organisation].filter(Boolean).join(', ') || s.tagline;
      return about ? `${s.name} (${about})` : s.name;
    });
  return [
    session.statusNote,
    session.description,
    names.length ? `${names.length > 1 ? 'Speakers' : 'Speaker'}: ${names.join('; ')}` : undefined,
    ...session.links.map((l) => {
      const url = safeUrl(l.url);
      return url && `${l.label}: ${url}`;
    }),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped; other control characters removed. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets of UTF-8 (RFC 5545 3.1): continuation
 * lines start with a space, and a multi-byte character is never split.
 */
export function fold(line: string): string {
  // eslint-disable-next-line no-control-regex
  if (line.length <= MAX_OCTETS && /^[\u0000-\u007f]*$/.test(line)) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    const limit = out.length ? MAX_OCTETS - 1 : MAX_OCTETS;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** 20240420T070000Z */
function utc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

function nextDay(key: string): string {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** A session id made safe for a UID: stable, and with no characters that need escaping. */
function uidPart(id: string): string {
  return id.replace(/[^A-Za-z0-9._~-]/g, (c) => encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`));
}

function uidDomain(value: string | undefined): string {
  const clean = value?.toLowerCase().replace(/[^a-z0-9.-]/g, '');
  return clean || 'trust-widgets.invalid';
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname || undefined : undefined;
  } catch {
    return undefined;
  }
}
