import {html, nothing, type TemplateResult} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import {renderText, EXTERNAL_REL} from '../shared/text.js';
import {numberFormat} from '../shared/time.js';
import {withEmoji, type Author, type Block, type Inline, type LinkCard, type Media, type Post} from './model.js';
import type {FeedStrings} from './strings.js';

/**
 * Pure templates for one post. Everything from a source is rendered as text
 * or as attribute values (Lit escapes both); links are the model's http(s)
 * URLs; images are only the sources' own URLs, lazy and without a referrer.
 */


let hls: boolean | undefined;
/** Whether this browser's <video> plays HLS playlists itself (Safari does; most others need a library). */
function playsHls(): boolean {
  hls ??= document.createElement('video').canPlayType('application/vnd.apple.mpegurl') !== '';
  return hls;
}
export const MAX_MEDIA = 4;

export interface PostView {
  /** Base of this post's element ids. */
  id: string;
  /** The post's own page. */
  url?: string;
  key: string;
  t: FeedStrings;
  locale: string;
  noAvatars: boolean;
  noMedia: boolean;
  /** The content warning is open. */
  expanded: boolean;
  /** Sensitive media are shown. */
  revealed: boolean;
}

function renderInline(nodes: Inline[], noMedia: boolean): unknown {
  // Plain text (most names, many posts) is one text node: no list, no part per item.
  if (nodes.length === 1 && nodes[0].t === 'text') return nodes[0].text;
  return nodes.map((n) => {
    switch (n.t) {
      case 'text':
        return n.text;
      case 'br':
        return html`<br />`;
      case 'emoji':
        return noMedia
          ? `:${n.code}:`
          : html`<img class="emoji" src=${n.url} alt=":${n.code}:" title=":${n.code}:" loading="lazy" decoding="async" referrerpolicy="no-referrer" />`;
      case 'a':
        return html`<a href=${n.href} rel=${EXTERNAL_REL} class=${n.kind}>${renderInline(n.children, noMedia)}</a>`;
    }
  });
}

function renderBlocks(blocks: Block[], noMedia: boolean): TemplateResult | TemplateResult[] {
  const block = (b: Block) => html`<p>${renderInline(b.children, noMedia)}</p>`;
  return blocks.length === 1 ? block(blocks[0]) : blocks.map(block);
}

/** A display name: plain text, with the account's own custom emoji. */
export function renderName(author: Author, noMedia: boolean): unknown {
  return renderInline(withEmoji(author.name, author.emojis), noMedia);
}

function renderContent(post: Post, noMedia: boolean): unknown {
  return post.content ? renderBlocks(post.content, noMedia) : renderText(post.text);
}

function renderAvatar(author: Author, v: PostView): TemplateResult {
  if (author.avatar && !v.noAvatars) {
    return html`<img class="avatar" part="avatar" src=${author.avatar} alt="" width="48" height="48" loading="lazy" decoding="async" referrerpolicy="no-referrer" />`;
  }
  const initial = [...author.name.trim()][0]?.toUpperCase() ?? '?';
  return html`<span class="avatar avatar--initial" part="avatar" aria-hidden="true">${initial}</span>`;
}

/**
 * The author line: boost notice, avatar, name (the article's label) and
 * handle. One template whatever the author has (a name without a profile is
 * an <a> without href, which is plain text), so a post builds few parts.
 */
export function renderByline(post: Post, v: PostView): TemplateResult {
  const {author, booster} = post;
  return html`${post.isBoost && booster
      ? html`<p class="boost" part="boost">${v.t.boostedBy} ${booster.url ? html`<a href=${booster.url} rel=${EXTERNAL_REL}>${renderName(booster, v.noMedia)}</a>` : renderName(booster, v.noMedia)}</p>`
      : nothing}<div class="byline">${renderAvatar(author, v)}<p class="author"><a class="name" id="${v.id}-name" href=${ifDefined(author.url)} rel=${ifDefined(author.url && EXTERNAL_REL)}>${renderName(author, v.noMedia)}</a> <span class="handle" ?hidden=${!author.handle}>${author.handle ? `@${author.handle}` : ''}</span>${
        post.isReply ? html`${' '}<span class="tag-label">${v.t.reply}</span>` : nothing}${
        post.pinned ? html`${' '}<span class="tag-label" part="pinned">${v.t.pinned}</span>` : nothing}</p></div>`;
}

function renderAttachment(m: Media, v: PostView): TemplateResult {
  const alt = m.alt ?? (m.type === 'image' ? v.t.noDescription : undefined);
  switch (m.type) {
    case 'image':
      return html`<a class="media__item" href=${m.url} rel=${EXTERNAL_REL}
        ><img src=${m.previewUrl ?? m.url} alt=${alt!} width=${ifDefined(m.width)} height=${ifDefined(m.height)} loading="lazy" decoding="async" referrerpolicy="no-referrer"
      /></a>`;
    case 'audio':
      return html`<audio class="media__item" controls preload="none" src=${m.url} aria-label=${ifDefined(alt)}></audio>`;
    default:
      if (/\.m3u8(\?|$)/i.test(m.url) && !playsHls()) {
        // A streaming playlist (Bluesky) this browser cannot play: its picture, linked to the post.
        return html`<a class="media__item media__item--video" href=${v.url ?? m.url} rel=${EXTERNAL_REL}
          >${m.previewUrl ? html`<img src=${m.previewUrl} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" />` : nothing}<span
            >${v.t.watchVideo(alt)}</span
          ></a
        >`;
      }
      // Never autoplays: the reader starts it. A "gifv" loops silently once started, as on Mastodon.
      return html`<video class="media__item" controls preload="none" playsinline poster=${ifDefined(m.previewUrl)} src=${m.url} aria-label=${ifDefined(alt)}
        ?loop=${m.type === 'gifv'} ?muted=${m.type === 'gifv'}>${v.t.videoFallback}</video>`;
  }
}

function renderMedia(post: Post, v: PostView): unknown {
  if (v.noMedia || post.media.length === 0) return nothing;
  const shown = post.media.slice(0, MAX_MEDIA);
  const extra = post.media.length - shown.length;
  const hidden = post.sensitive && !v.revealed;
  return html`<div class="media ${hidden ? 'media--hidden' : ''}" part="media">
    ${post.sensitive
      ? html`<p class="media__notice">
          <span>${v.t.sensitiveMedia}</span>
          <button class="button" type="button" data-action="media" data-key=${v.key} aria-expanded=${v.revealed ? 'true' : 'false'} aria-controls="${v.id}-media">
            ${v.revealed ? v.t.hideMedia : v.t.showMedia}
          </button>
        </p>`
      : nothing}
    <div class="media__grid" id="${v.id}-media" data-count=${shown.length} .inert=${hidden}>${shown.map((m) => renderAttachment(m, v))}</div>
    ${extra > 0 && post.url ? html`<p class="media__more"><a href=${post.url} rel=${EXTERNAL_REL}>${v.t.moreMedia(extra, numberFormat(v.locale).format(extra))}</a></p>` : nothing}
  </div>`;
}

function renderCard(card: LinkCard | undefined, post: Post, v: PostView): unknown {
  if (!card) return nothing;
  const image = card.image && !v.noMedia && (!post.sensitive || v.revealed);
  let host = '';
  try {
    host = new URL(card.url).host;
  } catch {
    /* the model only holds valid URLs */
  }
  return html`<a class="card" part="card" href=${card.url} rel=${EXTERNAL_REL}>
    ${image ? html`<img class="card__image" src=${card.image!} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" />` : nothing}
    <span class="card__text">
      <span class="card__host">${host}</span>
      <span class="card__title">${card.title}</span>
      ${card.description ? html`<span class="card__description">${card.description}</span>` : nothing}
    </span>
  </a>`;
}

function renderQuote(quote: Post | undefined, v: PostView): unknown {
  if (!quote) return nothing;
  const name = renderName(quote.author, v.noMedia);
  return html`<div class="quote" part="quote">
    <p class="quote__by">
      ${v.t.quoting} ${quote.author.url ? html`<a href=${quote.author.url} rel=${EXTERNAL_REL}>${name}</a>` : name}
      ${quote.author.handle ? html`<span class="handle">@${quote.author.handle}</span>` : nothing}
    </p>
    ${quote.spoiler || quote.sensitive
      ? html`<p>${v.t.contentWarning} ${quote.spoiler ?? v.t.sensitiveMedia} ${quote.url ? html`<a href=${quote.url} rel=${EXTERNAL_REL}>${v.t.showPost}</a>` : nothing}</p>`
      : html`<div class="content" lang=${ifDefined(quote.language)}>${renderContent(quote, v.noMedia)}</div>`}
  </div>`;
}

/** The post's body: content warning, content, media, link card, quote. Hidden behind the warning until opened. */
export function renderBody(post: Post, v: PostView): TemplateResult {
  const warning = post.spoiler;
  return html`<div class="body" id="${v.id}-body">
    ${warning
      ? html`<div class="cw" part="content-warning">
          <p><strong>${v.t.contentWarning}</strong> ${warning}</p>
          <button class="button" type="button" data-action="cw" data-key=${v.key} aria-expanded=${v.expanded ? 'true' : 'false'} aria-controls="${v.id}-more">
            ${v.expanded ? v.t.hidePost : v.t.showPost}
          </button>
        </div>`
      : nothing}
    <div class="more" id="${v.id}-more" ?hidden=${warning !== undefined && !v.expanded}>
      <div class="content" part="content" lang=${ifDefined(post.language)}>${renderContent(post, v.noMedia)}</div>
      ${renderMedia(post, v)} ${renderCard(post.card, post, v)} ${renderQuote(post.quote, v)}
    </div>
  </div>`;
}
