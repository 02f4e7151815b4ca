/**
 * Whether what a widget shows is still being updated: the `sources` that
 * trust-relay writes into its feed and counter files say, per upstream
 * source, whether it is read as planned, failing, or paused since a moment.
 * A source failing or paused for longer than three of its intervals is
 * "not updated", and the widget says so in one quiet line, so a reader can
 * tell "nobody is posting" from "Bluesky has been unreachable since 09:40".
 *
 * Shared by <trust-hashtag-feed> and <trust-follow-counter>; no DOM and no
 * templates here. The adapters read `sources` with read-sources.ts (lazy).
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {clock, type TimerHandle} from './clock.js';
import {dateFormat} from './time.js';

/** One upstream source as the native feed and followers formats carry it (schemas' `sources`). */
export interface SourceState {
  /** "mastodon", "bluesky", or another network's name as given. */
  network: string;
  source: string;
  state: 'ok' | 'failing' | 'paused';
  /** When it entered this state (ms since the epoch). */
  since: number;
  /** Seconds between the relay's reads of it (0 when the file does not say: a failing source is then said at once). */
  interval: number;
  message?: string;
}

/** A model that may carry its sources' states (the native formats' `sources`). */
export interface Sourced {
  sources?: SourceState[];
}

export interface NotUpdated {
  /** The networks not updated, once each, in the file's order ([] when all is well). */
  networks: string[];
  /** Since when: the earliest of their sources' `since`. */
  since: number;
  /** When the answer changes next by the clock alone (a failing source passes its three intervals), if it will. */
  next?: number;
}

/** The sources failing or paused for longer than three of their intervals at `now`. */
export function notUpdated(sources: readonly SourceState[] | undefined, now: number): NotUpdated {
  const networks: string[] = [];
  let since = Infinity;
  let next: number | undefined;
  for (const s of sources ?? []) {
    if (s.state === 'ok') continue;
    const at = s.since + 3 * s.interval * 1000;
    if (now > at) {
      if (!networks.includes(s.network)) networks.push(s.network);
      since = Math.min(since, s.since);
    } else {
      next = Math.min(next ?? Infinity, at + 1);
    }
  }
  return {networks, since, next};
}

/**
 * The time of `since` in the zone (the viewer's when none is given), with its
 * day too ("Monday 24 October", and the year when not this year) when that is
 * not today there.
 */
export function sinceText(since: number, now: number, locale: string, timeZone?: string): {time: string; day?: string} {
  const format = (at: number, options: Intl.DateTimeFormatOptions) => dateFormat(locale, {...options, timeZone}).format(at);
  const day = {weekday: 'long', day: 'numeric', month: 'long'} as const;
  const year = {...day, year: 'numeric'} as const;
  const time = format(since, {hour: '2-digit', minute: '2-digit'});
  if (format(since, year) === format(now, year)) return {time};
  return {time, day: format(since, format(since, {year: 'numeric'}) === format(now, {year: 'numeric'}) ? day : year)};
}

/** What the line is made of, read at each render. */
export interface FreshnessInput {
  sources: readonly SourceState[] | undefined;
  /** The widget's strings: its names for networks, and its line. */
  strings: {networks: Record<string, string>; notUpdated: (networks: string, time: string, day: string | undefined) => string};
  locale: string;
  /** The widget's zone; the viewer's when absent. */
  timeZone?: string;
}

/**
 * The "not updated since" line of a widget, current at each render: one
 * timer (none while nothing is failing) re-renders the host when a failing
 * source passes its three intervals between polls of an unchanged file. A
 * new line is announced once (through the widget's live region); it goes
 * when the source recovers.
 */
export class FreshnessController implements ReactiveController {
  /** What the widget shows ('' when every source is being updated). */
  line = '';
  #said = '';
  #timer?: TimerHandle;

  constructor(
    private readonly host: ReactiveControllerHost & {readonly isConnected: boolean},
    private readonly input: () => FreshnessInput,
    private readonly announce: (line: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    const now = clock.now();
    const {sources, strings, locale, timeZone} = this.input();
    const {networks, since, next} = notUpdated(sources, now);
    const key = networks.length ? `${networks.join()} ${since}` : '';
    this.line = '';
    if (key) {
      const {time, day} = sinceText(since, now, locale, timeZone);
      // "Bluesky and Mastodon": the widget's names for them ("Mastodon", "Bluesky", else as given), joined in the page's language.
      const names = new Intl.ListFormat(locale, {type: 'conjunction'}).format(networks.map((n) => strings.networks[n.toLowerCase()] ?? n));
      this.line = strings.notUpdated(names, time, day);
      if (key !== this.#said) this.announce(this.line);
    }
    this.#said = key;
    clock.clearTimeout(this.#timer);
    // At most a day ahead: a browser fires a longer timeout at once.
    this.#timer = next !== undefined && this.host.isConnected ? clock.setTimeout(() => this.host.requestUpdate(), Math.min(next - now, 86_400_000)) : undefined;
  }

  hostDisconnected(): void {
    clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
