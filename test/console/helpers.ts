/**
 * Helpers for the moderation console's tests: a scenario on the test server's
 * stand-in for the relay's admin API (test/server/console-api.js), items built
 * from real-shaped native posts, and what a moderator sees and where focus is.
 */
import {fixture, html} from '@open-wc/testing';
import {readerText, until} from '../helpers/index.js';
import '../../relay/console/define.js';
import type {TrustModerationConsole} from '../../relay/console/moderation-console.js';
import type {ActionName, ChangeEvent, ListName, ModeratedItem, ModerationMode} from '../../relay/moderation/api.js';

export type Json = Record<string, unknown>;

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: Json;
}

export interface FeedSpec {
  name: string;
  hashtag: string;
  mode: ModerationMode;
  items: ModeratedItem[];
}

let counter = 0;

const post = (path: string, body: unknown) => fetch(path, {method: 'POST', body: JSON.stringify(body)});

export class Scenario {
  constructor(readonly id: string) {}

  get base(): string {
    return `/__console/${this.id}/`;
  }

  get csrf(): string {
    return `csrf-${this.id}`;
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await fetch(`${this.base}__requests`)).json() as Promise<LoggedRequest[]>;
  }

  /** The POSTs the console sent (actions and undos). */
  async posts(): Promise<LoggedRequest[]> {
    return (await this.requests()).filter((r) => r.method === 'POST');
  }

  /** The next answer of a route, once. */
  async next(route: 'session' | 'items' | 'actions' | 'undo' | 'audit', status: number, body: unknown = {}): Promise<void> {
    await post(`${this.base}__next`, {route, status, body});
  }

  /** Another moderator decides (the console hears of it through the event stream unless `silent`). */
  async decide(key: string, action: ActionName, actor: string, silent = false): Promise<void> {
    await post(`${this.base}__decide`, {key, action, actor, silent});
  }

  async arrive(items: ModeratedItem[]): Promise<void> {
    await post(`${this.base}__arrive`, {items});
  }

  async emit(data: ChangeEvent): Promise<void> {
    await post(`${this.base}__emit`, {data});
  }

  async streams(): Promise<{open: number; connections: number}> {
    return (await fetch(`${this.base}__streams`)).json() as Promise<{open: number; connections: number}>;
  }

  async cspReports(): Promise<unknown[]> {
    return (await fetch(`${this.base}__csp`)).json() as Promise<unknown[]>;
  }
}

export async function scenario(feeds: FeedSpec[], options: {user?: string; via?: 'password' | 'proxy'} = {}): Promise<Scenario> {
  const id = `t${Date.now().toString(36)}${++counter}`;
  const res = await post('/__console/setup', {id, feeds, ...options});
  if (!res.ok) throw new Error('could not set up the console scenario');
  return new Scenario(id);
}

/** A native post's key, as the relay's model makes it (postKey). */
export function keyOf(p: Json): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return str(p.uri) ?? str(p.url) ?? `${str(p.network) ?? 'native'}:${str(p.id) ?? ''}`;
}

export function item(p: Json, list: ListName = 'queue', extra: Partial<ModeratedItem> = {}): ModeratedItem {
  return {key: keyOf(p), feed: 'somewk', list, public: list === 'published', pinned: false, authorBlocked: false, version: 1, post: p, ...extra};
}

const cache = new Map<string, Promise<unknown>>();

export async function load<T = unknown>(path: string): Promise<T> {
  if (!cache.has(path)) cache.set(path, fetch(path).then((r) => r.json()));
  return structuredClone(await cache.get(path)) as T;
}

/** The feed's own sample posts (test/fixtures/feed/native-posts.json): real-shaped native posts, with a content warning and pictures. */
export async function nativePosts(): Promise<Json[]> {
  return (await load<{posts: Json[]}>('/test/fixtures/feed/native-posts.json')).posts;
}

/** The relay's published file of the week (hostile post first). */
export async function relayPosts(): Promise<Json[]> {
  return (await load<{posts: Json[]}>('/test/fixtures/relay/feed-somewk.json')).posts;
}

/** A feed of the sample posts: the first `queue` in the queue, the rest published. */
export async function sampleFeed(queue = 4, mode: ModerationMode = 'approve-first'): Promise<FeedSpec> {
  const posts = await nativePosts();
  return {
    name: 'somewk',
    hashtag: 'NelftSoMeWeek',
    mode,
    items: posts.map((p, i) =>
      i < queue
        ? item(p, 'queue', {public: mode === 'publish-then-review'})
        : item(p, 'published', {verdict: {by: 'person', reason: 'Approved by bob', actor: 'bob', at: '2016-10-24T10:31:00Z'}}),
    ),
  };
}

export async function mountConsole(s: Scenario): Promise<TrustModerationConsole> {
  const el = await fixture<TrustModerationConsole>(html`<trust-moderation-console base=${s.base}></trust-moderation-console>`);
  await el.settled();
  return el;
}

export const root = (el: Element): ShadowRoot => el.shadowRoot!;

export function articles(el: Element): HTMLElement[] {
  return [...root(el).querySelectorAll<HTMLElement>('article.item')];
}

export function keys(el: Element): string[] {
  return articles(el).map((a) => a.dataset.key!);
}

/** The author name each post is labelled by. */
export function names(el: Element): string[] {
  return articles(el).map((a) => root(el).getElementById(a.getAttribute('aria-labelledby')!)!.textContent.replace(/\s+/g, ' ').trim());
}

export function focused(el: Element): Element | null {
  return root(el).activeElement;
}

/** The key of the post that has focus (itself or one of its buttons). */
export function focusedKey(el: Element): string | undefined {
  return focused(el)?.closest<HTMLElement>('article.item')?.dataset.key;
}

export function text(node: Element | ShadowRoot | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The status line as a reader takes it ("Hidden. Undo"). */
export function statusLine(el: Element): string {
  return readerText(root(el).querySelector('.status'));
}

export function announcement(el: Element): string {
  return text(root(el).querySelector('.visually-hidden[role="status"]'));
}

export function tab(el: Element, name: string): HTMLElement {
  const found = [...root(el).querySelectorAll<HTMLElement>('[role="tab"]')].find((t) => text(t).startsWith(name));
  if (!found) throw new Error(`no tab ${name}`);
  return found;
}

export function button(article: Element, label: string): HTMLButtonElement {
  const found = [...article.querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === label);
  if (!found) throw new Error(`no button ${label}`);
  return found;
}

/** Waits until the console has sent `count` POSTs, and returns them. */
export async function postsSent(s: Scenario, count: number): Promise<LoggedRequest[]> {
  let sent: LoggedRequest[] = [];
  await until(async () => (sent = await s.posts()).length >= count, `${count} POSTs sent`);
  return sent;
}
