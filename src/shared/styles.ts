import {css} from 'lit';

/**
 * Design tokens and base styles shared by every widget.
 *
 * Each public custom property falls back to the NHS.UK frontend token a host
 * page may define, then to the NHS.UK default, so on an NHS page the widgets
 * match without any setup and a partner re-brands them with --trust-* alone.
 * The font family inherits from the page on purpose; everything else is
 * isolated in the shadow root, and `theme` picks light, dark or the reader's.
 *
 * @cssproperty --trust-brand - Brand colour: links, active tab, progress (default NHS blue #005eb8).
 * @cssproperty --trust-text - Body text colour (#212b32).
 * @cssproperty --trust-secondary-text - Secondary text colour (#4c6272).
 * @cssproperty --trust-background - Background of the widget (#ffffff).
 * @cssproperty --trust-surface - Background of cards and panels (#f0f4f5).
 * @cssproperty --trust-border - Border colour (#d8dde0).
 * @cssproperty --trust-focus - Focus highlight colour (#ffeb3b).
 * @cssproperty --trust-focus-text - Text colour on the focus highlight (#212b32).
 * @cssproperty --trust-error - Error colour (#d5281b).
 * @cssproperty --trust-success - Positive colour: growth, "happening now" (#007f3b).
 * @cssproperty --trust-radius - Corner radius of cards and buttons (4px).
 * @cssproperty --trust-font - Font family (inherits the page's font).
 * @cssproperty --trust-font-size - The size all text and spacing scale from (default: the reader's own font size, at least 16px).
 */
export const baseStyles = css`
  /*
   * Each token reads the public --trust-* property, then (in the light scheme)
   * the NHS.UK frontend token of the page, then the NHS.UK default; the second
   * colour of light-dark() is the dark scheme's, where a light page's NHS
   * tokens would be unreadable.
   */
  :host {
    color-scheme: light;
    --_brand: var(--trust-brand, light-dark(var(--nhsuk-brand-colour, #005eb8), #7cb7ff));
    --_brand-dark: var(--trust-brand-dark, light-dark(var(--nhsuk-dark-blue-colour, #003087), #b5d4ff));
    --_text: var(--trust-text, light-dark(var(--nhsuk-text-colour, #212b32), #f0f4f5));
    --_secondary: var(--trust-secondary-text, light-dark(var(--nhsuk-secondary-text-colour, #4c6272), #c1ccd3));
    --_bg: var(--trust-background, light-dark(var(--nhsuk-white-colour, #ffffff), #1b2329));
    --_surface: var(--trust-surface, light-dark(var(--nhsuk-grey-5-colour, #f0f4f5), #26323b));
    --_border: var(--trust-border, light-dark(var(--nhsuk-border-colour, #d8dde0), #4c6272));
    --_focus: var(--trust-focus, var(--nhsuk-focus-colour, #ffeb3b));
    --_focus-text: var(--trust-focus-text, var(--nhsuk-focus-text-colour, #212b32));
    --_error: var(--trust-error, light-dark(var(--nhsuk-error-colour, #d5281b), #ff8a80));
    --_success: var(--trust-success, light-dark(var(--nhsuk-green-colour, #007f3b), #6fd39a));
    --_radius: var(--trust-radius, 4px);
    --_font: var(--trust-font, inherit);
    /*
     * The unit of every length here. Inside a shadow root rem still means the
     * page's root size, and pages that use the "62.5 %" trick make that 10px:
     * so the reader's own size, but never under 16px, unless a page sets
     * --trust-font-size on purpose.
     */
    --_rem: var(--trust-font-size, max(1rem, 16px));

    display: block;
    box-sizing: border-box;
    container-type: inline-size;
    font-family: var(--_font);
    font-size: var(--_rem);
    line-height: 1.5;
    font-weight: 400;
    text-align: start;
    color: var(--_text);
    background: var(--_bg);
    min-inline-size: 0;
  }

  :host([theme='dark']) {
    color-scheme: dark;
  }

  :host([theme='auto']) {
    color-scheme: light dark;
  }

  :host([hidden]) {
    display: none;
  }

  /*
   * A host page's rules reach into the shadow root only through inheritance
   * from the host element, and a page's universal selector ("* { font-size:
   * 12px; color: red }") does hit the host. So the inherited properties are set
   * again on the shadow root's top-level elements: the page's font family
   * comes through on purpose, nothing else does (the colour scheme is the
   * theme attribute's choice).
   */
  :host > * {
    font-family: var(--_font);
    font-size: var(--_rem);
    font-style: normal;
    font-weight: 400;
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-indent: 0;
    text-transform: none;
    text-shadow: none;
    white-space: normal;
    visibility: visible;
    color: var(--_text);
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  a {
    color: var(--_brand);
    text-decoration: underline;
    text-underline-offset: 0.15em;
    overflow-wrap: anywhere;
  }

  a:hover {
    color: var(--_brand-dark);
    text-decoration-thickness: 3px;
  }

  /* NHS.UK focus: yellow behind black text with a thick black underline. */
  a:focus-visible {
    outline: 4px solid transparent;
    background-color: var(--_focus);
    color: var(--_focus-text);
    box-shadow:
      0 -2px var(--_focus),
      0 4px var(--_focus-text);
    text-decoration: none;
  }

  button,
  input,
  select,
  summary {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
  }

  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  summary:focus-visible,
  [tabindex]:focus-visible {
    outline: 4px solid transparent;
    box-shadow:
      0 0 0 4px var(--_focus),
      0 0 0 8px var(--_focus-text);
  }

  .button {
    display: inline-flex;
    align-items: center;
    gap: calc(0.25 * var(--_rem));
    min-block-size: 44px;
    min-inline-size: 44px;
    padding: calc(0.5 * var(--_rem)) var(--_rem);
    border: 2px solid var(--_brand);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_brand);
    font-weight: 600;
    cursor: pointer;
    text-align: center;
  }

  .button:hover {
    background: var(--_surface);
  }

  .button--primary {
    background: var(--_brand);
    color: var(--_bg);
  }

  .button--primary:hover {
    background: var(--_brand-dark);
  }

  .visually-hidden {
    position: absolute !important;
    inline-size: 1px !important;
    block-size: 1px !important;
    margin: 0 !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    border: 0 !important;
    white-space: nowrap !important;
  }

  .message {
    margin-block: 0 var(--_rem);
    padding: var(--_rem);
    border: 1px solid var(--_border);
    border-inline-start: 8px solid var(--_brand);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .message p {
    margin: 0 0 calc(0.5 * var(--_rem));
  }

  .message p:last-child {
    margin-block-end: 0;
  }

  .message--error {
    border-inline-start-color: var(--_error);
  }

  .stale {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(0.5 * var(--_rem));
    margin-block: 0 var(--_rem);
    font-size: calc(0.875 * var(--_rem));
    color: var(--_secondary);
  }

  .stale .button {
    min-block-size: 32px;
    padding: calc(0.125 * var(--_rem)) calc(0.5 * var(--_rem));
    font-size: calc(0.875 * var(--_rem));
  }

  .loading {
    color: var(--_secondary);
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      animation-iteration-count: 1 !important;
      transition-duration: 0.01ms !important;
      scroll-behavior: auto !important;
    }
  }

  @media (forced-colors: active) {
    /* The reader's palette rules: a dark theme must not give the widget the dark
       scheme's system colours (light text) over the page's light Canvas. */
    :host,
    :host([theme]) {
      color-scheme: inherit;
    }
    .button,
    .message {
      border: 2px solid ButtonText;
    }
    a:focus-visible,
    button:focus-visible,
    input:focus-visible,
    select:focus-visible,
    [tabindex]:focus-visible {
      outline: 3px solid Highlight;
      outline-offset: 2px;
    }
  }

  @media print {
    .button,
    .stale {
      display: none !important;
    }
    /* Cards skipped while off-screen (content-visibility: auto) must still print. */
    * {
      content-visibility: visible !important;
    }
  }
`;
