/**
 * The native formats' `sources` (schemas/post.schema.json and
 * followers.schema.json), read by the feed's and the counter's native
 * adapters, so only their lazily loaded chunks carry it. freshness.ts
 * decides what the widget says about them.
 */
import {isRecord, str} from './adapter.js';
import {clock} from './clock.js';
import type {Problem} from './events.js';
import type {SourceState} from './freshness.js';
import {line} from './plain-text.js';
import {parseDateTime} from './time.js';

/** A file names a few sources (one per server and platform); more is a mistake, not data. */
const MAX_SOURCES = 20;
const STATES = ['ok', 'failing', 'paused'];
const WEEK_SECONDS = 7 * 86_400;

/**
 * Each entry with a network, a source, a known state, a `since` date-time and
 * (optional) an interval of 1 second to a week. A bad entry is skipped and
 * counted; an entry in a state this version does not know is ignored (the
 * relay may learn new ones). A `since` later than now is now.
 */
export function readSources(raw: unknown, timeZone: string, problems: Problem[]): SourceState[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    problems.push({where: 'sources', reason: 'not a list of {network, source, state, since, interval}'});
    return undefined;
  }
  const out: SourceState[] = [];
  raw.slice(0, MAX_SOURCES).forEach((entry: unknown, i) => {
    const bad = (reason: string) => problems.push({where: `sources[${i}]`, reason});
    if (!isRecord(entry)) return bad('not an object');
    const network = line(entry.network, 40);
    const source = line(entry.source, 300);
    const state = str(entry.state);
    const since = parseDateTime(entry.since, timeZone)?.getTime();
    // Without an interval nothing says how long is long: a failing source is said at once.
    const interval = entry.interval === undefined ? 0 : typeof entry.interval === 'number' && entry.interval >= 1 ? entry.interval : NaN;
    if (!network || !source) return bad('needs a "network" and a "source"');
    if (typeof entry.state !== 'string') return bad('needs a "state"');
    if (since === undefined) return bad('"since" is not a date-time');
    if (!(interval <= WEEK_SECONDS)) return bad('"interval" is not a number of seconds from 1 to a week');
    if (!state || !STATES.includes(state)) return;
    out.push({network, source, state: state as SourceState['state'], since: Math.min(since, clock.now()), interval, message: line(entry.message, 300)});
  });
  if (raw.length > MAX_SOURCES) problems.push({where: 'sources', reason: `only the first ${MAX_SOURCES} sources are read`});
  return out;
}
