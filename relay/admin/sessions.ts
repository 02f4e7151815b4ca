import {createHash, createHmac, randomBytes, timingSafeEqual} from 'node:crypto';
import type Database from 'better-sqlite3';
import {ADMIN_SCHEMA} from './users.js';

/**
 * Console sessions, in the relay's SQLite state file so that they survive a
 * restart and so that `trust-relay user remove` (another process) ends them.
 *
 * A session id is 32 random bytes, given to the browser once, in its cookie;
 * the file keeps only its SHA-256, so a copy of the state file signs nobody
 * in. The CSRF token is derived from the id (an HMAC keyed by it), so it is
 * kept nowhere at all and dies with the session.
 */

export type Via = 'password' | 'proxy';

export interface Session {
  /** The SHA-256 of the id: what the file and the logs may hold. */
  hash: string;
  user: string;
  via: Via;
  created: number;
  lastSeen: number;
  csrf: string;
}

export interface SessionTimes {
  idleMs: number;
  maxMs: number;
  now: () => number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
/** The last-seen time is written at most this often: not one write per request. */
const TOUCH_EVERY_MS = 15_000;

/** Equal strings, compared in constant time. */
export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Sessions {
  constructor(
    readonly db: Database.Database,
    readonly times: SessionTimes,
  ) {
    db.exec(ADMIN_SCHEMA);
  }

  /** A new session: its id is returned once, for the cookie, and never stored. */
  create(user: string, via: Via): {id: string; session: Session} {
    const id = randomBytes(32).toString('base64url');
    const now = this.times.now();
    this.db.prepare('INSERT INTO admin_session (id, user, via, created, last_seen) VALUES (?, ?, ?, ?, ?)').run(sha256(id), user, via, now, now);
    return {id, session: {hash: sha256(id), user, via, created: now, lastSeen: now, csrf: csrfOf(id)}};
  }

  /**
   * The live session of an id, or undefined: unknown, idle for too long,
   * older than the absolute limit, or its account removed. `touch` counts
   * the request as activity (an event stream's heartbeat does not).
   */
  get(id: string | undefined, touch = true): Session | undefined {
    if (!id || id.length > 100) return undefined;
    const hash = sha256(id);
    const row = this.db
      .prepare(
        `SELECT s.user, s.via, s.created, s.last_seen, u.name AS account FROM admin_session s
         LEFT JOIN admin_user u ON u.name = s.user WHERE s.id = ?`,
      )
      .get(hash) as {user: string; via: Via; created: number; last_seen: number; account: string | null} | undefined;
    if (!row) return undefined;
    const now = this.times.now();
    const dead = now - row.last_seen > this.times.idleMs || now - row.created > this.times.maxMs || (row.via === 'password' && row.account === null);
    if (dead) {
      this.end(hash);
      return undefined;
    }
    let lastSeen = row.last_seen;
    if (touch && now - lastSeen >= TOUCH_EVERY_MS) {
      this.db.prepare('UPDATE admin_session SET last_seen = ? WHERE id = ?').run(now, hash);
      lastSeen = now;
    }
    return {hash, user: row.account ?? row.user, via: row.via, created: row.created, lastSeen, csrf: csrfOf(id)};
  }

  /** Ends a session by its hash. */
  end(hash: string): void {
    this.db.prepare('DELETE FROM admin_session WHERE id = ?').run(hash);
  }

  /** Forgets the sessions that have expired (they are refused anyway; this keeps the table small). */
  sweep(): void {
    const now = this.times.now();
    this.db.prepare('DELETE FROM admin_session WHERE last_seen < ? OR created < ?').run(now - this.times.idleMs, now - this.times.maxMs);
  }
}

/** The CSRF token of a session id: derived, so neither the file nor memory keeps it. */
export function csrfOf(id: string): string {
  return createHmac('sha256', id).update('trust-relay admin csrf').digest('base64url');
}

/**
 * The sign-in form's token before there is a session: a short-lived cookie
 * (issue time and a random nonce) and, in the form, an HMAC of it under a
 * key that lives only in this process. A POST needs both, the pair must be
 * younger than `lifetimeMs`, and each pair signs in at most once, so a form
 * replayed without its cookie, or replayed at all, is refused.
 */
export class LoginForms {
  readonly #key = randomBytes(32);
  readonly #used = new Map<string, number>();

  constructor(
    readonly now: () => number,
    readonly lifetimeMs = 30 * 60_000,
  ) {}

  issue(): {cookie: string; token: string} {
    const cookie = `${this.now().toString(36)}.${randomBytes(18).toString('base64url')}`;
    return {cookie, token: this.#sign(cookie)};
  }

  /** Whether the pair is genuine, fresh and unused; it is used up either way. */
  take(cookie: string | undefined, token: string | undefined): boolean {
    if (!cookie || !token || cookie.length > 100) return false;
    if (!sameSecret(this.#sign(cookie), token)) return false;
    const issued = parseInt(cookie.split('.')[0], 36);
    const now = this.now();
    if (!(issued <= now + 60_000) || now - issued > this.lifetimeMs) return false;
    for (const [used, at] of this.#used) if (now - at > this.lifetimeMs) this.#used.delete(used);
    if (this.#used.has(cookie)) return false;
    this.#used.set(cookie, issued);
    return true;
  }

  #sign(cookie: string): string {
    return createHmac('sha256', this.#key).update(cookie).digest('base64url');
  }
}
