import type {Logger} from '../log.js';
import {fetchMedia, MediaError, type FetchedMedia, type FetchMediaOptions} from './fetch.js';
import {mediaBase, pictureUrls, rewritePost} from './rewrite.js';
import type {MediaStore} from './store.js';

/**
 * `"mediaProxy": true` on a feed or counter: before a file is published, the
 * pictures its posts use are fetched into the store (`prepare`), then the
 * file is published with the relay's own URLs in their place and without
 * any picture that is not stored (`rewriteDocument`).
 *
 * Publication never waits long: `prepare` fetches at most `concurrency` at a
 * time and returns after `budgetMs` however many are still on their way;
 * those go on in the background and are in the next round's file. A URL
 * that failed is not asked for again until the store's negative cache says.
 */

type Json = Record<string, unknown>;

export interface MediaProxyOptions {
  store: MediaStore;
  /** The relay's public origin for media URLs; relative URLs when absent (see mediaBase). */
  publicBase?: string;
  /** Parallel fetches; default 4. */
  concurrency?: number;
  /** How long `prepare` may hold up a round; default 3 s. */
  budgetMs?: number;
  /** Options of every fetch (tests inject a resolver and their emulator's address here). */
  fetch?: FetchMediaOptions;
  /** Replaces fetchMedia altogether (tests). */
  fetcher?: (url: string) => Promise<FetchedMedia>;
  log?: Logger;
}

export class MediaProxy {
  readonly #o: MediaProxyOptions;
  readonly #inFlight = new Map<string, Promise<boolean>>();
  readonly #queue: string[] = [];
  #running = 0;
  #closed = false;
  readonly #stop = new AbortController();
  readonly #fetches = new Set<Promise<boolean>>();

  constructor(options: MediaProxyOptions) {
    this.#o = options;
  }

  /** Pictures not yet fetched, in fetch order (most visible first), leaving out those recently failed. */
  missing(posts: readonly Json[]): string[] {
    const urls = posts.flatMap((p) => pictureUrls(p));
    const order = ['avatar', 'preview', 'picture', 'card', 'emoji'];
    urls.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    const out = new Set<string>();
    for (const {url} of urls) if (!this.#o.store.get(url) && !this.#o.store.failure(url)) out.add(url);
    return [...out];
  }

  /**
   * Fetches what the posts use and the store lacks, waiting at most the
   * budget (default the proxy's `budgetMs`). Resolves with how many were
   * stored and how many failed in time, and how many are still on their way
   * (they will be in the next round's file).
   */
  async prepare(posts: readonly Json[], budgetMs = this.#o.budgetMs ?? 3000): Promise<{stored: number; failed: number; pending: number}> {
    const wanted = this.missing(posts);
    const jobs = wanted.map((url) => this.#enqueue(url));
    let stored = 0;
    let failed = 0;
    for (const job of jobs) void job.then((ok) => (ok ? stored++ : failed++));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(jobs), new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
    clearTimeout(timer);
    // Let the settled jobs' counters run.
    await Promise.resolve();
    return {stored, failed, pending: wanted.filter((url) => this.#inFlight.has(url)).length};
  }

  #enqueue(url: string): Promise<boolean> {
    const existing = this.#inFlight.get(url);
    if (existing) return existing;
    let release!: (stored: boolean) => void;
    const job = new Promise<boolean>((resolve) => (release = resolve));
    this.#inFlight.set(url, job);
    this.#queue.push(url);
    this.#waiters.set(url, release);
    this.#pump();
    return job;
  }

  readonly #waiters = new Map<string, (stored: boolean) => void>();

  #pump(): void {
    while (!this.#closed && this.#running < (this.#o.concurrency ?? 4) && this.#queue.length) {
      const url = this.#queue.shift()!;
      this.#running++;
      const fetching = this.#fetchOne(url);
      this.#fetches.add(fetching);
      void fetching.then((stored) => {
        this.#fetches.delete(fetching);
        this.#running--;
        this.#inFlight.delete(url);
        this.#waiters.get(url)?.(stored);
        this.#waiters.delete(url);
        this.#pump();
      });
    }
  }

  /** Never rejects: a failure is remembered in the store and logged. */
  async #fetchOne(url: string): Promise<boolean> {
    const {store, log} = this.#o;
    try {
      const media = await (this.#o.fetcher ?? ((u: string) => fetchMedia(u, {...this.#o.fetch, signal: this.#stop.signal})))(url);
      if (this.#closed) return false;
      const stored = store.put(media);
      log?.log('debug', 'media.stored', {url, name: stored.name, bytes: stored.bytes});
      return true;
    } catch (error) {
      if (this.#closed) return false;
      const message = error instanceof Error ? error.message : String(error);
      store.fail(url, message, error instanceof MediaError && error.permanent);
      log?.log(error instanceof MediaError && error.permanent ? 'warn' : 'info', 'media.failed', {url, message});
      return false;
    }
  }

  /**
   * A feed document (`{posts: [...]}`, as feedDocument makes it) to publish
   * at `path` ("feeds/week.json"): each post's pictures rewritten to the
   * relay's own or removed, and the store told which posts now use which
   * pictures (so those no published post uses any more are deleted).
   */
  rewriteDocument<T extends Json>(path: string, document: T): T {
    const base = mediaBase(path, this.#o.publicBase);
    const uses = new Map<string, string[]>();
    const rewrite = (post: Json, index: number): Json => {
      const used: string[] = [];
      const out = rewritePost(post, (url) => {
        const stored = this.#o.store.get(url);
        if (!stored) return undefined;
        used.push(url);
        return base + stored.name;
      });
      const key = typeof post.id === 'string' ? post.id : `#${index}`;
      uses.set(key, [...(uses.get(key) ?? []), ...used]);
      return out;
    };
    const posts = Array.isArray(document.posts) ? (document.posts as unknown[]).map((p, i) => (typeof p === 'object' && p !== null ? rewrite(p as Json, i) : p)) : undefined;
    this.#o.store.retain(path, uses);
    return posts ? {...document, posts} : document;
  }

  /** Stops: nothing queued is started, fetches under way are broken off and store nothing. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    this.#stop.abort();
    for (const release of this.#waiters.values()) release(false);
    await Promise.allSettled([...this.#fetches]);
  }
}
