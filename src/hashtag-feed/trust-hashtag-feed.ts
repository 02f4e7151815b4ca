import {html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {property} from 'lit/decorators.js';
import {guard} from 'lit/directives/guard.js';
import {repeat} from 'lit/directives/repeat.js';
import {TaskStatus} from '@lit/task';
import {TrustElement} from '../shared/element.js';
import {EXTERNAL_REL} from '../shared/text.js';
import {DataController, type SourceSpec} from '../shared/data-controller.js';
import {baseStyles} from '../shared/styles.js';
import {heading} from '../shared/heading.js';
import {clock, type TimerHandle} from '../shared/clock.js';
import {toTrustError} from '../shared/errors.js';
import {toggled} from '../shared/toggled.js';
import {dateFormat, formatRelative, numberFormat} from '../shared/time.js';
import {feedFormats} from './formats/index.js';
import {tagTimelineSources} from './formats/mastodon-api.js';
import {feedTime, mergeFeeds, normaliseHashtag, postKey, type Feed, type Post} from './model.js';
import {compileRules, isAllowed, type Rule} from './moderation.js';
import {renderBody, renderByline, type PostView} from './post-template.js';
import {feedStrings, type FeedStrings} from './strings.js';
import {feedStyles} from './hashtag-feed.styles.js';
import {FreshnessController, type Sourced} from '../shared/freshness.js';

export type {Post, Feed} from './model.js';
export type {FeedStrings} from './strings.js';

/** Times in the native format without an offset are read in the trust's zone. */
const CONTEXT = {timeZone: 'Europe/London'} as const;
const MINUTE = 60_000;
/** Posts from several sources answering one poll are announced together. */
const ANNOUNCE_AFTER_MS = 1000;
const SOURCE_PROPERTIES = ['hashtag', 'instance', 'src'];
const RULE_PROPERTIES = ['hideReplies', 'hideBoosts', 'hideSensitive', 'blockWords', 'blockAccounts', 'allowAccounts', 'languages', 'moderate'];

/** Same post, same look: lets a refreshed source reuse the objects (and rendered DOM) it already had. */
function samePost(a: Post, b: Post): boolean {
  return (
    a.text === b.text &&
    a.spoiler === b.spoiler &&
    a.sensitive === b.sensitive &&
    a.created.getTime() === b.created.getTime() &&
    a.boostedAt?.getTime() === b.boostedAt?.getTime() &&
    a.author.name === b.author.name &&
    a.author.avatar === b.author.avatar &&
    a.booster?.handle === b.booster?.handle &&
    a.media.length === b.media.length &&
    a.media.every((m, i) => m.url === b.media[i].url && m.alt === b.media[i].alt) &&
    a.card?.url === b.card?.url &&
    a.quote?.text === b.quote?.text &&
    a.pinned === b.pinned
  );
}

/**
 * A live feed of public posts carrying a hashtag, from Mastodon servers,
 * Bluesky search files and our own post JSON, merged, de-duplicated and
 * moderated, for a web page or (with `layout="wall"`) a big screen at the venue.
 *
 * @summary A live, moderated hashtag feed (Mastodon, Bluesky, native JSON).
 *
 * @fires trust-load - After each successful load or refresh; `detail.count` is the number of posts kept.
 * @fires trust-error - When a source fails; older posts stay on screen (`detail.stale`).
 *
 * @csspart heading - The heading above the feed (list layout).
 * @csspart banner - The hashtag banner (wall layout).
 * @csspart feed - The `role="feed"` list of posts.
 * @csspart post - Each post (`<article>`).
 * @csspart avatar - An author's picture (or initial).
 * @csspart boost - The "Boosted by" line.
 * @csspart content - A post's text.
 * @csspart content-warning - The content warning and its Show/Hide button.
 * @csspart media - A post's images, video or audio.
 * @csspart card - A link preview.
 * @csspart quote - A quoted post.
 * @csspart new-posts-button - "Show 3 new posts".
 * @csspart load-older-button - "Load older posts".
 * @csspart older-message - What happened when older posts were asked for.
 * @csspart message - Loading, error and empty messages.
 * @csspart retry-button - The Retry button of an error.
 * @csspart stale-notice - Shown when a refresh failed and older posts are on screen.
 * @csspart not-updated - "Posts from Bluesky not updated since 09:40": a source of the file has been failing for more than three of its intervals.
 *
 * @cssproperty --trust-feed-gap - Space between posts (1rem).
 * @cssproperty --trust-feed-avatar-size - Size of authors' pictures (48px).
 * @cssproperty --trust-feed-wall-column - Narrowest column of the wall layout (22rem).
 */
export class TrustHashtagFeed extends TrustElement<FeedStrings> {
  static override styles = [baseStyles, feedStyles];

  /** The hashtag, without `#` (one leading `#` is ignored). Used for Mastodon sources, the heading and the empty message. */
  @property() hashtag?: string;

  /** Mastodon (or Akkoma, Pleroma…) server(s) to read the hashtag's timeline from, e.g. `https://mastodon.social`; several separated by spaces. */
  @property() instance?: string;

  /** How many posts are kept in memory and on the page (newest first). */
  @property({attribute: 'max-posts', type: Number}) maxPosts = 50;

  /** `list` (default) or `wall`: large type in columns, the hashtag as a banner, new posts always shown at once. */
  @property({reflect: true}) layout: 'list' | 'wall' = 'list';

  /** Hides replies to other people (a thread of one's own posts stays). */
  @property({attribute: 'hide-replies', type: Boolean}) hideReplies = false;

  /** Hides boosts (reblogs, reposts). */
  @property({attribute: 'hide-boosts', type: Boolean}) hideBoosts = false;

  /** Hides posts marked sensitive or carrying a content warning. */
  @property({attribute: 'hide-sensitive', type: Boolean}) hideSensitive = false;

  /** Comma-separated words or phrases; a post containing one as a whole word (any case) is hidden. Names, content warnings and alt text count. */
  @property({attribute: 'block-words'}) blockWords?: string;

  /** Handles whose posts and boosts are hidden (`user@server`, or `user` on every server; Bluesky `name.bsky.social`). */
  @property({attribute: 'block-accounts'}) blockAccounts?: string;

  /** When set, only posts by (or boosted by) these full handles are shown. */
  @property({attribute: 'allow-accounts'}) allowAccounts?: string;

  /** Language tags to show, e.g. `en cy`; posts that do not say their language are shown. */
  @property() languages?: string;

  /** Loads no profile pictures (an initial is shown instead). */
  @property({attribute: 'no-avatars', type: Boolean}) noAvatars = false;

  /** Loads no media at all: no images, video, link-preview pictures or custom emoji images. */
  @property({attribute: 'no-media', type: Boolean}) noMedia = false;

  /** A custom moderation rule: return false to hide a post. */
  @property({attribute: false}) moderate?: (post: Post) => boolean;

  protected readonly defaultStrings = feedStrings;

  protected readonly dataController = new DataController<Feed>(this, {
    formats: feedFormats,
    sources: () => this.#sources(),
    count: (feed) => feed.posts.length,
    combine: (feeds) => this.#combine(feeds),
    // Incremental answers (Mastodon min_id) fold into what the source had; its "older" link stays the first page's.
    merge: (previous, next) => (next.posts.length === 0 ? previous : {posts: mergeFeeds([next, previous], this.#keep).posts, older: previous.older}),
    context: () => ({...CONTEXT, baseUrl: document.baseURI}),
  });

  /** "Posts from Bluesky not updated since 09:40", from the sources' states in the file (native format). */
  readonly #freshness = new FreshnessController(
    this,
    () => ({sources: (this.dataController.value as Sourced | undefined)?.sources, strings: this.text, locale: this.locale}),
    (line) => this.announce(line),
  );

  /** All kept posts (newest first), interned by key so a refresh reuses the objects it already had. */
  #posts: Post[] = [];
  #byKey = new Map<string, Post>();
  /** The posts on screen: kept, allowed by the moderation rules, not held back. */
  #visible: Post[] = [];
  #rules: Rule[] = [];
  #value?: Feed;
  #primed = false;
  #newest = -Infinity;
  /** New posts waiting behind "Show N new posts" while the reader is down the feed. */
  #held = new Set<string>();
  /** Posts that just slid in at the top. */
  #entering = new Set<string>();
  /** Replaced, never changed in place, when the reader toggles: the posts' guards compare them. */
  #expanded: ReadonlySet<string> = new Set<string>();
  #revealed: ReadonlySet<string> = new Set<string>();
  /** Pages the reader asked for with "Load older posts", and where the next one is. */
  #olderPosts: Post[] = [];
  #olderNext?: string[];
  #olderBusy = false;
  #olderMessage = '';
  /** The reader has scrolled past the top of the feed. */
  #scrolledPast = false;
  #observer?: IntersectionObserver;
  #tick?: TimerHandle;
  #arrived = 0;
  #arrivedTimer?: TimerHandle;
  #combined?: {feeds: Feed[]; keep: number; feed: Feed};
  /** Per post: its key and a short element id (keys are long URLs; ids must be unique in the shadow root). */
  #derived = new WeakMap<Post, {key: string; id: string}>();
  #lastId = 0;

  /** Posts kept: max-posts, plus the older pages the reader asked for. */
  get #keep(): number {
    return Math.max(1, Math.floor(Number(this.maxPosts)) || 50) + this.#olderPosts.length;
  }

  #sources(): SourceSpec[] {
    const files = (this.src ?? '').split(/\s+/).filter(Boolean).map((url) => ({url}));
    return [...tagTimelineSources(this.instance, this.hashtag), ...files];
  }

  #combine(feeds: Feed[]): Feed {
    const keep = this.#keep;
    const last = this.#combined;
    if (last && last.keep === keep && last.feeds.length === feeds.length && last.feeds.every((f, i) => f === feeds[i])) return last.feed;
    const feed: Feed & Sourced = mergeFeeds(feeds, keep);
    const sources = feeds.flatMap((f: Feed & Sourced) => f.sources ?? []);
    if (sources.length) feed.sources = sources;
    this.#combined = {feeds, keep, feed};
    return feed;
  }

  #info(post: Post): {key: string; id: string} {
    let info = this.#derived.get(post);
    if (!info) {
      info = {key: postKey(post), id: `p${(++this.#lastId).toString(36)}`};
      this.#derived.set(post, info);
    }
    return info;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#observeTop();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#observer = undefined;
    clock.clearTimeout(this.#tick);
    clock.clearTimeout(this.#arrivedTimer);
    this.#tick = this.#arrivedTimer = undefined;
    this.#arrived = 0;
  }

  protected override createRenderRoot() {
    const root = super.createRenderRoot();
    // One listener for every picture: a broken profile picture is hidden (error does not bubble, so capture).
    root.addEventListener('error', (event) => {
      const target = event.target;
      if (target instanceof HTMLImageElement && target.classList.contains('avatar')) target.hidden = true;
    }, true);
    return root;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (SOURCE_PROPERTIES.some((p) => changed.has(p))) this.#reset();
    const rulesChanged = RULE_PROPERTIES.some((p) => changed.has(p));
    if (rulesChanged || !this.hasUpdated) this.#rules = compileRules(this);
    const value = this.dataController.value;
    if (value !== this.#value || changed.has('maxPosts')) {
      this.#value = value;
      this.#ingest(value);
    } else if (rulesChanged) {
      this.#show();
    }
  }

  /** Other sources: nothing that came before is "new". */
  #reset(): void {
    this.#primed = false;
    this.#newest = -Infinity;
    this.#held.clear();
    this.#olderPosts = [];
    this.#olderNext = undefined;
    this.#olderMessage = '';
  }

  /** Takes in what the sources have now: keeps max-posts, notices what is new, holds it back if the reader is down the feed. */
  #ingest(value: Feed | undefined): void {
    if (!value) return;
    const merged = mergeFeeds(this.#olderPosts.length ? [value, {posts: this.#olderPosts, older: []}] : [value], this.#keep);
    const byKey = new Map<string, Post>();
    const posts = merged.posts.map((post) => {
      const key = postKey(post);
      const before = this.#byKey.get(key);
      const kept = before && samePost(before, post) ? before : post;
      byKey.set(key, kept);
      return kept;
    });
    const fresh = this.#primed ? posts.filter((p) => !this.#byKey.has(postKey(p)) && feedTime(p) > this.#newest) : [];
    this.#byKey = byKey;
    this.#posts = posts;
    this.#primed = true;
    // The newest is the first post after any pinned ones (a pinned post may be old).
    const newest = posts.find((p) => !p.pinned) ?? posts[0];
    if (newest) this.#newest = Math.max(this.#newest, feedTime(newest));
    const present = (set: ReadonlySet<string>) => new Set([...set].filter((key) => byKey.has(key)));
    [this.#held, this.#expanded, this.#revealed] = [present(this.#held), present(this.#expanded), present(this.#revealed)];
    this.#olderPosts = this.#olderPosts.filter((p) => byKey.has(postKey(p)));

    this.#entering = new Set();
    const arrived = fresh.filter((p) => isAllowed(p, this.#rules));
    if (arrived.length) {
      const target = this.#followingTop() ? this.#entering : this.#held;
      for (const p of arrived) target.add(postKey(p));
      this.#announceArrivals(arrived.length);
    }
    this.#show();
  }

  /** "3 new posts", said once per refresh however many sources answered it. */
  #announceArrivals(count: number): void {
    this.#arrived += count;
    this.#arrivedTimer ??= clock.setTimeout(() => {
      this.announce(this.text.newPosts(this.#arrived, this.#count(this.#arrived)));
      this.#arrived = 0;
      this.#arrivedTimer = undefined;
    }, ANNOUNCE_AFTER_MS);
  }

  #show(): void {
    this.#visible = this.#posts.filter((p) => !this.#held.has(postKey(p)) && isAllowed(p, this.#rules));
  }

  /** New posts slide in at the top only on a wall, or while the reader is at the top and not inside the feed. */
  #followingTop(): boolean {
    if (this.layout === 'wall') return true;
    const active = this.shadowRoot?.activeElement;
    return !this.#scrolledPast && !(active && active.closest('[role="feed"]'));
  }

  #count(n: number): string {
    return numberFormat(this.locale).format(n);
  }

  protected override firstUpdated(): void {
    this.#observeTop();
  }

  /**
   * Lit's repeat() leaves the end marker of every item it removes behind
   * (lit/lit#5010), so a feed that drops its oldest post at each new one
   * would grow by a comment node per post, about 43,000 a day on a wall
   * screen. They are removed after each render: an item is its start
   * marker, its <article> and its end marker, so a comment that follows
   * another comment and is not followed by an article belongs to no item
   * (the list's own marker follows white space). Cheaper than rebuilding
   * the list, and the posts keep their elements, focus included.
   */
  #sweepStrandedMarkers(feed: Element): void {
    // Two markers per post, the list's own and two spaces are expected.
    if (feed.childNodes.length - feed.childElementCount <= 2 * feed.childElementCount + 3) return;
    for (const node of [...feed.childNodes]) {
      if (node.nodeType === Node.COMMENT_NODE && node.previousSibling?.nodeType === Node.COMMENT_NODE && node.nextSibling?.nodeType !== Node.ELEMENT_NODE) {
        node.remove();
      }
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const feed = this.renderRoot.querySelector('[role="feed"]');
    if (feed) {
      this.#syncPositions(feed);
      this.#sweepStrandedMarkers(feed);
    }
    // One timer for the whole feed keeps every relative time current.
    if (this.#tick === undefined && this.isConnected && this.#posts.length) {
      this.#tick = clock.setTimeout(() => {
        this.#tick = undefined;
        this.requestUpdate();
      }, MINUTE - (clock.now() % MINUTE));
    }
  }

  #observeTop(): void {
    const sentinel = this.renderRoot.querySelector('.sentinel');
    if (!sentinel || this.#observer) return;
    // Above the viewport (or its scrolling box) means scrolled past; below it, the reader has not reached the feed yet.
    this.#observer = new IntersectionObserver((entries) => {
      const entry = entries.at(-1)!;
      this.#scrolledPast = !entry.isIntersecting && entry.boundingClientRect.bottom <= (entry.rootBounds?.top ?? 0);
    });
    this.#observer.observe(sentinel);
  }

  /** "Show N new posts": they join the feed, and focus goes to the newest so a screen reader starts there. */
  async #showHeld(): Promise<void> {
    this.#held.clear();
    this.#show();
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[role="feed"] article')?.focus();
  }

  #onFeedClick = (event: Event): void => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const key = button?.dataset.key;
    if (!button || key === undefined) return;
    if (button.dataset.action === 'cw') this.#expanded = toggled(this.#expanded, key);
    else this.#revealed = toggled(this.#revealed, key);
    this.requestUpdate();
  };

  /** The feed pattern's keys: Page Down / Page Up move between posts. */
  #onFeedKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'PageDown' && event.key !== 'PageUp') return;
    const article = (event.target as Element).closest<HTMLElement>('article');
    const articles = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="feed"] > article')];
    const next = articles[(article ? articles.indexOf(article) : -1) + (event.key === 'PageDown' ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  /** The older pages "Load older posts" would fetch: none on a wall, which shows only the newest. */
  get #olderShown(): string[] {
    return this.layout === 'wall' ? [] : this.#olderUrls;
  }

  get #olderUrls(): string[] {
    return this.#olderNext ?? this.#value?.older ?? [];
  }

  /** "Load older posts": the next page of each Mastodon source, fetched now (the reader asked). */
  async #loadOlder(): Promise<void> {
    const urls = this.#olderUrls;
    if (this.#olderBusy || urls.length === 0) return;
    this.#olderBusy = true;
    this.#olderMessage = '';
    this.requestUpdate();
    const context = {...CONTEXT, baseUrl: document.baseURI};
    const results = await Promise.allSettled(urls.map(async (url) => (await import('./formats/older-page.js')).fetchOlderPage(url, context)));
    this.#olderBusy = false;
    const pages = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.value] : []));
    const failed = urls.filter((_, i) => results[i].status === 'rejected');
    for (const r of results) if (r.status === 'rejected') console.warn('trust-widgets <trust-hashtag-feed>: older posts:', toTrustError(r.reason).message);
    const t = this.text;
    if (pages.length === 0) {
      this.#olderMessage = t.olderFailed;
    } else {
      const added = pages.flatMap((p) => p.posts).filter((p) => !this.#byKey.has(postKey(p)));
      this.#olderPosts = [...this.#olderPosts, ...added];
      this.#olderNext = [...failed, ...pages.flatMap((p) => p.older)];
      const shown = added.filter((p) => isAllowed(p, this.#rules)).length;
      this.#olderMessage = shown || this.#olderNext.length ? t.olderLoaded(shown, this.#count(shown)) : t.noOlder;
      this.#ingest(this.#value);
    }
    this.announce(this.#olderMessage);
    this.requestUpdate();
  }

  override render(): TemplateResult {
    const t = this.text;
    const tag = normaliseHashtag(this.hashtag);
    const wall = this.layout === 'wall';
    const empty = html`<div class="message" part="message empty"><p>${t.emptyFeed(tag)}</p></div>`;
    return html`${this.renderAnnouncer()}
      ${heading(this.headingLevel, wall ? t.banner(tag) : t.heading(tag), {id: 'heading', className: wall ? 'banner' : 'heading', part: wall ? 'banner' : 'heading'})}
      ${this.#freshness.line ? html`<p class="stale" part="not-updated">${this.#freshness.line}</p>` : nothing}
      <div class="sentinel" aria-hidden="true"></div>
      ${this.renderData(this.dataController, () => (this.#visible.length || this.#held.size ? this.#renderFeed() : empty), empty)}`;
  }

  #renderFeed(): TemplateResult {
    const t = this.text;
    const locale = this.locale;
    const now = clock.now();
    // Relative times change by the minute: each post's time is re-rendered once a minute at most.
    const minute = Math.floor(now / MINUTE);
    const held = this.#posts.filter((p) => this.#held.has(postKey(p))).length;
    const older = this.#olderShown;
    const busy = this.dataController.task.status === TaskStatus.PENDING || this.#olderBusy;
    return html`
      ${held
        ? html`<div class="new-posts">
            <button class="button button--primary" part="new-posts-button" type="button" @click=${this.#showHeld}>${t.showNewPosts(held, this.#count(held))}</button>
          </div>`
        : nothing}
      <div role="feed" class="feed" part="feed" aria-labelledby="heading" aria-busy=${busy ? 'true' : 'false'} @click=${this.#onFeedClick} @keydown=${this.#onFeedKeydown}>
        ${guard([this.#visible, this.#entering, this.#expanded, this.#revealed, minute, t, locale, this.noAvatars, this.noMedia], () => this.#renderPosts(now, minute, t, locale))}
      </div>
      ${older.length
        ? html`<div class="older">
            <button class="button" part="load-older-button" type="button" aria-disabled=${this.#olderBusy ? 'true' : 'false'} @click=${this.#loadOlder}>
              ${this.#olderBusy ? t.loadingOlder : t.loadOlder}
            </button>
          </div>`
        : nothing}
      ${this.#olderMessage ? html`<p class="older-message" part="older-message">${this.#olderMessage}</p>` : nothing}
    `;
  }

  /**
   * The posts. Guarded in #renderFeed by everything they show: a render that
   * only flips aria-busy (twice per refresh, new posts or not) leaves them be.
   * Each post is guarded too, so new posts at the top build only themselves;
   * positions (aria-posinset, aria-setsize), which change for every post when
   * one arrives, are written afterwards by #syncPositions.
   */
  #renderPosts(now: number, minute: number, t: FeedStrings, locale: string): unknown {
    const absolute = dateFormat(locale, {dateStyle: 'medium', timeStyle: 'short'});
    const {noAvatars, noMedia} = this;
    return repeat(
      this.#visible,
      (post) => this.#info(post).key,
      (post) => {
        const {key, id} = this.#info(post);
        const entering = this.#entering.has(key);
        const expanded = this.#expanded.has(key);
        const revealed = this.#revealed.has(key);
        return guard([post, entering, expanded, revealed, minute, t, locale, noAvatars, noMedia], () => {
          const view: PostView = {id, key, url: post.url, t, locale, noAvatars, noMedia, expanded, revealed};
          return html`<article class="post ${entering ? 'post--new' : ''}" part="post" tabindex="0" aria-labelledby="${id}-name" aria-describedby="${id}-body">
            ${guard([post, noAvatars, noMedia, t], () => renderByline(post, view))}
            ${guard([post, minute, t, locale], () => this.#renderTime(post, now, absolute, view))}
            ${guard([post, expanded, revealed, noMedia, t, locale], () => renderBody(post, view))}
          </article>`;
        });
      },
    );
  }

  /** Each post's place in the feed and the feed's size, for screen readers; written only where they changed. */
  #syncPositions(feed: Element): void {
    const size = String(this.#olderShown.length ? -1 : this.#visible.length);
    let position = 0;
    for (const article of feed.children) {
      const at = String(++position);
      if (article.getAttribute('aria-posinset') !== at) article.setAttribute('aria-posinset', at);
      if (article.getAttribute('aria-setsize') !== size) article.setAttribute('aria-setsize', size);
    }
  }

  #renderTime(post: Post, now: number, absolute: Intl.DateTimeFormat, v: PostView): TemplateResult {
    const full = absolute.format(post.created);
    const datetime = post.created.toISOString();
    const relative = formatRelative(post.created, now, v.locale);
    const network = v.t.networks[post.network];
    const via = network ? ` · ${v.t.via(network)}` : '';
    // One flat template per case, not nested ones: this is rendered for every post, and again every minute.
    return post.url
      ? html`<p class="time"><a href=${post.url} rel=${EXTERNAL_REL}><time datetime=${datetime} title=${full}>${relative}</time><span class="visually-hidden">${v.t.postedAt(full)}</span></a>${via}</p>`
      : html`<p class="time"><time datetime=${datetime} title=${full}>${relative}</time><span class="visually-hidden">${v.t.postedAt(full)}</span>${via}</p>`;
  }
}
