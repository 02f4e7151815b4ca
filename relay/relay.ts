import type {AccountCount} from '../src/follow-counter/model.js';
import {sumHistories} from '../src/follow-counter/model.js';
import {postKey, feedTime, type Post} from '../src/hashtag-feed/model.js';
import {toTrustError} from '../src/shared/errors.js';
import type {CounterConfig, FeedConfig, RelayConfig, ScheduleConfig} from './config.js';
import {thinned, worthRecording} from './history.js';
import type {Logger} from './log.js';
import {counterDocument, eventDocument, feedDocument, rowHistory, type SourceState} from './native-json.js';
import {Moderation} from './moderation/moderation.js';
import {Output} from './output.js';
import {AccountSource} from './sources/account.js';
import {BlueskySearchSource, BlueskySession} from './sources/bluesky.js';
import {MastodonTagSource} from './sources/mastodon.js';
import {JetstreamSource} from './sources/jetstream.js';
import {FacebookPageSource, InstagramAccountSource} from './sources/meta.js';
import {XFollowersSource, XSearchSource} from './sources/x.js';
import {ScheduleSource} from './sources/schedule.js';
import type {PollResult, Source, SourceContext} from './sources/source.js';
import {State, type SourceRow} from './state.js';
import {Upstream, type Clock} from './upstream.js';

/**
 * The relay: every configured feed, counter and schedule, each upstream
 * source polled once per interval (shared by all that use it), the results
 * committed to the state, and the outputs that depend on them published.
 * The clock and the randomness are injected, so tests drive time by hand.
 */

const MAX_BACKOFF_MS = 30 * 60_000;

export type SourceHealth = 'ok' | 'failing' | 'paused' | 'waiting';

interface Runtime {
  source: Source;
  nextPoll: number;
  inflight?: Promise<boolean>;
  health: SourceHealth;
  /** What the last poll said besides its items (a gap in a stream), for status.json. */
  notice?: string;
}

export interface RelayOptions {
  clock?: Clock;
  random?: () => number;
  log: Logger;
  /** `check` reads nothing from and writes nothing to disk. */
  dryRun?: boolean;
  fetch?: typeof fetch;
  /** Jetstream connection timings (tests shorten them). */
  jetstreamTiming?: ConstructorParameters<typeof JetstreamSource>[0]['timing'];
}

interface Publication {
  path: string;
  refresh: number;
  sources: Source[];
  build(): unknown;
}

export class Relay {
  readonly state: State;
  readonly output: Output;
  readonly upstream: Upstream;
  readonly clock: Clock;
  /** The console's decisions (relay/moderation/): every feed's posts go through it before its file. */
  readonly moderation: Moderation;
  readonly #random: () => number;
  readonly #log: Logger;
  readonly #runtimes = new Map<string, Runtime>();
  readonly #outputs: Publication[] = [];
  readonly #sessions = new Map<string, BlueskySession>();
  readonly #context: SourceContext;
  readonly #options: RelayOptions;

  constructor(
    readonly config: RelayConfig,
    options: RelayOptions,
  ) {
    this.clock = options.clock ?? {now: () => Date.now()};
    this.#random = options.random ?? Math.random;
    this.#log = options.log;
    this.#options = options;
    this.state = new State(options.dryRun ? ':memory:' : config.state);
    this.output = new Output(config.out, this.clock, !options.dryRun);
    this.upstream = new Upstream({
      timeoutMs: config.timeoutMs,
      maxBytes: config.maxResponseBytes,
      clock: this.clock,
      fetch: options.fetch,
      onHold: (origin, hold) => {
        this.state.saveHold(origin, hold);
        if (hold) this.#log.log('warn', 'rate-limit.hold', {server: origin, until: new Date(hold.until).toISOString(), reason: hold.reason});
      },
    });
    for (const hold of this.state.holds()) this.upstream.restoreHold(hold.origin, hold);
    this.#context = {upstream: this.upstream, state: this.state, clock: this.clock, log: this.#log};
    this.moderation = new Moderation({
      db: this.state.db,
      feeds: config.feeds,
      counters: config.counters,
      clock: this.clock,
      publish: (feed) => this.#publish(this.#outputs.find((o) => o.path === `feeds/${feed}.json`)!),
      onListenerError: (error) => this.#log.log('warn', 'moderation.after-decision', {error: String(error)}),
    });
    for (const feed of config.feeds) this.#addFeed(feed);
    for (const counter of config.counters) this.#addCounter(counter);
    for (const schedule of config.schedules) this.#addSchedule(schedule);
    this.#outputs.push({path: 'status.json', refresh: 15, sources: [], build: () => this.status()});
  }

  /** A source by key, made once: feeds and counters that ask for the same thing share it at the shortest interval. */
  #source<S extends Source>(made: S, usedBy: string): S {
    const existing = this.#runtimes.get(made.key)?.source as S | undefined;
    const source = existing ?? made;
    source.intervalMs = Math.min(source.intervalMs, made.intervalMs);
    source.usedBy.add(usedBy);
    if (!existing) this.#runtimes.set(source.key, {source, nextPoll: 0, health: 'waiting'});
    return source;
  }

  #session(login: NonNullable<NonNullable<FeedConfig['bluesky']>['login']>): BlueskySession {
    const key = `${login.service} ${login.identifier}`;
    let session = this.#sessions.get(key);
    if (!session) this.#sessions.set(key, (session = new BlueskySession(login, this.upstream, this.clock, this.state)));
    return session;
  }

  #addFeed(feed: FeedConfig): void {
    const interval = feed.refresh * 1000;
    const sources: Source[] = feed.mastodon.map((server) => {
      const source = this.#source(new MastodonTagSource(server.instance, feed.hashtag, interval, server.accessToken), `feeds/${feed.name}`);
      source.accessToken ??= server.accessToken;
      return source;
    });
    const bluesky = feed.bluesky;
    const search = bluesky?.login && new BlueskySearchSource(this.#session(bluesky.login), feed.hashtag, interval);
    if (bluesky && bluesky.jetstream.length) {
      // Live from Jetstream; handed over every few seconds, so a deletion leaves the file within one publish cycle.
      const made: JetstreamSource = new JetstreamSource({
        hashtag: feed.hashtag,
        instances: bluesky.jetstream,
        appview: bluesky.appview,
        intervalMs: Math.min(interval, 5_000),
        gapFill: search || undefined,
        published: (): Post[] => this.state.posts(made.key),
        random: this.#random,
        timing: this.#options.jetstreamTiming,
      });
      sources.push(this.#source(made, `feeds/${feed.name}`));
    } else if (search) {
      sources.push(this.#source(search, `feeds/${feed.name}`));
    }
    if (feed.x) {
      const x = feed.x;
      const made = new XSearchSource({apiBase: x.apiBase, query: x.query, bearerToken: x.bearerToken, intervalMs: interval, maxPostsPerDay: x.maxPostsPerDay});
      const source = this.#source(made, `feeds/${feed.name}`);
      // Feeds that share a search share its spending too: the smallest day's limit holds.
      source.maxPostsPerDay = Math.min(source.maxPostsPerDay, made.maxPostsPerDay);
      sources.push(source);
    }
    // Posts kept from before (or from before this feed was configured) are admitted once, like new ones.
    this.moderation.received([feed.name], sources.flatMap((s) => this.state.posts(s.key)));
    this.#outputs.push({
      path: `feeds/${feed.name}.json`,
      refresh: feed.refresh,
      sources,
      build: () => {
        // Exactly what readers may see: published posts (pinned first), and the queue in publish-then-review.
        const {posts, pinned} = this.moderation.publicPosts(feed.name);
        return feedDocument(feed.hashtag, posts, this.#sourcesOf(sources), pinned);
      },
    });
  }

  #addCounter(counter: CounterConfig): void {
    const interval = counter.refresh * 1000;
    const sources: Source[] = [
      ...counter.mastodon.map((a) => this.#source(AccountSource.mastodon(a.instance, a.account, interval), `counters/${counter.name}`)),
      ...counter.bluesky.map((a) => this.#source(AccountSource.bluesky(a.appview, a.account, interval), `counters/${counter.name}`)),
      ...counter.x.map((a) => this.#source(new XFollowersSource({apiBase: a.apiBase, username: a.username, bearerToken: a.bearerToken, intervalMs: interval}), `counters/${counter.name}`)),
      ...counter.facebook.map((a) =>
        this.#source(new FacebookPageSource({apiBase: a.apiBase, version: a.version, pageId: a.id, pageToken: a.pageToken, intervalMs: interval}), `counters/${counter.name}`),
      ),
      ...counter.instagram.map((a) =>
        this.#source(new InstagramAccountSource({apiBase: a.apiBase, version: a.version, accountId: a.id, pageToken: a.pageToken, intervalMs: interval}), `counters/${counter.name}`),
      ),
    ];
    this.#outputs.push({
      path: `counters/${counter.name}.json`,
      refresh: counter.refresh,
      sources,
      build: () => {
        const accounts: AccountCount[] = [];
        for (const source of sources) {
          const json = this.state.document(source.key);
          // Until every account has been read once, the total would be short: publish nothing yet.
          if (json === undefined) return undefined;
          const row = this.state.source(source.key);
          // Read once and failing (or paused) since: its last count stays in the total, marked as such, never dropped.
          const stale = row.state === 'failing' || row.state === 'paused';
          accounts.push({...(JSON.parse(json) as AccountCount), history: this.state.samples(source.key), ...(stale ? {stale, readAt: row.lastSuccess} : {})});
        }
        const history = sumHistories(accounts.map((a) => a.history ?? []));
        const now = this.clock.now();
        for (const a of accounts) a.history = rowHistory(a.history ?? [], now);
        return counterDocument({accounts, history, label: counter.label, eventStart: counter.eventStart, sources: this.#sourcesOf(sources)});
      },
    });
  }

  #addSchedule(schedule: ScheduleConfig): void {
    const source = this.#source(new ScheduleSource(schedule), `schedules/${schedule.name}`);
    this.#outputs.push({
      path: `schedules/${schedule.name}.json`,
      refresh: schedule.refresh,
      sources: [source],
      build: () => {
        const json = this.state.document(source.key);
        return json === undefined ? undefined : (JSON.parse(json) as unknown);
      },
    });
  }

  get sources(): Source[] {
    return [...this.#runtimes.values()].map((r) => r.source);
  }

  /** Publishes every output from the state as it is (after a restart: the last good files at once). */
  publishAll(): void {
    this.output.recover();
    for (const output of this.#outputs) this.#publish(output);
  }

  #publish(output: Publication): void {
    const document = output.build();
    if (document === undefined) return;
    if (this.output.publish(output.path, document, output.refresh) && output.path !== 'status.json') {
      this.#log.log('info', 'publish', {file: output.path});
    }
  }

  #publishFor(source: Source): void {
    for (const output of this.#outputs) if (output.sources.includes(source)) this.#publish(output);
    this.#publish(this.#outputs.find((o) => o.path === 'status.json')!);
  }

  /** Polls every source that is due; resolves when those polls are done. True when all of them succeeded. */
  async runDue(): Promise<boolean> {
    const now = this.clock.now();
    const due = [...this.#runtimes.values()].filter((r) => !r.inflight && r.nextPoll <= now);
    const results = await Promise.all(due.map((r) => this.#poll(r)));
    return results.every(Boolean);
  }

  /** One round of every source, whatever its schedule (`once`). */
  async runAll(): Promise<boolean> {
    for (const r of this.#runtimes.values()) r.nextPoll = 0;
    return this.runDue();
  }

  /** When the next source falls due (for the serve loop). */
  nextDue(): number {
    return Math.min(...[...this.#runtimes.values()].map((r) => r.nextPoll));
  }

  #poll(runtime: Runtime): Promise<boolean> {
    runtime.inflight = this.#pollNow(runtime).finally(() => (runtime.inflight = undefined));
    return runtime.inflight;
  }

  async #pollNow(runtime: Runtime): Promise<boolean> {
    const {source} = runtime;
    const row = this.state.source(source.key);
    const hold = this.upstream.holdOn(source.url);
    if (hold) {
      // Never a request before the server's reset: wait for it, and say so.
      runtime.health = 'paused';
      runtime.nextPoll = hold.until;
      this.state.saveSource({...row, ...this.#stateChange(row, 'paused', `Paused by ${new URL(source.url).host} until ${new Date(hold.until).toISOString()} (${hold.reason})`)});
      this.#publishFor(source);
      return false;
    }
    const started = this.clock.now();
    let result: PollResult;
    try {
      result = await source.poll(this.#context, row.cursor);
    } catch (error) {
      const trustError = toTrustError(error, source.url);
      const failures = row.failures + 1;
      const now = this.clock.now();
      const health = trustError.kind === 'rate-limited' ? 'paused' : 'failing';
      this.state.saveSource({...row, failures, lastError: trustError.message, lastErrorAt: now, ...this.#stateChange(row, health, trustError.message)});
      const ceiling = Math.max(source.intervalMs, Math.min(MAX_BACKOFF_MS, source.intervalMs * 2 ** failures));
      const hold = this.upstream.holdOn(source.url)?.until ?? 0;
      const pausedFor = trustError.kind === 'rate-limited' ? trustError.details.retryAfterMs : undefined;
      // A pause the platform (or the source) named ends exactly then: X's day at 00:00 UTC, Meta's time to regain access.
      // Anything else: full jitter between one interval and the capped exponential.
      runtime.nextPoll =
        pausedFor !== undefined && Number.isFinite(pausedFor) && pausedFor > 0
          ? Math.max(now + pausedFor, hold)
          : Math.max(now + source.intervalMs + this.#random() * (ceiling - source.intervalMs), hold);
      runtime.health = health;
      this.#log.log('warn', 'poll.failed', {source: source.key, error: trustError.message, failures, retry: new Date(runtime.nextPoll).toISOString()});
      this.#publishFor(source);
      return false;
    }
    const now = this.clock.now();
    this.state.transaction(() => {
      this.#commit(source, result, now);
      this.state.saveSource({
        key: source.key,
        cursor: result.kind === 'count' ? row.cursor : (result.cursor ?? row.cursor),
        lastSuccess: now,
        failures: 0,
        ...this.#stateChange(row, 'ok', undefined),
      });
    });
    runtime.health = 'ok';
    if (result.kind === 'posts') runtime.notice = result.notice;
    runtime.nextPoll = Math.max(now + source.intervalMs, this.upstream.holdOn(source.url)?.until ?? 0);
    for (const problem of result.problems.slice(0, 20)) this.#log.log('info', 'item.skipped', {source: source.key, where: problem.where, reason: problem.reason});
    this.#log.log('info', 'poll.ok', {
      source: source.key,
      items: result.kind === 'posts' ? result.posts.length : result.kind === 'count' ? result.account.count : result.event ? result.event.sessions.length : 'unchanged',
      skipped: result.problems.length || undefined,
      ms: now - started,
      note: result.kind === 'posts' ? result.note : undefined,
    });
    this.#publishFor(source);
    this.moderation.flush();
    return true;
  }

  /**
   * The health readers are told: a new state starts its `since` and keeps the
   * words it started with, so a file changes (and its ETag) only when a state does.
   */
  #stateChange(row: SourceRow, state: 'ok' | 'failing' | 'paused', message: string | undefined): Pick<SourceRow, 'state' | 'stateSince' | 'stateMessage'> {
    if (row.state === state) return {state, stateSince: row.stateSince, stateMessage: row.stateMessage};
    return {state, stateSince: this.clock.now(), stateMessage: message};
  }

  /** Each upstream source of a file, as the file tells its readers (schemas: `sources`). */
  #sourcesOf(sources: Source[]): SourceState[] {
    return sources.flatMap((s) => {
      const row = this.state.source(s.key);
      if (!row.state || row.stateSince === undefined) return [];
      return [{network: s.network, source: s.server, state: row.state as SourceState['state'], since: new Date(row.stateSince).toISOString(), interval: Math.round(s.intervalMs / 1000), ...(row.stateMessage ? {message: row.stateMessage} : {})}];
    });
  }

  #commit(source: Source, result: PollResult, now: number): void {
    if (result.kind === 'posts') {
      const feeds = this.config.feeds.filter((f) => source.usedBy.has(`feeds/${f.name}`));
      const keep = Math.max(...feeds.map((f) => f.maxPosts), 1);
      this.state.removePosts(source.key, result.removed ?? [], result.removedAccounts ?? []);
      this.state.savePosts(source.key, result.posts.map((post) => ({key: postKey(post), at: feedTime(post), post})), keep);
      // In the same transaction: a post is never in the state without its place in each feed.
      this.moderation.removed(feeds.map((f) => f.name), result.removed ?? [], result.removedAccounts ?? []);
      this.moderation.received(feeds.map((f) => f.name), result.posts);
    } else if (result.kind === 'count') {
      this.state.saveDocument(source.key, JSON.stringify(result.account));
      const samples = this.state.samples(source.key);
      const point = {at: now, count: result.account.count};
      if (worthRecording(samples.at(-1), point)) this.state.addSample(source.key, point);
      this.state.deleteSamples(source.key, thinned([...samples, point], now));
    } else if (result.event) {
      this.state.saveDocument(source.key, JSON.stringify(eventDocument(result.event)));
    }
  }

  /** status.json: each source's health in words (no secrets: sources print only env names). */
  status(): unknown {
    const iso = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) || ms <= 0 ? null : new Date(ms).toISOString());
    return {
      relay: 'trust-relay',
      sources: [...this.#runtimes.values()].map(({source, nextPoll, health, notice}) => {
        const row = this.state.source(source.key);
        const hold = this.upstream.holdOn(source.url);
        return {
          key: source.key,
          network: source.network,
          server: source.server,
          usedBy: [...source.usedBy].sort(),
          state: health,
          lastSuccess: iso(row.lastSuccess),
          lastError: row.failures > 0 && row.lastError ? {at: iso(row.lastErrorAt), message: row.lastError} : null,
          failures: row.failures,
          nextPoll: iso(nextPoll),
          rateLimit: hold ? {until: iso(hold.until), reason: hold.reason} : null,
          // The state in words while it is not ok ("Paused until 00:00 UTC: the day's limit of 1,000 posts read from X is reached …").
          ...(health !== 'ok' && health !== 'waiting' && row.stateMessage ? {message: row.stateMessage} : {}),
          ...(notice ? {notice} : {}),
        };
      }),
    };
  }

  /** `check`: one poll of a source, committed nowhere (the state is in memory). */
  async checkSource(source: Source): Promise<{ok: boolean; message: string}> {
    const access = await source.access?.(this.#context);
    if (access && !access.ok) return access;
    // X bills every post a search returns: its access check (which returns none) is the whole test.
    if (access && source.network === 'x' && source.kind === 'posts') return {ok: true, message: `${access.message}; no posts read by check (X bills each one)`};
    const said = access ? `${access.message}; ` : '';
    const checked = await this.#checkPoll(source);
    return {ok: checked.ok, message: `${said}${checked.message}`};
  }

  async #checkPoll(source: Source): Promise<{ok: boolean; message: string}> {
    try {
      const result = await source.poll(this.#context, undefined);
      const skipped = result.problems.length ? `, ${result.problems.length} skipped` : '';
      if (result.kind === 'posts') return {ok: true, message: `${result.posts.length} posts now${skipped}`};
      if (result.kind === 'count') return {ok: true, message: `${new Intl.NumberFormat('en-GB').format(result.account.count)} followers (${result.account.account ?? source.server})`};
      return {ok: true, message: `${result.event?.sessions.length ?? 0} sessions, ${result.event?.speakers.length ?? 0} speakers${skipped}`};
    } catch (error) {
      return {ok: false, message: toTrustError(error, source.url).message};
    }
  }

  /** /healthz: failing only when every source that has been polled is failing. */
  health(): {ok: boolean; detail: Record<string, unknown>} {
    const runtimes = [...this.#runtimes.values()];
    const count = (h: SourceHealth) => runtimes.filter((r) => r.health === h).length;
    const polled = runtimes.filter((r) => r.health !== 'waiting').length;
    const failing = count('failing');
    return {ok: polled === 0 || failing < polled, detail: {sources: runtimes.length, healthy: count('ok'), failing, paused: count('paused')}};
  }

  /** Resolves when no poll is in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.#runtimes.values()].flatMap((r) => (r.inflight ? [r.inflight] : [])));
  }

  close(): void {
    for (const source of this.sources) source.close?.();
    this.state.close();
  }
}
