import {isRecord, safeUrl, str, type AdapterContext, type Adapted, type Format} from '../shared/adapter.js';
import {TrustError} from '../shared/errors.js';
import type {Problem} from '../shared/events.js';
import {parseDateTime} from '../shared/time.js';
import type {AccountCount, Counter, HistoryPoint} from './model.js';
import {readPath} from './path.js';
import {blueskyActor} from '../shared/bluesky-actor.js';
import {readSources} from '../shared/read-sources.js';

/**
 * The adapters of a follower count, loaded on first use (formats.ts holds the
 * detectors that stay in the widget's bundle). Each turns one answer into a Counter with
 * one account; several sources are summed by combineCounters.
 *
 * - `mastodon`: the Account entity of `GET /api/v1/accounts/lookup?acct=`.
 * - `bluesky`: the profileViewDetailed of `app.bsky.actor.getProfile`.
 * - `native`: `{count, history?, label?, url?, account?, network?, name?, accounts?, eventStart?, sources?}` (schemas/followers.schema.json).
 * - `json`: any JSON, with the number at the element's `path`.
 */

/** What the counter's adapters are told besides the shared context: the `path` attribute. */
export interface CounterContext extends AdapterContext {
  path?: string;
}

/**
 * A follower count: a whole number, 0 or more (digits in a string too, as some
 * APIs send them), that JavaScript counts exactly (at most 2^53 - 1, so sums
 * and growth stay exact and finite).
 */
export function toCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : typeof value === 'number' && value >= 0 ? Math.round(value) : NaN;
  // + 0 turns -0 (JSON can say "-0") into 0, which is not shown as "-0".
  return Number.isSafeInteger(n) && n >= 0 ? n + 0 : undefined;
}

/** A value as an error message quotes it: short, and "missing" rather than "undefined". */
function shown(value: unknown): string {
  return value === undefined ? 'missing' : (JSON.stringify(value) ?? typeof value).slice(0, 40);
}

/** A single-account counter. */
function counter(account: AccountCount, history: HistoryPoint[] = [], label?: string): Adapted<Counter> {
  return {value: {count: account.count, accounts: [account], history, label}, problems: []};
}

/** An API's error object (`{"error": "Record not found"}`) as a TrustError. */
function apiError(raw: unknown, network: string, url: string): TrustError | undefined {
  if (!isRecord(raw) || typeof raw.error !== 'string') return undefined;
  const said = (str(raw.message) ?? raw.error).slice(0, 200);
  const notFound = /not\s*found/i.test(`${raw.error} ${said}`);
  return new TrustError(notFound ? 'not-found' : 'format', `${network} answered: ${said}`, {url});
}

export const mastodon: Format<Counter> = {
  body: 'json',
  adapt(raw, {baseUrl}) {
    const error = apiError(raw, 'Mastodon', baseUrl);
    if (error) throw error;
    if (!isRecord(raw)) throw new TrustError('format', 'Expected a Mastodon account (an object with followers_count)', {url: baseUrl});
    const acct = str(raw.acct) ?? str(raw.username);
    const account = acct ? `@${acct}` : 'this account';
    // A suspended account is gone from its server, whatever count the answer still carries.
    if (raw.suspended === true) throw new TrustError('not-found', `The Mastodon account ${account} is suspended`, {url: baseUrl});
    const count = toCount(raw.followers_count);
    if (count === undefined) {
      // Mastodon sends -1 for a remote account whose server hides its count.
      throw new TrustError('format', `This Mastodon account has no usable followers_count (${shown(raw.followers_count)})`, {url: baseUrl});
    }
    const adapted = counter({
      count,
      network: 'mastodon',
      account: acct ? account : undefined,
      name: str(raw.display_name),
      url: safeUrl(raw.url, baseUrl, false),
      source: baseUrl,
    });
    // An account that moved keeps its old count while its followers move to the new one: say so, and where.
    const moved = isRecord(raw.moved) ? str(raw.moved.acct) : undefined;
    const problems = moved ? [{where: account, reason: `${account} has moved to @${moved}: its followers are moving there, so count that account instead`}] : [];
    return {...adapted, problems};
  },
};

export const bluesky: Format<Counter> = {
  body: 'json',
  adapt(raw, {baseUrl}) {
    const error = apiError(raw, 'Bluesky', baseUrl);
    if (error) throw error;
    if (!isRecord(raw)) throw new TrustError('format', 'Expected a Bluesky profile (an object with followersCount)', {url: baseUrl});
    const count = toCount(raw.followersCount);
    if (count === undefined) throw new TrustError('format', `This Bluesky profile has no usable followersCount (${shown(raw.followersCount)})`, {url: baseUrl});
    // A handle that no longer verifies comes back as "handle.invalid": the DID still identifies the account.
    const actor = blueskyActor(raw.handle, raw.did);
    return counter({
      count,
      network: 'bluesky',
      account: actor.handle ? `@${actor.handle}` : actor.did,
      name: str(raw.displayName),
      url: actor.url,
      source: baseUrl,
    });
  },
};

/** One account of the native format (the file itself, or a row of its `accounts`), counted from `baseUrl`. */
function nativeAccount(raw: Record<string, unknown>, count: number, baseUrl: string): AccountCount {
  return {count, network: str(raw.network), account: str(raw.account), name: str(raw.name), url: safeUrl(raw.url, baseUrl, false), source: baseUrl};
}

/**
 * A row of `accounts`: as the file's own account, with its own `history`
 * (for one network's growth and sparkline), and `stale` with `since` when
 * the count is the last one read (trust-relay keeps it in the total).
 */
function accountRow(raw: Record<string, unknown>, count: number, baseUrl: string, timeZone: string, i: number, problems: Problem[]): AccountCount {
  const row = nativeAccount(raw, count, baseUrl);
  if (raw.history !== undefined) {
    const found: Problem[] = [];
    row.history = readHistory(raw.history, timeZone, found);
    problems.push(...found.map((p) => ({where: `accounts[${i}].${p.where}`, reason: p.reason})));
  }
  if (raw.stale === true) {
    row.stale = true;
    const since = parseDateTime(raw.since, timeZone);
    if (since) row.readAt = since.getTime();
    else if (raw.since !== undefined) problems.push({where: `accounts[${i}].since`, reason: 'not a date-time'});
  }
  return row;
}

export const native: Format<Counter> = {
  body: 'json',
  adapt(raw, {baseUrl, timeZone}) {
    if (!isRecord(raw)) throw new TrustError('format', 'Expected an object with a "count"', {url: baseUrl});
    const count = toCount(raw.count);
    if (count === undefined) throw new TrustError('format', `"count" must be a whole number of followers, 0 or more (it is ${shown(raw.count)})`, {url: baseUrl});
    const problems: Problem[] = [];
    const history = readHistory(raw.history, timeZone, problems);
    const accounts = readAccounts(raw.accounts, count, baseUrl, timeZone, problems);
    const eventStart = parseDateTime(raw.eventStart, timeZone);
    if (raw.eventStart !== undefined && !eventStart) problems.push({where: 'eventStart', reason: 'not a date-time'});
    const value: Counter = {count, accounts: accounts ?? [nativeAccount(raw, count, baseUrl)], history, label: str(raw.label)};
    if (eventStart) value.eventStart = eventStart.getTime();
    const sources = readSources(raw.sources, timeZone, problems);
    if (sources) value.sources = sources;
    return {value, problems};
  },
};

/**
 * The native `accounts`: the accounts a summed `count` is made of (trust-relay
 * adds a Mastodon and a Bluesky account), each read like the file's own
 * account. A bad row is skipped and counted; without a usable row the file
 * is one account. The total stays the file's `count`.
 */
function readAccounts(raw: unknown, count: number, baseUrl: string, timeZone: string, problems: Problem[]): AccountCount[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    problems.push({where: 'accounts', reason: 'not a list of {count, network?, account?, name?, url?}'});
    return undefined;
  }
  const rows: AccountCount[] = [];
  raw.slice(0, 20).forEach((row, i) => {
    const n = isRecord(row) ? toCount(row.count) : undefined;
    if (n === undefined) problems.push({where: `accounts[${i}]`, reason: '"count" is not a whole number, 0 or more'});
    else rows.push(accountRow(row as Record<string, unknown>, n, baseUrl, timeZone, i, problems));
  });
  if (raw.length > 20) problems.push({where: 'accounts', reason: 'only the first 20 accounts are read'});
  const sum = rows.reduce((total, row) => total + row.count, 0);
  if (rows.length && sum !== count) problems.push({where: 'accounts', reason: `the accounts add up to ${sum}, not to "count" (${count})`});
  return rows.length ? rows : undefined;
}

/** The native `history`: points with a date and a count, sorted; bad points are skipped and counted. */
function readHistory(raw: unknown, timeZone: string, problems: Problem[]): HistoryPoint[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push({where: 'history', reason: 'not a list of {at, count}'});
    return [];
  }
  const byTime = new Map<number, number>();
  raw.forEach((point, i) => {
    const at = isRecord(point) ? parseDateTime(point.at, timeZone) : undefined;
    const count = isRecord(point) ? toCount(point.count) : undefined;
    if (!at) problems.push({where: `history[${i}]`, reason: 'no valid date in "at"'});
    else if (count === undefined) problems.push({where: `history[${i}]`, reason: '"count" is not a whole number, 0 or more'});
    else byTime.set(at.getTime(), count); // a repeated moment: the later entry wins
  });
  return [...byTime].map(([at, count]) => ({at, count})).sort((a, b) => a.at - b.at);
}

/** Any JSON, with the count at the element's `path` ("data.stats[0].followers", `["followers"]`). */
export const json: Format<Counter> = {
  body: 'json',
  adapt(raw, {baseUrl, path}: CounterContext) {
    if (!path) throw new TrustError('config', 'The json format needs a path attribute saying where the count is');
    let value: unknown;
    try {
      value = readPath(raw, path);
    } catch (error) {
      throw error instanceof TrustError ? new TrustError(error.kind, error.message, {url: baseUrl}) : error;
    }
    const count = toCount(value);
    if (count === undefined) {
      const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'string' ? `the text ${JSON.stringify(value.slice(0, 40))}` : `${typeof value} ${shown(value)}`;
      throw new TrustError('format', `The value at path "${path}" is ${what}, not a number of followers`, {url: baseUrl});
    }
    return counter({count, source: baseUrl});
  },
};
