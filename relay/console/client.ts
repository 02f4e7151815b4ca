import type {ActionRequest, ActionResult, AuditList, ItemList, ListName, SessionInfo, UndoRequest} from '../moderation/api.js';

/**
 * The console's side of the admin JSON API (relay/moderation/api.ts): every
 * path under the console's base (`/admin/`), reads with `no-store`, every POST
 * with the session's CSRF token. Same origin only: the browser sends the
 * session cookie and the Origin header itself.
 */

/** A request that did not give what was asked: `status` 0 when no answer came at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The relay's own words (`{"error": "…"}`), when it gave some. */
    readonly words: string | undefined,
  ) {
    super(words ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

async function words(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as unknown;
    const error = body && typeof body === 'object' ? (body as {error?: unknown}).error : undefined;
    return typeof error === 'string' && error.trim() ? error.trim().slice(0, 500) : undefined;
  } catch {
    return undefined;
  }
}

export class ConsoleClient {
  /** Sent as X-CSRF-Token; set from the session. */
  csrf = '';

  constructor(
    /** The console's base path, ending in a slash: `/admin/`. */
    readonly base: string,
  ) {}

  get loginUrl(): string {
    return `${this.base}login`;
  }

  get logoutUrl(): string {
    return `${this.base}logout`;
  }

  get eventsUrl(): string {
    return `${this.base}api/events`;
  }

  #feedPath(feed: string, rest: string): string {
    return `${this.base}api/feeds/${encodeURIComponent(feed)}/${rest}`;
  }

  async #request<T>(path: string, init: RequestInit = {}, accept409 = false): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        ...init,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: {Accept: 'application/json', ...(init.headers as Record<string, string> | undefined)},
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError(0, undefined);
    }
    if (response.ok || (accept409 && response.status === 409)) {
      try {
        return (await response.json()) as T;
      } catch {
        throw new ApiError(response.status >= 400 ? response.status : 502, undefined);
      }
    }
    throw new ApiError(response.status, await words(response));
  }

  #post<T>(path: string, body: unknown): Promise<T> {
    return this.#request<T>(
      path,
      {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': this.csrf}, body: JSON.stringify(body)},
      true,
    );
  }

  async session(signal?: AbortSignal): Promise<SessionInfo> {
    const session = await this.#request<SessionInfo>(`${this.base}api/session`, {signal});
    this.csrf = session.csrf;
    return session;
  }

  items(feed: string, list: ListName, options: {q?: string; limit?: number; before?: string} = {}, signal?: AbortSignal): Promise<ItemList> {
    const query = new URLSearchParams({list});
    if (options.q) query.set('q', options.q);
    if (options.limit) query.set('limit', String(options.limit));
    if (options.before) query.set('before', options.before);
    return this.#request<ItemList>(this.#feedPath(feed, `items?${query}`), {signal});
  }

  act(feed: string, request: ActionRequest): Promise<ActionResult> {
    return this.#post<ActionResult>(this.#feedPath(feed, 'actions'), request);
  }

  undo(feed: string, request: UndoRequest): Promise<ActionResult> {
    return this.#post<ActionResult>(this.#feedPath(feed, 'undo'), request);
  }

  audit(feed: string, options: {limit?: number; before?: number} = {}, signal?: AbortSignal): Promise<AuditList> {
    const query = new URLSearchParams();
    if (options.limit) query.set('limit', String(options.limit));
    if (options.before !== undefined) query.set('before', String(options.before));
    return this.#request<AuditList>(this.#feedPath(feed, `audit?${query}`), {signal});
  }
}
