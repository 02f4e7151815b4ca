/**
 * Recognising each event format by its own structure, so that at most one
 * says yes for any payload. JSON detectors get the parsed JSON; the iCalendar
 * detector gets the text.
 */
import {isRecord} from '../../shared/adapter.js';

/** Our own shape: a `$schema` naming event.schema.json, or an `event` object beside the `sessions` array. */
export function detectNative(raw: unknown): boolean {
  if (!isRecord(raw) || 'schedule' in raw) return false;
  if (typeof raw.$schema === 'string' && /(^|\/)event\.schema\.json(#.*)?$/.test(raw.$schema)) return true;
  return isRecord(raw.event) && Array.isArray(raw.sessions) && !('questions' in raw) && !('categories' in raw);
}

/** Sessionize "All": the five top-level arrays, with session items that look like Sessionize's. */
export function detectSessionize(raw: unknown): boolean {
  if (!isRecord(raw) || '$schema' in raw || 'event' in raw || 'schedule' in raw) return false;
  const arrays = ['sessions', 'speakers', 'rooms', 'categories', 'questions'].every((key) => Array.isArray(raw[key]));
  const first = (raw.sessions as unknown[] | undefined)?.[0];
  return arrays && (first === undefined || (isRecord(first) && ('startsAt' in first || 'isServiceSession' in first)));
}

/** frab/pretalx: `schedule.conference.days`. */
export function detectFrab(raw: unknown): boolean {
  const conference = isRecord(raw) && isRecord(raw.schedule) ? raw.schedule.conference : undefined;
  return isRecord(conference) && Array.isArray(conference.days);
}

/** iCalendar: text whose first non-blank line is BEGIN:VCALENDAR. */
export function detectIcal(raw: unknown): boolean {
  if (typeof raw !== 'string') return false;
  const first = raw.slice(0, 1000).split(/\r\n|\n|\r/).find((l) => l.trim());
  return !!first && /^\ufeff?\s*BEGIN:VCALENDAR\s*$/i.test(first);
}
