import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {Task} from '@lit/task';
import {adapt, parseBody, type Adapted, type AdapterContext, type FormatMap} from './adapter.js';
import {TrustError, toTrustError} from './errors.js';
import {fire, type Problem} from './events.js';
import {subscribe, type FetchResult, type SourceFallback, type Subscription} from './source-cache.js';
import {clock} from './clock.js';

/**
 * The one data layer of every widget. It reads, in this order of precedence,
 * the element's `data` property, a child `<script type="application/json">`
 * (read as text, never executed), or remote sources (usually `src`), runs the
 * payload through the format's adapter, and keeps the last good result on
 * screen when a refresh fails. Polling, caching and back-off live in
 * source-cache.ts; this controller turns them into widget state and events.
 */

export interface SourceSpec {
  url: string;
  /** The format of this source; sniffed from the payload when absent. */
  format?: string;
  accept?: string;
  /** For sources polled incrementally (Mastodon `min_id`). */
  nextUrl?: (last: FetchResult) => string;
  /** A URL to read instead when the source needs a login (see source-cache.ts). */
  fallback?: SourceFallback;
}

export interface DataHost extends ReactiveControllerHost, HTMLElement {
  data?: unknown;
  format?: string;
  refresh?: number;
}

export interface DataOptions<M> {
  formats: FormatMap<M>;
  /** The remote sources the element's attributes describe ([] when none). */
  sources(): SourceSpec[];
  count(model: M): number;
  /** Combines several sources' models (merged feeds, summed accounts). Default: the first. */
  combine?(models: M[]): M;
  /** Folds an incremental answer into the source's previous model. */
  merge?(previous: M, next: M): M;
  /** The context handed to adapters. */
  context(): AdapterContext;
}

export type DataStatus = 'loading' | 'loaded' | 'empty' | 'error';

interface SourceState<M> {
  spec: SourceSpec;
  subscription: Subscription;
  /** Answers not yet adapted, oldest first. */
  pending: FetchResult[];
  adapted?: Adapted<M> & {format: string};
  error?: TrustError;
}

interface Loaded<M> {
  value: M;
  problems: Problem[];
  source: string;
  format: string;
}

const INLINE_SELECTOR = 'script[type="application/json"]';

export class DataController<M> implements ReactiveController {
  /** The last good model: kept on screen when a later load fails. */
  value?: M;
  problems: Problem[] = [];
  /** When the data on screen was last confirmed by its source. */
  updatedAt?: number;

  readonly #host: DataHost;
  readonly #options: DataOptions<M>;
  readonly #sources = new Map<string, SourceState<M>>();
  #sourcesKey = '';
  #revision = 0;
  #inlineText?: string;
  #observer?: MutationObserver;
  #folding: Promise<unknown> = Promise.resolve();

  readonly task: Task<[number, unknown, string | undefined, string, string | undefined], Loaded<M> | undefined>;

  constructor(host: DataHost, options: DataOptions<M>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.task = new Task(host, {
      args: () => [this.#revision, host.data, this.#inlineText, JSON.stringify(options.context()), host.format] as const,
      task: async ([, data, inline]) => this.#load(data, inline),
      onComplete: (loaded) => this.#completed(loaded),
      onError: (error) => this.#failed(toTrustError(error)),
    });
  }

  /** The error to explain: a payload that could not be read, or the first source that failed. */
  get error(): TrustError | undefined {
    if (this.#configError) return this.#configError;
    if (this.task.error) return toTrustError(this.task.error);
    for (const s of this.#sources.values()) if (s.error) return s.error;
    return undefined;
  }

  /** True when a refresh failed and older data is still shown. */
  get stale(): boolean {
    return this.value !== undefined && this.error !== undefined;
  }

  get status(): DataStatus {
    if (this.value !== undefined) return this.#options.count(this.value) === 0 ? 'empty' : 'loaded';
    return this.error ? 'error' : 'loading';
  }

  /** A settled promise for tests and callers: resolves when the current load has finished. */
  async settled(): Promise<void> {
    await this.#host.updateComplete;
    await this.task.taskComplete.catch(() => undefined);
    await this.#host.updateComplete;
  }

  /** The Retry button: fetch every source again now. */
  retry(): void {
    for (const s of this.#sources.values()) s.subscription.refreshNow();
    if (this.task.error) void this.task.run();
  }

  hostConnected(): void {
    this.#observer = new MutationObserver(() => this.#readInline());
    this.#observer.observe(this.#host, {childList: true, subtree: true, characterData: true});
    this.#readInline();
    this.#syncSources();
  }

  hostUpdate(): void {
    this.#syncSources();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    for (const s of this.#sources.values()) s.subscription.unsubscribe();
    this.#sources.clear();
    this.#sourcesKey = '';
  }

  get #configError(): TrustError | undefined {
    const h = this.#host;
    if (h.data !== undefined || this.#inlineText !== undefined || this.#sources.size > 0) return undefined;
    if (!h.isConnected) return undefined;
    return new TrustError('config', 'No data: set src (and format), the data property, or a child <script type="application/json">');
  }

  #readInline(): void {
    const script = [...this.#host.children].find((c) => c.matches(INLINE_SELECTOR));
    const text = script?.textContent ?? undefined;
    if (text !== this.#inlineText) {
      this.#inlineText = text;
      this.#host.requestUpdate();
    }
  }

  /** Subscribes to the sources the attributes describe now, and drops the ones they no longer name. */
  #syncSources(): void {
    // An update can still run after disconnect; it must not subscribe again.
    if (!this.#host.isConnected) return;
    const useRemote = this.#host.data === undefined && this.#inlineText === undefined;
    const specs = useRemote ? this.#options.sources() : [];
    const refresh = Number(this.#host.refresh) || 0;
    const key = JSON.stringify([specs.map((s) => [s.url, s.format]), refresh]);
    if (key === this.#sourcesKey) return;
    this.#sourcesKey = key;
    for (const s of this.#sources.values()) s.subscription.unsubscribe();
    this.#sources.clear();
    for (const spec of specs) {
      const state: SourceState<M> = {spec, pending: [], subscription: undefined as unknown as Subscription};
      this.#sources.set(spec.url, state);
      state.subscription = subscribe(spec.url, {
        refresh,
        accept: spec.accept,
        nextUrl: spec.nextUrl,
        fallback: spec.fallback,
        onResult: (result) => this.#received(state, result),
        onError: (error) => this.#sourceFailed(state, error),
      });
    }
    if (specs.length === 0) this.#bump();
  }

  #received(state: SourceState<M>, result: FetchResult): void {
    if (this.#sources.get(state.spec.url) !== state) return;
    this.updatedAt = result.fetchedAt;
    const hadError = state.error !== undefined;
    state.error = undefined;
    if (result.notModified && state.adapted) {
      // Nothing changed: no re-render, unless a stale notice must go away.
      if (hadError) this.#host.requestUpdate();
      fire(this.#host, 'trust-load', {
        source: state.spec.url,
        format: state.adapted.format,
        count: this.value === undefined ? 0 : this.#options.count(this.value),
        skipped: this.problems,
        changed: false,
      });
      return;
    }
    state.pending.push(result);
    this.#bump();
  }

  #sourceFailed(state: SourceState<M>, error: TrustError): void {
    if (this.#sources.get(state.spec.url) !== state) return;
    state.error = error;
    this.#failed(error);
  }

  #bump(): void {
    this.#revision++;
    this.#host.requestUpdate();
  }

  async #load(data: unknown, inline: string | undefined): Promise<Loaded<M> | undefined> {
    const context = this.#options.context();
    if (data !== undefined) {
      const adapted = await adapt(this.#options.formats, this.#host.format, data, context, 'property');
      return {...adapted, source: 'property'};
    }
    if (inline !== undefined) {
      let raw: unknown;
      try {
        raw = JSON.parse(inline);
      } catch (error) {
        throw new TrustError('not-json', `The inline <script type="application/json"> is not valid JSON: ${(error as Error).message}`);
      }
      const adapted = await adapt(this.#options.formats, this.#host.format, raw, context, 'inline');
      return {...adapted, source: 'inline'};
    }
    if (this.#sources.size === 0) return undefined;
    // Adapt new answers one source at a time, in order, even if loads overlap.
    const run = this.#folding.then(() => this.#foldSources(context));
    this.#folding = run.catch(() => undefined);
    return run;
  }

  async #foldSources(context: AdapterContext): Promise<Loaded<M> | undefined> {
    const states = [...this.#sources.values()];
    for (const state of states) {
      while (state.pending.length) {
        const result = state.pending[0];
        try {
          const format = state.spec.format ?? this.#host.format;
          const raw = parseBody(this.#options.formats, format, result);
          const next = await adapt(this.#options.formats, format, raw, {...context, baseUrl: result.url, headers: result.headers}, result.url);
          state.adapted =
            state.adapted && state.spec.nextUrl && this.#options.merge
              ? {value: this.#options.merge(state.adapted.value, next.value), problems: [...state.adapted.problems, ...next.problems].slice(-100), format: next.format}
              : next;
        } catch (error) {
          state.error = toTrustError(error, result.url);
          if (states.length === 1) throw state.error;
          this.#failed(state.error);
        } finally {
          state.pending.shift();
        }
      }
    }
    const done = states.filter((s) => s.adapted);
    if (done.length === 0) return undefined;
    const models = done.map((s) => s.adapted!.value);
    return {
      value: this.#options.combine ? this.#options.combine(models) : models[0],
      problems: done.flatMap((s) => s.adapted!.problems),
      source: done.map((s) => s.spec.url).join(' '),
      format: [...new Set(done.map((s) => s.adapted!.format))].join(' '),
    };
  }

  #completed(loaded: Loaded<M> | undefined): void {
    if (!loaded) return;
    this.value = loaded.value;
    this.problems = loaded.problems;
    this.updatedAt ??= clock.now();
    if (loaded.source === 'property' || loaded.source === 'inline') this.updatedAt = clock.now();
    if (loaded.problems.length) {
      console.warn(`trust-widgets <${this.#host.localName}>: skipped ${loaded.problems.length} item(s) from ${loaded.source}`, loaded.problems);
    }
    fire(this.#host, 'trust-load', {
      source: loaded.source,
      format: loaded.format,
      count: this.#options.count(loaded.value),
      skipped: loaded.problems,
      changed: true,
    });
  }

  #failed(error: TrustError): void {
    console.warn(`trust-widgets <${this.#host.localName}>: ${error.kind}: ${error.message}`, error.details);
    fire(this.#host, 'trust-error', {
      source: error.url ?? (this.#host.data !== undefined ? 'property' : this.#inlineText !== undefined ? 'inline' : ''),
      kind: error.kind,
      message: error.message,
      status: error.status,
      stale: this.value !== undefined,
    });
    this.#host.requestUpdate();
  }
}

