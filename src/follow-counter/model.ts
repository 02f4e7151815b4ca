/**
 * The follower count as every source format becomes it, and the pure
 * arithmetic the widget does on it: sums across accounts, growth, trends and
 * milestones. Nothing here touches the DOM.
 */
import type {Sourced} from '../shared/freshness.js';

/** One count at one moment (milliseconds since the epoch). */
export interface HistoryPoint {
  at: number;
  count: number;
}

/** One account's followers: a row of the per-network breakdown. */
export interface AccountCount {
  count: number;
  /** `mastodon`, `bluesky`, or a network's name as the data gives it. */
  network?: string;
  /** The handle as people write it: "@NELFT", "@alice.example.com". */
  account?: string;
  /** The display name of the account. */
  name?: string;
  /** The public profile page (http(s) only), for the follow link. */
  url?: string;
  /** The URL the count was read from: tells accounts apart and finds the ones that did not load. */
  source: string;
  /** This account's own earlier counts, oldest first (the native format's `accounts[].history`), for one network's growth and sparkline. */
  history?: HistoryPoint[];
  /** The count is the last one read: the platform could not be read since `readAt` (the native format's `stale` and `since`). */
  stale?: boolean;
  /** When a stale count was last read (ms since the epoch). */
  readAt?: number;
}

/** `sources`: the upstream sources' states (the native format, as trust-relay writes it), for the "not updated since" line. */
export interface Counter extends Sourced {
  /** The total across all accounts. */
  count: number;
  accounts: AccountCount[];
  /** Earlier counts, oldest first (from the source; empty when it has none). */
  history: HistoryPoint[];
  /** The source's own word for its count ("subscribers"). */
  label?: string;
  /** When the event the counter belongs to started (ms since the epoch): `since="event-start"` measures growth from it. */
  eventStart?: number;
}

/** Sums several sources: the total, every account for the breakdown, and the summed history where all have one. */
export function combineCounters(models: Counter[]): Counter {
  if (models.length === 1) return models[0];
  return {
    count: models.reduce((sum, m) => sum + m.count, 0),
    accounts: models.flatMap((m) => m.accounts),
    history: sumHistories(models.map((m) => m.history)),
    label: models.find((m) => m.label)?.label,
    eventStart: models.find((m) => m.eventStart)?.eventStart,
    sources: models.flatMap((m) => m.sources ?? []),
  };
}

/**
 * One network's part of a counter (`network="x"`): its accounts, their sum,
 * and their own histories summed (the whole history when they are all the
 * counter has). Undefined when no account is on that network.
 */
export function networkCounter(counter: Counter, network: string): Counter | undefined {
  const wanted = network.trim().toLowerCase();
  const accounts = counter.accounts.filter((a) => a.network?.toLowerCase() === wanted);
  if (accounts.length === 0) return undefined;
  if (accounts.length === counter.accounts.length) return counter;
  return {...counter, count: accounts.reduce((sum, a) => sum + a.count, 0), accounts, history: sumHistories(accounts.map((a) => a.history ?? []))};
}

/**
 * Adds histories taken at different moments: at each moment any of them has a
 * point, the latest count of each, from the first moment all of them are known.
 * Empty when any history is empty, since a sum with a missing part is not the total.
 */
export function sumHistories(histories: HistoryPoint[][]): HistoryPoint[] {
  if (histories.length === 0 || histories.some((h) => h.length === 0)) return [];
  const from = Math.max(...histories.map((h) => h[0].at));
  const moments = [...new Set(histories.flat().map((p) => p.at))].filter((at) => at >= from).sort((a, b) => a - b);
  const cursors = histories.map(() => 0);
  return moments.map((at) => {
    let count = 0;
    histories.forEach((h, i) => {
      while (cursors[i] + 1 < h.length && h[cursors[i] + 1].at <= at) cursors[i]++;
      count += h[cursors[i]].count;
    });
    return {at, count};
  });
}

/** The first point at or after a moment (histories are sorted, oldest first). */
export function firstPointFrom(history: HistoryPoint[], at: number): HistoryPoint | undefined {
  let low = 0;
  let high = history.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (history[mid].at < at) low = mid + 1;
    else high = mid;
  }
  return history[low];
}

/** The history with the current count as its last point, when the source's history stops short of it. */
export function historyUpTo(history: HistoryPoint[], count: number, now: number): HistoryPoint[] {
  const last = history.at(-1);
  if (!last || last.count === count) return history;
  return [...history, {at: Math.max(now, last.at), count}];
}

export interface Trend {
  direction: 'rising' | 'falling' | 'steady';
  from: number;
  to: number;
  /** Milliseconds from the first point to the last. */
  span: number;
}

/** Where a history went, first point to last; undefined with fewer than two points. */
export function trendOf(history: HistoryPoint[]): Trend | undefined {
  if (history.length < 2) return undefined;
  const first = history[0];
  const last = history[history.length - 1];
  const direction = last.count > first.count ? 'rising' : last.count < first.count ? 'falling' : 'steady';
  return {direction, from: first.count, to: last.count, span: last.at - first.at};
}

/**
 * The milestone (a multiple of `step`) crossed going from `previous` to
 * `next`, the highest one when several were; undefined when none was or the
 * count fell.
 */
export function milestoneCrossed(previous: number, next: number, step: number): number | undefined {
  if (!(step > 0) || next <= previous) return undefined;
  const milestone = Math.floor(next / step) * step;
  return milestone > previous && milestone > 0 ? milestone : undefined;
}

/**
 * The `points` of an SVG polyline drawing a history in a `width` × `height`
 * box (y grows downwards), evenly spaced in time, with at most `maxPoints`
 * points so a long history stays cheap to draw.
 */
export function sparklinePoints(history: HistoryPoint[], width: number, height: number, maxPoints = 120): string {
  const points = downsample(history, maxPoints);
  if (points.length < 2) return '';
  const t0 = points[0].at;
  const span = points[points.length - 1].at - t0 || 1;
  let low = Infinity;
  let high = -Infinity;
  for (const p of points) {
    low = Math.min(low, p.count);
    high = Math.max(high, p.count);
  }
  const range = high - low;
  const round = (n: number) => Math.round(n * 10) / 10;
  return points
    .map((p) => {
      const x = ((p.at - t0) / span) * width;
      // A flat line sits in the middle rather than on an edge.
      const y = range === 0 ? height / 2 : height - ((p.count - low) / range) * height;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

/** Keeps the first and last points and evenly spaced ones between. */
function downsample(history: HistoryPoint[], maxPoints: number): HistoryPoint[] {
  if (history.length <= maxPoints) return history;
  const step = (history.length - 1) / (maxPoints - 1);
  return Array.from({length: maxPoints}, (_, i) => history[Math.round(i * step)]);
}

/**
 * The counts this widget saw while polling, for a sparkline when the source
 * keeps no history: bounded, and a run of equal counts is kept as its two ends.
 */
export class ObservedHistory {
  #points: HistoryPoint[] = [];

  constructor(readonly limit = 200) {}

  get points(): readonly HistoryPoint[] {
    return this.#points;
  }

  /** Records a count; returns a new array each time, so a change is seen by identity. */
  add(point: HistoryPoint): void {
    const points = this.#points;
    const n = points.length;
    if (n >= 2 && points[n - 1].count === point.count && points[n - 2].count === point.count) {
      this.#points = [...points.slice(0, -1), point];
    } else {
      this.#points = [...points.slice(points.length >= this.limit ? 1 : 0), point];
    }
  }

  clear(): void {
    this.#points = [];
  }
}
