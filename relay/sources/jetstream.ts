import WebSocket from 'ws';
import {adaptBluesky} from '../../src/hashtag-feed/formats/bluesky.js';
import type {Post} from '../../src/hashtag-feed/model.js';
import {isRecord} from '../../src/shared/adapter.js';
import {TrustError} from '../../src/shared/errors.js';
import type {BlueskySearchSource} from './bluesky.js';
import {HashtagFilter} from './hashtag.js';
import type {PollResult, Source, SourceContext} from './source.js';

/**
 * Bluesky with no login: Jetstream sends every public post as JSON over a
 * WebSocket. The relay keeps the posts that carry the feed's hashtag, and asks
 * the public AppView for each as a full post (`getPosts`, 25 at a time), so
 * that the widgets' own Bluesky adapter reads it: facets, pictures with alt
 * text, link cards, quotes and labels mean the same everywhere.
 *
 * A "poll" of this source costs the network nothing: it hands over what the
 * stream brought since the last one (posts, deletions, accounts gone), and
 * the cursor (`time_us`) up to which everything has been dealt with, which the
 * relay commits with the posts. After a drop, a restart or kill -9 the stream
 * resumes a few seconds before that cursor; posts are de-duplicated by URI.
 */

/** Rewound on reconnect, so nothing between the last event handled and the drop is missed. */
const REWIND_US = 5_000_000;
/** How long an instance is assumed to keep events: a cursor older than this is a gap. */
export const REPLAY_WINDOW_MS = 24 * 3_600_000;
const BATCH = 25;
/** Posts the AppView has not indexed yet are asked for again, this often at most. */
const INDEX_RETRIES = 4;
const INDEX_RETRY_MS = 5_000;
/** Matches waiting for the AppView: past this the stream is dropped and resumed later from the cursor. */
const MAX_PENDING = 2_000;
const PING_MS = 20_000;
/** A connection silent for this long is dead, whatever the socket says. */
const IDLE_MS = 60_000;
const RECONNECT_BASE_MS = 1_000;
const RECONNECT_CAP_MS = 5 * 60_000;

interface Pending {
  uri: string;
  timeUs: number;
  attempts: number;
  notBefore: number;
}

/** The time of a Jetstream event (its cursor), read without parsing the whole message. */
const TIME_US = /"time_us":(\d+)/;

export type StreamChange = {create: string} | {remove: string} | {removeAccount: string} | undefined;

/** What one parsed event means for the feed. */
export function readEvent(event: unknown, filter: HashtagFilter, knownDids: ReadonlySet<string>): StreamChange {
  if (!isRecord(event) || typeof event.did !== 'string') return undefined;
  if (event.kind === 'account' && isRecord(event.account) && event.account.active === false) {
    return knownDids.has(event.did) ? {removeAccount: event.did} : undefined;
  }
  if (event.kind !== 'commit' || !isRecord(event.commit) || event.commit.collection !== 'app.bsky.feed.post') return undefined;
  const {operation, rkey, record} = event.commit;
  if (typeof rkey !== 'string' || !/^[A-Za-z0-9._:~-]{1,512}$/.test(rkey)) return undefined;
  const uri = `at://${event.did}/app.bsky.feed.post/${rkey}`;
  if (operation === 'delete') return knownDids.has(event.did) ? {remove: uri} : undefined;
  if (operation !== 'create' && operation !== 'update') return undefined;
  if (isRecord(record) && filter.carries(record)) return {create: uri};
  // An edit that took the tag away: the post goes.
  return operation === 'update' && knownDids.has(event.did) ? {remove: uri} : undefined;
}

/**
 * One raw message through the filter: its time_us (the cursor), and what it
 * means for the feed. Most messages are rejected by a substring test,
 * unparsed; a broken one costs only itself. The bench replays a million
 * recorded-shape events through exactly this.
 */
export function screenMessage(raw: string, filter: HashtagFilter, knownDids: ReadonlySet<string>): {timeUs: number; change: StreamChange} {
  const time = TIME_US.exec(raw.slice(0, 200));
  const timeUs = time ? Number(time[1]) : 0;
  if (!filter.mayMatter(raw, knownDids)) return {timeUs, change: undefined};
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    return {timeUs, change: undefined};
  }
  return {timeUs, change: readEvent(event, filter, knownDids)};
}

export interface JetstreamOptions {
  hashtag: string;
  instances: string[];
  appview: string;
  intervalMs: number;
  /** Fills a gap (no cursor yet, or one older than the replay window) once, when a login is configured. */
  gapFill?: BlueskySearchSource;
  /** Known DIDs and URIs of the posts published from this source (to notice their deletions). */
  published: () => Post[];
  /** For the connection's own timers and back-off. */
  random?: () => number;
  /** The connection's timings; tests shorten them. */
  timing?: Partial<{reconnectBaseMs: number; pingMs: number; idleMs: number; quietMs: number}>;
}

/** When a replay that sends nothing more counts as caught up. */
const QUIET_MS = 1_500;

export {HashtagFilter};

export class JetstreamSource implements Source {
  readonly kind = 'posts';
  readonly network = 'bluesky';
  readonly key: string;
  readonly url: string;
  readonly server: string;
  readonly usedBy = new Set<string>();
  intervalMs: number;
  readonly filter: HashtagFilter;

  #socket?: WebSocket;
  #instance = 0;
  #failures = 0;
  #connectedSince?: number;
  #downSince?: number;
  #lastError?: string;
  #reconnect?: NodeJS.Timeout;
  #ping?: NodeJS.Timeout;
  #lastMessage = 0;
  #closed = false;
  /** The newest time_us seen on the stream; what it resumes from once nothing before it is pending. */
  #seenUs = 0;
  /** The cursor the relay committed (or restored), as time_us. */
  #committedUs = 0;
  #pending = new Map<string, Pending>();
  #removed = new Set<string>();
  #removedAccounts = new Set<string>();
  #gapNote?: string;
  #gapFilled = false;
  #started = false;
  #caughtUp?: Promise<void>;
  #caughtUpResolve?: () => void;
  #startedAtUs = 0;
  #quiet?: NodeJS.Timeout;
  /** DIDs of the posts published from this source, to notice their deletions; refreshed at each poll. */
  #known = new Set<string>();

  constructor(readonly options: JetstreamOptions) {
    this.filter = new HashtagFilter(options.hashtag);
    this.intervalMs = options.intervalMs;
    this.server = options.instances[0];
    this.key = `bluesky jetstream #${options.hashtag.toLowerCase()}`;
    this.url = `${options.appview}/xrpc/app.bsky.feed.getPosts`;
  }

  describe(): string {
    return `WebSocket ${this.options.instances.map((i) => `${i}/subscribe`).join(' or ')} (Jetstream, no login), posts from ${this.url}`;
  }

  #refreshKnown(extra: Post[] = []): void {
    this.#known = new Set();
    for (const post of [...this.options.published(), ...extra]) {
      const did = /^at:\/\/([^/]+)\//.exec(post.uri ?? '')?.[1];
      if (did) this.#known.add(did);
    }
  }

  /** Connected, and for how long; or since when it has been down. */
  get connection(): {connected: boolean; since?: number} {
    return this.#socket?.readyState === WebSocket.OPEN ? {connected: true, since: this.#connectedSince} : {connected: false, since: this.#downSince};
  }

  #caughtUpSoon(): void {
    clearTimeout(this.#quiet);
    this.#quiet = setTimeout(() => this.#caughtUpResolve?.(), this.options.timing?.quietMs ?? QUIET_MS);
    this.#quiet.unref();
  }

  /** Opens the stream from the stored cursor (a few seconds before it), or the live tail. */
  start(cursor: string | undefined, now: number): void {
    if (this.#started) return;
    this.#started = true;
    this.#committedUs = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 0;
    this.#startedAtUs = now * 1000;
    const tooOld = this.#committedUs > 0 && now - this.#committedUs / 1000 > REPLAY_WINDOW_MS;
    if (!this.#committedUs || tooOld) {
      const from = this.#committedUs ? new Date(this.#committedUs / 1000).toISOString() : undefined;
      this.#gapNote = this.options.gapFill
        ? undefined
        : from
          ? `Bluesky posts from ${from} until the stream resumed may be missing (longer than Jetstream keeps; configure a login to fill the gap)`
          : undefined;
      if (tooOld) this.#committedUs = 0;
    }
    this.#caughtUp = new Promise((resolve) => (this.#caughtUpResolve = resolve));
    this.#refreshKnown();
    this.#connect();
  }

  #connect(): void {
    if (this.#closed) return;
    const base = this.options.instances[this.#instance % this.options.instances.length];
    const url = new URL(`${base.replace(/\/+$/, '')}/subscribe`);
    url.searchParams.set('wantedCollections', 'app.bsky.feed.post');
    const resumeUs = Math.max(this.#committedUs, 0);
    if (resumeUs > 0) url.searchParams.set('cursor', String(resumeUs - REWIND_US));
    const socket = new WebSocket(url, {handshakeTimeout: 15_000, maxPayload: 4 * 1024 * 1024});
    this.#socket = socket;
    socket.on('open', () => {
      this.#connectedSince = Date.now();
      this.#downSince = undefined;
      this.#lastMessage = Date.now();
      const idleMs = this.options.timing?.idleMs ?? IDLE_MS;
      this.#ping = setInterval(() => {
        // A connection with nothing for a minute, not even a pong, is dead: drop it and resume from the cursor.
        if (Date.now() - this.#lastMessage > idleMs) socket.terminate();
        else socket.ping();
      }, this.options.timing?.pingMs ?? PING_MS);
      this.#ping.unref();
      if (resumeUs === 0) this.#caughtUpResolve?.();
      else this.#caughtUpSoon();
    });
    socket.on('pong', () => (this.#lastMessage = Date.now()));
    socket.on('message', (data: WebSocket.RawData) => {
      this.#lastMessage = Date.now();
      this.#onMessage(Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.isBuffer(data) ? data.toString() : Buffer.from(new Uint8Array(data)).toString());
    });
    socket.on('error', (error: Error) => (this.#lastError = `${base}: ${error.message}`));
    socket.on('close', () => {
      clearInterval(this.#ping);
      if (this.#socket === socket) this.#socket = undefined;
      this.#connectedSince = undefined;
      this.#downSince ??= Date.now();
      if (this.#closed) return;
      // The next instance, after a back-off with full jitter; a run of failures walks the list.
      this.#failures++;
      this.#instance++;
      const ceiling = Math.min(RECONNECT_CAP_MS, (this.options.timing?.reconnectBaseMs ?? RECONNECT_BASE_MS) * 2 ** Math.min(this.#failures, 20));
      this.#reconnect = setTimeout(() => this.#connect(), Math.round((this.options.random ?? Math.random)() * ceiling));
      this.#reconnect.unref();
    });
  }

  /** Messages received so far (for tests and diagnostics). */
  get received(): number {
    return this.#received;
  }

  #received = 0;

  #onMessage(raw: string): void {
    this.#received++;
    const {timeUs, change} = screenMessage(raw, this.filter, this.#known);
    if (timeUs) {
      this.#seenUs = Math.max(this.#seenUs, timeUs);
      if (timeUs >= this.#startedAtUs) this.#caughtUpResolve?.();
      else this.#caughtUpSoon();
    }
    if (!change) return;
    if ('create' in change) {
      this.#removed.delete(change.create);
      if (!this.#pending.has(change.create)) this.#pending.set(change.create, {uri: change.create, timeUs, attempts: 0, notBefore: 0});
      // Bounded: when the AppView falls behind, drop the stream rather than buffer without limit; it resumes from the cursor.
      if (this.#pending.size > MAX_PENDING) this.#socket?.terminate();
    } else if ('remove' in change) {
      this.#pending.delete(change.remove);
      this.#removed.add(change.remove);
    } else {
      this.#removedAccounts.add(change.removeAccount);
    }
    this.#failures = 0;
  }

  /** The time_us up to which every event has been dealt with. */
  #safeCursor(): number {
    let cursor = this.#seenUs;
    for (const p of this.#pending.values()) cursor = Math.min(cursor, p.timeUs - 1);
    return Math.max(cursor, this.#committedUs);
  }

  async poll(context: SourceContext, cursor: string | undefined): Promise<PollResult> {
    const now = context.clock.now();
    if (!this.#started) {
      this.start(cursor, now);
      // The first round waits (briefly) for the replay from the cursor to reach the present.
      await Promise.race([this.#caughtUp, new Promise((r) => setTimeout(r, 10_000).unref())]);
    }
    const posts: Post[] = [];
    const problems: PollResult['problems'] = [];
    if (this.options.gapFill && !this.#gapFilled && (!cursor || now - Number(cursor) / 1000 > REPLAY_WINDOW_MS)) {
      // Once, never polled: the posts from before the stream could give them.
      this.#gapFilled = true;
      try {
        const fill = await this.options.gapFill.poll(context);
        if (fill.kind === 'posts') posts.push(...fill.posts);
      } catch (error) {
        problems.push({where: 'gap', reason: `The gap before the stream could not be filled: ${(error as Error).message}`});
      }
    }
    const due = [...this.#pending.values()].filter((p) => p.notBefore <= now);
    for (let i = 0; i < due.length; i += BATCH) {
      const batch = due.slice(i, i + BATCH);
      const url = new URL(this.url);
      for (const p of batch) url.searchParams.append('uris', p.uri);
      const {body} = await context.upstream.json(url.href);
      const adapted = await adaptBluesky(isRecord(body) && Array.isArray(body.posts) ? body : {posts: []});
      problems.push(...adapted.problems);
      const found = new Set<string>();
      for (const post of adapted.value.posts) {
        if (!post.uri || !this.#pending.has(post.uri)) continue;
        found.add(post.uri);
        posts.push(post);
      }
      // Skipped by the adapter (a label, !no-unauthenticated) counts as answered: it stays unpublished.
      const answered = new Set((isRecord(body) && Array.isArray(body.posts) ? body.posts : []).flatMap((p) => (isRecord(p) && typeof p.uri === 'string' ? [p.uri] : [])));
      for (const p of batch) {
        if (found.has(p.uri) || answered.has(p.uri) || p.attempts + 1 >= INDEX_RETRIES) {
          if (!answered.has(p.uri)) problems.push({where: p.uri, reason: 'The AppView did not know this post after several tries'});
          this.#pending.delete(p.uri);
        } else {
          p.attempts++;
          p.notBefore = now + INDEX_RETRY_MS * p.attempts;
        }
      }
    }
    this.#refreshKnown(posts);
    const removed = [...this.#removed];
    const removedAccounts = [...this.#removedAccounts];
    this.#removed.clear();
    this.#removedAccounts.clear();
    const safe = this.#safeCursor();
    this.#committedUs = safe;
    if (!this.#socket || this.#socket.readyState !== WebSocket.OPEN) {
      const since = this.#downSince ? new Date(this.#downSince).toISOString() : 'the start';
      if (posts.length === 0 && removed.length === 0) {
        throw new TrustError('network', `Jetstream unreachable since ${since}${this.#lastError ? ` (${this.#lastError})` : ''}`, {url: this.server});
      }
    }
    return {
      kind: 'posts',
      posts,
      problems,
      cursor: safe > 0 ? String(safe) : cursor,
      removed,
      removedAccounts,
      notice: this.#gapNote,
    };
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#quiet);
    clearTimeout(this.#reconnect);
    clearInterval(this.#ping);
    this.#socket?.terminate();
  }
}
