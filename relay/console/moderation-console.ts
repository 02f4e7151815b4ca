import {LitElement, html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {property, state} from 'lit/decorators.js';
import {repeat} from 'lit/directives/repeat.js';
import type {ActionName, ActionResult, AuditEntry, ChangeEvent, ItemList, ListName, ModeratedItem, ModerationMode, SessionInfo} from '../moderation/api.js';
import {adaptNative} from '../../src/hashtag-feed/formats/native.js';
import type {Post} from '../../src/hashtag-feed/model.js';
import {feedStrings} from '../../src/hashtag-feed/strings.js';
import {feedStyles} from '../../src/hashtag-feed/hashtag-feed.styles.js';
import {baseStyles} from '../../src/shared/styles.js';
import {effectiveLang} from '../../src/shared/element.js';
import {mergeStrings} from '../../src/shared/strings.js';
import {numberFormat} from '../../src/shared/time.js';
import {clock, type TimerHandle} from '../../src/shared/clock.js';
import {ApiError, ConsoleClient} from './client.js';
import {actionsFor, renderAuditEntry, renderItem, TIME_ZONE} from './item-template.js';
import {shortcutFor, type Shortcut} from './keys.js';
import {LiveController} from './live.js';
import {consoleStrings, type ConsoleStrings} from './strings.js';
import {consoleStyles} from './console.styles.js';

export type {ConsoleStrings} from './strings.js';

const LISTS: ListName[] = ['queue', 'published', 'hidden'];
type View = ListName | 'audit';
const PAGE = 50;
/** A burst of `changed` events re-reads the list once. */
const REREAD_MS = 250;
/** Announcements are cleared after this long, so the same words are said again next time. */
const ANNOUNCE_MS = 7000;
const CONTEXT = {timeZone: TIME_ZONE, baseUrl: 'https://invalid.invalid/'};

interface Shown {
  json: string;
  post?: Post;
  problem?: string;
}

interface Status {
  text: string;
  error?: boolean;
  /** The decision this line can undo. */
  undo?: {feed: string; auditId: number};
}

/**
 * The moderation console: the relay's queue, published and hidden posts of
 * a feed, each shown as readers see it, with Approve, Hide, Pin and Block
 * author, each undoable; search; the audit log; live updates from the relay.
 * Keyboard first (j/k, a, h, p, b, u, /, ?), every action also a button.
 *
 * It talks only to its own origin (the admin JSON API under `base`) and loads
 * nothing from the platforms: pictures are their descriptions. It runs under
 * the admin page's strict CSP with Trusted Types (Lit's and DOMPurify's
 * policies only).
 *
 * @summary The moderation console of trust-relay (served at /admin/).
 * @cssproperty --trust-brand - and every other token of the widgets' base styles.
 */
export class TrustModerationConsole extends LitElement {
  static override styles = [baseStyles, feedStyles, consoleStyles];

  /** Where the console and its API live: `/admin/` (the API is `${base}api/…`, sign-in `${base}login`). */
  @property() base = '/admin/';

  /** Overrides for any of the console's text. */
  @property({attribute: false}) strings?: Partial<ConsoleStrings>;

  @state() private phase: 'loading' | 'ready' | 'ended' | 'failed' = 'loading';
  @state() private session?: SessionInfo;
  @state() private feed = '';
  @state() private view: View = 'queue';
  @state() private items: ModeratedItem[] = [];
  @state() private counts: Record<ListName, number> = {queue: 0, published: 0, hidden: 0};
  @state() private mode: ModerationMode = 'publish-then-review';
  @state() private next?: string;
  @state() private listLoading = false;
  @state() private olderLoading = false;
  @state() private entries: AuditEntry[] = [];
  @state() private auditNext?: number;
  @state() private q = '';
  @state() private current?: string;
  @state() private expanded = new Set<string>();
  @state() private busy = new Set<string>();
  @state() private status?: Status;
  @state() private notice = '';
  @state() private announcement = '';
  @state() private confirming?: ModeratedItem;
  @state() private failure = '';
  /** Why the list or log shown could not be read (its place shows this, not "no posts"). */
  @state() private listError = '';

  #client = new ConsoleClient(this.base);
  #shown = new Map<string, Shown>();
  #ids = new Map<string, string>();
  #abort?: AbortController;
  #lastUndo?: {feed: string; auditId: number};
  #rereadTimer?: TimerHandle;
  #announceTimer?: TimerHandle;
  #reconnectTimer?: TimerHandle;
  #returnFocus?: HTMLElement;

  #live = new LiveController(this, {
    url: () => (this.phase === 'ready' ? this.#client.eventsUrl : undefined),
    onChange: (event) => this.#onChange(event),
    onArrivals: (count) => this.#announce(this.t.newPosts(count, this.#number(count))),
    onClosed: () => void this.#checkSession(),
  });

  get t(): ConsoleStrings {
    return mergeStrings(consoleStrings, this.strings);
  }

  get locale(): string {
    return effectiveLang(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onKeydown);
    if (this.phase !== 'ready') void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.#onKeydown);
    this.#abort?.abort();
    for (const timer of [this.#rereadTimer, this.#announceTimer, this.#reconnectTimer]) clock.clearTimeout(timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('base') && this.#client.base !== this.base) {
      this.#client = new ConsoleClient(this.base.endsWith('/') ? this.base : `${this.base}/`);
      if (changed.get('base') !== undefined) void this.#start();
    }
  }

  /** Resolves once the console has loaded what it shows and rendered it (for tests and embedding pages). */
  async settled(): Promise<void> {
    while (this.phase === 'loading' || this.listLoading) await new Promise((r) => setTimeout(r, 10));
    await this.updateComplete;
  }

  // --- Loading ------------------------------------------------------------------------------

  async #start(): Promise<void> {
    await this.updateComplete;
    this.phase = 'loading';
    try {
      const session = await this.#client.session();
      this.session = session;
      const first = session.feeds[0];
      if (!first) {
        this.failure = 'There are no feeds to moderate in the relay’s configuration.';
        this.phase = 'failed';
        return;
      }
      if (!session.feeds.some((f) => f.name === this.feed)) this.feed = first.name;
      const info = session.feeds.find((f) => f.name === this.feed)!;
      this.counts = info.counts;
      this.mode = info.mode;
      this.phase = 'ready';
      this.#live.connect();
      await this.#load();
    } catch (error) {
      this.#fail(error, true);
    }
  }

  async #checkSession(): Promise<void> {
    try {
      await this.#client.session();
      clock.clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = clock.setTimeout(() => this.#live.connect(), 5000, {network: true});
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.phase = 'ended';
    }
  }

  /** Loads what the current view shows: a list (re-read in place, keeping the moderator's place) or the audit log. */
  async #load(options: {older?: boolean; keepPlace?: boolean} = {}): Promise<void> {
    if (this.phase !== 'ready') return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const {feed, view, q} = this;
    if (options.older) this.olderLoading = true;
    else this.listLoading = !options.keepPlace;
    if (!options.older) this.listError = '';
    try {
      if (view === 'audit') {
        const list = await this.#client.audit(feed, {limit: PAGE, before: options.older ? this.auditNext : undefined}, abort.signal);
        if (abort.signal.aborted) return;
        this.entries = options.older ? [...this.entries, ...list.entries] : list.entries;
        this.auditNext = list.next;
        return;
      }
      const limit = options.older ? PAGE : Math.max(PAGE, this.items.length);
      const list = await this.#client.items(feed, view, {q: q || undefined, limit, before: options.older ? this.next : undefined}, abort.signal);
      await this.#adapt(list.items);
      if (abort.signal.aborted) return;
      this.#apply(list, options.older === true);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#fail(error);
      if (!options.older && this.phase === 'ready') this.listError = this.#errorWords(error);
    } finally {
      if (this.#abort === abort) {
        this.listLoading = false;
        this.olderLoading = false;
      }
    }
  }

  /** Shows a list the relay sent, keeping focus where the moderator was, or on the post that took its place. */
  #apply(list: ItemList, older: boolean): void {
    const before = this.items;
    const index = this.current ? before.findIndex((i) => i.key === this.current) : -1;
    const focused = this.#focusInList();
    this.items = older ? [...before, ...list.items.filter((i) => !before.some((b) => b.key === i.key))] : list.items;
    this.counts = list.counts;
    this.mode = list.mode;
    this.next = list.next;
    this.#syncSessionCounts();
    if (!this.items.some((i) => i.key === this.current)) {
      const replacement = index >= 0 ? (this.items[Math.min(index, this.items.length - 1)] ?? undefined) : this.items[0];
      this.current = replacement?.key;
      if (focused) void this.#focusCurrent();
    }
  }

  async #adapt(items: ModeratedItem[]): Promise<void> {
    await Promise.all(
      items.map(async (item) => {
        const json = JSON.stringify(item.post ?? null);
        if (this.#shown.get(item.key)?.json === json) return;
        try {
          const {value, problems} = await adaptNative([item.post], CONTEXT);
          this.#shown.set(item.key, {json, post: value.posts[0], problem: problems[0]?.reason});
        } catch (error) {
          this.#shown.set(item.key, {json, problem: error instanceof Error ? error.message : String(error)});
        }
      }),
    );
    // Bounded: a console left open for a week forgets posts it no longer shows.
    if (this.#shown.size > 2000) {
      const keep = new Set(items.map((i) => i.key));
      for (const key of this.#shown.keys()) if (!keep.has(key)) this.#shown.delete(key);
    }
  }

  #syncSessionCounts(): void {
    const session = this.session;
    if (!session) return;
    const feeds = session.feeds.map((f) => (f.name === this.feed ? {...f, counts: this.counts, mode: this.mode} : f));
    this.session = {...session, feeds};
  }

  /** Words for a failure; a 401 anywhere ends the console's session. */
  #fail(error: unknown, starting = false): void {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    if (error instanceof ApiError && error.status === 401) {
      this.phase = 'ended';
      return;
    }
    const text = this.#errorWords(error);
    console.error('trust-moderation-console:', error);
    if (starting) {
      this.failure = text;
      this.phase = 'failed';
    } else {
      this.status = {text, error: true};
    }
  }

  #errorWords(error: unknown): string {
    const e = this.t.errors;
    if (!(error instanceof ApiError)) return e.failed;
    if (error.status === 0) return e.offline;
    if (error.words) return error.words;
    if (error.status === 403) return e.forbidden;
    if (error.status === 404) return e.notFound;
    if (error.status >= 500) return e.server(error.status);
    return e.failed;
  }

  // --- Live -----------------------------------------------------------------------------------

  #onChange(event: ChangeEvent): void {
    if (this.phase !== 'ready' || !this.session) return;
    if (event.feed !== this.feed) {
      this.session = {...this.session, feeds: this.session.feeds.map((f) => (f.name === event.feed ? {...f, counts: event.counts} : f))};
      return;
    }
    this.counts = event.counts;
    this.#syncSessionCounts();
    if (event.added > 0) this.#live.arrived(event.added);
    const me = this.session.user;
    const other = event.decided?.find((d) => d.key === this.current && d.actor !== me);
    if (other) {
      this.notice = this.t.decidedByOther(other.actor, other.action);
      this.#announce(this.notice);
    }
    clock.clearTimeout(this.#rereadTimer);
    this.#rereadTimer = clock.setTimeout(() => void this.#load({keepPlace: true}), REREAD_MS);
  }

  #announce(message: string): void {
    // A repeat of the same words is said again: clear, then set on the next frame.
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = message;
      clock.clearTimeout(this.#announceTimer);
      this.#announceTimer = clock.setTimeout(() => (this.announcement = ''), ANNOUNCE_MS);
    });
  }

  // --- Actions ---------------------------------------------------------------------------------

  async #act(item: ModeratedItem, action: ActionName): Promise<void> {
    if (this.busy.has(item.key)) return;
    const feed = this.feed;
    const list = this.view;
    this.busy = new Set(this.busy).add(item.key);
    this.notice = '';
    let result: ActionResult;
    try {
      result = await this.#client.act(feed, {key: item.key, action, version: item.version});
      if (!('ok' in result)) throw new ApiError(409, (result as {error?: string}).error);
    } catch (error) {
      this.#fail(error);
      if (error instanceof ApiError && error.status === 404) void this.#load({keepPlace: true});
      return;
    } finally {
      const busy = new Set(this.busy);
      busy.delete(item.key);
      this.busy = busy;
    }
    if (feed !== this.feed || list !== this.view) return;
    this.counts = result.counts;
    this.#syncSessionCounts();
    if (!result.ok) {
      // Someone else decided first: say what they did, and show the post as it is now.
      await this.#adapt([result.item]);
      this.items = this.items.map((i) => (i.key === result.item.key ? result.item : i));
      this.status = {text: result.message, error: true};
      return;
    }
    this.#lastUndo = {feed, auditId: result.auditId};
    this.status = {text: this.t.done[action], undo: this.#lastUndo};
    await this.#adapt([result.item]);
    if (action === 'block' || action === 'unblock') {
      // The author's other posts moved too: re-read, keeping the place.
      const index = this.items.findIndex((i) => i.key === item.key);
      if (result.item.list !== list) this.#removeAndFocus(item.key, index);
      else this.items = this.items.map((i) => (i.key === item.key ? result.item : i));
      await this.#load({keepPlace: true});
      return;
    }
    if (result.item.list !== list) {
      this.#removeAndFocus(item.key, this.items.findIndex((i) => i.key === item.key));
    } else {
      this.items = this.items.map((i) => (i.key === item.key ? result.item : i));
    }
  }

  /** Takes a post out of the list and moves focus to the next one (the previous when it was the last, the heading when none is left). */
  #removeAndFocus(key: string, index: number): void {
    this.items = this.items.filter((i) => i.key !== key);
    const next = this.items[index] ?? this.items[index - 1];
    this.current = next?.key;
    void this.#focusCurrent();
  }

  async #undo(target = this.#lastUndo): Promise<void> {
    if (!target) {
      this.status = {text: this.t.nothingToUndo};
      return;
    }
    const hadFocus = this.#focusInside();
    let result: ActionResult;
    try {
      result = await this.#client.undo(target.feed, {auditId: target.auditId});
      if (!('ok' in result)) throw new ApiError(409, (result as {error?: string}).error);
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (this.#lastUndo?.auditId === target.auditId) this.#lastUndo = undefined;
    if (!result.ok) {
      this.status = {text: result.message, error: true};
      await this.#adapt([result.item]);
      this.items = this.items.map((i) => (i.key === result.item.key ? result.item : i));
      return;
    }
    this.status = {text: this.t.undone};
    this.counts = result.counts;
    this.#syncSessionCounts();
    if (target.feed !== this.feed || this.view === 'audit') {
      if (this.view === 'audit') await this.#load();
      return;
    }
    await this.#load({keepPlace: true});
    // The post is back: focus it when it is in this list, else keep the place (the Undo button is gone).
    if (this.items.some((i) => i.key === result.item.key)) {
      this.current = result.item.key;
      await this.#focusCurrent();
    } else if (!hadFocus || !this.#focusInside()) {
      await this.#focusCurrent();
    }
  }

  #request(item: ModeratedItem | undefined, shortcut: Shortcut | ActionName): void {
    if (!item) return;
    const offered = actionsFor(item);
    let action: ActionName | undefined;
    if (shortcut === 'pin' || shortcut === 'unpin') action = item.pinned ? 'unpin' : 'pin';
    else if (shortcut === 'block' || shortcut === 'unblock') action = item.authorBlocked ? 'unblock' : 'block';
    else if (shortcut === 'approve' || shortcut === 'hide') action = shortcut;
    if (!action) return;
    if (!offered.includes(action)) {
      if (action === 'approve' || action === 'hide') this.status = {text: this.t.alreadyThere[action]};
      return;
    }
    if (action === 'block') {
      this.#openConfirm(item);
      return;
    }
    void this.#act(item, action);
  }

  // --- Focus -----------------------------------------------------------------------------------

  /** The focused element, through shadow roots. */
  #activeElement(): HTMLElement | undefined {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active instanceof HTMLElement ? active : undefined;
  }

  #focusInside(): boolean {
    const active = this.#activeElement();
    return !!active && active !== document.body && (active === this || this.shadowRoot!.contains(active));
  }

  #focusInList(): boolean {
    const active = this.#activeElement();
    return !!active && !!active.closest('.items') && this.shadowRoot!.contains(active);
  }

  #article(key: string | undefined): HTMLElement | null {
    if (!key) return null;
    return this.shadowRoot!.querySelector<HTMLElement>(`article.item[data-key="${CSS.escape(key)}"]`);
  }

  /** Focuses the current post, or the list's heading when there is none. */
  async #focusCurrent(): Promise<void> {
    await this.updateComplete;
    const target = this.#article(this.current) ?? this.shadowRoot!.querySelector<HTMLElement>('#list-heading');
    target?.focus();
  }

  #move(step: 1 | -1): void {
    if (this.view === 'audit' || !this.items.length) return;
    const index = this.items.findIndex((i) => i.key === this.current);
    // From outside the list, the first j or k goes to the post the moderator was on (the first one at the start).
    const onPost = this.#focusInList();
    const next = index < 0 ? 0 : onPost ? Math.max(0, Math.min(this.items.length - 1, index + step)) : index;
    this.current = this.items[next].key;
    void this.#focusCurrent();
  }

  #itemFrom(event: Event): ModeratedItem | undefined {
    const article = event.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && n.matches('article.item'));
    const key = article?.dataset.key ?? this.current;
    return this.items.find((i) => i.key === key);
  }

  #onKeydown = (event: KeyboardEvent): void => {
    if (this.phase !== 'ready' || event.defaultPrevented) return;
    const path = event.composedPath();
    const target = path[0];
    // Outside the console (another part of a page it is embedded in), nothing is a shortcut.
    if (target instanceof Node && target !== document.body && target !== document.documentElement && !path.includes(this)) return;
    if (this.#dialogOpen()) return;
    const search = this.shadowRoot!.querySelector<HTMLInputElement>('#q');
    if (event.key === 'Escape' && target === search) {
      event.preventDefault();
      void this.#focusCurrent();
      return;
    }
    const inList = path.some((n) => n instanceof HTMLElement && n.classList.contains('items'));
    const shortcut = shortcutFor(event, target, inList);
    if (!shortcut) return;
    // Space and Enter stay the buttons' own; these keys do not type or scroll anything here.
    event.preventDefault();
    switch (shortcut) {
      case 'next':
        this.#move(1);
        return;
      case 'previous':
        this.#move(-1);
        return;
      case 'search':
        search?.focus();
        search?.select();
        return;
      case 'help':
        this.#openHelp();
        return;
      case 'undo':
        void this.#undo();
        return;
      default:
        if (this.view !== 'audit') this.#request(this.#itemFrom(event), shortcut);
    }
  };

  #onListClick(event: Event): void {
    const button = (event.target as Element).closest<HTMLButtonElement>('button');
    if (!button) return;
    const item = this.#itemFrom(event);
    if (!item) return;
    this.current = item.key;
    const act = button.dataset.act as ActionName | undefined;
    if (act) {
      if (button.getAttribute('aria-disabled') === 'true') return;
      this.#request(item, act);
      return;
    }
    // The library's content-warning button (renderBody): open or close the post.
    if (button.dataset.action === 'cw') {
      const expanded = new Set(this.expanded);
      if (!expanded.delete(item.key)) expanded.add(item.key);
      this.expanded = expanded;
    }
  }

  #onListFocusIn(event: FocusEvent): void {
    const item = this.#itemFrom(event);
    if (item && item.key !== this.current) this.current = item.key;
  }

  // --- Tabs, search, feeds ----------------------------------------------------------------------

  #select(view: View, focusTab = false): void {
    if (view !== this.view) {
      this.view = view;
      this.items = [];
      this.entries = [];
      this.next = undefined;
      this.current = undefined;
      this.notice = '';
      void this.#load().then(() => {
        if (!this.current) this.current = this.items[0]?.key;
      });
    }
    if (focusTab) void this.updateComplete.then(() => this.shadowRoot!.querySelector<HTMLElement>(`#tab-${view}`)?.focus());
  }

  #onTabKeydown(event: KeyboardEvent): void {
    const views: View[] = [...LISTS, 'audit'];
    const index = views.indexOf(this.view);
    const to =
      event.key === 'ArrowRight' ? views[(index + 1) % views.length]
      : event.key === 'ArrowLeft' ? views[(index + views.length - 1) % views.length]
      : event.key === 'Home' ? views[0]
      : event.key === 'End' ? views[views.length - 1]
      : undefined;
    if (!to || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    this.#select(to, true);
  }

  async #onSearch(event: Event): Promise<void> {
    event.preventDefault();
    const input = this.shadowRoot!.querySelector<HTMLInputElement>('#q')!;
    this.q = input.value.trim();
    if (this.view === 'audit') this.view = 'queue';
    this.items = [];
    this.current = undefined;
    await this.#load();
    this.current = this.items[0]?.key;
    if (this.q) this.#announce(this.#matches());
  }

  async #clearSearch(): Promise<void> {
    const input = this.shadowRoot!.querySelector<HTMLInputElement>('#q');
    if (input) input.value = '';
    this.q = '';
    await this.#load();
    this.current ??= this.items[0]?.key;
    input?.focus();
  }

  #matches(): string {
    const n = this.items.length;
    const list = this.t.listNames[this.view as ListName] ?? '';
    return n ? this.t.matches(n, this.#number(n), list, this.q) : this.t.emptySearch(list, this.q);
  }

  #onFeedChange(event: Event): void {
    const feed = (event.target as HTMLSelectElement).value;
    if (feed === this.feed) return;
    this.feed = feed;
    const info = this.session?.feeds.find((f) => f.name === feed);
    if (info) {
      this.counts = info.counts;
      this.mode = info.mode;
    }
    this.items = [];
    this.entries = [];
    this.current = undefined;
    this.#lastUndo = undefined;
    void this.#load().then(() => (this.current ??= this.items[0]?.key));
  }

  // --- Dialogs -----------------------------------------------------------------------------------

  #dialogOpen(): boolean {
    return [...this.shadowRoot!.querySelectorAll('dialog')].some((d) => d.open);
  }

  #openHelp(): void {
    this.#returnFocus = this.#activeElement();
    this.shadowRoot!.querySelector<HTMLDialogElement>('#help')?.showModal();
  }

  #openConfirm(item: ModeratedItem): void {
    this.#returnFocus = this.#activeElement();
    this.confirming = item;
    void this.updateComplete.then(() => {
      const dialog = this.shadowRoot!.querySelector<HTMLDialogElement>('#confirm');
      if (!dialog) return;
      // A cancelled dialog keeps its returnValue (HTML: closing with null leaves it): an earlier confirmation must never count again.
      dialog.returnValue = '';
      dialog.showModal();
    });
  }

  #onDialogClose(event: Event): void {
    const dialog = event.target as HTMLDialogElement;
    const back = this.#returnFocus;
    this.#returnFocus = undefined;
    if (dialog.id === 'confirm') {
      const item = this.confirming;
      this.confirming = undefined;
      if (dialog.returnValue === 'block' && item) {
        back?.focus();
        void this.#act(item, 'block');
        return;
      }
    }
    if (back?.isConnected) back.focus();
    else void this.#focusCurrent();
  }

  // --- Rendering -----------------------------------------------------------------------------------

  #number(n: number): string {
    return numberFormat(this.locale).format(n);
  }

  #id(key: string): string {
    let id = this.#ids.get(key);
    if (!id) this.#ids.set(key, (id = `i${this.#ids.size + 1}`));
    return id;
  }

  protected override render(): TemplateResult {
    const t = this.t;
    switch (this.phase) {
      case 'loading':
        return html`<h1>${t.title}</h1>
          <p class="loading" role="status">${t.loading}</p>`;
      case 'ended':
        return html`<h1>${t.title}</h1>
          <p class="message" role="alert">${t.sessionEnded} <a href=${this.#client.loginUrl}>${t.signInAgain}</a></p>`;
      case 'failed':
        return html`<h1>${t.title}</h1>
          <div class="message message--error" role="alert">
            <p>${this.failure}</p>
            <button class="button" type="button" @click=${() => void this.#start()}>${feedStrings.retry}</button>
          </div>`;
      default:
        return this.#renderConsole(t);
    }
  }

  #renderConsole(t: ConsoleStrings): TemplateResult {
    const session = this.session!;
    const info = session.feeds.find((f) => f.name === this.feed);
    return html`
      <header class="top">
        <h1>${t.title}${info ? html`${' '}<span class="hashtag">#${info.hashtag}</span>` : nothing}</h1>
        <div class="who">
          <span>${t.signedInAs(session.user)}</span>
          ${session.via === 'password'
            ? html`<form method="post" action=${this.#client.logoutUrl}>
                <input type="hidden" name="csrf" .value=${session.csrf} />
                <button class="button" type="submit">${t.signOut}</button>
              </form>`
            : nothing}
        </div>
      </header>
      <div class="tools">
        ${session.feeds.length > 1
          ? html`<div class="field">
              <label for="feed">${t.feed}</label>
              <select id="feed" @change=${this.#onFeedChange}>
                ${session.feeds.map((f) => html`<option value=${f.name} ?selected=${f.name === this.feed}>${t.feedOption(f.name, f.hashtag)}</option>`)}
              </select>
            </div>`
          : nothing}
        <search class="search field">
          <form @submit=${this.#onSearch}>
            <label for="q">${t.searchLabel}</label>
            <input id="q" type="search" name="q" autocomplete="off" aria-keyshortcuts="/" .value=${this.q} />
            <button class="button" type="submit">${t.searchButton}</button>
          </form>
        </search>
      </div>
      <p class="keys" id="keys">
        ${t.keysLine}
        ${t.shortcuts.slice(0, 7).map(([keys, what]) => html`<span class="key">${keys.map((k, i) => html`${i ? '/' : ''}<kbd>${k}</kbd>`)} ${what}</span> · `)}
        <button class="button" type="button" aria-keyshortcuts="?" @click=${() => this.#openHelp()}>${t.help} <kbd aria-hidden="true">?</kbd></button>
      </p>
      <div class="tabs" role="tablist" aria-label=${t.lists} @keydown=${this.#onTabKeydown}>
        ${LISTS.map((list) => this.#renderTab(list, t.listNames[list], this.counts[list]))} ${this.#renderTab('audit', t.audit)}
      </div>
      <div class="panel" role="tabpanel" id="panel" aria-labelledby="tab-${this.view}">
        ${this.view === 'audit' ? this.#renderAudit(t) : this.#renderList(t, this.view)}
      </div>
      <div class="status-bar">
        <div class="status ${this.status?.error ? 'status--error' : ''}" role="status">${this.status
          ? html`<p>${this.status.text}</p>${this.status.undo
              ? html`<button class="button" type="button" aria-keyshortcuts="u" @click=${() => void this.#undo(this.status?.undo)}>${t.undo}</button>`
              : nothing}`
          : nothing}</div>
      </div>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      ${this.#renderHelp(t)} ${this.#renderConfirm(t)}
    `;
  }

  #renderTab(view: View, label: string, count?: number): TemplateResult {
    const selected = this.view === view;
    return html`<button
      class="tab"
      type="button"
      role="tab"
      id="tab-${view}"
      aria-selected=${selected ? 'true' : 'false'}
      aria-controls="panel"
      tabindex=${selected ? '0' : '-1'}
      @click=${() => this.#select(view)}
    >${label}${count === undefined ? nothing : html`${' '}<span class="count">${this.#number(count)}<span class="visually-hidden">${' '}${this.t.posts(count)}</span></span>`}</button>`;
  }

  #renderList(t: ConsoleStrings, list: ListName): TemplateResult {
    const name = t.listNames[list];
    const current = this.items.some((i) => i.key === this.current) ? this.current : this.items[0]?.key;
    return html`
      <h2 id="list-heading" tabindex="-1">${name}</h2>
      <p class="note">${t.modeNote[this.mode][list]}</p>
      ${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}
      ${this.q
        ? html`<p class="matches"><span>${this.listLoading ? t.loading : this.#matches()}</span>
            <button class="button" type="button" @click=${() => void this.#clearSearch()}>${t.clearSearch}</button></p>`
        : nothing}
      ${this.listLoading && !this.items.length
        ? html`<p class="loading">${t.loading}</p>`
        : this.items.length
          ? html`<ol class="items" aria-labelledby="list-heading" aria-describedby="keys" @click=${this.#onListClick} @focusin=${this.#onListFocusIn}>
              ${repeat(
                this.items,
                (item) => item.key,
                (item) => {
                  const shown = this.#shown.get(item.key);
                  return html`<li>${renderItem({
                    id: this.#id(item.key),
                    item,
                    post: shown?.post,
                    problem: shown?.problem,
                    t,
                    ft: feedStrings,
                    locale: this.locale,
                    current: item.key === current,
                    expanded: this.expanded.has(item.key),
                    busy: this.busy.has(item.key),
                  })}</li>`;
                },
              )}
            </ol>`
          : this.#renderEmpty(t, this.q ? t.emptySearch(name, this.q) : t.empty(name))}
      ${this.next
        ? html`<p class="more-items">
            <button class="button" type="button" aria-disabled=${this.olderLoading ? 'true' : 'false'} @click=${() => !this.olderLoading && void this.#load({older: true})}>
              ${this.olderLoading ? t.loadingOlder : t.older}
            </button>
          </p>`
        : nothing}
    `;
  }

  #renderAudit(t: ConsoleStrings): TemplateResult {
    return html`
      <h2 id="list-heading" tabindex="-1">${t.auditHeading}</h2>
      ${this.listLoading && !this.entries.length
        ? html`<p class="loading">${t.loading}</p>`
        : this.entries.length
          ? html`<ol class="entries" aria-labelledby="list-heading">${this.entries.map((e) => renderAuditEntry(e, t, feedStrings, this.locale))}</ol>`
          : this.#renderEmpty(t, t.auditEmpty)}
      ${this.auditNext !== undefined
        ? html`<p class="more-items">
            <button class="button" type="button" aria-disabled=${this.olderLoading ? 'true' : 'false'} @click=${() => !this.olderLoading && void this.#load({older: true})}>
              ${this.olderLoading ? t.loading : t.auditOlder}
            </button>
          </p>`
        : nothing}
    `;
  }

  /** Nothing to show: because there is nothing, or (said so, with a way to try again) because it could not be read. */
  #renderEmpty(t: ConsoleStrings, empty: string): TemplateResult {
    if (!this.listError) return html`<p class="empty">${empty}</p>`;
    return html`<div class="empty empty--failed">
      <p>${t.listFailed} ${this.listError}</p>
      <button class="button" type="button" @click=${() => void this.#load()}>${feedStrings.retry}</button>
    </div>`;
  }

  #renderHelp(t: ConsoleStrings): TemplateResult {
    return html`<dialog id="help" aria-labelledby="help-title" @close=${this.#onDialogClose}>
      <h2 id="help-title">${t.helpTitle}</h2>
      <dl>
        ${t.shortcuts.map(([keys, what]) => html`<dt>${keys.map((k, i) => html`${i ? ` ${t.keyOr} ` : ''}<kbd>${k}</kbd>`)}</dt><dd>${what}</dd>`)}
      </dl>
      <form method="dialog" class="dialog-actions">
        <button class="button button--primary" value="close">${t.close}</button>
      </form>
    </dialog>`;
  }

  #renderConfirm(t: ConsoleStrings): TemplateResult {
    const item = this.confirming;
    const post = item && this.#shown.get(item.key)?.post;
    const who = post ? (post.author.handle ? `@${post.author.handle}` : post.author.name) : (item?.key ?? '');
    const network = post ? (feedStrings.networks[post.network] ?? post.network) : '';
    return html`<dialog id="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text" @close=${this.#onDialogClose}>
      <h2 id="confirm-title">${t.confirmBlockTitle}</h2>
      <p id="confirm-text">${item ? t.confirmBlock(who, network) : ''}</p>
      <form method="dialog" class="dialog-actions">
        <button class="button button--danger" value="block">${t.confirmBlockButton}</button>
        <button class="button" value="cancel" autofocus>${t.cancel}</button>
      </form>
    </dialog>`;
  }
}
