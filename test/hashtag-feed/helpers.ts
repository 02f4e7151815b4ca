/**
 * Helpers for the <trust-hashtag-feed> tests: mounting, reading what a reader
 * sees, and Mastodon statuses built from the real recorded tag timeline (so
 * every status has exactly the shape a Mastodon 4.x server sends).
 */
import {fixture} from '@open-wc/testing';
import {settled} from '../helpers/index.js';
import type {TemplateResult} from 'lit';
import '../../src/hashtag-feed/define.js';
import type {TrustHashtagFeed} from '../../src/hashtag-feed/trust-hashtag-feed.js';

export const FORMATS = '/test/fixtures/formats';
export const FEED_FIXTURES = '/test/fixtures/feed';

export type Json = Record<string, unknown>;

const cache = new Map<string, Promise<unknown>>();

/** A fixture file's JSON (a fresh copy each time). */
export async function load<T = unknown>(path: string): Promise<T> {
  if (!cache.has(path)) cache.set(path, fetch(path).then((r) => r.json()));
  return structuredClone(await cache.get(path)) as T;
}

export {settled};

export async function mount(template: TemplateResult, until?: (el: TrustHashtagFeed) => boolean): Promise<TrustHashtagFeed> {
  const el = await fixture<TrustHashtagFeed>(template);
  await settled(el, until && (() => until(el)));
  return el;
}

export function root(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

export function articles(el: Element): HTMLElement[] {
  return [...root(el).querySelectorAll<HTMLElement>('[role="feed"] > article')];
}

/** What a reader sees of the whole widget, whitespace collapsed. */
export function shownText(el: Element): string {
  return (root(el).textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The accessible name of each article: the author's name it is labelled by. */
export function authors(el: Element): string[] {
  return articles(el).map((a) => {
    const id = a.getAttribute('aria-labelledby')!;
    return root(el).getElementById(id)!.textContent.replace(/\s+/g, ' ').trim();
  });
}

/** The text of an article's content (what aria-describedby points at), whitespace collapsed. */
export function contentOf(article: HTMLElement): string {
  const id = article.getAttribute('aria-describedby')!;
  const body = (article.getRootNode() as ShadowRoot).getElementById(id)!;
  return readable(body.querySelector('.content'));
}

/** Text as read: paragraphs and line breaks separate words (textContent alone would run them together). */
function readable(node: Node | null): string {
  if (!node) return '';
  let text = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) text += n.nodeValue;
    else if (n instanceof Element && (n.localName === 'br' || n.localName === 'p')) text += ' ';
    for (const child of n.childNodes) walk(child);
    if (n instanceof Element && n.localName === 'p') text += ' ';
  };
  walk(node);
  return text.replace(/\s+/g, ' ').trim();
}

export function announced(el: Element): string {
  return root(el).querySelector('[role="status"]')!.textContent.trim();
}

let template: Json | undefined;

/** Status number `i` of a tag timeline (0 is the newest), `minutes` apart, from the recorded status. */
export async function status(i: number, overrides: Json = {}, origin = 'https://social.example', tag = 'nhssmw'): Promise<Json> {
  template ??= (await load<Json[]>(`${FORMATS}/mastodon-tag-timeline.json`))[0];
  const id = String(117020593741189701n + BigInt(1000 - i) * 1000n);
  const base = structuredClone(template);
  const account = {...(base.account as Json), id: `1090000000${i % 7}`, username: `member${i % 7}`, acct: `member${i % 7}`, display_name: `Member ${i % 7}`, url: `${origin}/@member${i % 7}`};
  return {
    ...base,
    id,
    created_at: new Date(Date.parse('2016-10-24T12:00:00Z') - i * 60_000).toISOString(),
    language: 'en',
    uri: `${origin}/users/member${i % 7}/statuses/${id}`,
    url: `${origin}/@member${i % 7}/${id}`,
    content: `<p>Post ${i} <a href="${origin}/tags/${tag}" class="mention hashtag" rel="tag">#<span>${tag}</span></a></p>`,
    account,
    ...overrides,
  };
}

export async function statuses(from: number, to: number, overrides: Json = {}, origin?: string): Promise<Json[]> {
  return Promise.all(Array.from({length: to - from}, (_, k) => status(from + k, overrides, origin)));
}

/** A native-format post (higher n is newer). */
export function nativePost(n: number, overrides: Json = {}): Json {
  return {
    id: `p${n}`,
    url: `https://social.example/@member${n % 5}/${n}`,
    author: {name: `Member ${n % 5}`, handle: `@member${n % 5}@social.example`, url: `https://social.example/@member${n % 5}`},
    created: new Date(Date.parse('2016-10-24T08:00:00Z') + n * 2000).toISOString(),
    text: `Post ${n} from #nhssmw`,
    network: 'mastodon',
    ...overrides,
  };
}

/** Native posts `from`..`to` (exclusive), newest first, as a source lists them. */
export function nativePosts(from: number, to: number): Json[] {
  return Array.from({length: to - from}, (_, k) => nativePost(to - 1 - k));
}

const IMAGE_KEYS = new Set(['avatar', 'avatar_static', 'header', 'header_static', 'static_url', 'preview_url', 'remote_url', 'thumb', 'fullsize', 'thumbnail', 'playlist', 'image']);

/**
 * The same data with every picture, video and emoji URL moved onto the mock
 * server (/mock/img/<host>/<path>), so tests never reach the internet. Links
 * (post, profile, tag URLs) are left as they are.
 */
export function offline<T>(value: T): T {
  const move = (url: string) => url.replace(/^https?:\/\/([^/]+)\//, `${location.origin}/mock/img/$1/`);
  const walk = (v: unknown, key: string, inMedia: boolean): unknown => {
    if (typeof v === 'string') return IMAGE_KEYS.has(key) || (inMedia && key === 'url') ? move(v) : v;
    if (Array.isArray(v)) return v.map((item) => walk(item, key, inMedia || key === 'media_attachments' || key === 'emojis'));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k, inMedia && k !== 'account')]));
    return v;
  };
  return walk(value, '', false) as T;
}
