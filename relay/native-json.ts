import type {EventData, Session} from '../src/event/model.js';
import type {AccountCount, HistoryPoint} from '../src/follow-counter/model.js';
import type {Author, Block, Emoji, Inline, Post} from '../src/hashtag-feed/model.js';
import {dayKey} from '../src/shared/time.js';

/**
 * The models the widgets' adapters produce, written back as the widgets'
 * native formats (schemas/post.schema.json, followers.schema.json,
 * event.schema.json), so that the native adapter reads back the same model:
 * the relay adapts once with the widgets' own adapters and the widgets then
 * read its files as they read any native file (tested as a round trip).
 * Nothing here is a timestamp of the relay's own: a file changes only when
 * what a reader would see changes, so its ETag does too.
 */

const SCHEMAS = 'https://unpkg.com/trust-widgets/schemas';

type Json = Record<string, unknown>;

/** Drops undefined, empty-list and false-default keys, so files stay small and stable. */
function compact<T extends Json>(object: T): T {
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete object[key];
  }
  return object;
}

/** Text as HTML text or attribute value (the five characters that matter, as numeric references). */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function inlineHtml(node: Inline): string {
  switch (node.t) {
    case 'text':
      return escapeHtml(node.text);
    case 'br':
      return '<br>';
    case 'emoji':
      return `:${escapeHtml(node.code)}:`;
    case 'a': {
      const cls = node.kind === 'tag' ? ' class="hashtag" rel="tag"' : node.kind === 'mention' ? ' class="mention"' : '';
      return `<a href="${escapeHtml(node.href)}"${cls}>${node.children.map(inlineHtml).join('')}</a>`;
    }
  }
}

/** The model's rich text as the small HTML the native format's `html` takes (the widget sanitises it again). */
export function blocksToHtml(blocks: Block[]): string {
  return blocks.map((b) => `<p>${b.children.map(inlineHtml).join('')}</p>`).join('');
}

/** The emoji a post's text uses, from its content tree. */
function emojisOf(blocks: Block[] | undefined): Emoji[] {
  const found = new Map<string, Emoji>();
  const visit = (nodes: Inline[]) => {
    for (const n of nodes) {
      if (n.t === 'emoji') found.set(n.code, {code: n.code, url: n.url});
      else if (n.t === 'a') visit(n.children);
    }
  };
  for (const b of blocks ?? []) visit(b.children);
  return [...found.values()];
}

function author(a: Author): Json {
  return compact({name: a.name, handle: a.handle, avatar: a.avatar, url: a.url, emojis: a.emojis});
}

export function nativePost(post: Post, withQuote = true): Json {
  return compact({
    id: post.uri ?? `${post.network}:${post.id}`,
    network: post.network,
    url: post.url,
    uri: post.uri,
    author: author(post.author),
    boostedBy: post.booster && author(post.booster),
    boostedAt: post.boostedAt?.toISOString(),
    created: post.created.toISOString(),
    ...(post.content ? {html: blocksToHtml(post.content)} : {text: post.text}),
    emojis: emojisOf(post.content),
    contentWarning: post.spoiler,
    sensitive: post.sensitive || undefined,
    media: post.media.map((m) => compact({...m})),
    language: post.language,
    isReply: post.isReply || undefined,
    tags: post.tags,
    card: post.card && compact({...post.card}),
    quote: withQuote && post.quote ? nativePost(post.quote, false) : undefined,
  });
}

/**
 * One upstream source of a file, as its readers are told: so a page can say
 * "Posts from Bluesky not updated since 09:40" instead of looking fresh.
 */
export interface SourceState {
  network: string;
  /** The server, service or instance. */
  source: string;
  state: 'ok' | 'failing' | 'paused';
  /** When it entered this state. */
  since: string;
  /** Seconds between the relay's polls of it. */
  interval: number;
  message?: string;
}

/** A feed's file; posts in `pinned` (moderators' pins, listed first by the caller) carry `"pinned": true`. */
export function feedDocument(hashtag: string, posts: Post[], sources: SourceState[] = [], pinned: ReadonlySet<Post> = new Set()): Json {
  return {$schema: `${SCHEMAS}/post.schema.json`, hashtag, ...(sources.length ? {sources} : {}), posts: posts.map((p) => (pinned.has(p) ? {...nativePost(p), pinned: true} : nativePost(p)))};
}

export interface CounterParts {
  accounts: AccountCount[];
  history: HistoryPoint[];
  label?: string;
  eventStart?: string;
  sources?: SourceState[];
}

const DAY_MS = 86_400_000;
/** How far back an account's own history keeps every sample; before that, one a day. */
export const ROW_DETAIL_MS = 7 * DAY_MS;

/**
 * An account's own history as its row carries it: every sample of the last
 * week, and before that the last sample of each UTC day, so a counter of five
 * networks kept for months does not publish five copies of three months of
 * hourly samples (the summed `history` keeps its full resolution).
 */
export function rowHistory(history: HistoryPoint[], now: number): HistoryPoint[] {
  return history.filter((p, i) => {
    if (now - p.at <= ROW_DETAIL_MS) return true;
    const next = history[i + 1];
    return !next || Math.floor(next.at / DAY_MS) !== Math.floor(p.at / DAY_MS);
  });
}

const historyJson = (history: HistoryPoint[]) => history.map((p) => ({at: new Date(p.at).toISOString(), count: p.count}));

/**
 * A counter: the total, the one account's details or each account's row with
 * its own history, and the summed history. An account whose platform could
 * not be read since keeps its last count, with `stale: true` and `since` (when
 * it was last read), and the file's `stale` names its networks, so the total
 * says it holds a last-known count rather than dropping by that account.
 */
export function counterDocument({accounts, history, label, eventStart, sources}: CounterParts): Json {
  const count = accounts.reduce((sum, a) => sum + a.count, 0);
  const several = accounts.length > 1;
  const row = (a: AccountCount) =>
    compact({
      count: a.count,
      network: a.network,
      account: a.account,
      name: a.name,
      url: a.url,
      stale: a.stale || undefined,
      since: a.stale && a.readAt !== undefined ? new Date(a.readAt).toISOString() : undefined,
      history: several && a.history ? historyJson(a.history) : undefined,
    });
  const single = accounts.length === 1 ? row(accounts[0]) : {};
  const stale = [...new Set(accounts.filter((a) => a.stale).map((a) => a.network ?? a.source))];
  return compact({
    $schema: `${SCHEMAS}/followers.schema.json`,
    ...single,
    count,
    label,
    eventStart,
    sources,
    stale,
    accounts: several ? accounts.map(row) : undefined,
    history: historyJson(history),
  });
}

function sessionJson(s: Session, timeZone: string): Json {
  // All-day sessions: dates in the event's zone; the model's end is the exclusive midnight, the format's the last day.
  const start = s.start && (s.allDay ? dayKey(s.start, timeZone) : s.start.toISOString());
  const end = s.end && (s.allDay ? dayKey(new Date(s.end.getTime() - 1), timeZone) : s.end.toISOString());
  return compact({
    id: s.id,
    title: s.title,
    description: s.description,
    start,
    end,
    allDay: s.allDay || undefined,
    type: s.type,
    track: s.track,
    room: s.roomId,
    location: s.location,
    audience: s.audience,
    speakers: s.speakerIds,
    links: s.links.map((l) => compact({...l})),
    status: s.status === 'scheduled' ? undefined : s.status,
    statusNote: s.statusNote,
    service: s.service || undefined,
    plenary: s.plenary || undefined,
    language: s.language,
  });
}

export function eventDocument(data: EventData): Json {
  const zone = data.event.timeZone;
  return compact({
    $schema: `${SCHEMAS}/event.schema.json`,
    event: compact({...data.event}),
    rooms: data.rooms.map((r) => ({id: r.id, name: r.name})),
    tracks: data.tracks,
    speakers: data.speakers.map((s) =>
      compact({id: s.id, name: s.name, role: s.role, organisation: s.organisation, tagline: s.tagline, bio: s.bio, photo: s.photo, links: s.links.map((l) => ({...l})), featured: s.featured || undefined}),
    ),
    sessions: data.sessions.map((s) => sessionJson(s, zone)),
  });
}
