/**
 * The one clock that everything time-dependent reads: relative times,
 * "happening now", polling intervals, back-off and request time-outs.
 *
 * In normal use it is the real clock. Tests and the demo switch it to manual
 * time (`useManualTime`) and move it with `advance`/`set`, which runs the due
 * timers in order, so nothing in the library ever needs a real sleep to test.
 */
export type TimerHandle = number;

interface ManualTimer {
  id: number;
  at: number;
  fn: () => void;
}

class Clock {
  #manual: {now: number; timers: ManualTimer[]; rate: number; base: number; realBase: number} | null = null;
  #nextId = 1;
  #realTimers = new Set<number>();
  #listeners = new Set<() => void>();

  /** Milliseconds since the epoch. */
  now(): number {
    const m = this.#manual;
    if (!m) return Date.now();
    if (m.rate === 0) return m.now;
    return m.base + (performance.now() - m.realBase) * m.rate;
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
    const m = this.#manual;
    if (m && m.rate === 0) {
      const id = this.#nextId++;
      m.timers.push({id, at: m.now + Math.max(0, ms), fn});
      return id;
    }
    const delay = m && !options.network ? Math.max(0, ms) / m.rate : Math.max(0, ms);
    const id = window.setTimeout(() => {
      this.#realTimers.delete(id);
      fn();
    }, delay);
    this.#realTimers.add(id);
    return id;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    if (this.#manual) this.#manual.timers = this.#manual.timers.filter((t) => t.id !== handle);
    if (this.#realTimers.delete(handle)) window.clearTimeout(handle);
  }

  /** Timers still waiting to run: lets tests prove that nothing is left behind. */
  get pendingTimers(): number {
    return (this.#manual?.timers.length ?? 0) + this.#realTimers.size;
  }

  /**
   * Switches to manual time starting at `start`. With `rate` 0 (the default,
   * for tests) time stands still until `advance`; with a positive rate it runs
   * that many times faster than real time (the demo replays a week in minutes).
   */
  useManualTime(start: Date | number | string, rate = 0): void {
    const now = new Date(start).getTime();
    this.#manual = {now, timers: [], rate, base: now, realBase: performance.now()};
    this.#emit();
  }

  /** Back to the real clock; manual timers are dropped. */
  useRealTime(): void {
    this.#manual = null;
    this.#emit();
  }

  get isManual(): boolean {
    return this.#manual !== null;
  }

  /** Moves manual time forward, running each due timer in order and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const m = this.#manual;
    if (!m || m.rate !== 0) throw new Error('clock.advance() needs clock.useManualTime(start) first');
    const target = m.now + ms;
    for (;;) {
      await settle();
      const due = m.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      m.timers = m.timers.filter((t) => t !== due);
      m.now = Math.max(m.now, due.at);
      due.fn();
    }
    m.now = target;
    await settle();
    this.#emit();
  }

  /** Jumps manual time to a date (forwards runs due timers; backwards just moves; running time carries on from there). */
  async set(date: Date | number | string): Promise<void> {
    const m = this.#manual;
    if (!m) throw new Error('clock.set() needs clock.useManualTime(start) first');
    const to = new Date(date).getTime();
    if (m.rate > 0) {
      m.base = to;
      m.realBase = performance.now();
      this.#emit();
      return;
    }
    if (to >= m.now) return this.advance(to - m.now);
    m.now = to;
    this.#emit();
  }

  /** Called whenever time is jumped or switched, so displays can re-render. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}

/** Lets pending promise callbacks (fetch resolutions, Lit updates) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => queueMicrotask(r));
}

export const clock = new Clock();
export type {Clock};
