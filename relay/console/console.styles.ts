import {css} from 'lit';

/**
 * The console's own layout, over the widgets' base styles (tokens, buttons,
 * focus) and the feed's post styles, so a post looks as it does to readers.
 * Everything wraps: at 320 px and at 200 % zoom nothing scrolls sideways.
 */
export const consoleStyles = css`
  :host {
    max-inline-size: 60rem;
    margin-inline: auto;
    padding: var(--_rem);
  }

  h1,
  h2 {
    margin-block: 0 calc(0.5 * var(--_rem));
    line-height: 1.3;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  h1 {
    font-size: calc(1.75 * var(--_rem));
  }

  h2 {
    font-size: calc(1.375 * var(--_rem));
  }

  h2:focus {
    outline: 4px solid transparent;
    box-shadow:
      0 0 0 4px var(--_focus),
      0 0 0 8px var(--_focus-text);
  }

  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: calc(0.5 * var(--_rem)) var(--_rem);
    margin-block-end: var(--_rem);
  }

  .who {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(0.5 * var(--_rem));
    margin: 0;
    color: var(--_secondary);
  }

  .who form {
    margin: 0;
  }

  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_rem);
    margin-block-end: var(--_rem);
  }

  .field {
    display: grid;
    gap: calc(0.25 * var(--_rem));
    min-inline-size: 0;
  }

  .field label {
    font-weight: 600;
  }

  .search {
    flex: 1 1 calc(16 * var(--_rem));
    min-inline-size: 0;
  }

  .search form {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.5 * var(--_rem));
    margin: 0;
  }

  .search input {
    flex: 1 1 calc(10 * var(--_rem));
    min-inline-size: 0;
  }

  input,
  select {
    min-block-size: 44px;
    padding: calc(0.25 * var(--_rem)) calc(0.5 * var(--_rem));
    border: 2px solid var(--_text);
    border-radius: 0;
    background: var(--_bg);
    max-inline-size: 100%;
  }

  .keys {
    margin-block: 0 var(--_rem);
    font-size: calc(0.875 * var(--_rem));
    color: var(--_secondary);
  }

  .keys .button {
    min-block-size: 32px;
    padding: calc(0.125 * var(--_rem)) calc(0.5 * var(--_rem));
    font-size: calc(0.875 * var(--_rem));
    vertical-align: baseline;
  }

  kbd {
    display: inline-block;
    min-inline-size: 1.5em;
    padding-inline: 0.25em;
    border: 1px solid var(--_border);
    border-block-end-width: 2px;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-family: ui-monospace, monospace;
    text-align: center;
  }

  .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.25 * var(--_rem));
    margin-block-end: var(--_rem);
    border-block-end: 1px solid var(--_border);
  }

  .tab {
    display: inline-flex;
    align-items: center;
    gap: calc(0.5 * var(--_rem));
    min-block-size: 44px;
    padding: calc(0.5 * var(--_rem)) var(--_rem);
    border: 1px solid transparent;
    border-block-end: 4px solid transparent;
    background: none;
    color: var(--_brand);
    font-weight: 600;
    cursor: pointer;
  }

  .tab[aria-selected='true'] {
    border-color: var(--_border);
    border-block-end-color: var(--_brand);
    background: var(--_bg);
    color: var(--_text);
  }

  .count {
    display: inline-block;
    min-inline-size: 1.75em;
    padding-inline: 0.4em;
    border-radius: 1em;
    background: var(--_surface);
    color: var(--_text);
    font-variant-numeric: tabular-nums;
    text-align: center;
  }

  .note,
  .matches {
    margin-block: 0 var(--_rem);
    color: var(--_secondary);
  }

  .matches {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(0.5 * var(--_rem));
  }

  .items,
  .entries {
    display: grid;
    gap: var(--_rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .items > li,
  .entries > li {
    min-inline-size: 0;
  }

  .item {
    /* The console shows fewer posts than a wall and moves focus among them: lay them all out. */
    content-visibility: visible;
    display: grid;
    gap: calc(0.5 * var(--_rem));
  }

  /* What focus scrolls to stays clear of the status line stuck to the bottom (focus never hidden under it). */
  .item,
  .item a,
  .item button {
    scroll-margin-block: var(--_rem) calc(6 * var(--_rem));
  }

  .item--current {
    border-inline-start: 6px solid var(--_brand);
  }

  .item .time {
    margin: 0;
  }

  .pictures p,
  .pictures ul {
    margin: 0;
  }

  .pictures ul {
    padding-inline-start: calc(1.25 * var(--_rem));
  }

  .pictures[hidden] {
    display: none;
  }

  .verdict {
    display: grid;
    gap: calc(0.25 * var(--_rem));
    padding-block-start: calc(0.5 * var(--_rem));
    border-block-start: 1px solid var(--_border);
  }

  .verdict p {
    margin: 0;
  }

  .state {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.25 * var(--_rem));
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .badge {
    display: inline-block;
    padding-inline: calc(0.5 * var(--_rem));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font-size: calc(0.875 * var(--_rem));
  }

  .badge--public {
    border-color: var(--_success);
    color: var(--_success);
  }

  .badge--blocked {
    border-color: var(--_error);
    color: var(--_error);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.5 * var(--_rem));
  }

  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.8;
  }

  .unreadable {
    color: var(--_error);
  }

  .more-items {
    margin-block-start: var(--_rem);
  }

  .status-bar {
    position: sticky;
    inset-block-end: 0;
    z-index: 1;
    margin-block-start: var(--_rem);
  }

  .status {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(0.5 * var(--_rem)) var(--_rem);
    padding: calc(0.5 * var(--_rem)) var(--_rem);
    border: 2px solid var(--_text);
    border-radius: var(--_radius);
    background: var(--_bg);
  }

  /* Empty but still rendered: a live region must be in the page before its words arrive. */
  .status:empty {
    padding: 0;
    border: 0;
  }

  .status p {
    margin: 0;
  }

  .status--error {
    border-inline-start: 8px solid var(--_error);
  }

  .notice {
    margin-block: 0 var(--_rem);
    padding: calc(0.5 * var(--_rem)) var(--_rem);
    border-inline-start: 8px solid var(--_brand);
    background: var(--_surface);
  }

  .entry {
    padding: calc(0.75 * var(--_rem));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }

  .entry p {
    margin: 0;
  }

  .entry__post,
  .entry__reason {
    color: var(--_secondary);
  }

  .entry--undone .entry__head {
    text-decoration: line-through;
  }

  dialog {
    max-inline-size: min(36rem, calc(100vw - 2 * var(--_rem)));
    padding: calc(1.5 * var(--_rem));
    border: 2px solid var(--_text);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 50%);
  }

  dialog dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(0.5 * var(--_rem)) var(--_rem);
    margin-block: 0 var(--_rem);
  }

  dialog dd {
    margin: 0;
  }

  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.5 * var(--_rem));
  }

  .button--danger {
    border-color: var(--_error);
    background: var(--_error);
    color: var(--_bg);
  }

  @media (forced-colors: active) {
    .tab[aria-selected='true'] {
      border-block-end-color: Highlight;
    }
    /* What focus scrolls to stays clear of the status line stuck to the bottom (focus never hidden under it). */
  .item,
  .item a,
  .item button {
    scroll-margin-block: var(--_rem) calc(6 * var(--_rem));
  }

  .item--current {
      border-inline-start-color: Highlight;
    }
    .status,
    .notice,
    .badge,
    .entry,
    dialog {
      border: 2px solid CanvasText;
    }
    h2:focus {
      outline: 3px solid Highlight;
    }
  }
`;
