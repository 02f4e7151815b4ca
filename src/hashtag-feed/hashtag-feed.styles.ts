import {css} from 'lit';

export const feedStyles = css`
  :host {
    --_gap: var(--trust-feed-gap, 1rem);
    --_avatar: var(--trust-feed-avatar-size, 48px);
    --_wall-columns: var(--trust-feed-wall-column, 22rem);
  }

  .heading {
    margin-block: 0 1rem;
    font-size: 1.375rem;
    line-height: 1.3;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .banner {
    margin-block: 0 1.5rem;
    padding: 1rem 1.5rem;
    border-radius: var(--_radius);
    background: var(--_brand);
    color: var(--_bg);
    font-size: clamp(2rem, 6cqi, 5rem);
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
    inset-block-start: 0.5rem;
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
    contain-intrinsic-size: auto 12rem;
    min-inline-size: 0;
    padding: 1rem;
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

  .post--new {
    animation: slide-in 0.4s ease-out;
  }

  @keyframes slide-in {
    from {
      opacity: 0;
      transform: translateY(-0.75rem);
    }
  }

  .post p {
    margin-block: 0 0.75rem;
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
    font-size: 0.875rem;
  }

  .boost {
    margin-block-end: 0.5rem;
  }

  .byline {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin-block-end: 0.25rem;
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
    column-gap: 0.5rem;
    margin: 0;
    min-inline-size: 0;
  }

  .name {
    font-weight: 600;
  }

  a.name:not(:hover, :focus-visible) {
    color: var(--_text);
    text-decoration: none;
  }

  .tag-label {
    padding-inline: 0.375rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .time {
    display: inline-block;
    margin-block-end: 0.5rem;
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
    gap: 0.5rem 1rem;
    padding: 0.75rem;
    border-inline-start: 4px solid var(--_secondary);
    background: var(--_surface);
  }

  .cw p {
    margin: 0;
    flex: 1 1 12rem;
  }

  .body,
  .more {
    display: grid;
    gap: 0.75rem;
    min-inline-size: 0;
  }

  .more[hidden] {
    display: none;
  }

  .media {
    display: grid;
    gap: 0.5rem;
  }

  .post .media__notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin: 0;
  }

  .media__grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 8rem), 1fr));
    gap: 0.25rem;
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
    max-block-size: 32rem;
    aspect-ratio: auto 16 / 9;
    object-fit: cover;
    background: var(--_surface);
  }

  .media__item--video {
    display: grid;
    color: var(--_text);
  }

  .media__item--video span {
    padding: 0.5rem;
    background: var(--_surface);
    text-decoration: underline;
  }

  .media__grid[data-count='1'] .media__item img {
    object-fit: contain;
  }

  .media--hidden .media__grid {
    filter: blur(1.5rem);
    clip-path: inset(0);
  }

  .card {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    padding: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    text-decoration: none;
    color: var(--_text);
  }

  .card__image {
    flex: none;
    inline-size: 5rem;
    block-size: 5rem;
    object-fit: cover;
    border-radius: var(--_radius);
  }

  .card__text {
    display: grid;
    gap: 0.125rem;
    min-inline-size: 0;
  }

  .card__host,
  .card__description {
    color: var(--_secondary);
    font-size: 0.875rem;
  }

  .card__title {
    font-weight: 600;
    text-decoration: underline;
  }

  .quote {
    padding: 0.75rem;
    border-inline-start: 4px solid var(--_border);
    background: var(--_surface);
  }

  .older {
    display: flex;
    justify-content: center;
    margin-block-start: var(--_gap);
  }

  .older-message {
    margin-block: 0.5rem 0;
    text-align: center;
    color: var(--_secondary);
  }

  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.8;
  }

  /* Wall: a big screen at the venue, read from across the room. */
  :host([layout='wall']) .feed {
    font-size: clamp(1.125rem, 1.6cqi, 2rem);
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
