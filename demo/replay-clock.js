/**
 * The demo's replay of the social media week. Demo time starts on Monday
 * morning and runs `rate` times faster than real time (about 20 minutes for
 * the whole week by default); after Friday evening the replay starts again.
 * The emulated Mastodon server and the page both read this time, so posts
 * appear and followers arrive as the schedule plays out.
 */
export const WEEK_START = Date.parse('2016-10-24T08:30:00+01:00');
export const WEEK_END = Date.parse('2016-10-28T19:00:00+01:00');
/** Monday 08:30 to Friday 19:00 is 106.5 hours: at 320x that is 20 minutes. */
export const DEFAULT_RATE = 320;

/**
 * @param {{start?: number, end?: number, rate?: number, realNow?: () => number}} [options]
 */
export function createReplayClock({start = WEEK_START, end = WEEK_END, rate = DEFAULT_RATE, realNow = () => Date.now()} = {}) {
  if (!(rate > 0)) throw new RangeError(`The replay rate must be a positive number, not ${rate}`);
  let anchorDemo = start;
  let anchorReal = realNow();
  const listeners = new Set();
  const current = () => anchorDemo + (realNow() - anchorReal) * rate;
  // After the clock has moved: a listener may read the time again.
  const wentBack = () => {
    for (const listener of listeners) listener();
  };

  return {
    start,
    end,
    rate,
    /** Demo time in milliseconds since the epoch. */
    now() {
      const demo = current();
      if (demo < end) return demo;
      // The week is over: play it again from Monday morning.
      anchorDemo = start + ((demo - start) % (end - start));
      anchorReal = realNow();
      wentBack();
      return anchorDemo;
    },
    /** Jumps to a moment of the week (clamped to the replay's span). */
    set(ms) {
      const before = Math.min(current(), end);
      anchorDemo = Math.min(Math.max(ms, start), end - 1);
      anchorReal = realNow();
      if (anchorDemo < before) wentBack();
    },
    /**
     * Calls `listener` whenever time goes back: the replay starts again from
     * Monday, or someone jumps back. Whatever was built from "later" (the
     * demo's relay) starts afresh. Returns a function that removes it.
     */
    onRestart(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
