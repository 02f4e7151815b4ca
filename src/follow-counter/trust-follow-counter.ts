import {html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {property, state} from 'lit/decorators.js';
import {TrustElement} from '../shared/element.js';
import {DataController} from '../shared/data-controller.js';
import type {TrustError} from '../shared/errors.js';
import {baseStyles} from '../shared/styles.js';
import {clampLevel, heading as headingTemplate} from '../shared/heading.js';
import {clock} from '../shared/clock.js';
import {dateFormat, dayKey, numberFormat, parseDateTime, timeZoneOr, wallTime} from '../shared/time.js';
import {formatsFor, type CounterContext} from './formats.js';
import {
  ObservedHistory,
  combineCounters,
  firstPointFrom,
  historyUpTo,
  milestoneCrossed,
  networkCounter,
  sparklinePoints,
  trendOf,
  type AccountCount,
  type Counter,
} from './model.js';
import {resolveSources, type CounterSource} from './sources.js';
import {CountUp} from './count-up.js';
import {followCounterStrings, type FollowCounterStrings} from './strings.js';
import {followCounterStyles} from './follow-counter.styles.js';
import {EXTERNAL_REL} from '../shared/text.js';
import {FreshnessController, sinceText} from '../shared/freshness.js';

export type CounterLayout = 'card' | 'compact';
export type CounterNotation = 'standard' | 'compact';
/** How the accounts of a sum are shown: a row each, one line ("2,314 on X · 1,102 on Facebook"), or not at all. */
export type CounterBreakdown = 'list' | 'line' | 'none';

const SPARKLINE = {width: 120, height: 32};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Link {
  url: string;
  text: string;
}

/** Everything shown besides the number itself, derived once per change of the data or the attributes. */
interface CounterView {
  label: string;
  growth?: {text: string; rising: boolean};
  goal?: {now: number; max: number; percent: number; text: string};
  trend?: {text: string; points: string};
  follow?: Link;
  /** One row per account when several are summed (`breakdown="list"`). */
  breakdown?: Array<{text: string; follow?: Link; missing?: boolean; stale?: boolean}>;
  /** One item per account on one line (`breakdown="line"`). */
  line?: Array<{text: string; follow?: Link; missing?: boolean; stale?: boolean}>;
  /** Under the number when it holds counts last read earlier: "Includes the last count we could read from Facebook". */
  staleTotal?: string;
}

/**
 * The follower count of the trust's social accounts, with its growth since a
 * baseline, progress towards a goal, a small history sparkline and a link to
 * follow. It reads a Mastodon account (`instance` + `account`), a Bluesky
 * handle (`account`), the native JSON format, or a number anywhere in any
 * JSON (`path`); several accounts are summed, with a breakdown per account
 * as a list or on one line (`breakdown`). A trust-relay counter can sum
 * accounts on Mastodon, Bluesky, X, Facebook and Instagram; `network` shows
 * one network's own count, growth and sparkline instead of the total. A count
 * the relay could not read again (`stale` in the file) stays in the total,
 * marked with when it was last read, and the total says so.
 * With `refresh` it polls: a change counts up (unless the reader prefers
 * reduced motion or cannot see the page), and each `milestone` passed during
 * the visit is announced once to screen readers.
 *
 * @summary A live follower count with growth, goal, sparkline and a follow link.
 *
 * @fires trust-load - After each successful load or refresh; `detail.count` is the number of accounts counted.
 * @fires trust-error - When a source could not be loaded or read; the last good count stays on screen.
 *
 * @csspart counter - The box around the whole widget.
 * @csspart heading - The heading, when `heading` is set.
 * @csspart count - The number and its label.
 * @csspart number - The number itself.
 * @csspart label - The word after the number ("followers").
 * @csspart growth - The growth since the baseline ("+214 since Monday 24 October", "+214 since Monday 09:00").
 * @csspart milestone - The last milestone passed during this visit.
 * @csspart sparkline - The history chart (an SVG image with a text alternative).
 * @csspart goal - The progress towards `goal`: bar and text.
 * @csspart goal-text - The text under the progress bar.
 * @csspart follow-link - The link to follow the account.
 * @csspart breakdown - The list of accounts when several are summed (a list, or one line with `breakdown="line"`).
 * @csspart account-link - The follow link of one account on the one-line breakdown.
 * @csspart stale-total - "Includes the last count we could read from Facebook": the total holds a count last read earlier.
 * @csspart message - The loading, empty and error messages.
 * @csspart retry-button - The "Try again" button after an error.
 * @csspart stale-notice - The notice shown when a refresh failed and older data is on screen.
 * @csspart not-updated - "Followers on Bluesky not updated since 09:40": a source of the file has been failing for more than three of its intervals.
 */
export class TrustFollowCounter extends TrustElement<FollowCounterStrings> {
  static override styles = [baseStyles, followCounterStyles];

  /** The Mastodon server's address (`https://mastodon.social`), for accounts written without their server. */
  @property() instance?: string;

  /**
   * The account(s) to count, separated by spaces: `@NELFT@mastodon.social`,
   * `NELFT` (on `instance`), `nelft.bsky.social` (Bluesky), or prefixed
   * `mastodon:` / `bluesky:` to leave no doubt. Several are summed.
   */
  @property() account?: string;

  /** The Bluesky AppView to ask for profiles. Default `https://public.api.bsky.app`. */
  @property({attribute: 'bluesky-api'}) blueskyApi?: string;

  /** Where the number is in any JSON `src`: `data.stats[0].followers`, `["followers"]`. */
  @property() path?: string;

  /** The word after the number. Default: the data's own label, else "followers". */
  @property() label?: string;

  /** `standard` ("2,314") or `compact` ("2.3K"). */
  @property() notation: CounterNotation = 'standard';

  /** The count to measure growth from. */
  @property({type: Number}) baseline?: number;

  /**
   * A date (`2016-10-24`) or date-time, or `event-start`: growth is measured
   * from the first history point on or after it (or from `baseline`, when
   * set, and worded as since this moment). `event-start` is the data's
   * `eventStart` (trust-relay's counters carry it), or without one the first
   * point of the history. A moment with a time of day reads with its time
   * ("+214 since Monday 09:00") when the history has a point that day, a date
   * as the day ("+214 since Monday 24 October").
   */
  @property() since?: string;

  /** A target count: shown as a progress bar. */
  @property({type: Number}) goal?: number;

  /** Announce each multiple of this number passed while the page is open (e.g. 100). */
  @property({type: Number}) milestone?: number;

  /** IANA time zone for dates without an offset and for the growth's date. Default Europe/London. */
  @property() timezone?: string;

  /**
   * One network's count instead of the total: `x`, `facebook`, `instagram`,
   * `mastodon`, `bluesky` (or any network the data names). Its growth and
   * sparkline come from that network's own history (trust-relay's
   * `accounts[].history`). Default: the total of every account.
   */
  @property() network?: string;

  /**
   * How the accounts of a sum are shown: `list` (default) a row each with its
   * follow link ("1,760 on Mastodon (@NELFT)"); `line` one compact line with
   * a follow link each ("2,314 on X · 1,102 on Facebook"); `none` not at all.
   */
  @property() breakdown: CounterBreakdown = 'list';

  /** `card` (default): a bordered box; `compact`: one line that wraps. */
  @property({reflect: true}) layout: CounterLayout = 'card';

  /** A heading above the count, at `heading-level` (none by default). */
  @property() heading?: string;

  /** The last milestone passed during this visit, shown until the count falls below it. */
  @state() private reachedMilestone?: number;

  protected readonly defaultStrings = followCounterStrings;

  protected readonly dataController = new DataController<Counter>(this, {
    formats: formatsFor(() => Boolean(this.path)),
    sources: () => this.#sources(),
    count: (value) => value.accounts.length,
    combine: combineCounters,
    context: (): CounterContext => ({timeZone: this.#timeZone, baseUrl: document.baseURI, path: this.path || undefined}),
  });

  /** "Followers on Bluesky not updated since 09:40", from the sources' states in the file (native format); its timer re-renders when a failing source passes three intervals. */
  readonly #freshness = new FreshnessController(
    this,
    () => ({sources: this.dataController.value?.sources, strings: this.text, locale: this.locale, timeZone: this.#timeZone}),
    (line) => this.announce(line),
  );

  readonly #countUp = new CountUp(this);
  readonly #observed = new ObservedHistory();
  readonly #milestones = new Set<number>();
  /** The model last taken in (the data, or one network's part of it), and the accounts it counted. */
  #taken?: Counter;
  /** The data and `network` the shown model was made from (undefined model: no account on that network). */
  #selected?: {value: Counter; network: string; model: Counter | undefined};
  #accountsKey = '';
  #view?: CounterView;
  #viewError?: TrustError;
  #resolved?: {key: string; sources: CounterSource[]};

  get #timeZone(): string {
    return timeZoneOr(this.timezone);
  }

  #sources(): CounterSource[] {
    const attributes = {src: this.src, account: this.account, instance: this.instance, format: this.format, blueskyApi: this.blueskyApi};
    const key = JSON.stringify(attributes);
    if (this.#resolved?.key !== key) {
      const {sources, invalid} = resolveSources(attributes, document.baseURI);
      for (const reason of invalid) console.warn(`trust-widgets <${this.localName}>: account ${reason}`);
      this.#resolved = {key, sources};
    }
    return this.#resolved.sources;
  }

  /** What is shown: the data, or with `network` that network's part of it (made once per data and network, so identity tells a change). */
  #model(value: Counter): Counter | undefined {
    const network = this.network?.trim().toLowerCase() ?? '';
    if (this.#selected?.value !== value || this.#selected.network !== network) {
      this.#selected = {value, network, model: network ? networkCounter(value, network) : value};
    }
    return this.#selected.model;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const {value: data, error} = this.dataController;
    const value = data && this.#model(data);
    const fresh = value !== this.#taken;
    if (fresh && value) this.#take(value);
    this.#taken = value;
    // The view depends on the attributes, the data, and which sources failed (named in the breakdown).
    if (value && (fresh || changed.size > 0 || error !== this.#viewError)) this.#view = this.#viewOf(value);
    this.#viewError = error;
  }

  /** A new model: count up to it, remember it for the sparkline, and mark a milestone passed. */
  #take(value: Counter): void {
    // Only a change in the same accounts' count is growth; a different set of accounts (one more has loaded, another network) starts afresh.
    const accountsKey = value.accounts.map((a) => `${a.source} ${a.network ?? ''} ${a.account ?? ''}`).join(' ');
    const sameAccounts = accountsKey === this.#accountsKey;
    this.#accountsKey = accountsKey;
    if (!sameAccounts) this.#observed.clear();
    this.#observed.add({at: this.dataController.updatedAt ?? clock.now(), count: value.count});
    const previous = sameAccounts ? this.#countUp.target : undefined;
    if (previous === undefined) return this.#countUp.jump(value.count);
    if (value.count === previous) return;
    this.#countUp.countTo(value.count);
    if (this.reachedMilestone !== undefined && value.count < this.reachedMilestone) this.reachedMilestone = undefined;
    const passed = milestoneCrossed(previous, value.count, Number(this.milestone));
    if (passed !== undefined && !this.#milestones.has(passed)) {
      this.#milestones.add(passed);
      this.reachedMilestone = passed;
      this.announce(this.#milestoneText(passed, value));
    }
  }

  #label(value: Counter, count = value.count): string {
    return this.label || value.label || this.text.label(count);
  }

  #milestoneText(milestone: number, value: Counter): string {
    return this.text.milestone(numberFormat(this.locale).format(milestone), this.#label(value, milestone));
  }

  #networkName(network: string | undefined): string | undefined {
    return network && (this.text.networks[network] ?? network);
  }

  #viewOf(value: Counter): CounterView {
    const t = this.text;
    const full = numberFormat(this.locale);
    const view: CounterView = {label: this.#label(value)};

    const growth = this.#growth(value);
    if (growth) view.growth = growth;

    const goal = Number(this.goal);
    if (goal > 0) {
      const reached = value.count >= goal;
      const now = Math.min(value.count, goal);
      view.goal = {now, max: goal, percent: (now / goal) * 100, text: (reached ? t.goalReached : t.goal)(full.format(value.count), full.format(goal))};
    }

    const history = value.history.length ? historyUpTo(value.history, value.count, this.dataController.updatedAt ?? clock.now()) : [...this.#observed.points];
    const trend = trendOf(history);
    if (trend) {
      const span = this.#duration(trend.span);
      const text =
        trend.direction === 'rising'
          ? t.rising(full.format(trend.from), full.format(trend.to), span)
          : trend.direction === 'falling'
            ? t.falling(full.format(trend.from), full.format(trend.to), span)
            : t.steady(full.format(trend.to), span);
      view.trend = {text, points: sparklinePoints(history, SPARKLINE.width, SPARKLINE.height)};
    }

    const stale = value.accounts.filter((a) => a.stale);
    if (stale.length) {
      const names = [...new Set(stale.map((a) => this.#networkName(a.network) ?? new URL(a.source, document.baseURI).host))];
      view.staleTotal = t.staleTotal(new Intl.ListFormat(this.locale, {type: 'conjunction'}).format(names));
    }

    const wanted = this.network?.trim().toLowerCase();
    const sources = this.#sources().filter((source) => !wanted || source.network === wanted);
    const mode = (['list', 'line', 'none'] as const).find((m) => m === this.breakdown?.trim().toLowerCase()) ?? 'list';
    if (value.accounts.length === 1 && (sources.length <= 1 || wanted)) {
      const [account] = value.accounts;
      if (account.url) view.follow = {url: account.url, text: t.follow(account.account, this.#networkName(account.network))};
    } else if (mode !== 'none') {
      // Accounts that failed to load are named, on the list or the line, so the total is not mistaken for all of them.
      const counted = new Set(value.accounts.map((a) => a.source));
      const missing = this.dataController.error
        ? sources.filter((source) => !counted.has(source.url)).map((source) => ({text: t.notCounted(source.account ?? source.url, this.#networkName(source.network) ?? new URL(source.url).host), missing: true}))
        : [];
      if (mode === 'line') {
        // The account is named only where a network has more than one.
        const perNetwork = new Map<string | undefined, number>();
        for (const a of value.accounts) perNetwork.set(a.network, (perNetwork.get(a.network) ?? 0) + 1);
        view.line = [...value.accounts.map((account) => this.#breakdownRow(account, (perNetwork.get(account.network) ?? 0) < 2)), ...missing];
      } else {
        view.breakdown = [...value.accounts.map((account) => this.#breakdownRow(account)), ...missing];
      }
    }
    return view;
  }

  /** An account's row ("1,760 on Mastodon (@NELFT)"), or its item on the one line ("2,314 on X"), marked when its count is the last one read. */
  #breakdownRow(account: AccountCount, short = false): {text: string; follow?: Link; stale?: boolean} {
    const t = this.text;
    const network = this.#networkName(account.network) ?? new URL(account.source, document.baseURI).host;
    const count = numberFormat(this.locale).format(account.count);
    let text = short ? t.lineItem(count, network) : t.breakdownItem(count, network, account.account);
    if (account.stale && account.readAt !== undefined) {
      const when = sinceText(account.readAt, clock.now(), this.locale, this.#timeZone);
      text = t.breakdownStale(count, network, short ? undefined : account.account, when.time, when.day);
    }
    return {
      text,
      follow: account.url ? {url: account.url, text: t.follow(account.account, network)} : undefined,
      ...(account.stale ? {stale: true} : {}),
    };
  }

  /** Growth from `baseline`, or from the first history point on or after `since` (a date, a date-time, or `event-start`: the data's eventStart, else its first point). */
  #growth(value: Counter): CounterView['growth'] {
    const t = this.text;
    const keyword = this.since?.trim().toLowerCase() === 'event-start';
    const since = keyword ? (value.eventStart ?? value.history[0]?.at) : parseDateTime(this.since, this.#timeZone)?.getTime();
    let from = Number.isFinite(this.baseline) ? this.baseline : undefined;
    let at = since;
    if (from === undefined && since !== undefined) {
      const point = firstPointFrom(value.history, since);
      if (!point) return undefined;
      from = point.count;
      at = point.at;
    }
    if (from === undefined) return undefined;
    const delta = value.count - from;
    const change = delta === 0 ? t.noChange : this.#signed(delta);
    const text = at !== undefined ? t.since(change, this.#moment(since!, at)) : t.fromBaseline(change, numberFormat(this.locale).format(from));
    return {text, rising: delta > 0};
  }

  /**
   * When growth is measured from: the baseline point `at`, as its day
   * ("Monday 24 October", with the year when it is not this year), or with its
   * time ("Monday 09:00") when `since` names a time of day on that same day;
   * the date too once the weekday alone would be ambiguous.
   */
  #moment(since: number, at: number): string {
    const zone = this.#timeZone;
    const date = new Date(at);
    const wall = wallTime(new Date(since), zone);
    const timed = wall.hour + wall.minute > 0 && dayKey(new Date(since), zone) === dayKey(date, zone);
    const dated = !timed || clock.now() - at >= 6 * DAY;
    const otherYear = dayKey(date, zone).slice(0, 4) !== dayKey(clock.date(), zone).slice(0, 4);
    return dateFormat(this.locale, {
      weekday: 'long',
      ...(dated && {day: 'numeric', month: 'long', ...(otherYear && {year: 'numeric'})}),
      ...(timed && {hour: '2-digit', minute: '2-digit'}),
      timeZone: zone,
    }).format(date);
  }

  /** "+214", "−12": a real minus sign, which screen readers say as "minus". */
  #signed(delta: number): string {
    return numberFormat(this.locale, {signDisplay: 'exceptZero'})
      .formatToParts(delta)
      .map((part) => (part.type === 'minusSign' && part.value === '-' ? '\u2212' : part.value))
      .join('');
  }

  /** "5 days", "3 hours", "12 minutes": the span of the sparkline, in the page's language. */
  #duration(ms: number): string {
    const [unit, size] = ms >= DAY ? (['day', DAY] as const) : ms >= HOUR ? (['hour', HOUR] as const) : (['minute', 60_000] as const);
    return numberFormat(this.locale, {style: 'unit', unit, unitDisplay: 'long'}).format(Math.max(1, Math.round(ms / size)));
  }

  protected override errorMessage(): string {
    const error = this.dataController.error;
    const t = this.text;
    const source = error?.url ? this.#sources().find((s) => s.url === error.url && s.account) : undefined;
    // Mastodon answers 404 for an unknown account, Bluesky 400 ("Profile not found").
    if (source?.account && (error?.kind === 'not-found' || error?.status === 400)) {
      return t.accountNotFound(source.account, source.server ?? this.#networkName(source.network) ?? '');
    }
    if (error?.kind === 'format' && this.path && !source) return t.noNumberAtPath(this.path);
    return super.errorMessage();
  }

  override render() {
    const title = this.heading ? headingTemplate(clampLevel(this.headingLevel), this.heading, {className: 'title', part: 'heading'}) : nothing;
    return html`${this.renderAnnouncer()}
      <div class="counter" part="counter">
        ${title}${this.renderData(this.dataController, (value) => this.#renderShown(value))}
        ${this.#freshness.line ? html`<p class="stale" part="not-updated">${this.#freshness.line}</p>` : nothing}
      </div>`;
  }

  /** The counter, or with `network` naming a network the data has no account on, a message saying so. */
  #renderShown(data: Counter): TemplateResult {
    const value = this.#model(data);
    if (value) return this.#renderCounter(value);
    return html`<p class="message" part="message">${this.text.noAccountOn(this.#networkName(this.network?.trim().toLowerCase()) ?? '')}</p>`;
  }

  #renderCounter(value: Counter): TemplateResult {
    const view = this.#view ?? this.#viewOf(value);
    const locale = this.locale;
    const compact = this.notation === 'compact';
    const shown = numberFormat(locale, compact ? {notation: 'compact'} : {}).format(this.#countUp.shown ?? value.count);
    // Screen readers get the final number only, never the steps of the count-up.
    const spoken = numberFormat(locale, compact ? {notation: 'compact', compactDisplay: 'long'} : {}).format(value.count);
    const milestone = this.reachedMilestone;
    return html`
      <p class="count" part="count">
        <span class="number" part="number" aria-hidden="true">${shown}</span><span class="visually-hidden">${spoken}</span>
        <span class="label" part="label">${view.label}</span>
      </p>
      ${view.staleTotal ? html`<p class="stale-total" part="stale-total">${view.staleTotal}</p>` : nothing}
      ${view.growth ? html`<p class="growth ${view.growth.rising ? 'growth--rising' : ''}" part="growth">${view.growth.text}</p>` : nothing}
      ${milestone !== undefined ? html`<p class="milestone" part="milestone">${this.#milestoneText(milestone, value)}</p>` : nothing}
      ${view.trend ? this.#renderSparkline(view.trend) : nothing}
      ${view.goal ? this.#renderGoal(view.goal) : nothing}
      ${view.follow ? this.#renderFollow(view.follow, 'follow') : nothing}
      ${view.breakdown ? this.#renderBreakdown(view.breakdown) : nothing}
      ${view.line ? this.#renderLine(view.line) : nothing}
    `;
  }

  #renderSparkline(trend: NonNullable<CounterView['trend']>): TemplateResult {
    return html`<svg class="sparkline" part="sparkline" role="img" aria-label=${trend.text} viewBox="0 0 120 32" preserveAspectRatio="none" focusable="false">
      <polyline points=${trend.points} fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"></polyline>
    </svg>`;
  }

  #renderGoal(goal: NonNullable<CounterView['goal']>): TemplateResult {
    return html`<div class="goal" part="goal">
      <div
        class="track"
        role="progressbar"
        aria-label=${this.text.goalLabel}
        aria-valuemin="0"
        aria-valuemax=${goal.max}
        aria-valuenow=${goal.now}
        aria-valuetext=${goal.text}
      >
        <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect width=${goal.percent} height="10" fill="currentColor"></rect>
        </svg>
      </div>
      <p class="goal-text" part="goal-text">${goal.text}</p>
    </div>`;
  }

  #renderFollow(link: Link, className: string): TemplateResult {
    return html`<a class=${className} part="follow-link" href=${link.url} rel=${EXTERNAL_REL}>${link.text}</a>`;
  }

  /** "2,314 on X · 1,102 on Facebook": each item its account's follow link (named by what it shows, then what it does), the dots hidden from screen readers. */
  #renderLine(items: NonNullable<CounterView['line']>): TemplateResult {
    return html`<ul class="breakdown breakdown--line" part="breakdown" aria-label=${this.text.lineLabel}>
      ${items.map(
        (item, i) => html`<li class=${item.missing ? 'not-counted' : item.stale ? 'stale-count' : ''}>
          ${i > 0 ? html`<span class="separator" aria-hidden="true">·</span>${' '}` : nothing}${item.follow
            ? html`<a class="account-link" part="follow-link account-link" href=${item.follow.url} rel=${EXTERNAL_REL}
                >${item.text}<span class="visually-hidden">${`: ${item.follow.text}`}</span></a
              >`
            : html`<span>${item.text}</span>`}
        </li>`,
      )}
    </ul>`;
  }

  #renderBreakdown(rows: NonNullable<CounterView['breakdown']>): TemplateResult {
    return html`<ul class="breakdown" part="breakdown" aria-label=${this.text.breakdownLabel}>
      ${rows.map(
        (row) => html`<li class=${row.missing ? 'not-counted' : row.stale ? 'stale-count' : ''}>
          <span>${row.text}</span>${row.follow ? this.#renderFollow(row.follow, 'account-link') : nothing}
        </li>`,
      )}
    </ul>`;
  }
}
