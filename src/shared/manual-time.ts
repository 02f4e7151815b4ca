/**
 * Manual time for tests and the demo, kept out of the widgets' bundles:
 * importing this module adds its controls to the one clock. With `rate` 0
 * time stands still until `advance` or `set` moves it, running the due timers
 * in order; with a positive rate it runs that many times faster than real
 * time (the demo replays a week in minutes).
 *
 *     import {clock} from 'trust-widgets'; // or src/shared/manual-time.js
 *     clock.useManualTime('2016-10-24T09:00:00Z');
 *     await clock.advance(60_000);
 */
import {clock as baseClock, type Clock, type ClockDriver, type TimerHandle} from './clock.js';

interface ManualTimer {
  id: number;
  at: number;
  fn: () => void;
}

class ManualDriver implements ClockDriver {
  timers: ManualTimer[] = [];
  #nextId = 1;
  /** The standing time (rate 0), or where running time was last set. */
  current: number;
  base: number;
  realBase = performance.now();

  constructor(
    start: number,
    readonly rate: number,
  ) {
    this.current = this.base = start;
  }

  now(): number {
    return this.rate === 0 ? this.current : this.base + (performance.now() - this.realBase) * this.rate;
  }

  add(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    this.timers.push({id, at: this.current + Math.max(0, ms), fn});
    return id;
  }

  remove(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }
}

export interface ManualTime {
  /** Switches to manual time starting at `start`; `rate` 0 (the default, for tests) stands still until `advance`. */
  useManualTime(start: Date | number | string, rate?: number): void;
  /** Back to the real clock; manual timers are dropped. */
  useRealTime(): void;
  readonly isManual: boolean;
  /** Moves standing time forward, running each due timer in order and letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Jumps manual time to a date (forwards runs due timers; backwards just moves; running time carries on from there). */
  set(date: Date | number | string): Promise<void>;
}

function driver(clock: Clock, method: string): ManualDriver {
  if (!(clock.driver instanceof ManualDriver)) throw new Error(`clock.${method}() needs clock.useManualTime(start) first`);
  return clock.driver;
}

/** Lets pending promise callbacks (fetch resolutions, Lit updates) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => queueMicrotask(r));
}

const controls: ManualTime & ThisType<Clock & ManualTime> = {
  useManualTime(start, rate = 0) {
    this.driver = new ManualDriver(new Date(start).getTime(), rate);
    this.changed();
  },

  useRealTime() {
    this.driver = null;
    this.changed();
  },

  get isManual() {
    return this.driver instanceof ManualDriver;
  },

  async advance(ms) {
    const m = driver(this, 'advance');
    if (m.rate !== 0) throw new Error('clock.advance() needs standing time: clock.useManualTime(start) with rate 0');
    const target = m.current + ms;
    for (;;) {
      await settle();
      const due = m.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      m.timers = m.timers.filter((t) => t !== due);
      m.current = Math.max(m.current, due.at);
      due.fn();
    }
    m.current = target;
    await settle();
    this.changed();
  },

  async set(date) {
    const m = driver(this, 'set');
    const to = new Date(date).getTime();
    if (m.rate > 0) {
      m.base = to;
      m.realBase = performance.now();
      this.changed();
      return;
    }
    if (to >= m.current) return this.advance(to - m.current);
    m.current = to;
    this.changed();
  },
};

Object.defineProperties(baseClock, Object.getOwnPropertyDescriptors(controls));

/** The one clock, with manual time's controls. */
export const clock = baseClock as Clock & ManualTime;
