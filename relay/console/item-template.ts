import {html, nothing, type TemplateResult} from 'lit';
import type {ActionName, AuditEntry, ModeratedItem, Verdict} from '../moderation/api.js';
import type {Media, Post} from '../../src/hashtag-feed/model.js';
import {renderBody, renderByline, type PostView} from '../../src/hashtag-feed/post-template.js';
import type {FeedStrings} from '../../src/hashtag-feed/strings.js';
import {dateFormat} from '../../src/shared/time.js';
import type {ConsoleStrings} from './strings.js';

/**
 * Pure templates for one moderated post and one audit entry. The post is the
 * library's own rendering (renderByline, renderBody over the native adapter's
 * Post), with no avatars and no media: the console loads nothing from the
 * platforms, so each picture is its description in words.
 */

/** Times in the relay's zone, which is the trust's. */
export const TIME_ZONE = 'Europe/London';

export interface ItemView {
  /** Base of this item's element ids. */
  id: string;
  item: ModeratedItem;
  /** The post as readers see it; absent when the native adapter could not read it. */
  post?: Post;
  problem?: string;
  t: ConsoleStrings;
  ft: FeedStrings;
  locale: string;
  /** The item that has the roving tab stop. */
  current: boolean;
  /** Its content warning is open. */
  expanded: boolean;
  /** An action on it is on its way. */
  busy: boolean;
}

export function formatWhen(value: string | Date, locale: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return dateFormat(locale, {dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE}).format(date);
}

/** The actions offered on an item: what would change something, in the order of the shortcuts. */
export function actionsFor(item: ModeratedItem): ActionName[] {
  const actions: ActionName[] = [];
  if (item.list !== 'published') actions.push('approve');
  if (item.list !== 'hidden') actions.push('hide');
  actions.push(item.pinned ? 'unpin' : 'pin');
  actions.push(item.authorBlocked ? 'unblock' : 'block');
  return actions;
}

const SHORTCUT: Partial<Record<ActionName, string>> = {approve: 'a', hide: 'h', pin: 'p', unpin: 'p', block: 'b', unblock: 'b'};

export function renderVerdict(verdict: Verdict | undefined, v: Pick<ItemView, 't' | 'locale'>): string {
  if (!verdict) return v.t.noVerdict;
  const reason = verdict.by === 'rule' && verdict.rule ? v.t.ruleVerdict(v.t.ruleNames[verdict.rule] ?? verdict.rule, verdict.reason) : verdict.reason;
  const when = formatWhen(verdict.at, v.locale);
  return when ? v.t.at(reason, when) : reason;
}

function mediaLine(m: Media, t: ConsoleStrings): string {
  const alt = m.alt?.trim() || undefined;
  return m.type === 'image' ? t.picture(alt) : m.type === 'audio' ? t.audio(alt) : t.video(alt);
}

/** Each picture as its alt text: the console shows no picture from a platform. */
function renderMediaText(post: Post, v: ItemView): unknown {
  if (!post.media.length) return nothing;
  const hidden = post.spoiler !== undefined && !v.expanded;
  return html`<div class="pictures" ?hidden=${hidden}>
    ${post.sensitive ? html`<p class="pictures__notice">${v.t.sensitive}</p>` : nothing}
    <ul class="pictures__list">
      ${post.media.map((m) => html`<li>${mediaLine(m, v.t)}</li>`)}
    </ul>
  </div>`;
}

function renderTime(post: Post, v: ItemView): TemplateResult {
  const network = v.ft.networks[post.network] ?? post.network;
  return html`<p class="time"><time datetime=${post.created.toISOString()}>${formatWhen(post.created, v.locale)}</time> · ${v.ft.via(network)}</p>`;
}

function renderState(item: ModeratedItem, v: ItemView): TemplateResult {
  return html`<ul class="state" aria-label=${v.t.stateLabel}>
    <li class="badge ${item.public ? 'badge--public' : 'badge--private'}">${item.public ? v.t.public : v.t.notPublic}</li>
    ${item.pinned ? html`<li class="badge">${v.t.pinned}</li>` : nothing}
    ${item.authorBlocked ? html`<li class="badge badge--blocked">${v.t.authorBlocked}</li>` : nothing}
  </ul>`;
}

function renderActions(item: ModeratedItem, v: ItemView): TemplateResult {
  return html`<div class="actions" role="group" aria-label=${v.t.actionsLabel}>
    ${actionsFor(item).map(
      (action) => html`<button
        class="button ${action === 'approve' ? 'button--primary' : ''}"
        type="button"
        data-act=${action}
        aria-keyshortcuts=${SHORTCUT[action] ?? ''}
        aria-disabled=${v.busy ? 'true' : 'false'}
        tabindex=${v.current ? '0' : '-1'}
      >${v.t.actions[action]}</button>`,
    )}
  </div>`;
}

/** A name for a post the adapter could not read: its author's name as plain text, else its key. */
function rawAuthor(item: ModeratedItem): string {
  const author = item.post?.author;
  const name = author && typeof author === 'object' ? (author as {name?: unknown; handle?: unknown}).name ?? (author as {handle?: unknown}).handle : undefined;
  return typeof name === 'string' && name.trim() ? name.trim().slice(0, 200) : item.key;
}

/**
 * One item: the post as readers see it (by the library's own templates), its
 * network and time, why it is where it is, whether readers see it, and the
 * actions. The <article> is the roving focus stop; its buttons are reachable
 * by Tab from it.
 */
export function renderItem(v: ItemView): TemplateResult {
  const {item, post, id} = v;
  const postView: PostView = {id, key: item.key, url: post?.url, t: v.ft, locale: v.locale, noAvatars: true, noMedia: true, expanded: v.expanded, revealed: false};
  return html`<article
    class="post item ${v.current ? 'item--current' : ''}"
    data-key=${item.key}
    tabindex=${v.current ? '0' : '-1'}
    aria-labelledby="${id}-name"
    aria-describedby="${id}-verdict"
    aria-busy=${v.busy ? 'true' : 'false'}
  >
    ${post
      ? html`${renderByline(post, postView)} ${renderTime(post, v)} ${renderBody(post, postView)} ${renderMediaText(post, v)}`
      : html`<p class="author"><span class="name" id="${id}-name">${rawAuthor(item)}</span></p>
          <p class="unreadable">${v.t.unreadable} ${v.problem ?? ''}</p>`}
    <div class="verdict" id="${id}-verdict">
      ${renderState(item, v)}
      <p class="verdict__why"><strong>${v.t.verdictLabel}</strong> ${renderVerdict(item.verdict, v)}</p>
    </div>
    ${renderActions(item, v)}
  </article>`;
}

export function renderAuditEntry(entry: AuditEntry, t: ConsoleStrings, ft: FeedStrings, locale: string): TemplateResult {
  const when = new Date(entry.at);
  return html`<li class="entry ${entry.undoneBy ? 'entry--undone' : ''}">
    <p class="entry__head">
      <time datetime=${Number.isNaN(when.getTime()) ? '' : when.toISOString()}>${formatWhen(when, locale)}</time>
      · <strong>${t.auditBy(entry.actor)}</strong> · ${t.auditActions[entry.action] ?? entry.action}${entry.undoes !== undefined ? html`${' '}${t.auditUndoes(entry.undoes)}` : nothing}
      ${entry.undoneBy !== undefined ? html`· <span class="badge">${t.auditUndone(entry.undoneBy)}</span>` : nothing}
    </p>
    <p class="entry__post">@${entry.author.replace(/^@/, '')} (${ft.networks[entry.network] ?? entry.network}): “${entry.excerpt}”</p>
    ${entry.reason ? html`<p class="entry__reason">${entry.reason}</p>` : nothing}
  </li>`;
}
