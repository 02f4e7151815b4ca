import {adaptBluesky} from '../../src/hashtag-feed/formats/bluesky.js';
import {isRecord} from '../../src/shared/adapter.js';
import {TrustError} from '../../src/shared/errors.js';
import type {BlueskyLogin} from '../config.js';
import type {State} from '../state.js';
import type {Clock, Upstream} from '../upstream.js';
import {HashtagFilter} from './hashtag.js';
import type {PollResult, Source, SourceContext} from './source.js';

/**
 * Bluesky. Hashtag search needs a signed-in account (anonymous searchPosts
 * answers 403), and the login service allows about 100 createSession calls a
 * day per account: so a session is made once, refreshed with its refresh
 * token before the access token expires, and made again only when the
 * refresh token is refused. Tokens live in memory only. Requests go to the
 * account's PDS (`service`), which forwards app.bsky.* calls to its AppView,
 * as Bluesky's own clients do. Profiles for counters need no login and are
 * read from the public AppView.
 */

const EARLY_MS = 5 * 60_000;
/** After the password itself was refused, no new attempt for this long: retrying cannot help and counts against the daily limit. */
const REFUSED_LOGIN_PAUSE_MS = 30 * 60_000;
/** Logins allowed in 24 hours, a margin under Bluesky's limit of about 100 a day per account. */
export const LOGINS_PER_DAY = 90;
const DAY_MS = 86_400_000;

interface Token {
  jwt: string;
  expires: number;
}

/** A JWT's `exp`, or a fallback when it cannot be read (Bluesky's access tokens last about two hours). */
export function jwtExpiry(jwt: string, fallback: number): number {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const exp = isRecord(payload) ? payload.exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : fallback;
  } catch {
    return fallback;
  }
}

export class BlueskySession {
  #access?: Token;
  #refresh?: Token;
  #refusedUntil = 0;
  #pending?: Promise<string>;

  constructor(
    readonly login: BlueskyLogin,
    private readonly upstream: Upstream,
    private readonly clock: Clock,
    private readonly state?: State,
  ) {}

  /** An access token valid for a few minutes more: the one in hand, a refreshed one, or a new login. */
  token(): Promise<string> {
    const now = this.clock.now();
    if (this.#access && this.#access.expires - now > EARLY_MS) return Promise.resolve(this.#access.jwt);
    this.#pending ??= this.#renew().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /** The access token was refused before its time: the next call renews it. */
  invalidate(): void {
    this.#access = undefined;
  }

  async #renew(): Promise<string> {
    if (this.#refresh && this.#refresh.expires > this.clock.now()) {
      const response = await this.upstream.request(`${this.login.service}/xrpc/com.atproto.server.refreshSession`, {
        method: 'POST',
        headers: {Authorization: `Bearer ${this.#refresh.jwt}`},
        accept: [400, 401],
      });
      if (response.status === 200) return this.#keep(response.text);
      this.#refresh = undefined; // refused (expired or revoked): log in afresh
    }
    return this.#create();
  }

  async #create(): Promise<string> {
    const now = this.clock.now();
    const {service, identifier} = this.login;
    const who = `${identifier} ($${this.login.appPassword.env})`;
    const refusedUntil = Math.max(this.#refusedUntil, this.state?.refusedUntil(service, identifier) ?? 0);
    if (now < refusedUntil) {
      throw new TrustError('http', `Bluesky refused the app password for ${who}; not trying again until ${new Date(refusedUntil).toISOString()}`);
    }
    const logins = this.state?.loginsSince(service, identifier, now - DAY_MS) ?? 0;
    if (logins >= LOGINS_PER_DAY) {
      throw new TrustError('rate-limited', `${logins} Bluesky logins for ${identifier} in the last 24 hours (Bluesky allows about 100 a day): not signing in again yet; run \`serve\`, or \`once\` less often`);
    }
    const response = await this.upstream.request(`${this.login.service}/xrpc/com.atproto.server.createSession`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({identifier: this.login.identifier, password: this.login.appPassword.reveal()}),
      accept: [400, 401],
    });
    if (response.status !== 200) {
      this.#refusedUntil = now + REFUSED_LOGIN_PAUSE_MS;
      this.state?.recordRefusedLogin(service, identifier, now, this.#refusedUntil);
      throw new TrustError('http', `Bluesky refused the login for ${who} (${response.status}): check the identifier and the app password`, {status: response.status});
    }
    const jwt = this.#keep(response.text);
    this.state?.recordLogin(service, identifier, now, this.#access?.expires, this.#refresh?.expires);
    return jwt;
  }

  #keep(text: string): string {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!isRecord(body) || typeof body.accessJwt !== 'string' || typeof body.refreshJwt !== 'string') {
      throw new TrustError('format', `${this.login.service} answered the login without tokens`);
    }
    const now = this.clock.now();
    this.#access = {jwt: body.accessJwt, expires: jwtExpiry(body.accessJwt, now + 2 * 3_600_000)};
    this.#refresh = {jwt: body.refreshJwt, expires: jwtExpiry(body.refreshJwt, now + 60 * 86_400_000)};
    return body.accessJwt;
  }
}

export class BlueskySearchSource implements Source {
  readonly kind = 'posts';
  readonly network = 'bluesky';
  readonly key: string;
  readonly url: string;
  readonly server: string;
  readonly usedBy = new Set<string>();
  readonly filter: HashtagFilter;

  constructor(
    readonly session: BlueskySession,
    readonly hashtag: string,
    public intervalMs: number,
  ) {
    this.server = session.login.service;
    this.filter = new HashtagFilter(hashtag);
    this.key = `bluesky ${this.server} #${hashtag.toLowerCase()} as ${session.login.identifier}`;
    this.url = `${this.server}/xrpc/app.bsky.feed.searchPosts?q=${encodeURIComponent(`#${hashtag}`)}&sort=latest&limit=100`;
  }

  describe(): string {
    return `GET ${this.url} (Bluesky search, signed in as ${this.session.login.identifier} with $${this.session.login.appPassword.env})`;
  }

  async poll({upstream}: SourceContext): Promise<PollResult> {
    const ask = (token: string) => upstream.json(this.url, {headers: {Authorization: `Bearer ${token}`}});
    let answer;
    const token = await this.session.token();
    try {
      answer = await ask(token);
    } catch (error) {
      // An access token expired or revoked before its time: renew once and ask again.
      const refused = error instanceof TrustError && (error.status === 401 || (error.status === 400 && /ExpiredToken|InvalidToken/.test(error.message)));
      if (!refused) throw error;
      this.session.invalidate();
      answer = await ask(await this.session.token());
    }
    const adapted = await adaptBluesky(answer.body);
    // Search also finds the word without its #, or inside a longer tag: keep the posts that carry this one.
    const posts = adapted.value.posts.filter((p) => this.filter.carries({text: p.text, tags: p.tags}));
    return {kind: 'posts', posts, problems: adapted.problems};
  }
}
