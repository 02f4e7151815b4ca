import {html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {property, state} from 'lit/decorators.js';
import {repeat} from 'lit/directives/repeat.js';
import {TrustElement} from '../shared/element.js';
import {toggled} from '../shared/toggled.js';
import {DataController} from '../shared/data-controller.js';
import {baseStyles} from '../shared/styles.js';
import {heading, clampLevel} from '../shared/heading.js';
import {renderText, EXTERNAL_REL} from '../shared/text.js';
import {anchorFromHash, anchorHref} from '../shared/anchor.js';
import {timeZoneOr} from '../shared/time.js';
import {eventFormats} from '../event/formats.js';
import type {EventData} from '../event/model.js';
import {parseIds, speakerCards, type SpeakerCard, type SpeakerSort} from './speaker-cards.js';
import {speakersStrings, type SpeakersStrings} from './strings.js';
import {speakersStyles} from './speakers.styles.js';

export type SpeakersLayout = 'grid' | 'list' | 'compact';
export type {SpeakerSort, SpeakersStrings};


/**
 * Speaker cards from the same sources as `<trust-schedule>`: photo (or an
 * initials avatar), name, role and organisation, a bio with "Read more",
 * profile links and the speaker's sessions, linked to the schedule when one
 * is on the page. Each card has the id `speaker-<id>`: a link to
 * `#speaker-<id>` scrolls to the card and focuses the speaker's name.
 *
 * @summary Speaker cards for an event: grid, list or compact.
 *
 * @fires trust-load - After each successful load or refresh; `detail.count` is the number of speakers.
 * @fires trust-error - When the data could not be loaded or read; older data stays on screen.
 *
 * @csspart list - The list of cards.
 * @csspart card - One speaker's card.
 * @csspart photo - The speaker's photo.
 * @csspart avatar - The initials shown when there is no photo (or `no-photos` is set).
 * @csspart name - The speaker's name (a heading at `heading-level`).
 * @csspart featured - The "Featured speaker" tag.
 * @csspart affiliation - Role and organisation (or the source's tagline).
 * @csspart bio - The biography.
 * @csspart read-more - The "Read more" / "Show less" button.
 * @csspart links - The speaker's profile links.
 * @csspart sessions - The speaker's sessions.
 * @csspart message - The loading, empty and error messages.
 * @csspart retry-button - The "Try again" button after an error.
 * @csspart stale-notice - The notice shown when a refresh failed and older data is on screen.
 */
export class TrustSpeakers extends TrustElement<SpeakersStrings> {
  static override styles = [baseStyles, speakersStyles];

  /** How the cards are laid out: `grid` (columns from the width available), `list`, or `compact` (avatars and names). */
  @property({reflect: true}) layout: SpeakersLayout = 'grid';

  /** Order after featured speakers: `source` (the source's own order) or `name`. */
  @property() sort: SpeakerSort = 'source';

  /** Only these speakers: their ids, separated by spaces or commas. */
  @property() speakers?: string;

  /** Only the speakers of this session (its id). */
  @property() session?: string;

  /** Loads no photo at all (no request to any image host): initials only. */
  @property({type: Boolean, attribute: 'no-photos'}) noPhotos = false;

  /** IANA time zone of the event, used when the source does not name one. Default Europe/London. */
  @property() timezone?: string;

  /** Speakers whose full bio is open. */
  @state() private expanded: ReadonlySet<string> = new Set();

  /** Photo URLs that failed to load: their speakers get initials. */
  @state() private brokenPhotos: ReadonlySet<string> = new Set();

  protected readonly defaultStrings = speakersStrings;

  protected readonly dataController = new DataController<EventData>(this, {
    formats: eventFormats,
    sources: () => (this.src ? [{url: this.src, format: this.format}] : []),
    count: (value) => value.speakers.length,
    context: () => ({timeZone: timeZoneOr(this.timezone), baseUrl: document.baseURI}),
  });

  #cards: SpeakerCard[] = [];
  #cardsKey?: unknown[];
  #linkSessions = false;
  /** A `#speaker-…` hash is waiting for the cards to be rendered. */
  #revealPending = true;

  readonly #onHashChange = (): void => {
    this.#revealPending = true;
    this.#revealFromHash();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const data = this.dataController.value;
    const locale = this.locale;
    const key = [data, locale, this.sort, this.speakers, this.session, this.strings];
    if (data && !sameKey(key, this.#cardsKey)) {
      this.#cardsKey = key;
      this.#cards = speakerCards(data, {
        locale,
        sort: this.sort === 'name' ? 'name' : 'source',
        ids: parseIds(this.speakers),
        session: this.session || undefined,
        strings: this.text,
      });
      this.#linkSessions = this.#scheduleOnPage();
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.#revealPending && this.dataController.value !== undefined) this.#revealFromHash();
  }

  override render(): TemplateResult {
    return html`${this.renderAnnouncer()}${this.renderData(this.dataController, () => this.#renderCards())}`;
  }

  #renderCards(): unknown {
    const t = this.text;
    if (this.#cards.length === 0) {
      return html`<div class="message" part="message empty"><p>${this.session ? t.emptySession : t.empty}</p></div>`;
    }
    const layout = LAYOUTS.has(this.layout) ? this.layout : 'grid';
    return html`<ul class="cards cards--${layout}" part="list" role="list" aria-label=${t.listLabel}>
      ${repeat(this.#cards, (c) => c.id, (c) => this.#renderCard(c, layout === 'compact'))}
    </ul>`;
  }

  // The card templates are written tight (little whitespace between tags):
  // with hundreds of cards, every text node and part counts.

  #renderCard(c: SpeakerCard, compact: boolean): TemplateResult {
    const name = heading(clampLevel(this.headingLevel), c.name, {className: 'name', part: 'name'});
    const featured = c.featured ? html`<p class="featured" part="featured">${this.text.featured}</p>` : nothing;
    // Bio, links and sessions sit in the card's own parts: a wrapper template per card would cost 200 more instances.
    return html`<li class="card" part="card" id=${c.anchor}>${this.#renderPicture(c)}<div class="card__body">${name}${featured}${this.#renderAffiliation(c)}${
      compact ? nothing : this.#renderBio(c)}${compact ? nothing : this.#renderLinks(c)}${compact ? nothing : this.#renderSessions(c)}</div></li>`;
  }

  #renderPicture(c: SpeakerCard): TemplateResult {
    const photo = !this.noPhotos && c.photo && !this.brokenPhotos.has(c.photo) ? c.photo : undefined;
    // The name is right beside the picture, so the picture itself says nothing more (alt="").
    return photo
      ? html`<img class="photo" part="photo" src=${photo} alt="" width="96" height="96" loading="lazy" decoding="async" referrerpolicy="no-referrer" @error=${this.#onPhotoError} />`
      : html`<span class="avatar avatar--${c.tone}" part="avatar" aria-hidden="true">${c.initials}</span>`;
  }

  /** One template whatever the card has: a part left empty is an empty span, which nothing shows or reads. */
  #renderAffiliation(c: SpeakerCard): unknown {
    const role = c.tagline ?? c.role;
    if (!role && !c.organisation) return nothing;
    return html`<p class="affiliation" part="affiliation"><span class="role">${role}</span> <span class="organisation">${c.organisation}</span></p>`;
  }

  #renderBio(c: SpeakerCard): unknown {
    if (!c.bio) return nothing;
    if (!c.excerpt) return html`<div class="bio" part="bio">${renderText(c.bio)}</div>`;
    const t = this.text;
    const open = this.expanded.has(c.id);
    const id = `${c.anchor}-bio`;
    // Collapsed, the excerpt is the bio's only text: no paragraph of its own, one template fewer per card.
    return html`<div class="bio" part="bio" id=${id}>${open ? renderText(c.bio) : c.excerpt}</div><button
        class="read-more"
        part="read-more"
        type="button"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${id}
        data-speaker=${c.id}
        @click=${this.#onReadMore}
      >${open ? t.showLess : t.readMore}<span class="visually-hidden"> ${t.aboutSpeaker(c.name)}</span></button>`;
  }

  #renderLinks(c: SpeakerCard): unknown {
    if (c.links.length === 0) return nothing;
    return html`<ul class="links" part="links" role="list">${c.links.map(
      (l) => html`<li><a href=${l.url} rel=${EXTERNAL_REL} aria-label=${this.text.profileLink(c.name, l.label)}>${l.label}</a></li>`,
    )}</ul>`;
  }

  #renderSessions(c: SpeakerCard): unknown {
    if (c.sessions.length === 0) return nothing;
    const t = this.text;
    const labelId = `${c.anchor}-sessions`;
    const items = c.sessions.map((s) => {
      const title = this.#linkSessions ? html`<a href=${anchorHref(s.anchor)}>${s.title}</a>` : s.title;
      const status = s.status === 'scheduled' ? nothing : html`<span class="session__status">${` (${t.status[s.status]})`}</span>`;
      return s.datetime
        ? html`<li>${title}${status} <time class="session__when" datetime=${s.datetime}>${s.when}</time></li>`
        : html`<li>${title}${status} <span class="session__when">${s.when}</span></li>`;
    });
    return html`<div class="sessions" part="sessions"><p class="sessions__label" id=${labelId}>${t.sessions}</p><ul role="list" aria-labelledby=${labelId}>${items}</ul></div>`;
  }

  readonly #onReadMore = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement).dataset.speaker!;
    this.expanded = toggled(this.expanded, id);
  };

  readonly #onPhotoError = (event: Event): void => {
    const src = (event.currentTarget as HTMLImageElement).getAttribute('src');
    if (src) this.brokenPhotos = new Set(this.brokenPhotos).add(src);
  };

  /** Session titles link to the schedule only when there is one on the page to go to. */
  #scheduleOnPage(): boolean {
    const root = this.getRootNode() as Document | ShadowRoot;
    return !!(document.querySelector('trust-schedule') ?? root.querySelector?.('trust-schedule'));
  }

  /** Scrolls to the card a `#speaker-<id>` hash names, and puts focus on the speaker's name. */
  #revealFromHash(): void {
    const anchor = anchorFromHash(location.hash, 'speaker');
    if (!anchor) {
      this.#revealPending = false;
      return;
    }
    if (this.dataController.value === undefined) return;
    this.#revealPending = false;
    const card = this.shadowRoot?.getElementById(anchor);
    const name = card?.querySelector<HTMLElement>('.name');
    if (!card || !name) return;
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    card.scrollIntoView({block: 'start', behavior: reduce ? 'auto' : 'smooth'});
    name.tabIndex = -1;
    name.focus({preventScroll: true});
  }
}

const LAYOUTS = new Set<string>(['grid', 'list', 'compact']);

function sameKey(a: unknown[], b: unknown[] | undefined): boolean {
  return !!b && a.length === b.length && a.every((v, i) => v === b[i]);
}
