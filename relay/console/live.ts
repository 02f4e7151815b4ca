import type {ReactiveController, ReactiveControllerHost} from 'lit';
import type {ChangeEvent} from '../moderation/api.js';
import {clock, type TimerHandle} from '../../src/shared/clock.js';

/** Posts that arrive within this long of each other are announced together. */
export const BATCH_MS = 1500;
/** However fast posts keep coming, the moderator hears of them at least this often. */
const MAX_WAIT_MS = 6000;

/**
 * The relay's server-sent events (`changed`), for as long as the console is
 * on the page. EventSource reconnects by itself after a dropped connection;
 * when it gives up (the relay answered with an error, such as 401 for an
 * ended session), `onClosed` lets the console find out why.
 *
 * Arrivals are batched: `onArrivals(n)` is called once per burst of new
 * posts, so a busy hashtag gives one announcement, not one per post.
 */
export class LiveController implements ReactiveController {
  #source?: EventSource;
  #pending = 0;
  #timer?: TimerHandle;
  #since = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: {
      url: () => string | undefined;
      onChange: (event: ChangeEvent) => void;
      onArrivals: (count: number) => void;
      onClosed: () => void;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connect();
  }

  hostDisconnected(): void {
    this.#source?.close();
    this.#source = undefined;
    clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = 0;
  }

  /** (Re)opens the stream, once the console knows its URL (after the session has loaded). */
  connect(): void {
    const url = this.options.url();
    if (!url || this.#source) return;
    const source = new EventSource(url);
    source.addEventListener('changed', (e) => {
      let event: ChangeEvent;
      try {
        event = JSON.parse((e as MessageEvent<string>).data) as ChangeEvent;
      } catch {
        return;
      }
      if (!event || typeof event.feed !== 'string') return;
      this.options.onChange(event);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        if (this.#source === source) this.#source = undefined;
        this.options.onClosed();
      }
    });
    this.#source = source;
  }

  /** Counts new posts towards the next announcement. */
  arrived(count: number): void {
    if (count <= 0) return;
    if (this.#pending === 0) this.#since = clock.now();
    this.#pending += count;
    clock.clearTimeout(this.#timer);
    const wait = Math.max(0, Math.min(BATCH_MS, this.#since + MAX_WAIT_MS - clock.now()));
    this.#timer = clock.setTimeout(() => {
      const n = this.#pending;
      this.#pending = 0;
      this.#timer = undefined;
      if (n) this.options.onArrivals(n);
    }, wait);
  }
}
