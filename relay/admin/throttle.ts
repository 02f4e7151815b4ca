/**
 * Sign-in throttling: failures are counted per key (an account's name,
 * known or not, and an address); from the `limit`-th failure in a row the
 * key waits, one minute after the limit is reached, then twice as long after
 * each further failure, up to an hour. A key that has not failed for
 * `windowMs` after its wait is forgotten; a success clears an account's
 * count (never an address's: one good account must not reset the count of
 * an address trying many).
 *
 * Kept in memory: it exists to slow down guessing, and a relay restart is
 * not something a guesser can cause.
 */

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

interface Entry {
  failures: number;
  last: number;
  rule: ThrottleRule;
}

const FIRST_WAIT_MS = 60_000;
const LONGEST_WAIT_MS = 3_600_000;
/** Bounded: a flood of invented names cannot grow the table without end. */
const MAX_KEYS = 50_000;

export class Throttle {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly now: () => number) {}

  #waitOf(entry: Entry): number {
    if (entry.failures < entry.rule.limit) return 0;
    return Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (entry.failures - entry.rule.limit));
  }

  #entry(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.now() - entry.last > entry.rule.windowMs + this.#waitOf(entry)) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** How long the longest-waiting of these keys must still wait, in ms (0: go ahead). */
  wait(keys: string[]): number {
    let wait = 0;
    for (const key of keys) {
      const entry = this.#entry(key);
      if (entry) wait = Math.max(wait, entry.last + this.#waitOf(entry) - this.now());
    }
    return Math.max(0, wait);
  }

  fail(keys: Array<[string, ThrottleRule]>): void {
    for (const [key, rule] of keys) {
      const entry = this.#entry(key) ?? {failures: 0, last: 0, rule};
      entry.failures++;
      entry.last = this.now();
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    while (this.#entries.size > MAX_KEYS) this.#entries.delete(this.#entries.keys().next().value!);
  }

  clear(key: string): void {
    this.#entries.delete(key);
  }
}

/** "Too many attempts: try again in 4 minutes". */
export function waitMessage(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `Too many attempts: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
