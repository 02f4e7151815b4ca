/**
 * What <trust-speakers> shows, derived from the event model once per data
 * change (never per render): which speakers, in which order, with their
 * initials, profile links and sessions already worked out.
 */
import {safeUrl} from '../shared/adapter.js';
import {anchorId} from '../shared/anchor.js';
import {excerpt} from '../shared/text.js';
import {formatDay, formatTime, zoneAbbreviation} from '../shared/time.js';
import type {EventData, Session, SessionStatus, Speaker, SpeakerLink} from '../event/model.js';
import {avatarTone, initials} from './avatar.js';
import type {SpeakersStrings} from './strings.js';

export interface SessionLine {
  id: string;
  /** The element id of the session in <trust-schedule>. */
  anchor: string;
  title: string;
  /** Day and time in the event's zone ("Saturday 20 April, 09:00 to 09:45 CEST"), or "Time to be confirmed". */
  when: string;
  /** The start as an ISO instant, for <time datetime>. */
  datetime?: string;
  status: SessionStatus;
}

export interface SpeakerCard {
  id: string;
  /** The card's element id, the target of `#speaker-<id>` links. */
  anchor: string;
  name: string;
  featured: boolean;
  role?: string;
  organisation?: string;
  tagline?: string;
  bio?: string;
  /** The collapsed bio, when the bio is long enough to need "Read more". */
  excerpt?: string;
  photo?: string;
  initials: string;
  /** Index into AVATAR_COLOURS. */
  tone: number;
  links: SpeakerLink[];
  sessions: SessionLine[];
}

export type SpeakerSort = 'source' | 'name';

export interface CardOptions {
  locale: string;
  sort: SpeakerSort;
  /** Only these speaker ids (the `speakers` attribute). */
  ids?: string[];
  /** Only the speakers of this session (the `session` attribute). */
  session?: string;
  strings: Pick<SpeakersStrings, 'timeRange' | 'timeToBeConfirmed'>;
}

/** Bios longer than this (in characters) are collapsed to an excerpt with "Read more". */
const COLLAPSE_OVER = 280;
const EXCERPT_LENGTH = 200;
const MARKDOWN_LINK = /\[([^\]\n]{1,200})\]\([^)\s]{1,2000}\)/g;

const collators = new Map<string, Intl.Collator>();

function collator(locale: string): Intl.Collator {
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale, {sensitivity: 'base', numeric: true});
    collators.set(locale, c);
  }
  return c;
}

/** The ids in a `speakers` attribute ("a b", "a, b"). */
export function parseIds(value: string | undefined | null): string[] | undefined {
  const ids = value?.split(/[\s,]+/).filter(Boolean);
  return ids?.length ? ids : undefined;
}

/** The cards to show, in order: featured speakers first, then the source's order or by name. */
export function speakerCards(data: EventData, options: CardOptions): SpeakerCard[] {
  const chosen = chooseSpeakers(data, options);
  const sessionLines = describeSessions(data, options);
  const byName = options.sort === 'name' ? collator(options.locale) : undefined;
  const ordered = chosen
    .map((speaker, index) => ({speaker, index}))
    .sort(
      (a, b) =>
        Number(!!b.speaker.featured) - Number(!!a.speaker.featured) ||
        (byName ? byName.compare(a.speaker.name, b.speaker.name) : 0) ||
        a.index - b.index,
    );
  return ordered.map(({speaker}) => card(speaker, sessionLines, options.locale));
}

/** The speakers a subset names, in the source's order (a session's own order for `session`). */
function chooseSpeakers(data: EventData, options: CardOptions): Speaker[] {
  let chosen = data.speakers;
  if (options.session !== undefined) {
    const byId = new Map(data.speakers.map((s) => [s.id, s]));
    const session = data.sessions.find((s) => s.id === options.session);
    chosen = (session?.speakerIds ?? []).map((id) => byId.get(id)).filter((s): s is Speaker => s !== undefined);
  }
  if (options.ids) {
    const wanted = new Set(options.ids);
    chosen = chosen.filter((s) => wanted.has(s.id));
  }
  return chosen;
}

/** Every session's line, formatted once however many speakers share it, with its place in time order. */
function describeSessions(data: EventData, options: CardOptions): Map<string, SessionLine & {order: number}> {
  const zone = data.event.timeZone;
  const lines = new Map<string, SessionLine & {order: number}>();
  data.sessions.forEach((session, order) => {
    lines.set(session.id, {
      id: session.id,
      anchor: anchorId('session', session.id),
      title: session.title,
      when: when(session, options.locale, zone, options.strings),
      datetime: session.start?.toISOString(),
      status: session.status,
      order,
    });
  });
  return lines;
}

function when(session: Session, locale: string, zone: string, strings: CardOptions['strings']): string {
  const {start, end} = session;
  if (!start) return strings.timeToBeConfirmed;
  const day = formatDay(start, locale, zone);
  if (session.allDay) return day;
  const from = formatTime(start, locale, zone);
  const sameDay = end && end.getTime() - start.getTime() < 86_400_000 && formatDay(end, locale, zone) === day;
  const time = sameDay ? strings.timeRange(from, formatTime(end, locale, zone)) : from;
  return `${day}, ${time} ${zoneAbbreviation(start, locale, zone)}`;
}

function card(speaker: Speaker, sessionLines: Map<string, SessionLine & {order: number}>, locale: string): SpeakerCard {
  const sessions = speaker.sessionIds
    .map((id) => sessionLines.get(id))
    .filter((s): s is SessionLine & {order: number} => s !== undefined)
    .sort((a, b) => a.order - b.order);
  return {
    id: speaker.id,
    anchor: anchorId('speaker', speaker.id),
    name: speaker.name,
    featured: !!speaker.featured,
    role: speaker.role,
    organisation: speaker.organisation,
    tagline: speaker.role || speaker.organisation ? undefined : speaker.tagline,
    bio: speaker.bio,
    excerpt: speaker.bio ? bioExcerpt(speaker.bio) : undefined,
    photo: safeUrl(speaker.photo, undefined, false),
    initials: initials(speaker.name, locale),
    tone: avatarTone(speaker.name),
    links: profileLinks(speaker.links ?? []),
    sessions,
  };
}

function bioExcerpt(bio: string): string | undefined {
  if (bio.length <= COLLAPSE_OVER) return undefined; // the plain text is never longer
  // The excerpt is plain text: a Markdown link keeps only its label.
  const plain = bio.replace(MARKDOWN_LINK, '$1');
  return plain.replace(/\s+/g, ' ').trim().length > COLLAPSE_OVER ? excerpt(plain, EXCERPT_LENGTH) : undefined;
}

/** Web profile links only (http and https; the adapters keep mailto too), as the adapters labelled them. */
function profileLinks(links: SpeakerLink[]): SpeakerLink[] {
  return links.filter((link) => safeUrl(link.url, undefined, false) !== undefined);
}
