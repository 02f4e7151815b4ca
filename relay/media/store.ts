import {createHash} from 'node:crypto';
import {mkdirSync, readdirSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import type Database from 'better-sqlite3';
import {writeAtomic} from '../output.js';
import type {FetchedMedia} from './fetch.js';
import type {ImageType} from './image.js';

/**
 * The pictures the relay serves in place of the platforms': files under
 * `<out>/media/<sha256 of the content>.<ext>` (immutable names, so readers
 * may cache them for a year, and one picture in two posts, or at two URLs, is
 * one file), indexed in the relay's state database (its own tables, created
 * if missing): which source URL gave which file, each file's type, size and
 * last use, which published posts use which URL, and recent failures (a
 * negative cache, so a broken picture is not fetched again every poll).
 *
 * Bounded by count and bytes: past either, the least recently used files go
 * first. A file goes as soon as the last post that used it is no longer
 * published. A file is written (atomically) before its row is committed and
 * its row removed before the file is, so a crash leaves at most a file the
 * index does not know, removed when the store next opens.
 */

export const MEDIA_FOLDER = 'media';
const NAME = /^[0-9a-f]{64}\.(png|jpg|gif|webp|avif)$/;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS media_file (
  name TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created INTEGER NOT NULL,
  last_used INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS media_file_by_use ON media_file (last_used);
CREATE TABLE IF NOT EXISTS media_url (
  url TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS media_url_by_name ON media_url (name);
CREATE TABLE IF NOT EXISTS media_use (
  owner TEXT NOT NULL,
  post TEXT NOT NULL,
  url TEXT NOT NULL,
  PRIMARY KEY (owner, post, url)
);
CREATE INDEX IF NOT EXISTS media_use_by_url ON media_use (url);
CREATE TABLE IF NOT EXISTS media_failure (
  url TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  failures INTEGER NOT NULL,
  at INTEGER NOT NULL,
  until INTEGER NOT NULL
);
`;

export interface MediaStoreOptions {
  /** The relay's state database (State.db). */
  db: Database.Database;
  /** The relay's `out` folder; files go in its media/ folder. */
  out: string;
  /** Default 2,000 files. */
  maxFiles?: number;
  /** Default 500 MB. */
  maxBytes?: number;
  /** A first failure is not retried for this long, doubling with each further failure; default 10 minutes. */
  failureMs?: number;
  /** The longest a failure is remembered; default a day. A refusal (permanent) is remembered this long at once. */
  maxFailureMs?: number;
  /** A file no published post has used for this long is removed; default an hour. */
  unusedMs?: number;
  clock?: {now(): number};
}

export interface StoredMedia {
  name: string;
  type: ImageType;
  bytes: number;
}

/** What the server sends for /media/<name>. */
export interface MediaFile {
  name: string;
  path: string;
  bytes: number;
  contentType: ImageType;
  etag: string;
  /** Every header to send with it (Content-Length included). */
  headers: Record<string, string>;
}

export class MediaStore {
  readonly dir: string;
  readonly #db: Database.Database;
  readonly #o: Required<Omit<MediaStoreOptions, 'db' | 'out'>>;

  constructor(options: MediaStoreOptions) {
    this.#db = options.db;
    this.dir = join(options.out, MEDIA_FOLDER);
    this.#o = {
      maxFiles: options.maxFiles ?? 2000,
      maxBytes: options.maxBytes ?? 500 * 1024 * 1024,
      failureMs: options.failureMs ?? 10 * 60_000,
      maxFailureMs: options.maxFailureMs ?? 86_400_000,
      unusedMs: options.unusedMs ?? 3_600_000,
      clock: options.clock ?? {now: () => Date.now()},
    };
    this.#db.exec(SCHEMA);
    mkdirSync(this.dir, {recursive: true});
    this.#reconcile();
  }

  /** After a crash or a hand-edited folder: rows without a file are dropped, files without a row removed. */
  #reconcile(): void {
    const known = new Set((this.#db.prepare('SELECT name FROM media_file').all() as Array<{name: string}>).map((r) => r.name));
    const onDisk = new Set<string>();
    for (const name of readdirSync(this.dir)) {
      if (known.has(name)) onDisk.add(name);
      else rmSync(join(this.dir, name), {force: true, recursive: false});
    }
    this.#db.transaction(() => {
      this.#remove([...known].filter((name) => !onDisk.has(name)));
      this.#db.prepare('DELETE FROM media_url WHERE name NOT IN (SELECT name FROM media_file)').run();
    })();
  }

  /** The stored picture for a source URL, if there is one. */
  get(url: string): StoredMedia | undefined {
    return this.#db.prepare('SELECT f.name, f.type, f.bytes FROM media_url u JOIN media_file f ON f.name = u.name WHERE u.url = ?').get(url) as StoredMedia | undefined;
  }

  /** Why this URL is not being fetched again yet, if it failed recently. */
  failure(url: string): string | undefined {
    const row = this.#db.prepare('SELECT reason, until FROM media_failure WHERE url = ?').get(url) as {reason: string; until: number} | undefined;
    return row && row.until > this.#o.clock.now() ? row.reason : undefined;
  }

  /** Stores a fetched picture (once per content) under its URL, then keeps within the bounds. */
  put(media: FetchedMedia): StoredMedia {
    const now = this.#o.clock.now();
    const name = `${createHash('sha256').update(media.body).digest('hex')}.${media.ext}`;
    const exists = this.#db.prepare('SELECT 1 FROM media_file WHERE name = ?').get(name);
    if (!exists) writeAtomic(join(this.dir, name), media.body);
    this.#db.transaction(() => {
      this.#db
        .prepare('INSERT INTO media_file (name, type, bytes, created, last_used) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET last_used = excluded.last_used')
        .run(name, media.type, media.body.length, now, now);
      this.#db.prepare('INSERT OR REPLACE INTO media_url (url, name) VALUES (?, ?)').run(media.url, name);
      this.#db.prepare('DELETE FROM media_failure WHERE url = ?').run(media.url);
    })();
    this.#evict();
    return {name, type: media.type, bytes: media.body.length};
  }

  /** Remembers a failure: not fetched again for a while, longer each time (a refusal at once for the longest). */
  fail(url: string, reason: string, permanent = false): void {
    const now = this.#o.clock.now();
    const row = this.#db.prepare('SELECT failures FROM media_failure WHERE url = ?').get(url) as {failures: number} | undefined;
    const failures = (row?.failures ?? 0) + 1;
    const wait = permanent ? this.#o.maxFailureMs : Math.min(this.#o.maxFailureMs, this.#o.failureMs * 2 ** (failures - 1));
    this.#db.prepare('INSERT OR REPLACE INTO media_failure (url, reason, failures, at, until) VALUES (?, ?, ?, ?, ?)').run(url, reason, failures, now, now + wait);
    this.#db.prepare('DELETE FROM media_failure WHERE until < ?').run(now - this.#o.maxFailureMs);
  }

  /**
   * The posts of one published file (`owner`, e.g. "feeds/week.json") and the
   * URLs each uses, as now published: uses of posts no longer there are
   * dropped, and a file no published post uses any more is deleted. The
   * files used are marked as used now.
   */
  retain(owner: string, uses: ReadonlyMap<string, readonly string[]>): void {
    const now = this.#o.clock.now();
    const gone: string[] = [];
    this.#db.transaction(() => {
      const before = this.#namesOf(owner);
      this.#db.prepare('DELETE FROM media_use WHERE owner = ?').run(owner);
      const add = this.#db.prepare('INSERT OR IGNORE INTO media_use (owner, post, url) VALUES (?, ?, ?)');
      for (const [post, urls] of uses) for (const url of urls) add.run(owner, post, url);
      const after = this.#namesOf(owner);
      const touch = this.#db.prepare('UPDATE media_file SET last_used = ? WHERE name = ?');
      for (const name of after) touch.run(now, name);
      const stillUsed = this.#db.prepare('SELECT 1 FROM media_url u JOIN media_use m ON m.url = u.url WHERE u.name = ? LIMIT 1');
      for (const name of before) if (!after.has(name) && !stillUsed.get(name)) gone.push(name);
      // Pictures fetched for posts that were never published (removed before their round, or by a moderator).
      const unused = this.#db
        .prepare('SELECT name FROM media_file f WHERE last_used < ? AND NOT EXISTS (SELECT 1 FROM media_url u JOIN media_use m ON m.url = u.url WHERE u.name = f.name)')
        .all(now - this.#o.unusedMs) as Array<{name: string}>;
      gone.push(...unused.map((r) => r.name));
      this.#remove(gone);
    })();
    this.#unlink(gone);
  }

  #namesOf(owner: string): Set<string> {
    const rows = this.#db.prepare('SELECT DISTINCT u.name FROM media_use m JOIN media_url u ON u.url = m.url WHERE m.owner = ?').all(owner) as Array<{name: string}>;
    return new Set(rows.map((r) => r.name));
  }

  #remove(names: string[]): void {
    const drop = this.#db.prepare('DELETE FROM media_file WHERE name = ?');
    const urls = this.#db.prepare('DELETE FROM media_url WHERE name = ?');
    for (const name of names) {
      drop.run(name);
      urls.run(name);
    }
  }

  #unlink(names: string[]): void {
    for (const name of names) rmSync(join(this.dir, name), {force: true});
  }

  /** Keeps within maxFiles and maxBytes, the least recently used first; their URLs are remembered as evicted for a while, so they are not fetched straight back. */
  #evict(): void {
    const gone: string[] = [];
    this.#db.transaction(() => {
      let {n, bytes} = this.#db.prepare('SELECT count(*) AS n, coalesce(sum(bytes), 0) AS bytes FROM media_file').get() as {n: number; bytes: number};
      if (n <= this.#o.maxFiles && bytes <= this.#o.maxBytes) return;
      const oldest = this.#db.prepare('SELECT name, bytes FROM media_file ORDER BY last_used, created, name').iterate() as IterableIterator<{name: string; bytes: number}>;
      for (const row of oldest) {
        if (n <= this.#o.maxFiles && bytes <= this.#o.maxBytes) break;
        gone.push(row.name);
        n--;
        bytes -= row.bytes;
      }
      const urls = this.#db.prepare('SELECT url FROM media_url WHERE name = ?');
      for (const name of gone) {
        for (const {url} of urls.all(name) as Array<{url: string}>) this.fail(url, 'evicted: the media store was full', false);
      }
      this.#remove(gone);
    })();
    this.#unlink(gone);
  }

  /** How much is stored. */
  totals(): {files: number; bytes: number} {
    const row = this.#db.prepare('SELECT count(*) AS files, coalesce(sum(bytes), 0) AS bytes FROM media_file').get() as {files: number; bytes: number};
    return row;
  }

  /**
   * The file for /media/<name>, or undefined (a 404) for any name that is not
   * a stored one: the name is checked against the index, never used as a path
   * before that.
   */
  mediaFile(name: string): MediaFile | undefined {
    if (!NAME.test(name)) return undefined;
    const row = this.#db.prepare('SELECT type, bytes FROM media_file WHERE name = ?').get(name) as {type: ImageType; bytes: number} | undefined;
    if (!row) return undefined;
    const path = join(this.dir, name);
    let bytes: number;
    try {
      bytes = statSync(path).size;
    } catch {
      return undefined;
    }
    const etag = `"${name.slice(0, 32)}"`;
    return {
      name,
      path,
      bytes,
      contentType: row.type,
      etag,
      headers: {
        'Content-Type': row.type,
        'Content-Length': String(bytes),
        'Cache-Control': 'public, max-age=31536000, immutable',
        ETag: etag,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        // Widgets on any site show these pictures.
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Referrer-Policy': 'no-referrer',
      },
    };
  }
}
