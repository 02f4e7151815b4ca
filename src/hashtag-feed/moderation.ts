import {normaliseHandle, type Post} from './model.js';

/**
 * The feed's moderation rules, compiled once from the element's attributes
 * (not per post, not per render). A post is shown only if every rule lets it.
 */
export interface ModerationOptions {
  hideReplies?: boolean;
  hideBoosts?: boolean;
  hideSensitive?: boolean;
  /** Comma-separated words or phrases. */
  blockWords?: string;
  /** Handles, separated by commas or spaces. */
  blockAccounts?: string;
  allowAccounts?: string;
  /** Language tags, e.g. "en cy". */
  languages?: string;
  /** A custom rule: return false to hide a post. */
  moderate?: (post: Post) => boolean;
}

/** Which option a rule comes from; the relay's console words its verdicts by it (relay/moderation/reasons.ts, not in the widget's bundle). */
export type RuleName = 'hideReplies' | 'hideBoosts' | 'hideSensitive' | 'blockWords' | 'blockAccounts' | 'allowAccounts' | 'languages' | 'moderate';

/** True when the post may be shown; `rule` names the option it comes from. */
export type Rule = ((post: Post) => boolean) & {readonly rule: RuleName};

const named = (rule: RuleName, test: (post: Post) => boolean): Rule => Object.assign(test, {rule});

export function list(value: string | undefined, separator: RegExp): string[] {
  return (value ?? '').split(separator).map((s) => s.trim()).filter(Boolean);
}

/** The primary language subtag, lower case ("en-GB" → "en"). */
export const languageOf = (tag: string) => tag.toLowerCase().split('-')[0];

const fold = (text: string) => text.normalize('NFKC');

/** Everything a word filter reads: text, names, handles, content warnings, alt text, quoted post and link card. */
const searchable = new WeakMap<Post, string>();

export function searchText(post: Post): string {
  let text = searchable.get(post);
  if (text === undefined) {
    const parts = [post.text, post.author.name, post.author.handle, post.booster?.name, post.booster?.handle, post.spoiler, post.card?.title, post.card?.description];
    for (const m of post.media) parts.push(m.alt);
    if (post.quote) parts.push(searchText(post.quote));
    text = fold(parts.filter(Boolean).join('\n'));
    searchable.set(post, text);
  }
  return text;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whole words or phrases, any case, in any script: a word boundary is
 * anything that is not a letter, mark, number or underscore (JavaScript's \b
 * only knows ASCII). Text is NFKC-normalised first, so full-width or
 * ligature look-alikes do not slip through.
 */
export function wordMatcher(words: string): RegExp | undefined {
  const alternatives = list(fold(words), /,/).map((w) => escape(w).replace(/\s+/g, '\\s+'));
  if (alternatives.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{M}\\p{N}_])`, 'iu');
}

export function handles(value: string | undefined): Set<string> {
  return new Set(list(value, /[\s,]+/).map(normaliseHandle));
}

/** Blocking "name" (no server) blocks that name on every server; allowing needs the full handle, which cannot be borrowed. */
export function matchesBlocked(handle: string | undefined, blocked: Set<string>): boolean {
  if (!handle) return false;
  const h = normaliseHandle(handle);
  return blocked.has(h) || (h.includes('@') && blocked.has(h.split('@')[0]));
}

export function compileRules(options: ModerationOptions): Rule[] {
  const rules: Rule[] = [];
  if (options.hideReplies) rules.push(named('hideReplies', (p) => !p.isReply));
  if (options.hideBoosts) rules.push(named('hideBoosts', (p) => !p.isBoost));
  if (options.hideSensitive) rules.push(named('hideSensitive', (p) => !p.sensitive && !p.spoiler && !p.quote?.sensitive));
  const words = wordMatcher(options.blockWords ?? '');
  if (words) rules.push(named('blockWords', (p) => !words.test(searchText(p))));
  const blocked = handles(options.blockAccounts);
  if (blocked.size) rules.push(named('blockAccounts', (p) => !matchesBlocked(p.author.handle, blocked) && !matchesBlocked(p.booster?.handle, blocked) && !matchesBlocked(p.quote?.author.handle, blocked)));
  const allowed = handles(options.allowAccounts);
  if (allowed.size) {
    const isAllowed = (handle?: string) => handle !== undefined && allowed.has(normaliseHandle(handle));
    // A boost by an allowed account is that account's choice to share.
    rules.push(named('allowAccounts', (p) => isAllowed(p.author.handle) || isAllowed(p.booster?.handle)));
  }
  const languages = new Set(list(options.languages, /[\s,]+/).map(languageOf));
  if (languages.size) rules.push(named('languages', (p) => !p.language || languages.has(languageOf(p.language))));
  const custom = options.moderate;
  if (custom) {
    rules.push(named('moderate', (p) => {
      try {
        return custom(p) !== false;
      } catch (error) {
        console.warn('trust-widgets <trust-hashtag-feed>: the moderate() function threw; the post is hidden', error);
        return false;
      }
    }));
  }
  return rules;
}

export function isAllowed(post: Post, rules: Rule[]): boolean {
  return rules.every((rule) => rule(post));
}
