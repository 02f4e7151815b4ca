/**
 * The moderation console's JSON API: the contract between the relay's admin
 * server (relay/admin/) and the console page (relay/console/). Types only, so
 * the browser code imports it without pulling in anything of Node's.
 *
 * Every path is under /admin/. Reads are GET; every state-changing request is
 * a POST with the session's CSRF token in `X-CSRF-Token` and an allowed
 * `Origin`, and answers JSON.
 *
 *   GET  /admin/                         the console page (303 to /admin/login without a session)
 *   GET  /admin/login                    the sign-in form (no script); POST /admin/login signs in (303 to /admin/)
 *   POST /admin/logout                   ends the session on the server (303 to /admin/login)
 *   GET  /admin/api/session              SessionInfo
 *   GET  /admin/api/feeds/:feed/items?list=queue|published|hidden&q=TEXT&limit=N&before=KEY   ItemList
 *   POST /admin/api/feeds/:feed/actions  ActionRequest → ActionResult (409 with `conflict` when the post changed meanwhile)
 *   POST /admin/api/feeds/:feed/undo     UndoRequest → ActionResult (409 when already undone or overtaken)
 *   GET  /admin/api/feeds/:feed/audit?limit=N&before=ID   AuditList
 *   GET  /admin/api/events               server-sent events: `changed` with ChangeEvent data
 *
 * Errors are {"error": "words for the moderator"} with the HTTP status.
 */

export type ModerationMode = 'publish-then-review' | 'approve-first';

/**
 * Where a post is: `queue` (no person has decided yet: held back in
 * approve-first, already public in publish-then-review), `published`
 * (approved, or trusted) or `hidden` (by a person, a rule or a blocked author).
 */
export type ListName = 'queue' | 'published' | 'hidden';

export type ActionName = 'approve' | 'hide' | 'pin' | 'unpin' | 'block' | 'unblock';

/** Why a post is where it is. */
export interface Verdict {
  /** `rule`: an automatic rule of the config; `trusted`: an own or trusted account; `person`: a moderator; `block`: its author is blocked. */
  by: 'rule' | 'trusted' | 'person' | 'block';
  /** The rule's name (`blockWords`, `blockAccounts`, `allowAccounts`, `hideReplies`, `hideBoosts`, `hideSensitive`, `languages`). */
  rule?: string;
  /** In words, for the moderator: 'Contains the blocked word "scam"', 'Approved by alice'. */
  reason: string;
  /** The moderator, for `person` and `block`. */
  actor?: string;
  /** ISO 8601. */
  at: string;
}

export interface ModeratedItem {
  /** The post's key (the model's postKey): stable across polls and networks. */
  key: string;
  feed: string;
  list: ListName;
  /** Whether readers see it now (publish-then-review shows the queue; approve-first does not). */
  public: boolean;
  pinned: boolean;
  /** Its author is blocked on its network. */
  authorBlocked: boolean;
  /** Grows with every decision on this post; an action names the version it was decided on. */
  version: number;
  verdict?: Verdict;
  /** The post as the feed's file carries it (schemas/post.schema.json), for the library's own rendering. */
  post: Record<string, unknown>;
}

export interface ItemList {
  feed: string;
  mode: ModerationMode;
  list: ListName;
  /** Newest first (pinned first in `published`). */
  items: ModeratedItem[];
  /** Of the whole feed, whatever the search. */
  counts: Record<ListName, number>;
  /** The key to pass as `before` for the next page, when there is one. */
  next?: string;
}

export interface ActionRequest {
  key: string;
  action: ActionName;
  /** The item's version the moderator saw. */
  version: number;
}

export interface UndoRequest {
  /** The audit entry to undo (a moderator's own or anyone's). */
  auditId: number;
}

export type ActionResult =
  | {ok: true; item: ModeratedItem; auditId: number; counts: Record<ListName, number>}
  /** Someone else decided first: what they did, in words ("Hidden by bob at 10:31"), and the post as it is now. */
  | {ok: false; conflict: true; message: string; item: ModeratedItem; counts: Record<ListName, number>};

export interface AuditEntry {
  id: number;
  /** ISO 8601. */
  at: string;
  /** A moderator's name, or `rule:<name>` / `trusted` for the automatic verdicts. */
  actor: string;
  action: ActionName | 'undo' | 'auto-hide' | 'auto-approve';
  feed: string;
  key: string;
  network: string;
  /** The post's author's handle. */
  author: string;
  /** The first 140 characters of the post's text, so the record stays readable after the post is gone. */
  excerpt: string;
  reason?: string;
  /** For `undo`: the entry it undid. */
  undoes?: number;
  /** Set on an entry that was later undone. */
  undoneBy?: number;
}

export interface AuditList {
  feed: string;
  entries: AuditEntry[];
  next?: number;
}

export interface SessionInfo {
  user: string;
  /** Sent back as X-CSRF-Token on every POST. */
  csrf: string;
  /** How the moderator signed in: the relay's own account, or the SSO proxy's header. */
  via: 'password' | 'proxy';
  feeds: Array<{name: string; hashtag: string; mode: ModerationMode; counts: Record<ListName, number>}>;
  /** Pictures: 'none' shows their alt text and loads nothing from the platforms. */
  media: 'none';
}

/** `changed`: posts arrived, left or were decided on in a feed (the console re-reads the list it shows). */
export interface ChangeEvent {
  feed: string;
  counts: Record<ListName, number>;
  /** New posts that reached the queue in this change. */
  added: number;
  /** The keys decided on, and by whom (so a second moderator sees who moved a post away). */
  decided?: Array<{key: string; actor: string; action: ActionName | 'undo'}>;
}

/**
 * The server side's moderation service (relay/moderation/moderation.ts), as
 * the admin HTTP layer uses it. Throws ModerationError (status and words) for
 * an unknown feed or post, or an action that cannot apply ("Show it before
 * pinning it").
 */
export interface ModerationService {
  feeds(): SessionInfo['feeds'];
  list(feed: string, list: ListName, options?: {q?: string; limit?: number; before?: string}): ItemList;
  act(feed: string, request: ActionRequest, actor: string): ActionResult;
  undo(feed: string, request: UndoRequest, actor: string): ActionResult;
  audit(feed: string, options?: {limit?: number; before?: number}): AuditList;
  counts(feed: string): Record<ListName, number>;
  /** Every change, after it is committed and the feed's file republished. Returns the unsubscribe. */
  onChange(listener: (event: ChangeEvent) => void): () => void;
}
