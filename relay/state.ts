import {mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import Database from 'better-sqlite3';
import type {Post} from '../src/hashtag-feed/model.js';
import type {HistoryPoint} from '../src/follow-counter/model.js';
import type {HoldState} from './upstream.js';

/**
 * What must survive a restart, in SQLite (WAL mode, synchronous=FULL: a
 * committed poll survives kill -9 and power loss): each source's cursor and
 * health, the posts kept, follower samples and the latest account details,
 * the last good schedule, servers' rate-limit holds and Bluesky sessions'
 * expiry. Session tokens themselves stay in memory only.
 */

export interface SourceRow {
  key: string;
  cursor?: string;
  lastSuccess?: number;
  lastError?: string;
  lastErrorAt?: number;
  failures: number;
  /** The health readers are told (ok, failing, paused), since when, and why (in words). */
  state?: string;
  stateSince?: number;
  stateMessage?: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS source (
  key TEXT PRIMARY KEY,
  cursor TEXT,
  last_success INTEGER,
  last_error TEXT,
  last_error_at INTEGER,
  failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS post (
  source TEXT NOT NULL,
  key TEXT NOT NULL,
  at INTEGER NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (source, key)
);
CREATE INDEX IF NOT EXISTS post_by_time ON post (source, at DESC);
CREATE TABLE IF NOT EXISTS sample (
  source TEXT NOT NULL,
  at INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (source, at)
);
CREATE TABLE IF NOT EXISTS document (
  source TEXT PRIMARY KEY,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hold (
  origin TEXT PRIMARY KEY,
  until INTEGER NOT NULL,
  reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS session (
  service TEXT NOT NULL,
  identifier TEXT NOT NULL,
  access_expires INTEGER,
  refresh_expires INTEGER,
  created INTEGER NOT NULL,
  refused_until INTEGER,
  PRIMARY KEY (service, identifier)
);
CREATE TABLE IF NOT EXISTS login (
  service TEXT NOT NULL,
  identifier TEXT NOT NULL,
  at INTEGER NOT NULL
);
`;

const DATE_KEYS = new Set(['created', 'boostedAt']);

/** Posts are stored as the model's JSON; its dates come back as Dates. */
export function revivePost(json: string): Post {
  return JSON.parse(json, (key, value: unknown) => (DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value)) as Post;
}

export class State {
  readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), {recursive: true});
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    // Files made before the health columns existed.
    const columns = new Set((this.db.prepare('PRAGMA table_info(source)').all() as Array<{name: string}>).map((c) => c.name));
    for (const [name, type] of [['state', 'TEXT'], ['state_since', 'INTEGER'], ['state_message', 'TEXT']]) {
      if (!columns.has(name)) this.db.exec(`ALTER TABLE source ADD COLUMN ${name} ${type}`);
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` in one transaction: all of it is committed, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  source(key: string): SourceRow {
    const row = this.db.prepare('SELECT * FROM source WHERE key = ?').get(key) as Record<string, unknown> | undefined;
    return {
      key,
      cursor: (row?.cursor as string | null) ?? undefined,
      lastSuccess: (row?.last_success as number | null) ?? undefined,
      lastError: (row?.last_error as string | null) ?? undefined,
      lastErrorAt: (row?.last_error_at as number | null) ?? undefined,
      failures: (row?.failures as number | undefined) ?? 0,
      state: (row?.state as string | null) ?? undefined,
      stateSince: (row?.state_since as number | null) ?? undefined,
      stateMessage: (row?.state_message as string | null) ?? undefined,
    };
  }

  saveSource(row: SourceRow): void {
    this.db
      .prepare(
        `INSERT INTO source (key, cursor, last_success, last_error, last_error_at, failures, state, state_since, state_message)
         VALUES (@key, @cursor, @lastSuccess, @lastError, @lastErrorAt, @failures, @state, @stateSince, @stateMessage)
         ON CONFLICT (key) DO UPDATE SET cursor = excluded.cursor, last_success = excluded.last_success, last_error = excluded.last_error,
           last_error_at = excluded.last_error_at, failures = excluded.failures, state = excluded.state, state_since = excluded.state_since,
           state_message = excluded.state_message`,
      )
      .run({cursor: null, lastSuccess: null, lastError: null, lastErrorAt: null, state: null, stateSince: null, stateMessage: null, ...row});
  }

  /** Adds or replaces posts of a source, then keeps only its `keep` newest. */
  savePosts(source: string, posts: Array<{key: string; at: number; post: Post}>, keep: number): void {
    const upsert = this.db.prepare('INSERT INTO post (source, key, at, json) VALUES (?, ?, ?, ?) ON CONFLICT (source, key) DO UPDATE SET at = excluded.at, json = excluded.json');
    for (const {key, at, post} of posts) upsert.run(source, key, at, JSON.stringify(post));
    this.db.prepare('DELETE FROM post WHERE source = ? AND key NOT IN (SELECT key FROM post WHERE source = ? ORDER BY at DESC LIMIT ?)').run(source, source, keep);
  }

  /** Removes posts by URI (deleted), or every post of an account (deleted, taken down, deactivated). */
  removePosts(source: string, uris: string[], dids: string[] = []): void {
    const byKey = this.db.prepare('DELETE FROM post WHERE source = ? AND key = ?');
    for (const uri of uris) byKey.run(source, uri);
    const byDid = this.db.prepare("DELETE FROM post WHERE source = ? AND key LIKE ? ESCAPE '\\'");
    for (const did of dids) byDid.run(source, `at://${did.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
  }

  posts(source: string): Post[] {
    const rows = this.db.prepare('SELECT json FROM post WHERE source = ? ORDER BY at DESC').all(source) as Array<{json: string}>;
    return rows.map((r) => revivePost(r.json));
  }

  addSample(source: string, point: HistoryPoint): void {
    this.db.prepare('INSERT OR REPLACE INTO sample (source, at, count) VALUES (?, ?, ?)').run(source, point.at, point.count);
  }

  samples(source: string): HistoryPoint[] {
    return this.db.prepare('SELECT at, count FROM sample WHERE source = ? ORDER BY at').all(source) as HistoryPoint[];
  }

  deleteSamples(source: string, ats: number[]): void {
    const remove = this.db.prepare('DELETE FROM sample WHERE source = ? AND at = ?');
    for (const at of ats) remove.run(source, at);
  }

  /** The last good value of a source (a schedule's model, a counter's account details), as JSON. */
  document(source: string): string | undefined {
    return (this.db.prepare('SELECT json FROM document WHERE source = ?').get(source) as {json: string} | undefined)?.json;
  }

  saveDocument(source: string, json: string): void {
    this.db.prepare('INSERT OR REPLACE INTO document (source, json) VALUES (?, ?)').run(source, json);
  }

  holds(): Array<{origin: string} & HoldState> {
    return this.db.prepare('SELECT origin, until, reason FROM hold').all() as Array<{origin: string} & HoldState>;
  }

  saveHold(origin: string, hold: HoldState | undefined): void {
    if (hold) this.db.prepare('INSERT OR REPLACE INTO hold (origin, until, reason) VALUES (?, ?, ?)').run(origin, hold.until, hold.reason);
    else this.db.prepare('DELETE FROM hold WHERE origin = ?').run(origin);
  }

  /** A login made (Bluesky allows about 100 a day per account, so the relay keeps count) and its tokens' expiry. */
  recordLogin(service: string, identifier: string, at: number, accessExpires?: number, refreshExpires?: number): void {
    this.transaction(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO session (service, identifier, access_expires, refresh_expires, created, refused_until) VALUES (?, ?, ?, ?, ?, NULL)')
        .run(service, identifier, accessExpires ?? null, refreshExpires ?? null, at);
      this.db.prepare('INSERT INTO login (service, identifier, at) VALUES (?, ?, ?)').run(service, identifier, at);
      this.db.prepare('DELETE FROM login WHERE at < ?').run(at - 7 * 86_400_000);
    });
  }

  /** A refused login: counted too, and no new attempt before `until`, also from the next `once` run. */
  recordRefusedLogin(service: string, identifier: string, at: number, until: number): void {
    this.transaction(() => {
      this.db
        .prepare('INSERT INTO session (service, identifier, created, refused_until) VALUES (?, ?, ?, ?) ON CONFLICT (service, identifier) DO UPDATE SET refused_until = excluded.refused_until')
        .run(service, identifier, at, until);
      this.db.prepare('INSERT INTO login (service, identifier, at) VALUES (?, ?, ?)').run(service, identifier, at);
    });
  }

  loginsSince(service: string, identifier: string, since: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM login WHERE service = ? AND identifier = ? AND at >= ?').get(service, identifier, since) as {n: number}).n;
  }

  refusedUntil(service: string, identifier: string): number {
    const row = this.db.prepare('SELECT refused_until FROM session WHERE service = ? AND identifier = ?').get(service, identifier) as {refused_until: number | null} | undefined;
    return row?.refused_until ?? 0;
  }
}
