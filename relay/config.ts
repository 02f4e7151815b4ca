import {readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ErrorObject} from 'ajv';
import {Ajv2020} from 'ajv/dist/2020.js';
import {isValidTimeZone} from '../src/shared/time.js';
import {Secret} from './secrets.js';

/**
 * Reads and checks the relay's configuration (schemas/relay.schema.json is
 * the contract, and the validator: the schema and the relay cannot disagree).
 * Every problem names its key and says what is wrong; the relay starts only
 * on a file with none.
 */

export interface MastodonServer {
  instance: string;
  accessToken?: Secret;
}

export interface BlueskyLogin {
  identifier: string;
  appPassword: Secret;
  service: string;
}

export interface BlueskyFeed {
  /** Jetstream instances in failover order; empty: poll searchPosts with the login instead. */
  jetstream: string[];
  login?: BlueskyLogin;
  /** Where public reads (getPosts) go. */
  appview: string;
}

export type ModerationMode = 'publish-then-review' | 'approve-first';

export interface Moderation {
  /** How people decide in the console: published at once and reviewed after, or held until approved. */
  mode: ModerationMode;
  /** Handles approved automatically in approve-first mode, besides the trust's own (the counters' accounts). */
  trustedAccounts: string[];
  blockWords: string[];
  blockAccounts: string[];
  allowAccounts: string[];
  hideReplies: boolean;
  hideBoosts: boolean;
  hideSensitive: boolean;
  languages: string[];
}

/** An X recent-search feed, read with the trust's bearer token (billed per post read: see maxPostsPerDay). */
export interface XFeed {
  bearerToken: Secret;
  query: string;
  apiBase: string;
  /** Posts read from X per UTC day at most; at the limit, X polling pauses until 00:00 UTC. */
  maxPostsPerDay: number;
}

export interface XAccount {
  username: string;
  bearerToken: Secret;
  apiBase: string;
}

/** A Facebook Page or an Instagram professional account, read through the Graph API at a pinned version. */
export interface GraphAccount {
  id: string;
  pageToken: Secret;
  version: string;
  apiBase: string;
}

export interface FeedConfig {
  name: string;
  /** Without the #. */
  hashtag: string;
  mastodon: MastodonServer[];
  bluesky?: BlueskyFeed;
  x?: XFeed;
  refresh: number;
  maxPosts: number;
  moderation: Moderation;
}

export interface CounterConfig {
  name: string;
  mastodon: Array<{instance: string; account: string}>;
  bluesky: Array<{account: string; appview: string}>;
  x: XAccount[];
  facebook: GraphAccount[];
  instagram: GraphAccount[];
  refresh: number;
  label?: string;
  /** ISO date-time of the event's start, published for since="event-start". */
  eventStart?: string;
}

export interface ScheduleConfig {
  name: string;
  src: string;
  format?: 'native' | 'sessionize' | 'frab' | 'ical';
  timezone: string;
  refresh: number;
}

export interface AdminConfig {
  /** The console's own address; undefined: served on `listen`. */
  listen?: {host: string; port: number};
  /** Sign-in by the single sign-on proxy's header, believed only from its addresses. */
  trustedHeader?: {name: string; fromAddresses: string[]};
  /** 'auto': Secure when the request came over https. */
  secureCookies: 'auto' | boolean;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Origins the console may be used from besides its own. */
  origins: string[];
  media: 'none';
}

export interface RelayConfig {
  file: string;
  listen: {host: string; port: number};
  admin: AdminConfig;
  out: string;
  state: string;
  /** Origins allowed by CORS; `*` only when the file says so. */
  allowOrigins: string[];
  timeoutMs: number;
  maxResponseBytes: number;
  feeds: FeedConfig[];
  counters: CounterConfig[];
  schedules: ScheduleConfig[];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`}`);
  }
}

export const X_API_BASE = 'https://api.x.com';
export const GRAPH_API_BASE = 'https://graph.facebook.com';
export const GRAPH_API_VERSION = 'v24.0';
export const DEFAULT_X_POSTS_PER_DAY = 1000;

export const SCHEMA_PATH = fileURLToPath(new URL('../../../schemas/relay.schema.json', import.meta.url));
const DEFAULT_BLUESKY_SERVICE = 'https://bsky.social';
export const PUBLIC_BLUESKY_APPVIEW = 'https://public.api.bsky.app';
export const OFFICIAL_JETSTREAMS = [
  'wss://jetstream1.us-east.bsky.network',
  'wss://jetstream2.us-east.bsky.network',
  'wss://jetstream1.us-west.bsky.network',
  'wss://jetstream2.us-west.bsky.network',
];

let validator: ReturnType<Ajv2020['compile']> | undefined;

function validate(raw: unknown): ErrorObject[] {
  validator ??= new Ajv2020({allErrors: true, strict: false, verbose: true, validateFormats: false}).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  return validator(raw) ? [] : [...(validator.errors ?? [])];
}

/** "/feeds/somewk/mastodon/1/accessToken" → "feeds.somewk.mastodon[1].accessToken". */
function keyOf(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  return parts.reduce((key, part) => (/^\d+$/.test(part) ? `${key}[${part}]` : key ? `${key}.${part}` : part), '') || '(the file)';
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `is missing "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `has an unknown key "${String(p.additionalProperty)}"`;
    case 'propertyNames':
      return `has a name that cannot be a file name ("${String(p.propertyName)}"): use lower-case letters, digits, - and _`;
    case 'pattern':
      return error.parentSchema && typeof error.parentSchema.description === 'string' ? `is not valid: ${error.parentSchema.description}` : 'is not in the expected form';
    case 'minimum':
      return `must be ${String(p.limit)} or more`;
    case 'maximum':
      return `must be ${String(p.limit)} or less`;
    case 'minItems':
      return p.limit === 1 ? 'must list at least one' : `must list at least ${String(p.limit)}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anyOf':
      return error.parentSchema && typeof error.parentSchema.description === 'string' ? `is not valid: ${error.parentSchema.description}` : 'is not in any of the accepted forms';
    default:
      return error.message ?? 'is not valid';
  }
}

/** Of the errors an anyOf collects, the ones that speak to the value as written (an object's keys, not "must be string"). */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  return errors.filter((e) => {
    const here = byPath.get(e.instancePath)!;
    const others = here.filter((o) => o.keyword !== 'anyOf' && o.keyword !== 'type');
    if (e.keyword === 'type') return others.length === 0 && !here.some((o) => o.keyword === 'anyOf');
    if (e.keyword === 'anyOf') return others.length === 0 && !errors.some((o) => o.instancePath.startsWith(`${e.instancePath}/`));
    return true;
  });
}

/** The keys an anyOf wants one of (a feed's hashtag or x; a counter's platforms), missing at one place, said once: 'is missing "hashtag" (or "x")'. */
function alternatives(errors: ErrorObject[]): ErrorObject[] {
  const missing = new Map<string, ErrorObject[]>();
  for (const e of errors) if (e.keyword === 'required' && e.schemaPath.includes('/anyOf/')) missing.set(e.instancePath, [...(missing.get(e.instancePath) ?? []), e]);
  return errors.flatMap((e) => {
    const group = missing.get(e.instancePath);
    if (!group?.includes(e) || group.length < 2) return [e];
    if (group[0] !== e) return [];
    const [first, ...rest] = group.map((g) => JSON.stringify(String((g.params as {missingProperty: unknown}).missingProperty)));
    return [{...e, keyword: 'alternatives', message: `is missing ${first} (or ${rest.join(', ')})`}];
  });
}

const SECRET_KEYS = new Set(['accessToken', 'appPassword', 'password', 'token', 'secret', 'apiKey', 'bearerToken', 'clientSecret', 'pageToken']);

/** Secrets written as values: each named by its key (never quoted). */
function literalSecrets(value: unknown, pointer = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => literalSecrets(v, `${pointer}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    SECRET_KEYS.has(key) && typeof v === 'string'
      ? [`${keyOf(`${pointer}/${key}`)}: a secret must not be written in the file; put it in an environment variable and write {"env": "NAME"}`]
      : literalSecrets(v, `${pointer}/${key}`),
  );
}

function parseListen(value: string, problems: string[], key = 'listen'): {host: string; port: number} {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) {
    problems.push(`${key}: "${value}" is not host:port (for example "127.0.0.1:8787")`);
    return {host: '127.0.0.1', port: 8787};
  }
  return {host: m[1] ?? m[2], port};
}

/** The file as the schema allows it (the types of what `validate` has checked). */
interface RawSecret {
  env: string;
}
type RawServer = string | {instance: string; accessToken?: RawSecret};
interface RawFeed {
  hashtag?: string;
  x?: {bearerToken: RawSecret; query?: string; apiBase?: string; maxPostsPerDay?: number};
  mastodon?: RawServer[];
  bluesky?: {jetstream?: string | string[] | false; identifier?: string; appPassword?: RawSecret; service?: string; appview?: string};
  refresh?: number;
  maxPosts?: number;
  moderation?: Partial<Moderation>;
}
interface RawCounter {
  mastodon?: Array<string | {instance: string; account: string}>;
  bluesky?: Array<string | {account: string; appview?: string}>;
  x?: {usernames: string[]; bearerToken: RawSecret; apiBase?: string};
  facebook?: {pages: string[]; pageToken: RawSecret; version?: string; apiBase?: string};
  instagram?: {accounts: string[]; pageToken: RawSecret; version?: string; apiBase?: string};
  refresh?: number;
  label?: string;
  eventStart?: string;
}
interface RawSchedule {
  src: string;
  format?: ScheduleConfig['format'];
  timezone?: string;
  refresh?: number;
}
interface RawConfig {
  listen?: string;
  adminListen?: string;
  adminAuth?: {trustedHeader: string; fromAddresses: string[]};
  admin?: {secureCookies?: 'auto' | boolean; sessionIdleMinutes?: number; sessionHours?: number; origins?: string[]; media?: 'none'};
  out?: string;
  state?: string;
  allowOrigins?: string[];
  timeoutSeconds?: number;
  maxResponseBytes?: number;
  feeds?: Record<string, RawFeed>;
  counters?: Record<string, RawCounter>;
  schedules?: Record<string, RawSchedule>;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** A `{"env": NAME}` as a Secret, or a problem when the variable is not set. */
function secret(raw: RawSecret | undefined, key: string, env: NodeJS.ProcessEnv, problems: string[]): Secret | undefined {
  if (!raw) return undefined;
  const value = env[raw.env];
  if (value === undefined || value === '') {
    problems.push(`${key}: the environment variable ${raw.env} is not set`);
    return undefined;
  }
  return new Secret(raw.env, value);
}

/** "@nelft@nhs.social" → {instance: "https://nhs.social", account: "nelft"}. */
function mastodonAccount(value: string | {instance: string; account: string}): {instance: string; account: string} {
  if (typeof value !== 'string') return {instance: trimSlash(value.instance), account: value.account.replace(/^@/, '')};
  const [name, server] = value.replace(/^@/, '').split('@');
  return {instance: `https://${server}`, account: name};
}

export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): RelayConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`is not valid JSON (${(error as Error).message})`]);
  }
  const secrets = literalSecrets(raw);
  const schemaProblems = alternatives(simplify(validate(raw))).map((e) => `${keyOf(e.instancePath)}: ${describe(e)}`);
  // A literal secret is also a type error in the schema: say it once, in its own words.
  const problems = [...new Set([...secrets, ...schemaProblems.filter((p) => !secrets.some((s) => s.split(':')[0] === p.split(':')[0]))])];
  if (problems.length) throw new ConfigError(file, problems);

  const c = raw as RawConfig;
  const folder = dirname(resolve(file));
  const listen = parseListen(c.listen ?? '127.0.0.1:8787', problems);
  const adminListen = c.adminListen === undefined ? undefined : parseListen(c.adminListen, problems, 'adminListen');
  if (adminListen && adminListen.host === listen.host && adminListen.port === listen.port) problems.push('adminListen: is the same address as "listen"; leave it out to serve the console there');
  const feeds: FeedConfig[] = Object.entries(c.feeds ?? {}).map(([name, f]) => {
    const m = f.moderation ?? {};
    const bluesky = f.bluesky;
    const password = bluesky && secret(bluesky.appPassword, `feeds.${name}.bluesky.appPassword`, env, problems);
    const jetstream = bluesky?.jetstream === false ? [] : typeof bluesky?.jetstream === 'string' ? [bluesky.jetstream] : (bluesky?.jetstream ?? OFFICIAL_JETSTREAMS);
    if (bluesky && jetstream.length === 0 && !bluesky.identifier) problems.push(`feeds.${name}.bluesky: "jetstream": false polls searchPosts, which needs "identifier" and "appPassword"`);
    const x = f.x;
    const bearer = x && secret(x.bearerToken, `feeds.${name}.x.bearerToken`, env, problems);
    // A feed of X alone may leave out the hashtag: the query's first #tag names it (for the file and the console).
    const hashtag = (f.hashtag ?? /#([\p{L}\p{M}\p{N}_]+)/u.exec(x?.query ?? '')?.[1] ?? '').replace(/^#/, '');
    if (!f.hashtag && x && !x.query) problems.push(`feeds.${name}: give "hashtag", or "x.query", so X knows what to search for`);
    else if (!hashtag) problems.push(`feeds.${name}: has no "hashtag", and "x.query" names none (write one, such as "#NelftSoMeWeek -is:retweet", or add "hashtag")`);
    const feed: FeedConfig = {
      name,
      hashtag,
      x: x && bearer ? {bearerToken: bearer, query: x.query ?? `#${hashtag} -is:retweet`, apiBase: trimSlash(x.apiBase ?? X_API_BASE), maxPostsPerDay: x.maxPostsPerDay ?? DEFAULT_X_POSTS_PER_DAY} : undefined,
      mastodon: (f.mastodon ?? []).map((s, i) =>
        typeof s === 'string' ? {instance: trimSlash(s)} : {instance: trimSlash(s.instance), accessToken: secret(s.accessToken, `feeds.${name}.mastodon[${i}].accessToken`, env, problems)},
      ),
      bluesky: bluesky && {
        jetstream: jetstream.map(trimSlash),
        login: bluesky.identifier && password ? {identifier: bluesky.identifier, appPassword: password, service: trimSlash(bluesky.service ?? DEFAULT_BLUESKY_SERVICE)} : undefined,
        appview: trimSlash(bluesky.appview ?? PUBLIC_BLUESKY_APPVIEW),
      },
      refresh: f.refresh ?? 60,
      maxPosts: f.maxPosts ?? 200,
      moderation: {
        mode: m.mode ?? 'publish-then-review',
        trustedAccounts: m.trustedAccounts ?? [],
        blockWords: m.blockWords ?? [],
        blockAccounts: m.blockAccounts ?? [],
        allowAccounts: m.allowAccounts ?? [],
        hideReplies: m.hideReplies ?? false,
        hideBoosts: m.hideBoosts ?? false,
        hideSensitive: m.hideSensitive ?? false,
        languages: m.languages ?? [],
      },
    };
    if (feed.mastodon.length === 0 && !bluesky && !x) problems.push(`feeds.${name}: has no source: give "mastodon" servers, "bluesky" or "x"`);
    return feed;
  });
  const counters: CounterConfig[] = Object.entries(c.counters ?? {}).map(([name, k]) => {
    const xToken = k.x && secret(k.x.bearerToken, `counters.${name}.x.bearerToken`, env, problems);
    const graph = (which: 'facebook' | 'instagram', ids: string[] | undefined): GraphAccount[] => {
      const g = k[which];
      const token = g && secret(g.pageToken, `counters.${name}.${which}.pageToken`, env, problems);
      if (!g || !token) return [];
      return [...new Set((ids ?? []).map((id) => id.trim()))].map((id) => ({id, pageToken: token, version: g.version ?? GRAPH_API_VERSION, apiBase: trimSlash(g.apiBase ?? GRAPH_API_BASE)}));
    };
    const usernames = [...new Set((k.x?.usernames ?? []).map((u) => u.trim().replace(/^@/, '')))];
    return {
      name,
      mastodon: (k.mastodon ?? []).map(mastodonAccount),
      bluesky: (k.bluesky ?? []).map((b) => (typeof b === 'string' ? {account: b.replace(/^@/, ''), appview: PUBLIC_BLUESKY_APPVIEW} : {account: b.account.replace(/^@/, ''), appview: trimSlash(b.appview ?? PUBLIC_BLUESKY_APPVIEW)})),
      x: k.x && xToken ? usernames.map((username) => ({username, bearerToken: xToken, apiBase: trimSlash(k.x!.apiBase ?? X_API_BASE)})) : [],
      facebook: graph('facebook', k.facebook?.pages),
      instagram: graph('instagram', k.instagram?.accounts),
      refresh: k.refresh ?? 300,
      label: k.label,
      eventStart: k.eventStart,
    };
  });
  const schedules: ScheduleConfig[] = Object.entries(c.schedules ?? {}).map(([name, s]) => {
    const timezone = s.timezone ?? 'Europe/London';
    if (!isValidTimeZone(timezone)) problems.push(`schedules.${name}.timezone: "${String(timezone)}" is not an IANA time zone (for example "Europe/London")`);
    return {name, src: s.src, format: s.format, timezone, refresh: s.refresh ?? 600};
  });
  if (feeds.length + counters.length + schedules.length === 0) problems.push('(the file): has nothing to do: add "feeds", "counters" or "schedules"');
  if (problems.length) throw new ConfigError(file, problems);
  return {
    file: resolve(file),
    listen,
    admin: {
      listen: adminListen,
      trustedHeader: c.adminAuth && {name: c.adminAuth.trustedHeader.toLowerCase(), fromAddresses: c.adminAuth.fromAddresses},
      secureCookies: c.admin?.secureCookies ?? 'auto',
      sessionIdleMs: (c.admin?.sessionIdleMinutes ?? 30) * 60_000,
      sessionMaxMs: (c.admin?.sessionHours ?? 12) * 3_600_000,
      origins: c.admin?.origins ?? [],
      media: c.admin?.media ?? 'none',
    },
    out: resolve(folder, c.out ?? './public/social'),
    state: resolve(folder, c.state ?? './relay-state.sqlite'),
    allowOrigins: c.allowOrigins ?? [],
    timeoutMs: (c.timeoutSeconds ?? 15) * 1000,
    maxResponseBytes: c.maxResponseBytes ?? 10 * 1024 * 1024,
    feeds,
    counters,
    schedules,
  };
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): RelayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  return parseConfig(text, file, env);
}

