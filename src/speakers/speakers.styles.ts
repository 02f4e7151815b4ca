import {css, unsafeCSS} from 'lit';
import {AVATAR_COLOURS} from './avatar.js';

// One class per avatar colour (no inline styles, so a strict CSP is no obstacle).
const avatarColours = unsafeCSS(AVATAR_COLOURS.map((colour, i) => `.avatar--${i} { background-color: ${colour}; }`).join('\n'));

// Cards beyond the first dozen are not laid out until they come near the
// viewport, so a long programme renders fast. The first dozen always are:
// they fill the first screen in every layout, so anything measuring what is
// in view (a screen magnifier, an accessibility checker) sees real boxes.
// (A string because lit-analyzer's CSS data predates these properties.)
const skipCardsOutOfView = unsafeCSS(`
  .card:nth-child(n + 13) { content-visibility: auto; contain-intrinsic-size: auto calc(24 * var(--_rem)); }
  .cards--compact .card:nth-child(n + 13) { contain-intrinsic-size: auto calc(4 * var(--_rem)); }
`);

/**
 * Layouts: `grid` has as many columns as the container's width allows (not
 * the viewport's); `list` puts the photo beside the text, wrapping below it
 * when the container is narrow; `compact` is a small avatar beside the name
 * and role. The avatar's transparent border shows as a ring in forced-colours
 * mode, where backgrounds are dropped. (Comments live out here: CSS text ships
 * in the bundle as written.)
 */
export const speakersStyles = css`
  .cards {
    display: grid;
    gap: var(--_rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .cards--grid {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, calc(16 * var(--_rem))), 1fr));
  }

  .cards--list {
    grid-template-columns: minmax(0, 1fr);
  }

  .cards--compact {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, calc(14 * var(--_rem))), 1fr));
    gap: calc(0.5 * var(--_rem)) var(--_rem);
  }

  .card {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(0.75 * var(--_rem));
    min-inline-size: 0;
    padding: var(--_rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    overflow-wrap: anywhere;
    scroll-margin-block: var(--_rem);
  }

  ${skipCardsOutOfView}

  .card__body {
    display: flex;
    flex-direction: column;
    gap: calc(0.5 * var(--_rem));
    min-inline-size: 0;
    inline-size: 100%;
  }

  .photo,
  .avatar {
    flex: none;
    inline-size: calc(6 * var(--_rem));
    block-size: calc(6 * var(--_rem));
    border-radius: 50%;
  }

  .photo {
    object-fit: cover;
    background: var(--_surface);
  }

  .avatar {
    display: grid;
    place-items: center;
    border: 2px solid transparent;
    color: #ffffff;
    font-size: calc(2 * var(--_rem));
    font-weight: 600;
    line-height: 1;
    user-select: none;
  }

  ${avatarColours}

  .name {
    margin: 0;
    font-size: calc(1.1875 * var(--_rem));
    font-weight: 600;
    line-height: 1.3;
  }

  .featured {
    order: -1;
    inline-size: fit-content;
    margin: 0;
    padding: 0 calc(0.5 * var(--_rem));
    border: 1px solid var(--_brand);
    border-radius: var(--_radius);
    color: var(--_brand);
    font-size: calc(0.875 * var(--_rem));
    font-weight: 600;
  }

  .affiliation {
    margin: 0;
  }

  .role {
    display: block;
  }

  .organisation {
    display: block;
    color: var(--_secondary);
  }

  .bio p {
    margin: 0 0 calc(0.5 * var(--_rem));
  }

  .bio p:last-child {
    margin-block-end: 0;
  }

  .read-more {
    align-self: flex-start;
    min-block-size: 44px;
    margin-block: -0.5rem 0;
    padding: calc(0.5 * var(--_rem)) 0;
    border: 0;
    background: none;
    color: var(--_brand);
    text-decoration: underline;
    text-underline-offset: 0.15em;
    cursor: pointer;
  }

  .read-more:hover {
    color: var(--_brand-dark);
    text-decoration-thickness: 3px;
  }

  .read-more:focus-visible {
    background: var(--_focus);
    color: var(--_focus-text);
    text-decoration: none;
  }

  .links {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .links a {
    display: inline-block;
    padding-block: calc(0.25 * var(--_rem));
  }

  .sessions__label {
    margin: 0 0 calc(0.25 * var(--_rem));
    font-weight: 600;
  }

  .sessions ul {
    display: grid;
    gap: calc(0.5 * var(--_rem));
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .session__when {
    display: block;
    color: var(--_secondary);
    font-size: calc(0.875 * var(--_rem));
  }

  .session__status {
    font-weight: 600;
  }

  .cards--list .card {
    flex-flow: row wrap;
    gap: var(--_rem) calc(1.5 * var(--_rem));
  }

  .cards--list .card__body {
    flex: 1 1 calc(18 * var(--_rem));
    inline-size: auto;
  }

  .cards--compact .card {
    flex-direction: row;
    align-items: center;
    padding: calc(0.5 * var(--_rem));
  }

  .cards--compact .photo,
  .cards--compact .avatar {
    inline-size: calc(3 * var(--_rem));
    block-size: calc(3 * var(--_rem));
    font-size: calc(1.125 * var(--_rem));
  }

  .cards--compact .card__body {
    gap: 0;
  }

  .cards--compact .name {
    font-size: var(--_rem);
  }

  .cards--compact .affiliation {
    font-size: calc(0.875 * var(--_rem));
  }

  @media (forced-colors: active) {
    .avatar {
      border-color: CanvasText;
      color: CanvasText;
    }
    .card,
    .featured {
      border: 1px solid CanvasText;
    }
  }

  @media print {
    .card {
      break-inside: avoid;
    }
    .read-more {
      display: none;
    }
  }
`;
