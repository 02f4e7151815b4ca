import {safeUrl} from '../shared/adapter.js';
import type {SourceSpec} from '../shared/data-controller.js';

/**
 * From the element's attributes to the URLs it reads. Each account in
 * `account` and each URL in `src` (both space-separated) is one source; the
 * widget sums them.
 *
 * An account's network is, in order: its prefix (`mastodon:NELFT`,
 * `bluesky:nelft.bsky.social`); the `format` attribute when it names a
 * network; else its shape, which is unambiguous: `@user@server` is Mastodon
 * (looked up on `instance`, or on its own server), a DID or a name with a dot
 * is a Bluesky handle (Mastodon's local usernames have no dot), and a bare
 * name is a Mastodon user on `instance`.
 */

export type Network = 'mastodon' | 'bluesky';

export const DEFAULT_BLUESKY_API = 'https://public.api.bsky.app';

/** A source with what the widget needs to explain it: the account and where it was looked up. */
export interface CounterSource extends SourceSpec {
  network?: Network;
  /** The account as written, with a leading "@" ("@NELFT", "@nelft.bsky.social"). */
  account?: string;
  /** The Mastodon server's host name; undefined for Bluesky, whose accounts are on "Bluesky". */
  server?: string;
}

export interface SourceAttributes {
  src?: string;
  account?: string;
  instance?: string;
  format?: string;
  blueskyApi?: string;
}

export interface ResolvedSources {
  sources: CounterSource[];
  /** Accounts that could not become a source, and why (for the console). */
  invalid: string[];
}

const NETWORKS: readonly string[] = ['mastodon', 'bluesky'];

export function resolveSources(attributes: SourceAttributes, baseUri: string): ResolvedSources {
  const sources: CounterSource[] = [];
  const invalid: string[] = [];
  for (const url of words(attributes.src, /\s+/)) {
    sources.push({url: new URL(url, baseUri).href, format: attributes.format});
  }
  const instance = apiBase(attributes.instance, baseUri);
  const blueskyApi = apiBase(attributes.blueskyApi || DEFAULT_BLUESKY_API, baseUri);
  const defaultNetwork = NETWORKS.includes(attributes.format ?? '') ? (attributes.format as Network) : undefined;
  for (const word of words(attributes.account, /[\s,]+/)) {
    const prefixed = /^(mastodon|bluesky):(.+)$/i.exec(word);
    const handle = (prefixed?.[2] ?? word).replace(/^@/, '');
    const network = (prefixed?.[1].toLowerCase() as Network | undefined) ?? defaultNetwork ?? networkOf(handle);
    if (network === 'bluesky') {
      if (!blueskyApi) invalid.push(`${word}: bluesky-api is not an http(s) URL`);
      else sources.push({url: new URL(`xrpc/app.bsky.actor.getProfile?actor=${encodeURIComponent(handle)}`, blueskyApi).href, format: 'bluesky', network, account: handle.startsWith('did:') ? handle : `@${handle}`});
      continue;
    }
    const server = handle.includes('@') ? handle.slice(handle.indexOf('@') + 1) : undefined;
    const base = instance ?? (server ? apiBase(server, baseUri) : undefined);
    if (!base) {
      invalid.push(`${word}: set instance (the Mastodon server's address) or write the account as @user@server`);
      continue;
    }
    sources.push({url: new URL(`api/v1/accounts/lookup?acct=${encodeURIComponent(handle)}`, base).href, format: 'mastodon', network, account: `@${handle}`, server: new URL(base).host});
  }
  return {sources, invalid};
}

function networkOf(handle: string): Network {
  if (handle.startsWith('did:')) return 'bluesky';
  if (handle.includes('@')) return 'mastodon';
  return handle.includes('.') ? 'bluesky' : 'mastodon';
}

function words(value: string | undefined, separator: RegExp): string[] {
  return value?.split(separator).filter(Boolean) ?? [];
}

/** A server's base URL ending in "/", so API paths resolve below it; a bare host name means https. */
function apiBase(value: string | undefined, baseUri: string): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const withScheme = /^[a-z][a-z\d+.-]*:/i.test(trimmed) || trimmed.startsWith('/') ? trimmed : `https://${trimmed}`;
  const url = safeUrl(withScheme, baseUri, false);
  return url && (url.endsWith('/') ? url : `${url}/`);
}
