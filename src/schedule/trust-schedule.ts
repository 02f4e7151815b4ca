import {html, nothing, svg, type PropertyValues, type TemplateResult} from 'lit';
import {property, state} from 'lit/decorators.js';
import {repeat} from 'lit/directives/repeat.js';
import {styleProps} from '../shared/style-props.js';
import {ifDefined} from 'lit/directives/if-defined.js';
import {TrustElement} from '../shared/element.js';
import {DataController} from '../shared/data-controller.js';
import {baseStyles} from '../shared/styles.js';
import {clock} from '../shared/clock.js';
import {heading, clampLevel} from '../shared/heading.js';
import {anchorFromHash, anchorHref, anchorId, pageUrl} from '../shared/anchor.js';
import {renderText, EXTERNAL_REL} from '../shared/text.js';
import {safeUrl} from '../shared/adapter.js';
import {toggled} from '../shared/toggled.js';
import {dayKey, formatDay, isValidTimeZone, timeZoneOr, viewerTimeZone} from '../shared/time.js';
import {eventFormats} from '../event/formats.js';
import {DEFAULT_TIME_ZONE, type EventData, type Session, type Speaker} from '../event/model.js';
import {scheduleStrings, type ScheduleStrings} from './schedule-strings.js';
import {scheduleStyles} from './schedule.styles.js';
import {readStars, starsKey, writeStars} from './stars.js';
import {
  ALL_DAYS,
  NO_FILTERS,
  TBC,
  describeZone,
  diffSchedules,
  filterEntries,
  groupByDay,
  indexSchedule,
  isFiltering,
  layoutGrid,
  listFormat,
  nowAndNext,
  slotsOf,
  zonesDiffer,
  zoneName,
  type Filters,
  type GridLayout,
  type GroupBy,
  type NowNext,
  type ScheduleChange,
  type ScheduleDay,
  type ScheduleIndex,
  type SessionEntry,
  type Slot,
} from './schedule-model.js';

const DAY_HASH = /^#day-(\d{4}-\d{2}-\d{2}|all|tbc)$/;
const OWN_HASH = /^#(day|session)-/;
/** How many changes the refresh notice lists before "and N more". */
const CHANGES_LISTED = 5;
/** The result count is announced once typing or choosing has paused this long. */
const ANNOUNCE_DELAY = 700;

/** This page's address without its fragment. */
const starIcon = (filled: boolean) =>
  html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${svg`<path d="M12 2.8l2.8 6 6.5.6-4.9 4.4 1.4 6.4L12 16.9l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.6z" fill=${filled ? 'currentColor' : 'none'} stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>`}</svg>`;

/** The sessions that pass the filters, by day, with each shown day's slots and grid worked out on first use. */
interface Filtered {
  visible: SessionEntry[];
  byDay: Map<string, SessionEntry[]>;
  slots: Map<string, Slot[]>;
  grids: Map<string, GridLayout>;
}

function emptyFiltered(): Filtered {
  return {visible: [], byDay: new Map(), slots: new Map(), grids: new Map()};
}

/** A value recomputed only when one of its inputs has changed (compared with ===). */
class Memo<T> {
  #inputs?: unknown[];
  #value?: T;

  get(inputs: unknown[], compute: () => T): T {
    const same = this.#inputs?.length === inputs.length && inputs.every((v, i) => v === this.#inputs![i]);
    if (!same) {
      this.#value = compute();
      this.#inputs = inputs;
    }
    return this.#value as T;
  }
}

/**
 * An event schedule: days as tabs, a list or a room-by-time grid, filters and
 * search, times in the event's zone or the reader's, "happening now" and "up
 * next", session details, stars and calendar downloads. It reads the library's
 * native event JSON, the Sessionize "All" export, pretalx/frab schedule.json,
 * and iCalendar feeds.
 *
 * @summary The event schedule, from native JSON, Sessionize, pretalx/frab or iCalendar.
 *
 * @fires trust-load - After each successful load or refresh; `detail.count` is the number of sessions.
 * @fires trust-error - When the data could not be loaded or read; older data stays on screen.
 *
 * @csspart schedule - The wrapper of everything below the loading and error states.
 * @csspart zone-note - The sentence naming the time zone.
 * @csspart filters - The search box and filters.
 * @csspart result-count - How many sessions match the search and filters.
 * @csspart tabs - The list of day tabs.
 * @csspart tab - One day tab.
 * @csspart panel - The sessions of the selected day(s).
 * @csspart day-heading - The heading of a day.
 * @csspart time-heading - The start time above a group of sessions (the time column in the grid).
 * @csspart session - One session.
 * @csspart session-title - A session's title.
 * @csspart badge - A status word: cancelled, moved, full, happening now.
 * @csspart now-next - The "happening now" and "up next" box.
 * @csspart change-notice - The notice listing what a refresh changed.
 * @csspart grid-header - A room or track name above a grid column.
 *
 * @cssproperty --trust-schedule-grid-column - Minimum width of a grid column (default 11rem).
 * @cssproperty --trust-schedule-grid-height - Maximum height of the grid before it scrolls (default 80vh).
 * @cssproperty --trust-schedule-service-background - Background of breaks and other service sessions.
 */
export class TrustSchedule extends TrustElement<ScheduleStrings> {
  static override styles = [baseStyles, scheduleStyles];

  /** IANA name of the event's time zone, for sources whose times carry none. Invalid names fall back to Europe/London with a visible note. */
  @property() timezone?: string;

  /** `list` (default) or `grid`: a room-by-time grid, which becomes the list when the widget is narrower than 40rem. */
  @property({reflect: true}) view: 'list' | 'grid' = 'list';

  /** The day shown first: `YYYY-MM-DD`, `all` for every day, or `tbc` for sessions without a time. By default today while the event runs, else its first day. */
  @property() day?: string;

  /** What the grid's columns are: `room` (default) or `track`. */
  @property({attribute: 'group-by'}) groupBy: GroupBy = 'room';

  /** Shows times in the reader's own time zone instead of the event's (the switch appears only when they differ). */
  @property({attribute: 'viewer-timezone', type: Boolean, reflect: true}) viewerTimezone = false;

  /** Whether the type, track, room and audience filters are open (the search box is always shown). */
  @property({attribute: 'show-filters', type: Boolean, reflect: true}) showFilters = false;

  /** The localStorage key for starred sessions; by default derived from the event's name or `src`. */
  @property({attribute: 'storage-key'}) storageKey?: string;

  /** The reader's own IANA time zone; by default the browser's. */
  @property({attribute: false}) viewerZone: string = viewerTimeZone();

  @state() private selectedDay?: string;
  @state() private filters: Filters = NO_FILTERS;
  @state() private stars: ReadonlySet<string> = new Set();
  @state() private expanded: ReadonlySet<string> = new Set();
  @state() private changes: ScheduleChange[] = [];
  @state() private printing = false;

  protected readonly defaultStrings = scheduleStrings;
  protected readonly dataController = new DataController<EventData>(this, {
    formats: eventFormats,
    sources: () => (this.src ? [{url: this.src, format: this.format, accept: 'application/json, text/calendar;q=0.9, */*;q=0.1'}] : []),
    count: (value) => value.sessions.length,
    context: () => ({timeZone: this.#eventZoneSetting, baseUrl: document.baseURI}),
  });

  // Derived in willUpdate when their inputs change, never per render.
  #index?: ScheduleIndex;
  readonly #indexMemo = new Memo<ScheduleIndex>();
  readonly #zoneSamplesMemo = new Memo<Date[]>();
  readonly #differsMemo = new Memo<boolean>();
  readonly #zoneTextMemo = new Memo<{note: string; viewer: string}>();
  readonly #filterMemo = new Memo<Filtered>();
  #filtered: Filtered = emptyFiltered();
  #viewerZoneDiffers = false;
  #zoneText = {note: '', viewer: ''};
  #nowNext: NowNext = {now: [], next: []};
  #nowNextFor?: {index: ScheduleIndex; from: number; until: number};
  #nowIds = new Set<string>();
  #starsKey?: string;
  #linkSpeakers = false;
  #locale = 'en-GB';
  /** The UI strings, merged once per update rather than once per session. */
  #t: ScheduleStrings = scheduleStrings;
  #level = 2;
  #warnedZone?: string;
  /** A #session-… in the URL is acted on once, after the first render with data. */
  #revealedHash = false;

  #tickTimer?: number;
  #tickAt?: number;
  #countTimer?: number;

  get #eventZoneSetting(): string {
    return timeZoneOr(this.timezone);
  }

  get #eventZone(): string {
    return this.dataController.value?.event.timeZone ?? this.#eventZoneSetting;
  }

  /** The zone times are shown in now: the event's, or the reader's when they chose it and it differs. */
  get displayZone(): string {
    return this.viewerTimezone && this.#viewerZoneDiffers ? this.viewerZone : this.#eventZone;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    window.addEventListener('storage', this.#onStorage);
    window.addEventListener('beforeprint', this.#onBeforePrint);
    window.addEventListener('afterprint', this.#onAfterPrint);
    // Back on the page (moved in the DOM): "now" and "next" need their timer again.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
    window.removeEventListener('storage', this.#onStorage);
    window.removeEventListener('beforeprint', this.#onBeforePrint);
    window.removeEventListener('afterprint', this.#onAfterPrint);
    clock.clearTimeout(this.#tickTimer);
    clock.clearTimeout(this.#countTimer);
    this.#tickAt = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#t = this.text;
    this.#locale = this.locale;
    this.#level = clampLevel(this.headingLevel);
    if (changed.has('timezone') && isInvalidZone(this.timezone) && this.#warnedZone !== this.timezone) {
      this.#warnedZone = this.timezone;
      console.warn(`trust-widgets <trust-schedule>: "${this.timezone}" is not an IANA time zone; using ${DEFAULT_TIME_ZONE}`);
    }
    const data = this.dataController.value;
    if (!data) {
      this.#index = undefined;
      return;
    }
    const samples = this.#zoneSamplesMemo.get([data], () => sampleDays(data));
    this.#viewerZoneDiffers = this.#differsMemo.get([this.#eventZone, this.viewerZone, samples], () =>
      isValidTimeZone(this.viewerZone) && zonesDiffer(this.#eventZone, this.viewerZone, samples),
    );
    const previous = this.#index;
    const index = (this.#index = this.#indexMemo.get([data, this.displayZone, this.#locale, this.strings], () =>
      indexSchedule(data, this.displayZone, this.#locale, this.#t.timeToBeConfirmed),
    ));
    // Described after indexing, so that new times read in the zone and format on screen.
    if (previous && previous.data !== data && previous.data.sessions !== data.sessions) this.#showChanges(diffSchedules(previous.data, data));

    const storageKey = this.storageKey || starsKey(data.event.name, this.src);
    if (storageKey !== this.#starsKey) {
      this.#starsKey = storageKey;
      this.stars = readStars(storageKey);
    }

    const dayKeys = index.days.map((d) => d.key);
    if (changed.has('day') || !this.selectedDay || (this.selectedDay !== ALL_DAYS && !dayKeys.includes(this.selectedDay))) {
      this.selectedDay = this.#initialDay(index);
    }
    if (this.selectedDay === ALL_DAYS && dayKeys.length < 2) this.selectedDay = dayKeys[0];

    this.#filtered = this.#filterMemo.get([index, this.filters, this.stars, this.groupBy], () => {
      const visible = filterEntries(index.entries, this.filters, this.stars);
      return {visible, byDay: groupByDay(visible), slots: new Map(), grids: new Map()};
    });
    this.#zoneText = this.#zoneTextMemo.get([index, this.selectedDay, this.printing, this.#viewerZoneDiffers, this.viewerZone, this.#t], () => {
      const shown = this.printing || this.selectedDay === ALL_DAYS ? index.days : index.days.filter((d) => d.key === this.selectedDay);
      const keys = shown.map((d) => d.key).filter((k) => k !== TBC);
      const zone = describeZone(index.zone, keys, this.#locale, this.#t);
      return {
        note: index.zone === this.#eventZone ? this.#t.zoneNote(zone) : this.#t.viewerZoneNote(zone),
        viewer: this.#viewerZoneDiffers ? this.#t.useViewerZone(describeZone(this.viewerZone, keys, this.#locale, this.#t)) : '',
      };
    });
    this.#updateNowNext(index);
    this.#linkSpeakers = document.querySelector('trust-speakers') !== null;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.#index && !this.#revealedHash) {
      this.#revealedHash = true;
      const anchor = anchorFromHash(location.hash, 'session');
      // After this update, not during it: revealing changes state.
      if (anchor) void this.updateComplete.then(() => this.#reveal(anchor));
    }
  }

  /** The first day to show: the URL's #day-…, else the `day` attribute, else today while the event runs, else the first day. */
  #initialDay(index: ScheduleIndex): string | undefined {
    const keys = index.days.map((d) => d.key);
    const fromHash = DAY_HASH.exec(location.hash)?.[1];
    const candidates = [fromHash, this.day, dayKey(clock.date(), index.zone)];
    for (const c of candidates) {
      if (c === ALL_DAYS && keys.length > 1) return ALL_DAYS;
      if (c && keys.includes(c)) return c;
    }
    return keys[0];
  }

  #updateNowNext(index: ScheduleIndex): void {
    const now = clock.now();
    const memo = this.#nowNextFor;
    if (!memo || memo.index !== index || now < memo.from || now >= memo.until) {
      this.#nowNext = nowAndNext(index, now);
      this.#nowNextFor = {index, from: now, until: this.#nowNext.nextChange ?? Infinity};
      this.#nowIds = new Set(this.#nowNext.now.map((e) => e.session.id));
    }
    this.#scheduleTick(this.#nowNext.nextChange);
  }

  /** Wakes up at the next start or end of a session (not every second) so "now" and "next" move on. */
  #scheduleTick(at: number | undefined): void {
    if (at === this.#tickAt || !this.isConnected) return;
    clock.clearTimeout(this.#tickTimer);
    this.#tickAt = at;
    if (at === undefined) return;
    // Long waits are re-checked daily: browsers' timers overflow after 24.8 days.
    const delay = Math.min(at - clock.now(), 86_400_000);
    this.#tickTimer = clock.setTimeout(() => {
      this.#tickAt = undefined;
      this.requestUpdate();
    }, delay);
  }

  #showChanges(changes: ScheduleChange[]): void {
    if (!changes.length) return;
    this.changes = changes;
    const t = this.#t;
    const listed = changes.slice(0, 3).map((c) => this.#describeChange(c));
    if (changes.length > 3) listed.push(t.andMore(changes.length - 3));
    this.announce(`${t.changesHeading(changes.length)}. ${listed.join('; ')}.`);
  }

  #describeChange(change: ScheduleChange): string {
    const t = this.#t;
    const {session} = change;
    switch (change.kind) {
      case 'time':
        return t.changeTime(session.title, this.#when(session));
      case 'room':
        return t.changeRoom(session.title, change.place ?? '');
      case 'cancelled':
        return t.changeCancelled(session.title);
      case 'full':
        return t.changeFull(session.title);
      case 'moved':
        return t.changeMoved(session.title, session.statusNote);
      case 'reinstated':
        return t.changeReinstated(session.title);
      case 'added':
        return t.changeAdded(session.title);
      case 'removed':
        return t.changeRemoved(session.title);
    }
  }

  /** "14:00", or "Tuesday 25 October, 14:00" when it is not on the day being shown. */
  #when(session: Session): string {
    const entry = this.#index?.byId.get(session.id);
    if (!entry?.session.start) return this.#t.timeToBeConfirmed;
    if (entry.session.allDay) return this.#t.allDay;
    if (entry.days[0] === this.selectedDay) return entry.startText;
    return `${formatDay(entry.session.start, this.#locale, this.displayZone)}, ${entry.startText}`;
  }

  // ——— Events ———

  #onHashChange = (): void => {
    const day = DAY_HASH.exec(location.hash)?.[1];
    if (day && this.#index?.days.some((d) => d.key === day || day === ALL_DAYS)) this.selectedDay = day;
    const anchor = anchorFromHash(location.hash, 'session');
    if (anchor) void this.#reveal(anchor);
  };

  #onStorage = (event: StorageEvent): void => {
    if (event.key === this.#starsKey && this.#starsKey) this.stars = readStars(this.#starsKey);
  };

  #onBeforePrint = (): void => {
    this.printing = true;
    // The print layout is taken right after this event: render every day now, synchronously.
    this.performUpdate();
  };

  #onAfterPrint = (): void => {
    this.printing = false;
  };

  /** Shows the session a `#session-…` anchor names: its day, its details, scrolled into view with focus on it. */
  async #reveal(anchor: string): Promise<void> {
    const entry = this.#index?.entries.find((e) => e.anchor === anchor);
    if (!entry) return;
    const id = entry.session.id;
    if (!this.#filtered.visible.includes(entry)) this.filters = NO_FILTERS;
    if (this.selectedDay !== ALL_DAYS && !entry.days.includes(this.selectedDay ?? '')) this.selectedDay = entry.days[0];
    this.expanded = new Set([...this.expanded, id]);
    await this.updateComplete;
    const card = this.renderRoot.querySelector<HTMLElement>(`#${anchor}`);
    if (!card) return;
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    card.scrollIntoView({block: 'start', behavior: smooth ? 'smooth' : 'auto'});
    card.focus({preventScroll: true});
  }

  #selectDay(key: string, focus = false): void {
    this.selectedDay = key;
    // The URL remembers the day only when the page is not using its fragment for something else.
    if (!location.hash || OWN_HASH.test(location.hash)) history.replaceState(history.state, '', `#day-${key}`);
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${key}`)?.focus());
  }

  #onTabKey(event: KeyboardEvent, keys: string[]): void {
    const current = keys.indexOf(this.selectedDay ?? '');
    const rtl = getComputedStyle(this).direction === 'rtl';
    const step: Record<string, number | 'first' | 'last'> = {
      ArrowRight: rtl ? -1 : 1,
      ArrowLeft: rtl ? 1 : -1,
      Home: 'first',
      End: 'last',
    };
    const move = step[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const next = move === 'first' ? 0 : move === 'last' ? keys.length - 1 : (current + move + keys.length) % keys.length;
    this.#selectDay(keys[next], true);
  }

  #setFilter(change: Partial<Filters>): void {
    this.filters = {...this.filters, ...change};
    clock.clearTimeout(this.#countTimer);
    this.#countTimer = clock.setTimeout(() => {
      if (this.#index) this.announce(this.#countText());
    }, ANNOUNCE_DELAY);
  }

  #clearFilters(): void {
    this.#setFilter(NO_FILTERS);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#search')?.focus());
  }

  #countText(): string {
    const total = this.#index?.entries.length ?? 0;
    const shown = this.#filtered.visible.length;
    return shown === 0 ? this.#t.noMatches : this.#t.resultCount(shown, total);
  }

  #toggleStar(id: string): void {
    this.stars = toggled(this.stars, id);
    if (this.#starsKey) writeStars(this.#starsKey, this.stars);
  }

  #toggleDetails(id: string): void {
    this.expanded = toggled(this.expanded, id);
  }

  /** The calendar writer is loaded the first time someone asks for a file: most readers never do. */
  async #download(sessions: Session[], name: string): Promise<void> {
    const data = this.dataController.value;
    if (!data) return;
    let modules;
    try {
      modules = await Promise.all([import('../event/ics-export.js'), import('./download.js')]);
    } catch (error) {
      console.warn('trust-widgets <trust-schedule>: could not load the calendar export', error);
      this.announce(this.text.downloadFailed);
      return;
    }
    const [{toICalendar}, {downloadText, fileNameFor}] = modules;
    const ics = toICalendar(sessions, data.event, {now: clock.date(), speakers: data.speakers, rooms: data.rooms, url: pageUrl()});
    downloadText(fileNameFor(name, 'ics'), ics, 'text/calendar;charset=utf-8');
  }

  #downloadStarred(): void {
    const data = this.dataController.value;
    if (!data) return;
    void this.#download(
      data.sessions.filter((s) => this.stars.has(s.id)),
      data.event.name ? `${data.event.name} my schedule` : 'my schedule',
    );
  }

  // ——— Rendering ———

  override render() {
    const t = this.#t;
    const badZone = isInvalidZone(this.timezone);
    return html`${this.renderAnnouncer()}
      ${badZone
        ? html`<div class="message" part="message zone-problem"><p>${t.badTimeZone(this.timezone!, zoneName(DEFAULT_TIME_ZONE, clock.date(), this.#locale, t))}</p></div>`
        : nothing}
      ${this.renderData(this.dataController, () => (this.#index ? this.#renderSchedule(this.#index) : nothing))}`;
  }

  #renderSchedule(index: ScheduleIndex): TemplateResult {
    const t = this.#t;
    const tabsShown = !this.printing && index.days.length > 1;
    const selected = this.printing ? ALL_DAYS : (this.selectedDay ?? ALL_DAYS);
    const shownDays = selected === ALL_DAYS ? index.days : index.days.filter((d) => d.key === selected);
    const grid = this.view === 'grid' && !this.printing;
    return html`<div class="schedule" part="schedule">
      ${this.#renderChanges()} ${this.#renderNowNext(index)}
      <div class="toolbar">
        <p class="zone-note" part="zone-note">${this.#zoneText.note}</p>
        ${this.#zoneText.viewer
          ? html`<label class="check">
              <input type="checkbox" .checked=${this.viewerTimezone} @change=${(e: Event) => (this.viewerTimezone = (e.target as HTMLInputElement).checked)} />
              <span>${this.#zoneText.viewer}</span>
            </label>`
          : nothing}
        <div class="view-switch" role="group" aria-label=${t.viewLabel}>
          <button type="button" class="button" aria-pressed=${this.view !== 'grid'} @click=${() => (this.view = 'list')}>${t.listView}</button>
          <button type="button" class="button" aria-pressed=${this.view === 'grid'} @click=${() => (this.view = 'grid')}>${t.gridView}</button>
        </div>
      </div>
      ${this.#renderFilters(index)}
      ${tabsShown ? this.#renderTabs(index, selected) : nothing}
      <div
        class="panel"
        part="panel"
        id="day-panel"
        role=${ifDefined(tabsShown ? ('tabpanel' as const) : undefined)}
        aria-labelledby=${ifDefined(tabsShown ? `tab-${selected}` : undefined)}
      >
        ${this.#renderPanel(index, shownDays, grid)}
      </div>
    </div>`;
  }

  #renderTabs(index: ScheduleIndex, selected: string): TemplateResult {
    const t = this.#t;
    const tabs: ScheduleDay[] = [...index.days, {key: ALL_DAYS, tab: t.allDays, heading: t.allDays}];
    const keys = tabs.map((d) => d.key);
    const filtering = isFiltering(this.filters);
    return html`<div class="tabs" part="tabs" role="tablist" aria-label=${t.days} @keydown=${(e: KeyboardEvent) => this.#onTabKey(e, keys)}>
      ${tabs.map((day) => {
        const on = day.key === selected;
        const count = day.key === ALL_DAYS ? this.#filtered.visible.length : (this.#filtered.byDay.get(day.key)?.length ?? 0);
        return html`<button
          type="button"
          role="tab"
          class="tab"
          part="tab"
          id="tab-${day.key}"
          aria-selected=${on ? 'true' : 'false'}
          aria-controls="day-panel"
          tabindex=${on ? 0 : -1}
          @click=${() => this.#selectDay(day.key)}
        >
          ${day.tab}${filtering ? html`<span class="tab__count">${` (${count})`}</span>` : nothing}
        </button>`;
      })}
    </div>`;
  }

  #renderFilters(index: ScheduleIndex): TemplateResult {
    const t = this.#t;
    const f = this.filters;
    const {types, tracks, places, audiences} = index.options;
    const select = (id: 'type' | 'track' | 'place' | 'audience', label: string, any: string, values: string[]) =>
      values.length > 1 || f[id]
        ? html`<div class="field">
            <label for="filter-${id}">${label}</label>
            <select id="filter-${id}" .value=${f[id]} @change=${(e: Event) => this.#setFilter({[id]: (e.target as HTMLSelectElement).value})}>
              <option value="">${any}</option>
              ${values.map((v) => html`<option value=${v} ?selected=${v === f[id]}>${v}</option>`)}
            </select>
          </div>`
        : nothing;
    const selects = [
      select('type', t.type, t.anyType, types),
      select('track', t.track, t.anyTrack, tracks),
      select('place', t.room, t.anyRoom, places),
      select('audience', t.audience, t.anyAudience, audiences),
    ].filter((s) => s !== nothing);
    const filtering = isFiltering(f);
    const starredCount = this.stars.size;
    return html`<div class="filters" part="filters">
      <div class="filters__row">
        <div class="field field--search">
          <label for="search">${t.search}</label>
          <span class="hint" id="search-hint">${t.searchHint}</span>
          <input
            id="search"
            type="search"
            autocomplete="off"
            spellcheck="false"
            aria-describedby="search-hint"
            .value=${f.query}
            @input=${(e: Event) => this.#setFilter({query: (e.target as HTMLInputElement).value})}
          />
        </div>
        ${selects.length
          ? html`<button type="button" class="button filters__toggle" aria-expanded=${this.showFilters ? 'true' : 'false'} aria-controls="filter-fields" @click=${() => (this.showFilters = !this.showFilters)}>
              ${t.filters}
            </button>`
          : nothing}
      </div>
      ${selects.length ? html`<div class="filters__fields" id="filter-fields" ?hidden=${!this.showFilters}>${selects}</div>` : nothing}
      ${starredCount || f.starred
        ? html`<div class="filters__row">
            <label class="check">
              <input type="checkbox" .checked=${f.starred} @change=${(e: Event) => this.#setFilter({starred: (e.target as HTMLInputElement).checked})} />
              <span>${t.starredOnly}</span>
            </label>
            ${starredCount ? html`<button type="button" class="button" @click=${() => this.#downloadStarred()}>${t.downloadMySchedule(starredCount)}</button>` : nothing}
          </div>`
        : nothing}
      ${filtering
        ? html`<div class="filters__row filters__result">
            <p class="result-count" part="result-count">${this.#countText()}</p>
            <button type="button" class="button" @click=${() => this.#clearFilters()}>${t.clearFilters}</button>
          </div>`
        : nothing}
    </div>`;
  }

  #renderPanel(index: ScheduleIndex, days: ScheduleDay[], grid: boolean): unknown {
    const t = this.#t;
    const withSessions = days.filter((d) => this.#filtered.byDay.has(d.key));
    if (withSessions.length === 0) {
      const elsewhere = this.#filtered.visible.length;
      return html`<div class="message" part="message no-matches">
        <p>${isFiltering(this.filters) ? t.noMatches : t.noSessionsOnDay}</p>
        ${isFiltering(this.filters) && elsewhere ? html`<p>${t.matchesOnOtherDays(elsewhere)}</p>` : nothing}
        ${isFiltering(this.filters) ? html`<button type="button" class="button" @click=${() => this.#clearFilters()}>${t.clearFilters}</button>` : nothing}
      </div>`;
    }
    return repeat(
      withSessions,
      (d) => d.key,
      // Plain groups, not landmarks: the host page owns its landmarks; the headings give the structure.
      (d) => html`<div class="day">
        ${heading(this.#level, d.heading, {id: `heading-${d.key}`, className: 'day__heading', part: 'day-heading'})}
        ${this.#renderDay(index, d.key, grid)}
      </div>`,
    );
  }

  #renderDay(index: ScheduleIndex, day: string, grid: boolean): TemplateResult {
    const t = this.#t;
    // Slots and grids are worked out for the days actually shown, once per filter change.
    const {slots: slotCache, grids} = this.#filtered;
    let slots = slotCache.get(day);
    if (!slots) slotCache.set(day, (slots = slotsOf(this.#filtered.byDay.get(day) ?? [], t.allDay)));
    if (day === TBC) {
      return html`<ul class="sessions" role="list">
        ${repeat(slots[0]?.entries ?? [], (e) => e.session.id, (e) => this.#renderSession(e, day, this.#level + 1))}
      </ul>`;
    }
    let layout: GridLayout | undefined;
    if (grid) {
      layout = grids.get(day);
      const byTrack = this.groupBy === 'track';
      if (!layout) grids.set(day, (layout = layoutGrid(slots, byTrack ? 'track' : 'room', index.placeOrder, byTrack ? t.track : t.allRooms)));
    }
    return html`<div class="day__scroller">
      <div class="day__body ${grid ? 'day__body--grid' : ''}" ${styleProps(layout ? {'--columns': String(layout.lastLine - 2)} : {})}>
        ${layout
          ? html`<div class="grid-header" aria-hidden="true">
              <div class="grid-header__corner"></div>
              ${layout.columns.map(
                (c) => html`<div class="grid-header__cell" part="grid-header" ${styleProps({'--col': String(c.column), '--col-end': String(c.columnEnd)})}>${c.label}</div>`,
              )}
            </div>`
          : nothing}
        ${repeat(
          slots,
          (s) => s.key,
          (slot) => html`<div class="slot">
            <div class="slot__time" ${styleProps(layout ? {'--row': String(layout.slotRows.get(slot.key))} : {})}>
              ${heading(this.#level + 1, slot.label, {className: 'slot__heading', part: 'time-heading'})}
            </div>
            <ul class="sessions" role="list">
              ${repeat(slot.entries, (e) => e.session.id, (e) => this.#renderSession(e, day, this.#level + 2, layout))}
            </ul>
          </div>`,
        )}
      </div>
    </div>`;
  }

  #renderSession(entry: SessionEntry, day: string, level: number, layout?: GridLayout): TemplateResult {
    const t = this.#t;
    const {session} = entry;
    const id = session.id;
    // A session on several days (all-day, multi-day) has its anchor on its first day only.
    const suffix = day === entry.days[0] ? '' : `--${day}`;
    const anchor = entry.anchor + suffix;
    const expanded = this.expanded.has(id);
    const starred = this.stars.has(id);
    const place = layout?.placements.get(id);
    const time = session.allDay ? t.allDay : entry.endText ? t.timeRange(entry.startText, entry.endText) : entry.startText;
    const where = entry.place ?? (session.plenary ? t.allRooms : undefined);
    const tags = [session.type, session.track].filter((v, i, all): v is string => !!v && all.indexOf(v) === i);
    const classes = [
      'session',
      session.service ? 'session--service' : '',
      session.plenary ? 'session--plenary' : '',
      session.status !== 'scheduled' ? `session--${session.status}` : '',
      this.#nowIds.has(id) ? 'session--now' : '',
    ].join(' ');
    const hasDetails = !!(session.description || entry.speakers.length || session.links.length || session.audience?.length || (entry.start !== undefined && !session.service));
    return html`<li
      class=${classes}
      part="session"
      id=${anchor}
      tabindex="-1"
      ${styleProps(place ? {'--row': String(place.row), '--row-end': String(place.rowEnd), '--col': String(place.column), '--col-end': String(place.columnEnd)} : {})}
    >
      ${heading(level, session.title, {className: 'session__title', part: 'session-title'})}
      <p class="session__when">
        ${time ? html`<span>${time}</span>` : nothing}${where
          ? html`<span class="session__place">${time ? html`<span aria-hidden="true">${' · '}</span>` : nothing}<span>${where}</span></span>`
          : nothing}
      </p>
      ${this.#renderBadges(entry)}
      ${tags.length ? html`<p class="session__tags">${tags.map((tag) => html`<span class="tag">${tag}</span>`)}</p>` : nothing}
      ${entry.speakers.length ? html`<p class="session__speakers">${t.with} ${this.#renderSpeakerNames(entry)}</p>` : nothing}
      ${session.service && !hasDetails
        ? nothing
        : html`<div class="session__actions">
            ${session.service
              ? nothing
              : html`<button type="button" class="button button--small star" aria-pressed=${starred ? 'true' : 'false'} @click=${() => this.#toggleStar(id)}>
                  ${starIcon(starred)}<span class="star__label">${t.star}</span><span class="visually-hidden"> ${session.title}</span>
                </button>`}
            ${hasDetails
              ? html`<button
                  type="button"
                  class="button button--small"
                  aria-expanded=${expanded ? 'true' : 'false'}
                  aria-controls="details-${anchor}"
                  @click=${() => this.#toggleDetails(id)}
                >
                  <span>${t.details}</span><span class="visually-hidden"> ${session.title}</span>
                </button>`
              : nothing}
          </div>`}
      ${hasDetails ? html`<div class="session__details" id="details-${anchor}" ?hidden=${!expanded}>${expanded ? this.#renderDetails(entry) : nothing}</div>` : nothing}
    </li>`;
  }

  #renderBadges(entry: SessionEntry): TemplateResult | typeof nothing {
    const t = this.#t;
    const {session} = entry;
    const status =
      session.status === 'cancelled'
        ? t.cancelled
        : session.status === 'moved'
          ? t.moved(session.statusNote)
          : session.status === 'full'
            ? t.full(session.statusNote)
            : undefined;
    const now = this.#nowIds.has(session.id);
    if (!status && !now) return nothing;
    return html`<p class="session__badges">
      ${status ? html`<span class="badge badge--${session.status}" part="badge">${status}</span>` : nothing}
      ${now ? html`<span class="badge badge--now" part="badge">${t.happeningNow}</span>` : nothing}
    </p>`;
  }

  /** "Jane Appleton and Kyle Grieve", each a link to their card when a <trust-speakers> is on the page. */
  #renderSpeakerNames(entry: SessionEntry): unknown {
    return entry.byline.map((part) => (typeof part === 'string' ? part : this.#speakerName(part)));
  }

  #speakerName(speaker: Speaker): unknown {
    return this.#linkSpeakers ? html`<a href=${anchorHref(anchorId('speaker', speaker.id))}>${speaker.name}</a>` : speaker.name;
  }

  #renderDetails(entry: SessionEntry): TemplateResult {
    const t = this.#t;
    const {session} = entry;
    const facts: [string, string][] = [];
    if (entry.place) facts.push([t.room, entry.place]);
    if (session.location && session.location !== entry.place) facts.push([t.location, session.location]);
    if (session.type) facts.push([t.type, session.type]);
    if (session.track && session.track !== session.type) facts.push([t.track, session.track]);
    if (session.audience?.length) facts.push([t.audience, listFormat(this.#locale).format(session.audience)]);
    return html`${renderText(session.description)}
      ${facts.length
        ? html`<dl class="facts">
            ${facts.map(([term, value]) => (term ? html`<div><dt>${term}</dt><dd>${value}</dd></div>` : html`<div><dd>${value}</dd></div>`))}
          </dl>`
        : nothing}
      ${entry.speakers.length
        ? html`<ul class="speakers" role="list" aria-label=${t.speakers}>
            ${entry.speakers.map((s) => {
              const about = [s.role, s.organisation].filter(Boolean).join(', ') || s.tagline;
              return html`<li><strong>${this.#speakerName(s)}</strong>${about ? html`, ${about}` : nothing}</li>`;
            })}
          </ul>`
        : nothing}
      ${session.links.length
        ? html`<ul class="links" role="list" aria-label=${t.links}>
            ${session.links.map((l) => {
              // Adapters keep only http(s) and mailto links; checked again here, where they become clickable.
              const url = safeUrl(l.url);
              return url ? html`<li><a href=${url} rel=${EXTERNAL_REL}>${l.label}</a></li>` : nothing;
            })}
          </ul>`
        : nothing}
      ${entry.start !== undefined && session.status !== 'cancelled'
        ? html`<p><button type="button" class="button button--small" @click=${() => void this.#download([session], session.title)}>${t.addToCalendar}</button></p>`
        : nothing}`;
  }

  #renderNowNext(index: ScheduleIndex): TemplateResult | typeof nothing {
    if (this.printing) return nothing;
    const t = this.#t;
    const {now, next} = this.#nowNext;
    const today = dayKey(clock.date(), index.zone);
    // "Up next" only for the rest of today: tomorrow's first session is not next for someone here now.
    const upNext = next.length && dayKey(new Date(next[0].start!), index.zone) === today ? next : [];
    if (!now.length && !upNext.length) return nothing;
    const item = (e: SessionEntry, withTime: boolean) =>
      html`<li>
        <a href=${anchorHref(e.anchor)}>${e.session.title}</a>${withTime ? html`, ${e.startText}` : nothing}${e.place ? html`, ${e.place}` : nothing}
      </li>`;
    return html`<div class="now-next" part="now-next">
      ${now.length
        ? html`<div class="now-next__part">
            ${heading(this.#level, t.happeningNow, {id: 'now-heading'})}
            <ul role="list">${now.map((e) => item(e, false))}</ul>
          </div>`
        : nothing}
      ${upNext.length
        ? html`<div class="now-next__part">
            ${heading(this.#level, t.upNext, {id: 'next-heading'})}
            <ul role="list">${upNext.map((e) => item(e, true))}</ul>
          </div>`
        : nothing}
    </div>`;
  }

  #renderChanges(): TemplateResult | typeof nothing {
    if (!this.changes.length || this.printing) return nothing;
    const t = this.#t;
    const listed = this.changes.slice(0, CHANGES_LISTED);
    const more = this.changes.length - listed.length;
    return html`<div class="notice" part="change-notice">
      <p class="notice__heading">${t.changesHeading(this.changes.length)}</p>
      <ul>
        ${listed.map((c) => html`<li>${this.#describeChange(c)}</li>`)}
        ${more > 0 ? html`<li>${t.andMore(more)}</li>` : nothing}
      </ul>
      <button type="button" class="button button--small" @click=${() => (this.changes = [])}>${t.dismiss}</button>
    </div>`;
  }
}

/** One instant per day that has sessions, for comparing zones' offsets over the event. */
function sampleDays(data: EventData): Date[] {
  const days = new Map<number, Date>();
  for (const s of data.sessions) if (s.start) days.set(Math.floor(s.start.getTime() / 86_400_000), s.start);
  return [...days.values()];
}

/** A `timezone` attribute that is set but names no zone Intl knows. */
function isInvalidZone(zone: string | undefined): boolean {
  return !!zone && !isValidTimeZone(zone);
}
