import {line} from '../../src/shared/plain-text.js';
import {TrustError, type ErrorKind} from '../../src/shared/errors.js';
import {Secret} from '../secrets.js';
import type {State} from '../state.js';

/**
 * What the sources that read a platform with the trust's own credentials (X,
 * the Graph API) keep in the state file besides the relay's own tables: how
 * much was read each UTC day (X bills per post and per user read), and a pause
 * a source put itself in (a day's limit reached, Meta's usage over 100 %, an
 * exhausted credit), so a restart does not ask again before its time.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS platform_reads (
  source TEXT NOT NULL,
  day TEXT NOT NULL,
  posts INTEGER NOT NULL DEFAULT 0,
  users INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, day)
);
CREATE TABLE IF NOT EXISTS platform_pause (
  source TEXT PRIMARY KEY,
  until INTEGER NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL
);
`;

export interface Reads {
  posts: number;
  users: number;
}

export interface Pause {
  until: number;
  kind: ErrorKind;
  reason: string;
}

const ready = new WeakSet<State>();

export class PlatformState {
  constructor(private readonly state: State) {
    if (!ready.has(state)) {
      state.db.exec(SCHEMA);
      ready.add(state);
    }
  }

  reads(source: string, day: string): Reads {
    const row = this.state.db.prepare('SELECT posts, users FROM platform_reads WHERE source = ? AND day = ?').get(source, day) as Reads | undefined;
    return row ?? {posts: 0, users: 0};
  }

  /** Adds to the day's reads; days more than a month old are forgotten. */
  addReads(source: string, day: string, posts: number, users: number): void {
    this.state.transaction(() => {
      this.state.db
        .prepare('INSERT INTO platform_reads (source, day, posts, users) VALUES (?, ?, ?, ?) ON CONFLICT (source, day) DO UPDATE SET posts = posts + excluded.posts, users = users + excluded.users')
        .run(source, day, posts, users);
      this.state.db.prepare('DELETE FROM platform_reads WHERE source = ? AND day < ?').run(source, utcDay(Date.parse(`${day}T00:00:00Z`) - 31 * DAY_MS));
    });
  }

  /** The pause a source is in, if it still runs. */
  pause(source: string, now: number): Pause | undefined {
    const row = this.state.db.prepare('SELECT until, kind, reason FROM platform_pause WHERE source = ?').get(source) as Pause | undefined;
    if (row && row.until <= now) {
      this.state.db.prepare('DELETE FROM platform_pause WHERE source = ?').run(source);
      return undefined;
    }
    return row;
  }

  setPause(source: string, pause: Pause): void {
    this.state.db.prepare('INSERT OR REPLACE INTO platform_pause (source, until, kind, reason) VALUES (?, ?, ?, ?)').run(source, pause.until, pause.kind, pause.reason);
  }

  /** Throws the pause's own words while it runs: no request is made before its time. */
  throwIfPaused(source: string, now: number): void {
    const pause = this.pause(source, now);
    if (pause) throw new TrustError(pause.kind, pause.reason, {retryAfterMs: pause.until - now});
  }
}

export const DAY_MS = 86_400_000;

/** The UTC day of a moment, YYYY-MM-DD. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The next 00:00 UTC after a moment. */
export function nextUtcMidnight(ms: number): number {
  return (Math.floor(ms / DAY_MS) + 1) * DAY_MS;
}

const numbers = new Intl.NumberFormat('en-GB');

/** A number as people read it: "1,000". */
export function formatCount(n: number): string {
  return numbers.format(n);
}

/** A length of time in words: "15 minutes", "1 hour 5 minutes". */
export function formatWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const part = (n: number, unit: string) => `${formatCount(n)} ${unit}${n === 1 ? '' : 's'}`;
  return [hours ? part(hours, 'hour') : '', rest ? part(rest, 'minute') : ''].filter(Boolean).join(' ');
}

/**
 * A platform's own words, fit to quote in a message: one line, at most
 * `max` characters, no control characters, and never a known secret (a
 * platform can echo a token back in an error).
 */
export function quoted(value: unknown, max = 300): string | undefined {
  return typeof value === 'string' ? line(Secret.redact(value), max) : undefined;
}
