import {LitElement, html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {property, state} from 'lit/decorators.js';
import {VERSION} from './version.js';
import {commonStrings, mergeStrings, type CommonStrings} from './strings.js';
import type {DataController} from './data-controller.js';
import {formatTime, viewerTimeZone} from './time.js';
import {clock} from './clock.js';

/**
 * The language of an element: its own `lang`, else the nearest ancestor's
 * (across shadow roots), else en-GB. A language this browser's Intl cannot
 * format (Chromium ships without Welsh, for one) falls back to en-GB rather
 * than to the browser's default, which is often en-US.
 */
export function effectiveLang(el: Element): string {
  let node: Node | null = el;
  while (node) {
    const lang = node instanceof Element ? node.getAttribute('lang') : null;
    if (lang) return supportedLocale(lang);
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return 'en-GB';
}

const supported = new Map<string, string>();

function supportedLocale(lang: string): string {
  let locale = supported.get(lang);
  if (locale === undefined) {
    try {
      locale = Intl.DateTimeFormat.supportedLocalesOf([lang])[0] ?? 'en-GB';
    } catch {
      locale = 'en-GB'; // not a language tag at all
    }
    supported.set(lang, locale);
  }
  return locale;
}

/**
 * What the four widgets have in common: the data attributes of the public
 * contract, the heading level, the theme, UI strings, and the rendering of
 * the loading, error, empty and stale states. One level of inheritance; the
 * behaviour itself lives in controllers (DataController, LiveAnnouncer).
 */
export abstract class TrustElement<S extends CommonStrings = CommonStrings> extends LitElement {
  static readonly version = VERSION;

  /** URL of the data. */
  @property() src?: string;

  /** Which source format the data is in; sniffed when absent and unambiguous. */
  @property() format?: string;

  /** Seconds between re-fetches; absent or 0 loads once. The minimum is 15. */
  @property({type: Number}) refresh = 0;

  /** Already-parsed data from JavaScript; takes precedence over inline JSON and `src`. */
  @property({attribute: false}) data?: unknown;

  /** Level (1–6) of the widget's top headings, so it fits the host page's outline. */
  @property({attribute: 'heading-level', type: Number}) headingLevel = 2;

  /** Colour scheme: `light` (default), `dark`, or `auto` (follows the reader's setting). */
  @property({reflect: true}) theme?: 'light' | 'dark' | 'auto';

  /** Overrides for any UI text (partial; merged over the British English defaults). */
  @property({attribute: false}) strings?: Partial<S>;

  /** Polite announcements for screen readers, at most one per change. */
  @state() protected announcement = '';

  protected abstract readonly defaultStrings: S;
  protected abstract readonly dataController: DataController<unknown>;

  /** The language used for dates, numbers and plural rules. */
  get locale(): string {
    return effectiveLang(this);
  }

  #merged?: {overrides: Partial<S> | undefined; text: S};

  /**
   * The UI text: defaults with the page's overrides. Merged once per change
   * of `strings`, so it is a stable object that templates and memos can key on.
   */
  protected get text(): S {
    if (!this.#merged || this.#merged.overrides !== this.strings) {
      this.#merged = {overrides: this.strings, text: mergeStrings(this.defaultStrings, this.strings)};
    }
    return this.#merged.text;
  }

  #announceTimer?: number;
  #unwatchClock?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    // A jump of the shared clock (the demo, tests) re-renders anything time-dependent.
    this.#unwatchClock = clock.onChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatchClock?.();
    clock.clearTimeout(this.#announceTimer);
  }

  /** Says something once through the polite live region (cleared later so a repeat is said again). */
  protected announce(message: string): void {
    this.announcement = message;
    clock.clearTimeout(this.#announceTimer);
    this.#announceTimer = clock.setTimeout(() => (this.announcement = ''), 7000);
  }

  #lastStatus?: string;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const status = this.dataController.status;
    if (status !== this.#lastStatus) {
      if (status === 'loading') this.announce(this.text.loading);
      else if (status === 'error') this.announce(this.errorMessage());
      this.#lastStatus = status;
    }
  }

  protected errorMessage(): string {
    const error = this.dataController.error;
    if (!error) return '';
    const t = this.text;
    return t.errors[error.kind] ?? t.errors.http;
  }

  /** The live region every widget renders once. */
  protected renderAnnouncer(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }

  /**
   * Renders the data states shared by all widgets around the widget's own content:
   * loading, error (with Retry), empty, and stale (older data with a discreet notice).
   */
  protected renderData<M>(controller: DataController<M>, content: (value: M) => unknown, empty?: unknown): unknown {
    const t = this.text;
    switch (controller.status) {
      case 'loading':
        return html`<p class="loading" part="loading" aria-hidden="true">${t.loading}</p>`;
      case 'error':
        return html`<div class="message message--error" part="message error">
          <p>${this.errorMessage()}</p>
          ${controller.error?.kind === 'config' ? nothing : html`<button class="button" part="retry-button" type="button" @click=${() => controller.retry()}>${t.retry}</button>`}
        </div>`;
      default: {
        const stale = controller.stale
          ? html`<p class="stale" part="stale-notice">
              <span>${t.stale(formatTime(new Date(controller.updatedAt ?? clock.now()), this.locale, viewerTimeZone()))}</span>
              <button class="button" type="button" @click=${() => controller.retry()}>${t.retry}</button>
            </p>`
          : nothing;
        const body = controller.status === 'empty'
          ? (empty ?? html`<div class="message" part="message empty"><p>${t.empty}</p></div>`)
          : content(controller.value as M);
        return html`${stale}${body}`;
      }
    }
  }
}

export {commonStrings};
