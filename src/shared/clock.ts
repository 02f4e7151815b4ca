/**
 * The one clock that everything time-dependent reads: relative times,
 * "happening now", polling intervals, back-off and request time-outs.
 *
 * In normal use it is the real clock. Tests and the demo switch it to manual
 * time (`./manual-time.ts`: `useManualTime`, then `advance`/`set`, which run
 * the due timers in order), so nothing in the library ever needs a real sleep
 * to test. Manual time drives this clock through `driver`; its code stays out
 * of the widgets' bundles.
 */
export type TimerHandle = number;

/** What manual time plugs into the clock. */
export interface ClockDriver {
  now(): number;
  /** 0: time stands still until it is advanced (tests); above 0: it runs that many times faster than real time (the demo). */
  readonly rate: number;
  /** With rate 0: holds a timer until time is advanced past it. */
  add(fn: () => void, ms: number): TimerHandle;
  remove(handle: TimerHandle): void;
  readonly pending: number;
}

class Clock {
  /** Manual time, while it is on. */
  driver: ClockDriver | null = null;
  #realTimers = new Set<number>();
  #listeners = new Set<() => void>();

  /** Milliseconds since the epoch. */
  now(): number {
    return this.driver ? this.driver.now() : Date.now();
  }

  date(): Date {
    return new Date(this.now());
  }

  /**
   * Runs `fn` after `ms` of clock time. Timers that pace talk with servers
   * (polling, back-off, request time-outs) pass `{network: true}`: when the
   * demo runs time faster, those still wait real time, so a replayed week does
   * not hammer its server or time out every request. In tests (standing
   * manual time) every timer waits for `advance`.
   */
  setTimeout(fn: () => void, ms: number, options: {network?: boolean} = {}): TimerHandle {
    const d = this.driver;
    if (d?.rate === 0) return d.add(fn, ms);
    const delay = d && !options.network ? Math.max(0, ms) / d.rate : Math.max(0, ms);
    const id = window.setTimeout(() => {
      this.#realTimers.delete(id);
      fn();
    }, delay);
    this.#realTimers.add(id);
    return id;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    this.driver?.remove(handle);
    if (this.#realTimers.delete(handle)) window.clearTimeout(handle);
  }

  /** Timers still waiting to run: lets tests prove that nothing is left behind. */
  get pendingTimers(): number {
    return (this.driver?.pending ?? 0) + this.#realTimers.size;
  }

  /** Called whenever time is jumped or switched, so displays can re-render. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells the listeners that time was jumped or switched. */
  changed(): void {
    for (const l of this.#listeners) l();
  }
}

export const clock = new Clock();
export type {Clock};
