import {css} from 'lit';

export const followCounterStyles = css`
  .counter {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
    padding: 1rem 1.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }

  :host([layout='compact']) .counter {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 1rem;
    padding: 0;
    border: 0;
  }

  .title {
    margin: 0;
    font-size: 1.25rem;
    line-height: 1.3;
    font-weight: 600;
  }

  .count {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.5rem;
    margin: 0;
  }

  .number {
    font-size: 3rem;
    line-height: 1.1;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }

  :host([layout='compact']) .number {
    font-size: 1.5rem;
  }

  .label {
    font-size: 1.1875rem;
  }

  .growth,
  .milestone,
  .goal-text {
    margin: 0;
  }

  .growth {
    font-weight: 600;
  }

  .growth--rising {
    color: var(--_success);
  }

  .milestone {
    padding-inline-start: 0.5rem;
    border-inline-start: 4px solid var(--_success);
    font-weight: 600;
  }

  .sparkline {
    display: block;
    inline-size: min(100%, 16rem);
    block-size: 3rem;
    overflow: visible;
    color: var(--_brand);
  }

  .goal {
    display: grid;
    gap: 0.25rem;
    inline-size: min(100%, 24rem);
  }

  :host([layout='compact']) .goal {
    inline-size: min(100%, 12rem);
  }

  .track {
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
    background: var(--_surface);
    overflow: hidden;
  }

  /* An SVG rather than a style attribute, which a strict CSP blocks; currentColor keeps it visible in forced colours. */
  .bar {
    display: block;
    inline-size: 100%;
    block-size: 0.75rem;
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
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .breakdown li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 0.75rem;
  }

  .not-counted {
    color: var(--_secondary);
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
