import type Database from 'better-sqlite3';
import {feedTime, normaliseHandle, postKey, type Post} from '../../src/hashtag-feed/model.js';
import {compileRules, type ModerationOptions, type Rule} from '../../src/hashtag-feed/moderation.js';
import {sinceText} from '../../src/shared/freshness.js';
import {DEFAULT_TIME_ZONE} from '../../src/shared/time.js';
import type {CounterConfig, FeedConfig} from '../config.js';
import {nativePost} from '../native-json.js';
import {revivePost} from '../state.js';
import type {Clock} from '../upstream.js';
import type {ActionName, ActionRequest, ActionResult, AuditEntry, AuditList, ChangeEvent, ItemList, ListName, ModeratedItem, ModerationMode, ModerationService, Verdict} from './api.js';
import {rejection} from './reasons.js';

/**
 * The moderation console's server side: every post a feed's sources bring is
 * admitted once per feed (the config's rules first, then blocked authors, then
 * the mode), kept in the relay's SQLite state with where it is (queue,
 * published, hidden), whether it is pinned and why, and every decision is one
 * transaction that checks the version the moderator saw, records what it
 * changed in the audit log (so it can be undone), then republishes the feed's
 * file before anyone is told. Posts are kept here as well as in the sources'
 * tables, so a pinned or queued post outlives the sources' pruning to maxPosts.
 */

export class ModerationError extends Error {
  override readonly name = 'ModerationError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ModerationSetup {
  db: Database.Database;
  feeds: FeedConfig[];
  counters: CounterConfig[];
  clock: Clock;
  /** Republishes a feed's file from the state, synchronously. */
  publish: (feed: string) => void;
  /** A listener threw, or a file could not be written: logged, never fatal to a committed decision. */
  onListenerError?: (error: unknown) => void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS moderation_item (
  feed TEXT NOT NULL,
  key TEXT NOT NULL,
  list TEXT NOT NULL CHECK (list IN ('queue', 'published', 'hidden')),
  pin INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  verdict TEXT,
  held TEXT,
  at INTEGER NOT NULL,
  network TEXT NOT NULL,
  author TEXT NOT NULL,
  handle TEXT NOT NULL,
  search TEXT NOT NULL,
  json TEXT NOT NULL,
  changed_by TEXT,
  changed_action TEXT,
  changed_at INTEGER,
  PRIMARY KEY (feed, key)
);
CREATE INDEX IF NOT EXISTS moderation_item_order ON moderation_item (feed, list, at);
CREATE INDEX IF NOT EXISTS moderation_item_author ON moderation_item (network, author);
CREATE TABLE IF NOT EXISTS moderation_block (
  network TEXT NOT NULL,
  author TEXT NOT NULL,
  handle TEXT NOT NULL,
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (network, author)
);
CREATE TABLE IF NOT EXISTS moderation_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  feed TEXT NOT NULL,
  key TEXT NOT NULL,
  network TEXT NOT NULL,
  author TEXT NOT NULL,
  excerpt TEXT NOT NULL,
  reason TEXT,
  undoes INTEGER,
  undone_by INTEGER,
  changes TEXT
);
CREATE INDEX IF NOT EXISTS moderation_audit_feed ON moderation_audit (feed, id);
`;

const LISTS: readonly ListName[] = ['queue', 'published', 'hidden'];
const ACTIONS: readonly ActionName[] = ['approve', 'hide', 'pin', 'unpin', 'block', 'unblock'];
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const EXCERPT = 140;

interface ItemRow {
  feed: string;
  key: string;
  list: ListName;
  pin: number | null;
  version: number;
  verdict: string | null;
  held: string | null;
  at: number;
  network: string;
  author: string;
  handle: string;
  search: string;
  json: string;
  changed_by: string | null;
  changed_action: string | null;
  changed_at: number | null;
}

interface BlockRow {
  network: string;
  author: string;
  handle: string;
  actor: string;
  at: number;
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: AuditEntry['action'];
  feed: string;
  key: string;
  network: string;
  author: string;
  excerpt: string;
  reason: string | null;
  undoes: number | null;
  undone_by: number | null;
  changes: string | null;
}

/** Where a post is: what a decision changes and an undo puts back. */
interface Place {
  list: ListName;
  pin: number | null;
  verdict: string | null;
  /** Where a block found it, for unblock: a Place without `held`, as JSON. */
  held: string | null;
}

/** What one audit entry changed: each post's place before, and the version it left it at; the block before and after. */
interface Changes {
  items: Array<{feed: string; key: string; before: Place; version: number}>;
  block?: {network: string; author: string; before: BlockRow | null};
}

interface Feed {
  config: FeedConfig;
  mode: ModerationMode;
  options: ModerationOptions;
  rules: Rule[];
  /** Normalised handles approved at once in approve-first: the trust's own accounts and trustedAccounts. */
  own: Set<string>;
  trusted: Set<string>;
}

const PAST: Record<string, string> = {
  approve: 'Approved',
  hide: 'Hidden',
  pin: 'Pinned',
  unpin: 'Unpinned',
  block: 'Author blocked',
  unblock: 'Author unblocked',
  undo: 'Undone',
  'auto-hide': 'Hidden',
  'auto-approve': 'Approved',
};

/** The account a block names: a Bluesky author by their DID (handles change), others by handle. */
function authorOf(post: Post, key: string): string {
  const did = /^at:\/\/(did:[^/]+)\//.exec(post.uri ?? key)?.[1];
  return did ?? normaliseHandle(post.author.handle ?? post.author.name);
}

const searchable = (post: Post) => [post.text, post.author.name, post.author.handle ?? ''].join('\n').toLowerCase();

const placeOf = (row: Pick<ItemRow, 'list' | 'pin' | 'verdict' | 'held'>): Place => ({list: row.list, pin: row.pin, verdict: row.verdict, held: row.held});

export class Moderation implements ModerationService {
  readonly #db: Database.Database;
  readonly #clock: Clock;
  readonly #feeds = new Map<string, Feed>();
  readonly #listeners = new Set<(event: ChangeEvent) => void>();
  readonly #publish: (feed: string) => void;
  readonly #onListenerError: (error: unknown) => void;
  /** Admissions since the last flush: per feed, how many reached the queue. */
  readonly #pending = new Map<string, number>();

  constructor(setup: ModerationSetup) {
    this.#db = setup.db;
    this.#clock = setup.clock;
    this.#publish = setup.publish;
    this.#onListenerError = setup.onListenerError ?? (() => undefined);
    this.#db.exec(SCHEMA);
    const own = new Set<string>();
    for (const counter of setup.counters) {
      for (const a of counter.mastodon) {
        const account = normaliseHandle(a.account);
        own.add(account.includes('@') ? account : `${account}@${new URL(a.instance).host.toLowerCase()}`);
      }
      for (const a of counter.bluesky) own.add(normaliseHandle(a.account));
      // X usernames are bare ("nelft"), so they count only on X.
      for (const a of counter.x) own.add(`x:${normaliseHandle(a.username)}`);
    }
    for (const config of setup.feeds) {
      const m = config.moderation;
      const options: ModerationOptions = {
        hideReplies: m.hideReplies,
        hideBoosts: m.hideBoosts,
        hideSensitive: m.hideSensitive,
        blockWords: m.blockWords.join(','),
        blockAccounts: m.blockAccounts.join(','),
        allowAccounts: m.allowAccounts.join(','),
        languages: m.languages.join(' '),
      };
      this.#feeds.set(config.name, {config, mode: m.mode, options, rules: compileRules(options), own, trusted: new Set(m.trustedAccounts.map(normaliseHandle))});
    }
    for (const feed of this.#feeds.values()) this.#applyRules(feed);
    this.#pending.clear();
  }

  /**
   * A rule added to the config since the last run (a word blocked mid-week)
   * hides the posts already kept that break it, as it hides new ones, unless a
   * person has decided on them. A rule taken away releases nothing: its
   * verdicts stay until someone approves the posts.
   */
  #applyRules(feed: Feed): void {
    if (feed.rules.length === 0) return;
    const rows = this.#db.prepare("SELECT * FROM moderation_item WHERE feed = ? AND list != 'hidden'").all(feed.config.name) as ItemRow[];
    this.#db.transaction(() => {
      for (const row of rows) {
        if (row.verdict && (JSON.parse(row.verdict) as Verdict).by === 'person') continue;
        const post = revivePost(row.json);
        const rejected = rejection(post, feed.rules, feed.options);
        if (rejected) this.#autoHide(feed, row, post, rejected.rule, rejected.reason, false);
      }
    })();
  }

  // ---- the relay's side: posts arrive and leave ----

  /**
   * Posts a source brought, for the feeds that use it (inside the poll's
   * transaction): new ones are admitted, known ones keep their place and take
   * the new text; an edit that now breaks a rule hides a post no person has
   * decided on.
   */
  received(feeds: string[], posts: Post[]): void {
    const get = this.#db.prepare('SELECT * FROM moderation_item WHERE feed = ? AND key = ?');
    const update = this.#db.prepare('UPDATE moderation_item SET json = ?, at = ?, handle = ?, search = ? WHERE feed = ? AND key = ?');
    this.#db.transaction(() => {
      for (const name of feeds) {
        const feed = this.#feeds.get(name);
        if (!feed) continue;
        for (const post of posts) {
          const key = postKey(post);
          const row = get.get(name, key) as ItemRow | undefined;
          if (!row) {
            this.#admit(feed, key, post);
            continue;
          }
          const json = JSON.stringify(post);
          if (row.json === json) continue;
          update.run(json, feedTime(post), post.author.handle ?? '', searchable(post), name, key);
          const verdict = row.verdict ? (JSON.parse(row.verdict) as Verdict) : undefined;
          if (row.list === 'hidden' || verdict?.by === 'person') continue;
          const rejected = rejection(post, feed.rules, feed.options);
          if (rejected) this.#autoHide(feed, {...row, json}, post, rejected.rule, rejected.reason, true);
        }
      }
    })();
  }

  /** Posts deleted upstream (by URI) or every post of an account gone (by DID): they leave every list; the audit keeps its excerpts. */
  removed(feeds: string[], uris: string[], dids: string[] = []): void {
    if (uris.length === 0 && dids.length === 0) return;
    const byKey = this.#db.prepare('DELETE FROM moderation_item WHERE feed = ? AND key = ?');
    const byDid = this.#db.prepare("DELETE FROM moderation_item WHERE feed = ? AND key LIKE ? ESCAPE '\\'");
    this.#db.transaction(() => {
      for (const feed of feeds) {
        let changes = 0;
        for (const uri of uris) changes += byKey.run(feed, uri).changes;
        for (const did of dids) changes += byDid.run(feed, `at://${did.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`).changes;
        if (changes && this.#feeds.has(feed)) this.#pending.set(feed, this.#pending.get(feed) ?? 0);
      }
    })();
  }

  /** Tells the listeners what the last polls brought (call after the feeds' files are republished). */
  flush(): void {
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const [feed, added] of pending) this.#emit({feed, counts: this.counts(feed), added});
  }

  /** The posts readers see, in the file's order: pinned first (newest pin first), then newest first, up to maxPosts besides the pinned. */
  publicPosts(name: string): {posts: Post[]; pinned: Set<Post>} {
    const rows = this.#public(this.#feed(name), 'json');
    const pinned = new Set<Post>();
    const posts = rows.map((r) => {
      const post = revivePost(r.json);
      if (r.pin !== null) pinned.add(post);
      return post;
    });
    return {posts, pinned};
  }

  #public<C extends 'json' | 'key'>(feed: Feed, column: C): Array<Record<C, string> & {pin: number | null}> {
    const name = feed.config.name;
    const queue = feed.mode === 'publish-then-review' ? 1 : 0;
    const pinned = this.#db.prepare(`SELECT ${column}, pin FROM moderation_item WHERE feed = ? AND list = 'published' AND pin IS NOT NULL ORDER BY pin DESC`).all(name) as Array<Record<C, string> & {pin: number}>;
    const rest = this.#db
      .prepare(`SELECT ${column}, pin FROM moderation_item WHERE feed = ? AND pin IS NULL AND (list = 'published' OR (list = 'queue' AND ?)) ORDER BY at DESC, key DESC LIMIT ?`)
      .all(name, queue, Math.max(0, feed.config.maxPosts - pinned.length)) as Array<Record<C, string> & {pin: null}>;
    return [...pinned, ...rest];
  }

  /** The keys of the posts in the feed's file now. */
  #visible(feed: Feed): Set<string> {
    return new Set(this.#public(feed, 'key').map((r) => r.key));
  }

  // ---- the console's side (ModerationService) ----

  feeds(): Array<{name: string; hashtag: string; mode: ModerationMode; counts: Record<ListName, number>}> {
    return [...this.#feeds.values()].map((f) => ({name: f.config.name, hashtag: f.config.hashtag, mode: f.mode, counts: this.counts(f.config.name)}));
  }

  counts(name: string): Record<ListName, number> {
    this.#feed(name);
    const counts: Record<ListName, number> = {queue: 0, published: 0, hidden: 0};
    const rows = this.#db.prepare('SELECT list, count(*) AS n FROM moderation_item WHERE feed = ? GROUP BY list').all(name) as Array<{list: ListName; n: number}>;
    for (const row of rows) counts[row.list] = row.n;
    return counts;
  }

  list(name: string, list: ListName, options: {q?: string; limit?: number; before?: string} = {}): ItemList {
    const feed = this.#feed(name);
    if (!LISTS.includes(list)) throw new ModerationError(400, `There is no list called "${String(list)}": it is queue, published or hidden`);
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
    const q = options.q?.trim().toLowerCase() ?? '';
    const where = ['feed = ?', 'list = ?'];
    const args: unknown[] = [name, list];
    if (q) {
      where.push('instr(search, ?) > 0');
      args.push(q);
    }
    if (options.before !== undefined) {
      const from = this.#db.prepare('SELECT pin, at, key FROM moderation_item WHERE feed = ? AND key = ?').get(name, options.before) as Pick<ItemRow, 'pin' | 'at' | 'key'> | undefined;
      if (!from) throw new ModerationError(400, 'That post has left the list since: reload it');
      where.push('((pin IS NOT NULL), coalesce(pin, 0), at, key) < (?, ?, ?, ?)');
      args.push(from.pin === null ? 0 : 1, from.pin ?? 0, from.at, from.key);
    }
    const rows = this.#db
      .prepare(`SELECT * FROM moderation_item WHERE ${where.join(' AND ')} ORDER BY (pin IS NOT NULL) DESC, coalesce(pin, 0) DESC, at DESC, key DESC LIMIT ?`)
      .all(...args, limit + 1) as ItemRow[];
    const more = rows.length > limit;
    const visible = this.#visible(feed);
    const items = rows.slice(0, limit).map((r) => this.#item(feed, r, visible));
    return {feed: name, mode: feed.mode, list, items, counts: this.counts(name), ...(more ? {next: items.at(-1)!.key} : {})};
  }

  act(name: string, request: ActionRequest, actor: string): ActionResult {
    const feed = this.#feed(name);
    if (!ACTIONS.includes(request.action)) throw new ModerationError(400, `There is no action called "${String(request.action)}"`);
    const outcome = this.#db.transaction((): ActionResult | {auditId: number; changes: Changes} => {
      const row = this.#row(name, request.key);
      if (row.version !== request.version) return this.#conflict(feed, row);
      const now = this.#clock.now();
      const post = revivePost(row.json);
      const person = (reason: string): string => JSON.stringify({by: 'person', reason, actor, at: new Date(now).toISOString()} satisfies Verdict);
      const changes: Changes = {items: []};
      let reason: string;
      const move = (target: ItemRow, place: Place, action: ActionName): void => {
        const result = this.#db
          .prepare('UPDATE moderation_item SET list = ?, pin = ?, verdict = ?, held = ?, version = version + 1, changed_by = ?, changed_action = ?, changed_at = ? WHERE feed = ? AND key = ? AND version = ?')
          .run(place.list, place.pin, place.verdict, place.held, actor, action, now, target.feed, target.key, target.version);
        if (result.changes !== 1) throw new Error(`moderation_item ${target.feed} ${target.key} changed under a transaction`);
        changes.items.push({feed: target.feed, key: target.key, before: placeOf(target), version: target.version + 1});
      };
      switch (request.action) {
        case 'approve':
          reason = `Approved by ${actor}`;
          move(row, {list: 'published', pin: row.list === 'published' ? row.pin : null, verdict: person(reason), held: null}, 'approve');
          break;
        case 'hide':
          reason = `Hidden by ${actor}`;
          move(row, {list: 'hidden', pin: null, verdict: person(reason), held: null}, 'hide');
          break;
        case 'pin': {
          if (row.list === 'hidden') throw new ModerationError(400, 'Show it before pinning it');
          const top = (this.#db.prepare('SELECT max(pin) AS pin FROM moderation_item WHERE feed = ?').get(name) as {pin: number | null}).pin ?? 0;
          reason = `Pinned by ${actor}`;
          move(row, {list: 'published', pin: top + 1, verdict: person(reason), held: null}, 'pin');
          break;
        }
        case 'unpin':
          if (row.pin === null) throw new ModerationError(400, 'It is not pinned');
          reason = `Unpinned by ${actor}`;
          move(row, {list: row.list, pin: null, verdict: row.verdict, held: row.held}, 'unpin');
          break;
        case 'block': {
          const before = this.#block(row.network, row.author);
          reason = `Author blocked by ${actor}`;
          const block: BlockRow = {network: row.network, author: row.author, handle: post.author.handle ?? post.author.name, actor, at: now};
          this.#db.prepare('INSERT OR REPLACE INTO moderation_block (network, author, handle, actor, at) VALUES (@network, @author, @handle, @actor, @at)').run(block);
          changes.block = {network: row.network, author: row.author, before: before ?? null};
          const verdict = JSON.stringify({by: 'block', reason, actor, at: new Date(now).toISOString()} satisfies Verdict);
          const held = (r: ItemRow) => JSON.stringify({list: r.list, pin: r.pin, verdict: r.verdict, held: null} satisfies Place);
          move(row, {list: 'hidden', pin: null, verdict, held: row.held ?? held(row)}, 'block');
          // Every other post of theirs on that network, in every feed, that readers could see or that waits.
          const others = this.#db.prepare("SELECT * FROM moderation_item WHERE network = ? AND author = ? AND list != 'hidden' AND NOT (feed = ? AND key = ?)").all(row.network, row.author, name, row.key) as ItemRow[];
          for (const other of others) move(other, {list: 'hidden', pin: null, verdict, held: held(other)}, 'block');
          break;
        }
        case 'unblock': {
          const before = this.#block(row.network, row.author);
          if (!before) throw new ModerationError(400, 'Its author is not blocked');
          reason = `Author unblocked by ${actor}`;
          this.#db.prepare('DELETE FROM moderation_block WHERE network = ? AND author = ?').run(row.network, row.author);
          changes.block = {network: row.network, author: row.author, before};
          // Back to where the block found them (or, for posts that arrived during it, where they would have gone).
          const held = this.#db.prepare('SELECT * FROM moderation_item WHERE network = ? AND author = ? AND held IS NOT NULL').all(row.network, row.author) as ItemRow[];
          if (!held.some((r) => r.feed === name && r.key === row.key)) held.unshift(row);
          for (const r of held) {
            const back = r.held ? ({...(JSON.parse(r.held) as Place), held: null} satisfies Place) : placeOf(r);
            move(r, back, 'unblock');
          }
          break;
        }
      }
      const auditId = this.#audit({actor, action: request.action, feed: name, key: row.key, row, post, reason, changes, at: now});
      return {auditId, changes};
    })();
    if ('ok' in outcome) return outcome;
    return this.#decided(feed, request.key, outcome.auditId, outcome.changes, actor, request.action);
  }

  undo(name: string, request: {auditId: number}, actor: string): ActionResult {
    const feed = this.#feed(name);
    const outcome = this.#db.transaction((): ActionResult | {auditId: number; changes: Changes; key: string} => {
      const entry = this.#db.prepare('SELECT * FROM moderation_audit WHERE id = ? AND feed = ?').get(request.auditId, name) as AuditRow | undefined;
      if (!entry) throw new ModerationError(404, "There is no such entry in this feed's audit log");
      if (entry.action === 'undo') throw new ModerationError(400, 'An undo cannot itself be undone: act on the post again');
      if (!entry.changes) throw new ModerationError(400, 'An automatic verdict cannot be undone: approve or hide the post instead');
      const row = this.#db.prepare('SELECT * FROM moderation_item WHERE feed = ? AND key = ?').get(name, entry.key) as ItemRow | undefined;
      if (!row) throw new ModerationError(404, 'That post is no longer in the feed (deleted where it was posted)');
      if (entry.undone_by !== null) {
        const by = this.#db.prepare('SELECT actor, at FROM moderation_audit WHERE id = ?').get(entry.undone_by) as {actor: string; at: number};
        return {ok: false, conflict: true, message: `Already undone by ${by.actor} at ${this.#time(by.at)}`, item: this.#item(feed, row), counts: this.counts(name)};
      }
      const changes = JSON.parse(entry.changes) as Changes;
      const own = changes.items.find((c) => c.feed === name && c.key === entry.key);
      if (own && row.version !== own.version) {
        const conflict = this.#conflict(feed, row);
        return {...conflict, message: `${conflict.message} since then, so it cannot be undone`};
      }
      const now = this.#clock.now();
      const undone: Changes = {items: []};
      if (changes.block) {
        const {network, author, before} = changes.block;
        undone.block = {network, author, before: this.#block(network, author) ?? null};
        this.#db.prepare('DELETE FROM moderation_block WHERE network = ? AND author = ?').run(network, author);
        if (before) this.#db.prepare('INSERT INTO moderation_block (network, author, handle, actor, at) VALUES (@network, @author, @handle, @actor, @at)').run(before);
      }
      const restore = this.#db.prepare(
        "UPDATE moderation_item SET list = ?, pin = ?, verdict = ?, held = ?, version = version + 1, changed_by = ?, changed_action = 'undo', changed_at = ? WHERE feed = ? AND key = ? AND version = ?",
      );
      for (const change of changes.items) {
        const current = this.#db.prepare('SELECT * FROM moderation_item WHERE feed = ? AND key = ?').get(change.feed, change.key) as ItemRow | undefined;
        // A post decided on again since keeps that later decision (only the entry's own post makes it a conflict).
        if (!current || current.version !== change.version) continue;
        const b = change.before;
        // A pin restored takes back its old place among the pins.
        restore.run(b.list, b.pin, b.verdict, b.held, actor, now, change.feed, change.key, change.version);
        undone.items.push({feed: change.feed, key: change.key, before: placeOf(current), version: change.version + 1});
      }
      const post = revivePost(row.json);
      const auditId = this.#audit({actor, action: 'undo', feed: name, key: row.key, row, post, reason: `Undid "${entry.reason ?? PAST[entry.action]}"`, changes: undone, at: now, undoes: entry.id});
      this.#db.prepare('UPDATE moderation_audit SET undone_by = ? WHERE id = ?').run(auditId, entry.id);
      return {auditId, changes: undone, key: row.key};
    })();
    if ('ok' in outcome) return outcome;
    return this.#decided(feed, outcome.key, outcome.auditId, outcome.changes, actor, 'undo');
  }

  audit(name: string, options: {limit?: number; before?: number} = {}): AuditList {
    this.#feed(name);
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
    const rows = this.#db
      .prepare('SELECT * FROM moderation_audit WHERE feed = ? AND id < ? ORDER BY id DESC LIMIT ?')
      .all(name, options.before ?? Number.MAX_SAFE_INTEGER, limit + 1) as AuditRow[];
    const entries = rows.slice(0, limit).map(
      (r): AuditEntry => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actor: r.actor,
        action: r.action,
        feed: r.feed,
        key: r.key,
        network: r.network,
        author: r.author,
        excerpt: r.excerpt,
        ...(r.reason !== null ? {reason: r.reason} : {}),
        ...(r.undoes !== null ? {undoes: r.undoes} : {}),
        ...(r.undone_by !== null ? {undoneBy: r.undone_by} : {}),
      }),
    );
    return {feed: name, entries, ...(rows.length > limit ? {next: entries.at(-1)!.id} : {})};
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- inside ----

  #feed(name: string): Feed {
    const feed = this.#feeds.get(name);
    if (!feed) throw new ModerationError(404, `There is no feed called "${name}"`);
    return feed;
  }

  #row(feed: string, key: string): ItemRow {
    const row = this.#db.prepare('SELECT * FROM moderation_item WHERE feed = ? AND key = ?').get(feed, key) as ItemRow | undefined;
    if (!row) throw new ModerationError(404, 'That post is no longer in the feed (deleted where it was posted)');
    return row;
  }

  #block(network: string, author: string): BlockRow | undefined {
    return this.#db.prepare('SELECT * FROM moderation_block WHERE network = ? AND author = ?').get(network, author) as BlockRow | undefined;
  }

  #admit(feed: Feed, key: string, post: Post): void {
    const now = this.#clock.now();
    const at = new Date(now).toISOString();
    const network = post.network;
    const author = authorOf(post, key);
    const insert = (place: Place) =>
      this.#db
        .prepare(
          `INSERT INTO moderation_item (feed, key, list, pin, verdict, held, at, network, author, handle, search, json, changed_at)
           VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(feed.config.name, key, place.list, place.verdict, place.held, feedTime(post), network, author, post.author.handle ?? '', searchable(post), JSON.stringify(post), now);
    const audit = (actor: string, action: 'auto-hide' | 'auto-approve', reason: string) => {
      this.#audit({actor, action, feed: feed.config.name, key, row: {network, handle: post.author.handle ?? ''}, post, reason, at: now});
    };
    const rejected = rejection(post, feed.rules, feed.options);
    if (rejected) {
      insert({list: 'hidden', pin: null, verdict: JSON.stringify({by: 'rule', rule: rejected.rule, reason: rejected.reason, at} satisfies Verdict), held: null});
      audit(`rule:${rejected.rule}`, 'auto-hide', rejected.reason);
      return;
    }
    // Where it goes on its own merits; a blocked author's post is held there for an unblock.
    const handle = normaliseHandle(post.author.handle ?? '');
    let place: Place = {list: 'queue', pin: null, verdict: null, held: null};
    let trusted: string | undefined;
    const isOwn = feed.own.has(handle) || feed.own.has(`${post.network}:${handle}`);
    if (feed.mode === 'approve-first' && handle && (isOwn || feed.trusted.has(handle))) {
      trusted = isOwn ? "From the trust's own account" : 'From a trusted account';
      place = {list: 'published', pin: null, verdict: JSON.stringify({by: 'trusted', reason: trusted, at} satisfies Verdict), held: null};
    }
    const block = this.#block(network, author);
    if (block) {
      const reason = `Its author was blocked by ${block.actor}`;
      insert({list: 'hidden', pin: null, verdict: JSON.stringify({by: 'block', reason, actor: block.actor, at} satisfies Verdict), held: JSON.stringify(place)});
      audit(block.actor, 'auto-hide', reason);
      return;
    }
    insert(place);
    if (trusted) audit('trusted', 'auto-approve', trusted);
    else this.#pending.set(feed.config.name, (this.#pending.get(feed.config.name) ?? 0) + 1);
  }

  #autoHide(feed: Feed, row: ItemRow, post: Post, rule: string, reason: string, edited: boolean): void {
    const now = this.#clock.now();
    const verdict = JSON.stringify({by: 'rule', rule, reason, at: new Date(now).toISOString()} satisfies Verdict);
    this.#db
      .prepare("UPDATE moderation_item SET list = 'hidden', pin = NULL, verdict = ?, held = NULL, version = version + 1, changed_by = ?, changed_action = 'auto-hide', changed_at = ? WHERE feed = ? AND key = ?")
      .run(verdict, `rule:${rule}`, now, row.feed, row.key);
    this.#audit({actor: `rule:${rule}`, action: 'auto-hide', feed: row.feed, key: row.key, row, post, reason: edited ? `Edited: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}` : reason, at: now});
    this.#pending.set(feed.config.name, this.#pending.get(feed.config.name) ?? 0);
  }

  #audit(e: {actor: string; action: AuditEntry['action']; feed: string; key: string; row: Pick<ItemRow, 'network' | 'handle'>; post: Post; reason: string; changes?: Changes; at: number; undoes?: number}): number {
    const excerpt = [...e.post.text.replace(/\s+/g, ' ').trim()].slice(0, EXCERPT).join('');
    const result = this.#db
      .prepare('INSERT INTO moderation_audit (at, actor, action, feed, key, network, author, excerpt, reason, undoes, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.at, e.actor, e.action, e.feed, e.key, e.row.network, e.post.author.handle ?? e.row.handle, excerpt, e.reason, e.undoes ?? null, e.changes ? JSON.stringify(e.changes) : null);
    return Number(result.lastInsertRowid);
  }

  /** Someone decided first: who and when, in words, and the post as it is now. */
  #conflict(feed: Feed, row: ItemRow): Extract<ActionResult, {ok: false}> {
    const by = row.changed_by;
    const who = by === null ? undefined : by.startsWith('rule:') ? 'a rule' : by === 'trusted' ? 'the trusted accounts list' : by;
    const message = who && row.changed_action && row.changed_at !== null ? `${PAST[row.changed_action] ?? 'Changed'} by ${who} at ${this.#time(row.changed_at)}` : 'This post changed since you saw it';
    return {ok: false, conflict: true, message, item: this.#item(feed, row), counts: this.counts(feed.config.name)};
  }

  /** After a committed decision: each feed it touched republished, then the listeners told. */
  #decided(feed: Feed, key: string, auditId: number, changes: Changes, actor: string, action: ActionName | 'undo'): ActionResult {
    const touched = new Map<string, string[]>();
    for (const c of changes.items) touched.set(c.feed, [...(touched.get(c.feed) ?? []), c.key]);
    touched.set(feed.config.name, touched.get(feed.config.name) ?? [key]);
    for (const name of touched.keys()) {
      try {
        this.#publish(name);
      } catch (error) {
        // Committed all the same: the next publish of the feed (its next poll) carries it.
        this.#onListenerError(error);
      }
    }
    for (const [name, keys] of touched) this.#emit({feed: name, counts: this.counts(name), added: 0, decided: keys.map((k) => ({key: k, actor, action}))});
    return {ok: true, item: this.#item(feed, this.#row(feed.config.name, key)), auditId, counts: this.counts(feed.config.name)};
  }

  #emit(event: ChangeEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  #item(feed: Feed, row: ItemRow, visible = this.#visible(feed)): ModeratedItem {
    const post = revivePost(row.json);
    const pinned = row.pin !== null && row.list === 'published';
    const json = nativePost(post);
    return {
      key: row.key,
      feed: row.feed,
      list: row.list,
      // In the file now: public, and among the newest maxPosts (or pinned).
      public: visible.has(row.key),
      pinned,
      authorBlocked: this.#block(row.network, row.author) !== undefined,
      version: row.version,
      ...(row.verdict ? {verdict: JSON.parse(row.verdict) as Verdict} : {}),
      post: pinned ? {...json, pinned: true} : json,
    };
  }

  /** "10:31" today, "10:31 on Tuesday 2 December" another day: en-GB, in the UK's time (the trust's, whatever the server's zone). */
  #time(ms: number): string {
    const {time, day} = sinceText(ms, this.#clock.now(), 'en-GB', DEFAULT_TIME_ZONE);
    return day ? `${time} on ${day}` : time;
  }
}
