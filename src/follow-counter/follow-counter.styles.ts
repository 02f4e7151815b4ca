import {css} from 'lit';

export const followCounterStyles = css`
  .counter {
    display: grid;
    gap: calc(0.5 * var(--_rem));
    justify-items: start;
    padding: var(--_rem) calc(1.5 * var(--_rem));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }

  :host([layout='compact']) .counter {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(0.25 * var(--_rem)) var(--_rem);
    padding: 0;
    border: 0;
  }

  .title {
    margin: 0;
    font-size: calc(1.25 * var(--_rem));
    line-height: 1.3;
    font-weight: 600;
  }

  .count {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 calc(0.5 * var(--_rem));
    margin: 0;
  }

  .number {
    font-size: calc(3 * var(--_rem));
    line-height: 1.1;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }

  :host([layout='compact']) .number {
    font-size: calc(1.5 * var(--_rem));
  }

  .label {
    font-size: calc(1.1875 * var(--_rem));
  }

  .growth,
  .milestone,
  .goal-text,
  [part='not-updated'] {
    margin: 0;
  }

  .growth {
    font-weight: 600;
  }

  .growth--rising {
    color: var(--_success);
  }

  .milestone {
    padding-inline-start: calc(0.5 * var(--_rem));
    border-inline-start: 4px solid var(--_success);
    font-weight: 600;
  }

  .sparkline {
    display: block;
    inline-size: min(100%, calc(16 * var(--_rem)));
    block-size: calc(3 * var(--_rem));
    overflow: visible;
    color: var(--_brand);
  }

  .goal {
    display: grid;
    gap: calc(0.25 * var(--_rem));
    inline-size: min(100%, calc(24 * var(--_rem)));
  }

  :host([layout='compact']) .goal {
    inline-size: min(100%, calc(12 * var(--_rem)));
  }

  .track {
    border: 1px solid var(--_border);
    border-radius: calc(0.375 * var(--_rem));
    background: var(--_surface);
    overflow: hidden;
  }

  /* An SVG rather than a style attribute, which a strict CSP blocks; currentColor keeps it visible in forced colours. */
  .bar {
    display: block;
    inline-size: 100%;
    block-size: calc(0.75 * var(--_rem));
    color: var(--_brand);
  }

  .follow {
    display: inline-flex;
    align-items: center;
    min-block-size: 44px;
    font-weight: 600;
  }

  .breakdown {
    display: grid;
    gap: calc(0.25 * var(--_rem));
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .breakdown li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 calc(0.75 * var(--_rem));
  }

  .not-counted,
  .stale-count,
  .stale-total {
    color: var(--_secondary);
  }

  .stale-total {
    margin: 0;
  }

  /* "2,314 on X · 1,102 on Facebook": one line that wraps between items. */
  .breakdown--line {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(0.5 * var(--_rem));
  }

  .breakdown--line li {
    gap: calc(0.5 * var(--_rem));
  }

  .breakdown--line .account-link {
    display: inline-block;
    padding-block: calc(0.125 * var(--_rem));
  }

  @media (forced-colors: active) {
    .counter {
      border: 1px solid CanvasText;
    }
    .track {
      border-color: CanvasText;
    }
    .sparkline,
    .bar {
      color: CanvasText;
    }
  }
`;
