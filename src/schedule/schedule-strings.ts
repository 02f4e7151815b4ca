import {commonStrings, type CommonStrings} from '../shared/strings.js';
import {numberFormat} from '../shared/time.js';

/**
 * Every piece of text <trust-schedule> shows, in British English. A page can
 * replace any of them through the `strings` property (partial overrides).
 */
export interface ScheduleStrings extends CommonStrings {
  days: string;
  allDays: string;
  timeToBeConfirmed: string;
  /** The visible note naming the zone times are shown in. */
  zoneNote: (zoneName: string) => string;
  viewerZoneNote: (zoneName: string) => string;
  ukTime: string;
  /** "BST until Saturday 29 October, then GMT": a zone whose abbreviation changes during the event. */
  zoneChange: (before: string, lastDayBefore: string, after: string) => string;
  useViewerZone: (zoneName: string) => string;
  badTimeZone: (value: string, fallback: string) => string;
  viewLabel: string;
  listView: string;
  gridView: string;
  search: string;
  searchHint: string;
  filters: string;
  type: string;
  track: string;
  room: string;
  location: string;
  audience: string;
  anyType: string;
  anyTrack: string;
  anyRoom: string;
  anyAudience: string;
  starredOnly: string;
  clearFilters: string;
  /** Visible and announced after a filter change. */
  resultCount: (count: number, total: number) => string;
  noMatches: string;
  matchesOnOtherDays: (count: number) => string;
  noSessionsOnDay: string;
  happeningNow: string;
  upNext: string;
  allDay: string;
  timeRange: (start: string, end: string) => string;
  allRooms: string;
  with: string;
  speakers: string;
  star: string;
  details: string;
  links: string;
  cancelled: string;
  moved: (note?: string) => string;
  full: (note?: string) => string;
  addToCalendar: string;
  /** Said when the calendar file could not be made (the code for it did not load). */
  downloadFailed: string;
  downloadMySchedule: (count: number) => string;
  /** Heading of the notice shown when a refresh changed the schedule. */
  changesHeading: (count: number) => string;
  changeTime: (title: string, when: string) => string;
  changeRoom: (title: string, place: string) => string;
  changeCancelled: (title: string) => string;
  changeFull: (title: string) => string;
  changeMoved: (title: string, note?: string) => string;
  changeReinstated: (title: string) => string;
  changeAdded: (title: string) => string;
  changeRemoved: (title: string) => string;
  andMore: (count: number) => string;
  dismiss: string;
}

const count = (n: number) => numberFormat('en-GB').format(n);
const sessions = (n: number) => `${count(n)} ${n === 1 ? 'session' : 'sessions'}`;

export const scheduleStrings: ScheduleStrings = {
  ...commonStrings,
  empty: 'There are no sessions in this schedule yet.',
  days: 'Days',
  allDays: 'All days',
  timeToBeConfirmed: 'Time to be confirmed',
  zoneNote: (zone) => `All times are ${zone}.`,
  viewerZoneNote: (zone) => `All times are in your time zone: ${zone}.`,
  ukTime: 'UK time',
  zoneChange: (before, lastDay, after) => `${before} until ${lastDay}, then ${after}`,
  useViewerZone: (zone) => `Show times in my time zone: ${zone}`,
  badTimeZone: (value, fallback) => `“${value}” is not a time zone we recognise, so times are shown in ${fallback}.`,
  viewLabel: 'Show as',
  listView: 'List',
  gridView: 'Grid',
  search: 'Search sessions',
  searchHint: 'Titles, descriptions and speakers',
  filters: 'Filters',
  type: 'Type',
  track: 'Track',
  room: 'Room',
  location: 'Location',
  audience: 'Audience',
  anyType: 'All types',
  anyTrack: 'All tracks',
  anyRoom: 'All rooms',
  anyAudience: 'Everyone',
  starredOnly: 'Only my starred sessions',
  clearFilters: 'Clear filters',
  resultCount: (n, total) => (n === total ? `Showing all ${sessions(total)}` : `${count(n)} of ${sessions(total)} ${n === 1 ? 'matches' : 'match'}`),
  noMatches: 'No sessions match your search and filters.',
  matchesOnOtherDays: (n) => `${sessions(n)} on other days ${n === 1 ? 'matches' : 'match'}.`,
  noSessionsOnDay: 'There are no sessions on this day.',
  happeningNow: 'Happening now',
  upNext: 'Up next',
  allDay: 'All day',
  timeRange: (start, end) => `${start} to ${end}`,
  allRooms: 'All rooms',
  with: 'With',
  speakers: 'Speakers',
  star: 'Star',
  details: 'Details',
  links: 'Links',
  cancelled: 'Cancelled',
  moved: (note) => (note ? `Moved: ${note}` : 'Moved'),
  full: (note) => (note ? `Full: ${note}` : 'Full'),
  addToCalendar: 'Add to calendar (.ics)',
  downloadFailed: 'The calendar file could not be made. Check your connection and try again.',
  downloadMySchedule: (n) => `Download my schedule (.ics, ${sessions(n)})`,
  changesHeading: (n) => `The schedule has changed: ${sessions(n)} updated`,
  changeTime: (title, when) => `‘${title}’ moved to ${when}`,
  changeRoom: (title, place) => `‘${title}’ is now in ${place}`,
  changeCancelled: (title) => `‘${title}’ is cancelled`,
  changeFull: (title) => `‘${title}’ is full`,
  changeMoved: (title, note) => (note ? `‘${title}’ has moved: ${note}` : `‘${title}’ has moved`),
  changeReinstated: (title) => `‘${title}’ is going ahead as planned`,
  changeAdded: (title) => `‘${title}’ was added`,
  changeRemoved: (title) => `‘${title}’ was removed`,
  andMore: (n) => `and ${count(n)} more`,
  dismiss: 'Dismiss',
};
