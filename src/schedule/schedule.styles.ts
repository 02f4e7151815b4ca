import {css} from 'lit';

/**
 * <trust-schedule>'s own styles, on top of baseStyles. The grid is a layout of
 * the same markup as the list (a time-ordered list of sessions under their
 * start times), so it reads the same to a screen reader, and it applies only
 * when the widget's own container is at least calc(40 * var(--_rem)) wide: in a sidebar or on
 * a phone the grid view is the list.
 */
export const scheduleStyles = css`
  :host {
    --_grid-column: var(--trust-schedule-grid-column, calc(11 * var(--_rem)));
    --_grid-height: var(--trust-schedule-grid-height, 80vh);
    --_service-bg: var(--trust-schedule-service-background, var(--_surface));
  }

  /* Third-party names can be one long word (a URL, a room code): they wrap rather than overflow. */
  .schedule {
    overflow-wrap: anywhere;
  }

  .schedule > * + * {
    margin-block-start: var(--_rem);
  }

  .button {
    max-inline-size: 100%;
    white-space: normal;
  }

  .button--small {
    min-block-size: 40px;
    padding: calc(0.25 * var(--_rem)) calc(0.75 * var(--_rem));
    font-size: calc(0.875 * var(--_rem));
  }

  .icon {
    inline-size: 1.25em;
    block-size: 1.25em;
    flex: none;
  }

  /* Zone note, zone switch and view switch */
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(0.5 * var(--_rem)) var(--_rem);
  }

  .zone-note {
    margin: 0;
    font-weight: 600;
  }

  .check {
    display: inline-flex;
    align-items: center;
    gap: calc(0.5 * var(--_rem));
    min-block-size: 44px;
    cursor: pointer;
  }

  .check input {
    flex: none;
    inline-size: calc(1.5 * var(--_rem));
    block-size: calc(1.5 * var(--_rem));
    margin: 0;
    accent-color: var(--_brand);
  }

  .view-switch {
    display: none;
    gap: calc(0.25 * var(--_rem));
  }

  .view-switch .button[aria-pressed='true'] {
    background: var(--_brand);
    color: var(--_bg);
  }

  /* Search and filters */
  .filters {
    display: grid;
    gap: calc(0.75 * var(--_rem));
  }

  .filters__row,
  .filters__fields {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: calc(0.75 * var(--_rem)) var(--_rem);
  }

  .filters__fields[hidden] {
    display: none;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: calc(0.25 * var(--_rem));
    flex: 1 1 calc(10 * var(--_rem));
    min-inline-size: 0;
  }

  .field--search {
    flex: 3 1 calc(14 * var(--_rem));
  }

  .field label {
    font-weight: 600;
  }

  .hint {
    color: var(--_secondary);
    font-size: calc(0.875 * var(--_rem));
  }

  input[type='search'],
  select {
    inline-size: 100%;
    min-block-size: 44px;
    padding: calc(0.25 * var(--_rem)) calc(0.5 * var(--_rem));
    border: 2px solid var(--_text);
    border-radius: 0;
    background: var(--_bg);
    color: var(--_text);
  }

  .result-count {
    margin: 0;
    font-weight: 600;
  }

  .filters__result {
    align-items: center;
  }

  /* Day tabs */
  .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.25 * var(--_rem));
    border-block-end: 1px solid var(--_border);
  }

  .tab {
    min-block-size: 44px;
    margin-block-end: -1px;
    padding: calc(0.5 * var(--_rem)) calc(0.75 * var(--_rem));
    border: 1px solid var(--_border);
    border-radius: var(--_radius) var(--_radius) 0 0;
    background: var(--_surface);
    color: var(--_brand);
    font-weight: 600;
    cursor: pointer;
  }

  .tab:hover {
    text-decoration: underline;
  }

  .tab[aria-selected='true'] {
    border-block-end-color: var(--_bg);
    background: var(--_bg);
    color: var(--_text);
    box-shadow: inset 0 4px var(--_brand);
  }

  .tab__count {
    font-weight: 400;
  }

  /* Days, times, sessions */
  .day__heading {
    margin-block: var(--_rem) calc(0.5 * var(--_rem));
    font-size: calc(1.375 * var(--_rem));
    line-height: 1.3;
  }

  .slot__heading {
    margin-block: var(--_rem) calc(0.5 * var(--_rem));
    font-size: calc(1.125 * var(--_rem));
  }

  /* A long list: the browser lays out only the time groups near the screen. */
  .day__body:not(.day__body--grid) .slot {
    content-visibility: auto;
    contain-intrinsic-size: auto calc(12 * var(--_rem));
  }

  .sessions {
    display: grid;
    gap: calc(0.75 * var(--_rem));
    margin: 0;
    padding: 0;
    list-style: none;
  }

  /* Positioned, so that visually hidden text inside stays inside the grid's scroller. */
  .day__scroller,
  .session {
    position: relative;
  }

  .session {
    min-inline-size: 0;
    padding: calc(0.75 * var(--_rem)) var(--_rem);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_brand);
    border-radius: var(--_radius);
    background: var(--_bg);
    overflow-wrap: anywhere;
  }

  .session:focus {
    outline: 4px solid transparent;
    box-shadow:
      0 0 0 4px var(--_focus),
      0 0 0 8px var(--_focus-text);
  }

  .session > * {
    margin-block: 0;
  }

  .session > * + * {
    margin-block-start: calc(0.25 * var(--_rem));
  }

  .session__title {
    font-size: calc(1.1875 * var(--_rem));
    line-height: 1.3;
  }

  .session__when {
    color: var(--_secondary);
    font-weight: 600;
  }

  .session__tags {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.25 * var(--_rem)) calc(0.5 * var(--_rem));
    font-size: calc(0.875 * var(--_rem));
    color: var(--_secondary);
  }

  .tag {
    padding-inline: calc(0.375 * var(--_rem));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .session__badges {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.25 * var(--_rem)) calc(0.5 * var(--_rem));
  }

  .badge {
    padding: 0 calc(0.5 * var(--_rem));
    border: 2px solid currentColor;
    border-radius: var(--_radius);
    font-size: calc(0.875 * var(--_rem));
    font-weight: 600;
  }

  .badge--cancelled {
    color: var(--_error);
  }

  .badge--now {
    color: var(--_success);
  }

  .session--cancelled .session__title {
    text-decoration: line-through;
    text-decoration-thickness: 2px;
    color: var(--_secondary);
  }

  .session--now {
    border-inline-start-color: var(--_success);
  }

  .session--service {
    border-inline-start-color: var(--_border);
    background: var(--_service-bg);
    padding-block: calc(0.5 * var(--_rem));
  }

  .session--service .session__title {
    font-size: var(--_rem);
  }

  .session__actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.5 * var(--_rem));
    padding-block-start: calc(0.25 * var(--_rem));
  }

  .star[aria-pressed='true'] {
    background: var(--_brand);
    color: var(--_bg);
  }

  .session__details {
    padding-block-start: calc(0.5 * var(--_rem));
    border-block-start: 1px solid var(--_border);
  }

  .session__details[hidden] {
    display: none;
  }

  .session__details p {
    margin-block: 0 calc(0.75 * var(--_rem));
  }

  .facts {
    display: grid;
    grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
    gap: calc(0.25 * var(--_rem)) var(--_rem);
    margin: 0 0 calc(0.75 * var(--_rem));
  }

  .facts div {
    display: contents;
  }

  .facts dt {
    font-weight: 600;
  }

  .facts dd {
    margin: 0;
  }

  .speakers,
  .links {
    margin: 0 0 calc(0.75 * var(--_rem));
    padding-inline-start: calc(1.25 * var(--_rem));
  }

  /* Happening now, up next, change notice */
  .now-next {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_rem) calc(2 * var(--_rem));
    padding: var(--_rem);
    border: 1px solid var(--_border);
    border-inline-start: 8px solid var(--_success);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .now-next__part {
    flex: 1 1 calc(14 * var(--_rem));
    min-inline-size: 0;
  }

  .now-next :is(h1, h2, h3, h4, h5, h6) {
    margin: 0 0 calc(0.5 * var(--_rem));
    font-size: calc(1.1875 * var(--_rem));
  }

  .now-next ul,
  .notice ul {
    display: grid;
    gap: calc(0.25 * var(--_rem));
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .notice {
    display: grid;
    gap: calc(0.5 * var(--_rem));
    justify-items: start;
    padding: var(--_rem);
    border: 1px solid var(--_border);
    border-inline-start: 8px solid var(--_brand);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .notice__heading {
    margin: 0;
    font-weight: 600;
  }

  /* The grid: only where there is room for it. */
  .grid-header {
    display: none;
  }

  @container (min-width: 40rem) {
    .view-switch {
      display: inline-flex;
    }

    /* In a wide list, a session's buttons sit to the right of its text. */
    .day__body:not(.day__body--grid) .session {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      column-gap: var(--_rem);
      align-items: start;
    }

    .day__body:not(.day__body--grid) .session > * {
      grid-column: 1;
    }

    .day__body:not(.day__body--grid) .session > .session__actions {
      grid-column: 2;
      grid-row: 1 / span 5;
      margin: 0;
      padding: 0;
    }

    .day__body:not(.day__body--grid) .session > .session__details {
      grid-column: 1 / -1;
    }

    .day__scroller:has(> .day__body--grid) {
      overflow: auto;
      max-block-size: var(--_grid-height);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }

    .day__body--grid {
      display: grid;
      grid-template-columns: calc(4.5 * var(--_rem)) repeat(var(--columns), minmax(var(--_grid-column), 1fr));
      grid-auto-rows: minmax(calc(2.5 * var(--_rem)), auto);
      gap: calc(0.25 * var(--_rem));
      min-inline-size: min-content;
      padding-inline-end: calc(0.25 * var(--_rem));
    }

    .day__body--grid :is(.slot, .sessions, .grid-header) {
      display: contents;
    }

    .day__body--grid .slot__time {
      grid-row: var(--row);
      grid-column: 1;
      position: sticky;
      inset-inline-start: 0;
      z-index: 1;
      padding-inline: calc(0.5 * var(--_rem));
      background: var(--_bg);
    }

    .day__body--grid .slot__heading {
      margin: 0;
      font-size: var(--_rem);
    }

    .day__body--grid .session {
      grid-row: var(--row) / var(--row-end);
      grid-column: var(--col) / var(--col-end);
      padding: calc(0.5 * var(--_rem)) calc(0.75 * var(--_rem));
    }

    .day__body--grid .session__title {
      font-size: var(--_rem);
    }

    /* In a grid cell the star is enough, and the column names the room; both are still read out. */
    .day__body--grid .star__label,
    .day__body--grid .session:not(.session--plenary, .session--service) .session__place {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }

    .grid-header__cell {
      grid-row: 1;
      grid-column: var(--col) / var(--col-end);
      position: sticky;
      inset-block-start: 0;
      z-index: 2;
      padding: calc(0.5 * var(--_rem)) calc(0.75 * var(--_rem));
      border-block-end: 2px solid var(--_border);
      background: var(--_surface);
      font-weight: 600;
    }

    .grid-header__corner {
      grid-row: 1;
      grid-column: 1;
      position: sticky;
      inset-block-start: 0;
      inset-inline-start: 0;
      z-index: 3;
      background: var(--_surface);
    }
  }

  @media (forced-colors: active) {
    .tab[aria-selected='true'] {
      text-decoration: underline;
      text-decoration-thickness: 3px;
      border: 2px solid Highlight;
    }
    .star[aria-pressed='true'],
    .view-switch .button[aria-pressed='true'] {
      border: 3px double ButtonText;
    }
    .session:focus {
      outline: 3px solid Highlight;
    }
  }

  @media print {
    .toolbar .check,
    .view-switch,
    .filters,
    .tabs,
    .now-next,
    .notice,
    .session__actions,
    .grid-header {
      display: none !important;
    }
    .session {
      break-inside: avoid;
      border: 1px solid #000;
      background: none;
    }
    .day__scroller {
      overflow: visible !important;
      max-block-size: none !important;
    }
    .slot {
      content-visibility: visible !important;
    }
  }
`;
