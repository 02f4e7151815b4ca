import type {EventData} from '../../src/event/model.js';
import type {AccountCount} from '../../src/follow-counter/model.js';
import type {Post} from '../../src/hashtag-feed/model.js';
import type {Problem} from '../../src/shared/events.js';
import type {Logger} from '../log.js';
import type {State} from '../state.js';
import type {Clock, Upstream} from '../upstream.js';

/**
 * One upstream source: one request per interval, however many feeds and
 * counters use it (they share it by its key). A poll returns what it read;
 * the relay commits it to the state in one transaction with the cursor.
 */
export interface SourceContext {
  upstream: Upstream;
  state: State;
  clock: Clock;
  log: Logger;
}

/** `note`: said in the log for this poll; `notice`: a lasting fact for status.json (a gap in a stream). */
export type PollResult =
  | {kind: 'posts'; posts: Post[]; problems: Problem[]; cursor?: string; note?: string; notice?: string; removed?: string[]; removedAccounts?: string[]}
  | {kind: 'count'; account: AccountCount; problems: Problem[]}
  /** `event` undefined: the server said 304, nothing changed. */
  | {kind: 'event'; event?: EventData; problems: Problem[]; cursor?: string};

export interface Source {
  /** Identifies the source in the state file and in status.json. */
  readonly key: string;
  readonly kind: PollResult['kind'];
  readonly network: 'mastodon' | 'bluesky' | 'schedule' | 'x' | 'facebook' | 'instagram';
  /** The server (or, for schedules, the URL) as people recognise it. */
  readonly server: string;
  /** The URL whose server's rate-limit hold applies. */
  readonly url: string;
  /** The shortest interval of the feeds and counters that use it, in ms. */
  intervalMs: number;
  /** The configured feeds, counters and schedules that read it. */
  readonly usedBy: Set<string>;
  poll(context: SourceContext, cursor: string | undefined): Promise<PollResult>;
  /** What `check` prints: what it fetches. */
  describe(): string;
  /** For `check`: what the platform says about access (a Mastodon server's timelines_access), in words. */
  access?(context: SourceContext): Promise<{ok: boolean; message: string}>;
  /** Ends a connection the source keeps open (Jetstream). */
  close?(): void;
}
