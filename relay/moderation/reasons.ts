import type {Post} from '../../src/hashtag-feed/model.js';
import {handles, languageOf, list, matchesBlocked, searchText, wordMatcher, type ModerationOptions, type Rule, type RuleName} from '../../src/hashtag-feed/moderation.js';

/**
 * Why a rule hid a post, in words for a moderator ('Contains the blocked word
 * "scam"'), from the widget's own rules (src/hashtag-feed/moderation.ts, each
 * named by its option). The sentences live here, on the relay's side, so the
 * widget's bundle, which only asks whether a post may be shown, does not carry
 * them.
 */

export interface Rejection {
  rule: RuleName;
  reason: string;
}

const quoted = (s: string) => `"${s}"`;

function reasonFor(rule: RuleName, post: Post, options: ModerationOptions): string {
  switch (rule) {
    case 'hideReplies':
      return 'A reply';
    case 'hideBoosts':
      return 'A boost';
    case 'hideSensitive':
      return post.spoiler ? `Has a content warning (${quoted(post.spoiler)})` : post.sensitive ? 'Marked sensitive' : 'Quotes a post marked sensitive';
    case 'blockWords': {
      const text = searchText(post);
      const word = list(options.blockWords, /,/).find((w) => wordMatcher(w)?.test(text));
      return word ? `Contains the blocked word ${quoted(word)}` : 'Contains a blocked word';
    }
    case 'blockAccounts': {
      const blocked = handles(options.blockAccounts);
      if (matchesBlocked(post.author.handle, blocked)) return `From a blocked account (@${post.author.handle ?? ''})`;
      if (matchesBlocked(post.booster?.handle, blocked)) return `Boosted by a blocked account (@${post.booster?.handle ?? ''})`;
      return `Quotes a blocked account (@${post.quote?.author.handle ?? ''})`;
    }
    case 'allowAccounts':
      return 'Not from an allowed account';
    case 'languages':
      return `In a language not shown (${post.language ? languageOf(post.language) : 'unknown'})`;
    case 'moderate':
      return 'Hidden by the custom rule';
  }
}

/** The first rule that hides the post, with its reason; undefined when every rule lets it through. */
export function rejection(post: Post, rules: Rule[], options: ModerationOptions): Rejection | undefined {
  const rule = rules.find((r) => !r(post));
  return rule && {rule: rule.rule, reason: reasonFor(rule.rule, post, options)};
}
