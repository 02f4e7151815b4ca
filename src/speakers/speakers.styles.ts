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
  .card:nth-child(n + 13) { content-visibility: auto; contain-intrinsic-size: auto 24rem; }
  .cards--compact .card:nth-child(n + 13) { contain-intrinsic-size: auto 4rem; }
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
    gap: 1rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .cards--grid {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 16rem), 1fr));
  }

  .cards--list {
    grid-template-columns: minmax(0, 1fr);
  }

  .cards--compact {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
    gap: 0.5rem 1rem;
  }

  .card {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.75rem;
    min-inline-size: 0;
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    overflow-wrap: anywhere;
    scroll-margin-block: 1rem;
  }

  ${skipCardsOutOfView}

  .card__body {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    min-inline-size: 0;
    inline-size: 100%;
  }

  .photo,
  .avatar {
    flex: none;
    inline-size: 6rem;
    block-size: 6rem;
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
    font-size: 2rem;
    font-weight: 600;
    line-height: 1;
    user-select: none;
  }

  ${avatarColours}

  .name {
    margin: 0;
    font-size: 1.1875rem;
    font-weight: 600;
    line-height: 1.3;
  }

  .featured {
    order: -1;
    inline-size: fit-content;
    margin: 0;
    padding: 0 0.5rem;
    border: 1px solid var(--_brand);
    border-radius: var(--_radius);
    color: var(--_brand);
    font-size: 0.875rem;
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
    margin: 0 0 0.5rem;
  }

  .bio p:last-child {
    margin-block-end: 0;
  }

  .read-more {
    align-self: flex-start;
    min-block-size: 44px;
    margin-block: -0.5rem 0;
    padding: 0.5rem 0;
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
    gap: 0 1rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .links a {
    display: inline-block;
    padding-block: 0.25rem;
  }

  .sessions__label {
    margin: 0 0 0.25rem;
    font-weight: 600;
  }

  .sessions ul {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .session__when {
    display: block;
    color: var(--_secondary);
    font-size: 0.875rem;
  }

  .session__status {
    font-weight: 600;
  }

  .cards--list .card {
    flex-flow: row wrap;
    gap: 1rem 1.5rem;
  }

  .cards--list .card__body {
    flex: 1 1 18rem;
    inline-size: auto;
  }

  .cards--compact .card {
    flex-direction: row;
    align-items: center;
    padding: 0.5rem;
  }

  .cards--compact .photo,
  .cards--compact .avatar {
    inline-size: 3rem;
    block-size: 3rem;
    font-size: 1.125rem;
  }

  .cards--compact .card__body {
    gap: 0;
  }

  .cards--compact .name {
    font-size: 1rem;
  }

  .cards--compact .affiliation {
    font-size: 0.875rem;
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
