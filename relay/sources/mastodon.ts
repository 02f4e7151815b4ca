import {adaptMastodon} from '../../src/hashtag-feed/formats/mastodon.js';
import {isRecord} from '../../src/shared/adapter.js';
import {TrustError} from '../../src/shared/errors.js';
import type {Secret} from '../secrets.js';
import type {PollResult, Source, SourceContext} from './source.js';

/**
 * Mastodon and the servers that speak its API (Akkoma, Pleroma, GoToSocial):
 * a hashtag timeline, paged forward with `min_id` from the newest post seen,
 * so nothing between two polls is missed (account lookups for counters are in account.ts).
 */

/** Ids are numbers (Mastodon), flake ids (Akkoma) or ULIDs (GoToSocial): all sort by length, then as text. */
export function newerId(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

function newestId(statuses: unknown[]): string | undefined {
  let newest: string | undefined;
  for (const s of statuses) {
    const id = typeof s === 'object' && s !== null ? (s as {id?: unknown}).id : undefined;
    if (typeof id === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(id) && (!newest || newerId(id, newest))) newest = id;
  }
  return newest;
}

const PAGE = 40;

export class MastodonTagSource implements Source {
  readonly kind = 'posts';
  readonly network = 'mastodon';
  readonly key: string;
  readonly url: string;
  readonly usedBy = new Set<string>();

  constructor(
    readonly server: string,
    readonly hashtag: string,
    public intervalMs: number,
    public accessToken?: Secret,
  ) {
    this.key = `mastodon ${server} #${hashtag.toLowerCase()}`;
    this.url = `${server}/api/v1/timelines/tag/${encodeURIComponent(hashtag)}`;
  }

  describe(): string {
    return `GET ${this.url}?limit=${PAGE}&min_id=… (Mastodon hashtag timeline${this.accessToken ? `, signed in with $${this.accessToken.env}` : ''})`;
  }

  /**
   * Whether this server's hashtag timelines need a login: Mastodon 4.5 says so in
   * /api/v2/instance (configuration.timelines_access.hashtag_feeds: local and
   * remote, each public, authenticated or disabled); servers in secure mode and
   * GoToSocial answer 401 without a token.
   */
  async access({upstream}: SourceContext): Promise<{ok: boolean; message: string}> {
    const token = this.accessToken ? ` (a token is configured: $${this.accessToken.env})` : '';
    const missing = this.accessToken ? '' : `: give "${this.server}" an "accessToken"`;
    try {
      const headers: Record<string, string> = this.accessToken ? {Authorization: `Bearer ${this.accessToken.reveal()}`} : {};
      const {body} = await upstream.json(`${this.server}/api/v2/instance`, {headers});
      const feeds = isRecord(body) && isRecord(body.configuration) && isRecord(body.configuration.timelines_access) ? body.configuration.timelines_access.hashtag_feeds : undefined;
      if (!isRecord(feeds)) return {ok: true, message: 'the server does not say whether hashtag timelines need a login (before Mastodon 4.5); a 401 from the timeline would say so'};
      const local = String(feeds.local);
      const remote = String(feeds.remote);
      const needsLogin = [local, remote].includes('authenticated');
      const disabled = [local, remote].includes('disabled');
      const words = `hashtag timelines: this server's posts ${local}, other servers' posts ${remote}`;
      if (needsLogin && !this.accessToken) return {ok: false, message: `${words}; they need a login${missing}`};
      return {ok: !disabled || local !== 'disabled', message: `${words}${token}${disabled ? ' (disabled parts are not read)' : ''}`};
    } catch (error) {
      if (error instanceof TrustError && (error.status === 401 || error.status === 403)) {
        return {ok: Boolean(this.accessToken), message: `the server answers nothing without a token (secure mode or GoToSocial)${this.accessToken ? ', and refused this one' : missing}`};
      }
      return {ok: true, message: `could not read /api/v2/instance (${(error as Error).message})`};
    }
  }

  async poll({upstream}: SourceContext, cursor: string | undefined): Promise<PollResult> {
    const url = new URL(this.url);
    url.searchParams.set('limit', String(PAGE));
    if (cursor) url.searchParams.set('min_id', cursor);
    const headers: Record<string, string> = this.accessToken ? {Authorization: `Bearer ${this.accessToken.reveal()}`} : {};
    let answer;
    try {
      answer = await upstream.json(url.href, {headers});
    } catch (error) {
      if (error instanceof TrustError && (error.status === 401 || error.status === 403)) {
        const why = this.accessToken
          ? `${this.server} refused the access token from $${this.accessToken.env} (${error.status})`
          : `${this.server} keeps its hashtag timelines for signed-in users (${error.status}): give it an "accessToken"`;
        throw new TrustError('http', why, {url: url.href, status: error.status});
      }
      throw error;
    }
    const body = answer.body;
    if (!Array.isArray(body)) throw new TrustError('format', `${this.server} did not answer with a list of posts (is it a Mastodon-compatible server?)`, {url: url.href});
    const adapted = await adaptMastodon(body, {baseUrl: this.server, timeZone: 'UTC', headers: answer.response.headers});
    const newest = newestId(body);
    const note = body.length >= PAGE ? 'a full page: the rest follows at the next poll' : undefined;
    return {kind: 'posts', posts: adapted.value.posts, problems: adapted.problems, cursor: newest && (!cursor || newerId(newest, cursor)) ? newest : cursor, note};
  }
}
