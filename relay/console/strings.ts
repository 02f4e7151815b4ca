import type {ActionName, AuditEntry, ListName, ModerationMode} from '../moderation/api.js';

/**
 * The moderation console's text, in British English. Counts arrive as numbers
 * (for plurals) and as Intl-formatted text. The post itself is worded by the
 * feed's own strings (src/hashtag-feed/strings.ts), as readers see it.
 */
export interface ConsoleStrings {
  title: string;
  signedInAs: (user: string) => string;
  signOut: string;
  loading: string;
  sessionEnded: string;
  signInAgain: string;
  feed: string;
  feedOption: (name: string, hashtag: string) => string;
  lists: string;
  listNames: Record<ListName, string>;
  audit: string;
  posts: (count: number) => string;
  mode: Record<ModerationMode, string>;
  modeNote: Record<ModerationMode, Record<ListName, string>>;
  searchLabel: string;
  searchButton: string;
  clearSearch: string;
  matches: (count: number, formatted: string, list: string, q: string) => string;
  empty: (list: string) => string;
  /** The list or the log could not be read (the reason follows; then the feed's own Try again). */
  listFailed: string;
  emptySearch: (list: string, q: string) => string;
  older: string;
  loadingOlder: string;
  actions: Record<ActionName, string>;
  /** The status line after an action, before its Undo button. */
  done: Record<ActionName, string>;
  undo: string;
  undone: string;
  nothingToUndo: string;
  alreadyThere: Record<'approve' | 'hide', string>;
  public: string;
  /** The accessible names of a post's badges and of its buttons, and the word between two keys of one shortcut. */
  stateLabel: string;
  actionsLabel: string;
  keyOr: string;
  notPublic: string;
  pinned: string;
  authorBlocked: string;
  verdictLabel: string;
  ruleNames: Record<string, string>;
  ruleVerdict: (rule: string, reason: string) => string;
  at: (reason: string, time: string) => string;
  noVerdict: string;
  picture: (alt: string | undefined) => string;
  video: (alt: string | undefined) => string;
  audio: (alt: string | undefined) => string;
  sensitive: string;
  unreadable: string;
  confirmBlockTitle: string;
  confirmBlock: (who: string, network: string) => string;
  confirmBlockButton: string;
  cancel: string;
  help: string;
  helpTitle: string;
  close: string;
  keysLine: string;
  shortcuts: Array<[keys: string[], what: string]>;
  newPosts: (count: number, formatted: string) => string;
  decidedByOther: (actor: string, action: ActionName | 'undo') => string;
  auditHeading: string;
  auditEmpty: string;
  auditActions: Record<AuditEntry['action'], string>;
  auditBy: (actor: string) => string;
  auditUndone: (id: number) => string;
  auditUndoes: (id: number) => string;
  auditOlder: string;
  errors: {
    offline: string;
    forbidden: string;
    server: (status: number) => string;
    failed: string;
    notFound: string;
  };
}

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

export const consoleStrings: ConsoleStrings = {
  title: 'Moderation',
  signedInAs: (user) => `Signed in as ${user}`,
  signOut: 'Sign out',
  loading: 'Loading…',
  sessionEnded: 'Your session has ended:',
  signInAgain: 'sign in again',
  feed: 'Feed',
  feedOption: (name, hashtag) => `#${hashtag} (${name})`,
  lists: 'Lists of posts',
  listNames: {queue: 'Queue', published: 'Published', hidden: 'Hidden'},
  audit: 'Audit log',
  posts: (count) => plural(count, 'post', 'posts'),
  mode: {'approve-first': 'Approve first', 'publish-then-review': 'Publish, then review'},
  modeNote: {
    'approve-first': {
      queue: 'Waiting for a decision. Readers see none of these until you approve them.',
      published: 'Approved or from a trusted account: readers see these.',
      hidden: 'Hidden by a moderator, a rule or a blocked author: readers do not see these.',
    },
    'publish-then-review': {
      queue: 'Not yet reviewed. These are already public: hide any that should not be.',
      published: 'Approved or from a trusted account: readers see these.',
      hidden: 'Hidden by a moderator, a rule or a blocked author: readers do not see these.',
    },
  },
  searchLabel: 'Search posts by text or author',
  searchButton: 'Search',
  clearSearch: 'Clear search',
  matches: (count, formatted, list, q) => `${formatted} ${plural(count, 'post', 'posts')} in ${list} ${plural(count, 'matches', 'match')} “${q}”.`,
  empty: (list) => `There are no posts in ${list}.`,
  listFailed: 'This could not be loaded:',
  emptySearch: (list, q) => `No posts in ${list} match “${q}”.`,
  older: 'Show older posts',
  loadingOlder: 'Loading older posts…',
  actions: {approve: 'Approve', hide: 'Hide', pin: 'Pin', unpin: 'Unpin', block: 'Block author', unblock: 'Unblock author'},
  done: {approve: 'Approved.', hide: 'Hidden.', pin: 'Pinned.', unpin: 'Unpinned.', block: 'Author blocked.', unblock: 'Author unblocked.'},
  undo: 'Undo',
  undone: 'Undone.',
  nothingToUndo: 'There is nothing to undo.',
  alreadyThere: {approve: 'This post is already published.', hide: 'This post is already hidden.'},
  public: 'Public',
  stateLabel: 'Status',
  actionsLabel: 'Decide',
  keyOr: 'or',
  notPublic: 'Not public',
  pinned: 'Pinned',
  authorBlocked: 'Author blocked',
  verdictLabel: 'Why here:',
  ruleNames: {
    blockWords: 'blocked words',
    blockAccounts: 'blocked accounts',
    allowAccounts: 'allowed accounts only',
    hideReplies: 'hide replies',
    hideBoosts: 'hide boosts',
    hideSensitive: 'hide sensitive posts',
    languages: 'languages',
  },
  ruleVerdict: (rule, reason) => `Rule “${rule}”: ${reason}`,
  at: (reason, time) => `${reason} (${time})`,
  noVerdict: 'No decision yet.',
  picture: (alt) => (alt ? `Picture: ${alt}` : 'Picture without a description'),
  video: (alt) => (alt ? `Video: ${alt}` : 'Video without a description'),
  audio: (alt) => (alt ? `Audio: ${alt}` : 'Audio without a description'),
  sensitive: 'Media marked sensitive:',
  unreadable: 'This post could not be shown as readers see it:',
  confirmBlockTitle: 'Block this author?',
  confirmBlock: (who, network) => `Block ${who} on ${network}? All their posts are hidden, and any they write later.`,
  confirmBlockButton: 'Block author',
  cancel: 'Cancel',
  help: 'Keyboard shortcuts',
  helpTitle: 'Keyboard shortcuts',
  close: 'Close',
  keysLine: 'Keys:',
  shortcuts: [
    [['j', '↓'], 'next post'],
    [['k', '↑'], 'previous post'],
    [['a'], 'approve'],
    [['h'], 'hide'],
    [['p'], 'pin or unpin'],
    [['b'], 'block or unblock the author (asks first)'],
    [['u'], 'undo the last action'],
    [['/'], 'search'],
    [['?'], 'this list of shortcuts'],
  ],
  newPosts: (count, formatted) => `${formatted} new ${plural(count, 'post', 'posts')} in the queue`,
  decidedByOther: (actor, action) =>
    `${actor} ${
      {approve: 'approved', hide: 'hid', pin: 'pinned', unpin: 'unpinned', block: 'blocked the author of', unblock: 'unblocked the author of', undo: 'undid a decision on'}[action]
    } the post you were on.`,
  auditHeading: 'Audit log',
  auditEmpty: 'No decisions yet.',
  auditActions: {
    approve: 'Approved',
    hide: 'Hid',
    pin: 'Pinned',
    unpin: 'Unpinned',
    block: 'Blocked the author',
    unblock: 'Unblocked the author',
    undo: 'Undid',
    'auto-hide': 'Hidden automatically',
    'auto-approve': 'Approved automatically',
  },
  auditBy: (actor) => (actor.startsWith('rule:') ? `rule “${actor.slice(5)}”` : actor === 'trusted' ? 'trusted account' : actor),
  auditUndone: (id) => `Undone (entry ${id})`,
  auditUndoes: (id) => `entry ${id}`,
  auditOlder: 'Show older entries',
  errors: {
    offline: 'The relay could not be reached. Check your connection and try again.',
    forbidden: 'The relay refused this request. Reload the page and try again.',
    server: (status) => `The relay had a problem (error ${status}). Please try again.`,
    failed: 'That did not work. Please try again.',
    notFound: 'That post or feed is no longer there. The list has been reloaded.',
  },
};
