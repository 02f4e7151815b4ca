import {commonStrings, type CommonStrings} from '../shared/strings.js';
import type {SessionStatus} from '../event/model.js';

/** The UI text of <trust-speakers>, in British English; every entry can be replaced through `strings`. */
export interface SpeakersStrings extends CommonStrings {
  /** Shown when a `session` subset has no speakers. */
  emptySession: string;
  /** The accessible name of the list of cards. */
  listLabel: string;
  /** The tag on a featured speaker's card. */
  featured: string;
  readMore: string;
  showLess: string;
  /** Read by screen readers after "Read more" / "Show less", so that each button says whose bio it opens. */
  aboutSpeaker: (name: string) => string;
  /** The accessible name of a profile link ("Jane Appleton on LinkedIn"); it must contain `site`, the visible text. */
  profileLink: (name: string, site: string) => string;
  /** The label above a speaker's sessions. */
  sessions: string;
  /** A session's time span ("09:00 to 09:45"). */
  timeRange: (from: string, to: string) => string;
  timeToBeConfirmed: string;
  /** Session statuses worth pointing out ("scheduled" is never shown). */
  status: Record<Exclude<SessionStatus, 'scheduled'>, string>;
}

export const speakersStrings: SpeakersStrings = {
  ...commonStrings,
  empty: 'No speakers have been announced yet.',
  emptySession: 'No speakers have been announced for this session yet.',
  listLabel: 'Speakers',
  featured: 'Featured speaker',
  readMore: 'Read more',
  showLess: 'Show less',
  aboutSpeaker: (name) => `about ${name}`,
  profileLink: (name, site) => `${name} on ${site}`,
  sessions: 'Speaking at',
  timeRange: (from, to) => `${from} to ${to}`,
  timeToBeConfirmed: 'Time to be confirmed',
  status: {cancelled: 'Cancelled', moved: 'Moved', full: 'Full'},
};
