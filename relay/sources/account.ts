import {bluesky, mastodon} from '../../src/follow-counter/adapters.js';
import type {Counter} from '../../src/follow-counter/model.js';
import type {Format} from '../../src/shared/adapter.js';
import type {PollResult, Source, SourceContext} from './source.js';

/**
 * A follower count: one account read with the counter widget's own adapter,
 * a Mastodon account lookup or a Bluesky profile from the public AppView
 * (neither needs a login).
 */
export class AccountSource implements Source {
  readonly kind = 'count';
  readonly key: string;
  readonly usedBy = new Set<string>();

  private constructor(
    readonly network: 'mastodon' | 'bluesky',
    readonly server: string,
    readonly account: string,
    public intervalMs: number,
    readonly url: string,
    private readonly format: Format<Counter>,
    private readonly what: string,
  ) {
    this.key = `${network} ${server} @${account.toLowerCase()}`;
  }

  static mastodon(server: string, account: string, intervalMs: number): AccountSource {
    return new AccountSource('mastodon', server, account, intervalMs, `${server}/api/v1/accounts/lookup?acct=${encodeURIComponent(account)}`, mastodon, 'Mastodon account lookup');
  }

  static bluesky(appview: string, account: string, intervalMs: number): AccountSource {
    return new AccountSource('bluesky', appview, account, intervalMs, `${appview}/xrpc/app.bsky.actor.getProfile?actor=${encodeURIComponent(account)}`, bluesky, 'Bluesky profile, no login');
  }

  describe(): string {
    return `GET ${this.url} (${this.what})`;
  }

  async poll({upstream}: SourceContext): Promise<PollResult> {
    const {body} = await upstream.json(this.url);
    const adapted = await this.format.adapt(body, {baseUrl: this.url, timeZone: 'UTC'});
    return {kind: 'count', account: {...adapted.value.accounts[0], source: this.key}, problems: adapted.problems};
  }
}
