import type {DOMPurify, WindowLike} from 'dompurify';
import {safeUrl} from '../shared/adapter.js';
import {pushParagraph, withEmoji, type Block, type Emoji, type Inline} from './model.js';

/**
 * Post HTML (Mastodon, Akkoma, the native format's `html`) is untrusted. It
 * goes through DOMPurify, loaded only when a source has HTML to clean (a lazy
 * chunk), with a configuration that keeps only what a post needs: p, br, a,
 * span and block elements (read as paragraph breaks), with href, class, rel and data-tag; a hook drops every href that is not
 * absolute http(s). The sanitised DOM (an inert document: nothing in it loads
 * or runs) is then turned into the plain tree of the model, so nothing from a
 * source is ever given to innerHTML. Under Trusted Types, DOMPurify creates
 * one policy named "dompurify" (Lit's is "lit-html").
 *
 * Nothing here needs a browser but the DOM DOMPurify works in: the page's
 * `window` by default, or one given to `useSanitiserWindow` (trust-relay gives
 * jsdom's on Node), so the widget and the relay read post HTML the same way.
 */

/**
 * Block elements that Mastodon 4.3+ keeps in remote posts and that Akkoma,
 * GoToSocial, Friendica and Misskey-compatible servers send (Markdown
 * lists, quotes, headings, code): each becomes a paragraph of its own, so
 * list items and lines do not run together.
 */
const BLOCKS = new Set(['p', 'div', 'blockquote', 'ul', 'ol', 'li', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

const CONFIG = {
  ALLOWED_TAGS: ['br', 'a', 'span', ...BLOCKS],
  ALLOWED_ATTR: ['href', 'class', 'rel', 'data-tag'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true as const,
};

/** Nesting deeper than this is flattened to its text: no post needs it, and it bounds the recursion. */
const MAX_DEPTH = 32;

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

let purifier: Promise<DOMPurify> | undefined;
let purifierWindow: WindowLike | undefined;

/** The window DOMPurify sanitises in, where there is no page (a server with jsdom); before the first post is read. */
export function useSanitiserWindow(win: WindowLike): void {
  purifierWindow = win;
  purifier = undefined;
}

/** One DOMPurify instance of our own, so our hook never affects another library's. */
function loadPurifier(): Promise<DOMPurify> {
  purifier ??= import('dompurify').then(({default: factory}) => {
    const purify = factory(purifierWindow ?? window);
    purify.addHook('afterSanitizeAttributes', (node) => {
      const href = node.getAttribute('href');
      if (href !== null && !/^https?:\/\//i.test(href.trim())) node.removeAttribute('href');
    });
    return purify;
  });
  return purifier;
}

/** By node type rather than instanceof: the nodes may come from another window (jsdom's). */
function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

function classes(el: Element): string[] {
  return (el.getAttribute('class') ?? '').split(/\s+/);
}

function linkKind(a: Element): 'link' | 'tag' | 'mention' {
  const cls = classes(a);
  const rel = (a.getAttribute('rel') ?? '').split(/\s+/);
  // Mastodon marks hashtags "mention hashtag", so the hashtag test comes first.
  if (cls.includes('hashtag') || rel.includes('tag') || a.hasAttribute('data-tag')) return 'tag';
  if (cls.includes('mention') || (a.parentElement && classes(a.parentElement).includes('h-card'))) return 'mention';
  return 'link';
}

function inline(node: Node, emojis: readonly Emoji[], depth: number): Inline[] {
  if (node.nodeType === TEXT_NODE) return withEmoji(node.nodeValue ?? '', emojis);
  if (!isElement(node)) return [];
  if (depth > MAX_DEPTH) return withEmoji(node.textContent ?? '', emojis);
  const tag = node.localName;
  if (tag === 'br') return [{t: 'br'}];
  // Mastodon shortens link text: "invisible" parts are hidden, an "ellipsis" part ends with "…".
  if (tag === 'span' && classes(node).includes('invisible')) return [];
  const children = [...node.childNodes].flatMap((child) => inline(child, emojis, depth + 1));
  if (tag === 'span' && classes(node).includes('ellipsis')) children.push({t: 'text', text: '…'});
  if (tag === 'a') {
    const href = safeUrl(node.getAttribute('href'), undefined, false);
    if (href && children.length) return [{t: 'a', href, kind: linkKind(node), children}];
  }
  return children;
}

/** Blocks from a sanitised fragment: each block element (<p>, <li>…) is a paragraph; loose inline content between them is one too. */
function blocks(fragment: DocumentFragment, emojis: readonly Emoji[]): Block[] {
  const out: Block[] = [];
  let loose: Inline[] = [];
  const flush = () => {
    pushParagraph(out, loose);
    loose = [];
  };
  const add = (node: Node, depth: number) => {
    if (isElement(node) && BLOCKS.has(node.localName) && depth <= MAX_DEPTH) {
      flush();
      for (const child of node.childNodes) add(child, depth + 1);
      flush();
    } else {
      loose.push(...inline(node, emojis, depth));
    }
  };
  for (const node of fragment.childNodes) add(node, 0);
  flush();
  return out;
}

/** Sanitises post HTML and returns it as the model's tree (custom emoji substituted by shortcode). */
export async function htmlToBlocks(html: string, emojis: readonly Emoji[] = []): Promise<Block[]> {
  if (!html.trim()) return [];
  const purify = await loadPurifier();
  return blocks(purify.sanitize(html, CONFIG), emojis);
}
