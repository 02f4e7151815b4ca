/**
 * The normalised event model that every schedule source is adapted into, and
 * that <trust-schedule> and <trust-speakers> both render. One file feeds both.
 *
 * Times are absolute instants (`Date`); the event's IANA `timeZone` says how
 * to show them. A session with no time yet has `start`/`end` undefined and is
 * listed as "time to be confirmed".
 */
export type SessionStatus = 'scheduled' | 'cancelled' | 'moved' | 'full';

export interface EventLink {
  /** http(s) or mailto only; adapters drop anything else. */
  url: string;
  /** Plain text label ("Book a place", "Join online"). */
  label: string;
  kind?: 'booking' | 'join' | 'video' | 'slides' | 'website' | 'other';
}

export interface Session {
  id: string;
  title: string;
  /** Plain text; paragraphs separated by blank lines; rendered with safe links, never as HTML. */
  description?: string;
  start?: Date;
  end?: Date;
  /** True for events that last whole days (iCalendar DATE values). */
  allDay?: boolean;
  type?: string;
  track?: string;
  /** Room id (see `EventData.rooms`); free-text locations use `location`. */
  roomId?: string;
  location?: string;
  audience?: string[];
  speakerIds: string[];
  links: EventLink[];
  status: SessionStatus;
  /** A human note on the status ("Moved to Room 2", "Waiting list open"). */
  statusNote?: string;
  /** A break, lunch or registration: shown, but not as a talk. */
  service?: boolean;
  /** Takes place in all rooms at once (a keynote, a plenary). */
  plenary?: boolean;
  language?: string;
}

export interface SpeakerLink {
  url: string;
  /** Site name ("Mastodon", "LinkedIn", "Website"). */
  label: string;
}

export interface Speaker {
  id: string;
  name: string;
  role?: string;
  organisation?: string;
  /** The source's one-line tagline when role/organisation could not be split out of it. */
  tagline?: string;
  /** Plain text, may contain line breaks and bare URLs; never HTML. */
  bio?: string;
  /** http(s) photo URL. */
  photo?: string;
  links: SpeakerLink[];
  featured?: boolean;
  sessionIds: string[];
}

export interface Room {
  id: string;
  name: string;
}

export interface EventInfo {
  name?: string;
  /** IANA zone name of the event ("Europe/London"). */
  timeZone: string;
  /** YYYY-MM-DD of the first and last day, in the event's zone. */
  startDate?: string;
  endDate?: string;
  venue?: string;
  url?: string;
}

export interface EventData {
  event: EventInfo;
  sessions: Session[];
  speakers: Speaker[];
  rooms: Room[];
  /** Distinct tracks and types, in source order, for filters. */
  tracks: string[];
  types: string[];
}

export {DEFAULT_TIME_ZONE} from '../shared/time.js';
import {DEFAULT_TIME_ZONE} from '../shared/time.js';

/** An empty model, for sources that produced nothing usable. */
export function emptyEvent(timeZone = DEFAULT_TIME_ZONE): EventData {
  return {event: {timeZone}, sessions: [], speakers: [], rooms: [], tracks: [], types: []};
}
