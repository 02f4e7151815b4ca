import {css} from 'lit';

export const feedStyles = css`
  :host {
    --_gap: var(--trust-feed-gap, var(--_rem));
    --_avatar: var(--trust-feed-avatar-size, 48px);
    --_wall-columns: var(--trust-feed-wall-column, calc(22 * var(--_rem)));
  }

  .heading {
    margin-block: 0 var(--_rem);
    font-size: calc(1.375 * var(--_rem));
    line-height: 1.3;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .banner {
    margin-block: 0 calc(1.5 * var(--_rem));
    padding: var(--_rem) calc(1.5 * var(--_rem));
    border-radius: var(--_radius);
    background: var(--_brand);
    color: var(--_bg);
    font-size: clamp(calc(2 * var(--_rem)), 6cqi, calc(5 * var(--_rem)));
    line-height: 1.1;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .sentinel {
    block-size: 1px;
    margin-block-end: -1px;
  }

  /* Floats over the feed without taking space: showing it moves nothing the reader is looking at. */
  .new-posts {
    position: sticky;
    inset-block-start: calc(0.5 * var(--_rem));
    z-index: 1;
    display: flex;
    justify-content: center;
    block-size: 0;
    overflow: visible;
  }

  .new-posts .button {
    box-shadow: 0 2px 6px rgb(0 0 0 / 30%);
  }

  .feed {
    display: grid;
    gap: var(--_gap);
    margin: 0;
    padding: 0;
  }

  .post {
    /* Posts off screen are not laid out until they come near it (a wall keeps a hundred). */
    content-visibility: auto;
    contain-intrinsic-size: auto calc(12 * var(--_rem));
    min-inline-size: 0;
    padding: var(--_rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    overflow-wrap: anywhere;
  }

  .post:focus-visible {
    outline: 4px solid transparent;
    box-shadow:
      0 0 0 4px var(--_focus),
      0 0 0 8px var(--_focus-text);
  }

  /* Only for readers who have not asked for less motion (then there is no animation to run at all). */
  @media (prefers-reduced-motion: no-preference) {
    .post--new {
      animation: slide-in 0.4s ease-out;
    }
  }

  @keyframes slide-in {
    from {
      opacity: 0;
      transform: translateY(-0.75rem);
    }
  }

  .post p {
    margin-block: 0 calc(0.75 * var(--_rem));
  }

  .post :is(.content, .quote, .media) > :last-child {
    margin-block-end: 0;
  }

  .boost,
  .handle,
  .time,
  .tag-label,
  .media__more,
  .quote__by {
    color: var(--_secondary);
    font-size: calc(0.875 * var(--_rem));
  }

  .boost {
    margin-block-end: calc(0.5 * var(--_rem));
  }

  .byline {
    display: flex;
    align-items: center;
    gap: calc(0.75 * var(--_rem));
    margin-block-end: calc(0.25 * var(--_rem));
  }

  .avatar {
    flex: none;
    inline-size: var(--_avatar);
    block-size: var(--_avatar);
    border-radius: 50%;
    object-fit: cover;
    background: var(--_surface);
  }

  .avatar--initial {
    display: grid;
    place-items: center;
    font-weight: 600;
    color: var(--_secondary);
    border: 1px solid var(--_border);
  }

  .post .author {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: calc(0.5 * var(--_rem));
    margin: 0;
    min-inline-size: 0;
  }

  .name {
    font-weight: 600;
  }

  a.name:not([href]),
  a.name:not(:hover, :focus-visible) {
    color: var(--_text);
    text-decoration: none;
  }

  .tag-label {
    padding-inline: calc(0.375 * var(--_rem));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .time {
    display: inline-block;
    margin-block-end: calc(0.5 * var(--_rem));
  }

  .emoji {
    display: inline-block;
    inline-size: 1.25em;
    block-size: 1.25em;
    vertical-align: -0.25em;
    object-fit: contain;
  }

  .content a.tag,
  .content a.mention {
    text-decoration-thickness: 1px;
  }

  .cw {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(0.5 * var(--_rem)) var(--_rem);
    padding: calc(0.75 * var(--_rem));
    border-inline-start: 4px solid var(--_secondary);
    background: var(--_surface);
  }

  .cw p {
    margin: 0;
    flex: 1 1 calc(12 * var(--_rem));
  }

  .body,
  .more {
    display: grid;
    gap: calc(0.75 * var(--_rem));
    min-inline-size: 0;
  }

  .more[hidden] {
    display: none;
  }

  .media {
    display: grid;
    gap: calc(0.5 * var(--_rem));
  }

  .post .media__notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(0.5 * var(--_rem)) var(--_rem);
    margin: 0;
  }

  .media__grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, calc(8 * var(--_rem))), 1fr));
    gap: calc(0.25 * var(--_rem));
    border-radius: var(--_radius);
    overflow: hidden;
  }

  .media__grid[data-count='1'] {
    grid-template-columns: 1fr;
  }

  .media__item,
  .media__item img {
    display: block;
    inline-size: 100%;
  }

  .media__item img,
  video.media__item {
    block-size: auto;
    max-block-size: calc(32 * var(--_rem));
    aspect-ratio: auto 16 / 9;
    object-fit: cover;
    background: var(--_surface);
  }

  .media__item--video {
    display: grid;
    color: var(--_text);
  }

  .media__item--video span {
    padding: calc(0.5 * var(--_rem));
    background: var(--_surface);
    text-decoration: underline;
  }

  .media__grid[data-count='1'] .media__item img {
    object-fit: contain;
  }

  .media--hidden .media__grid {
    filter: blur(calc(1.5 * var(--_rem)));
    clip-path: inset(0);
  }

  .card {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.75 * var(--_rem));
    padding: calc(0.5 * var(--_rem));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    text-decoration: none;
    color: var(--_text);
  }

  .card__image {
    flex: none;
    inline-size: calc(5 * var(--_rem));
    block-size: calc(5 * var(--_rem));
    object-fit: cover;
    border-radius: var(--_radius);
  }

  .card__text {
    display: grid;
    gap: calc(0.125 * var(--_rem));
    min-inline-size: 0;
  }

  .card__host,
  .card__description {
    color: var(--_secondary);
    font-size: calc(0.875 * var(--_rem));
  }

  .card__title {
    font-weight: 600;
    text-decoration: underline;
  }

  .quote {
    padding: calc(0.75 * var(--_rem));
    border-inline-start: 4px solid var(--_border);
    background: var(--_surface);
  }

  .older {
    display: flex;
    justify-content: center;
    margin-block-start: var(--_gap);
  }

  .older-message {
    margin-block: calc(0.5 * var(--_rem)) 0;
    text-align: center;
    color: var(--_secondary);
  }

  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.8;
  }

  /* Wall: a big screen at the venue, read from across the room. */
  :host([layout='wall']) .feed {
    font-size: clamp(calc(1.125 * var(--_rem)), 1.6cqi, calc(2 * var(--_rem)));
  }

  :host([layout='wall']) .feed {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--_wall-columns)), 1fr));
    align-items: start;
  }

  :host([layout='wall']) .post {
    --_avatar: 3em;
    background: var(--_surface);
  }

  @media (forced-colors: active) {
    .post,
    .card,
    .cw,
    .quote {
      border: 1px solid CanvasText;
    }
    .banner {
      border: 2px solid CanvasText;
    }
  }
`;
