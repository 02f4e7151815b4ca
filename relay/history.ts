import type {HistoryPoint} from '../src/follow-counter/model.js';

/**
 * Follower history kept at three resolutions: every sample for 48 hours,
 * then the last sample of each hour for 90 days, then the last of each day
 * (UTC). A sample is taken only when the count changed or an hour has passed,
 * so a counter that polls every five minutes does not fill the file with
 * repeats.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const KEEP_ALL_MS = 48 * HOUR;
export const KEEP_HOURLY_MS = 90 * DAY;

export function worthRecording(last: HistoryPoint | undefined, point: HistoryPoint): boolean {
  return !last || last.count !== point.count || point.at - last.at >= HOUR;
}

/** The moments of samples to delete at `now` (samples sorted oldest first). */
export function thinned(samples: HistoryPoint[], now: number): number[] {
  const drop: number[] = [];
  const lastInBucket = new Map<string, number>();
  for (const s of samples) {
    const age = now - s.at;
    if (age <= KEEP_ALL_MS) continue;
    const bucket = age <= KEEP_HOURLY_MS ? `h${Math.floor(s.at / HOUR)}` : `d${Math.floor(s.at / DAY)}`;
    const previous = lastInBucket.get(bucket);
    if (previous !== undefined) drop.push(previous);
    lastInBucket.set(bucket, s.at);
  }
  return drop;
}
