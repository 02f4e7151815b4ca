import type {ErrorKind} from './errors.js';

/**
 * UI text common to every widget, in British English. Every string can be
 * replaced through a widget's `strings` property (partial overrides are
 * merged), so a partner can translate or re-word anything.
 */
export interface CommonStrings {
  loading: string;
  retry: string;
  empty: string;
  /** The discreet notice shown when a refresh failed but older data is on screen. */
  stale: (time: string) => string;
  errors: Record<ErrorKind, string>;
  /** Appended to the error message when the server asked us to wait. */
  retrying: string;
  /** Said once when some items in the source could not be shown. */
  skipped: (count: number) => string;
}

export const commonStrings: CommonStrings = {
  loading: 'Loading…',
  retry: 'Try again',
  empty: 'There is nothing to show yet.',
  stale: (time) => `Couldn’t update — showing what we had at ${time}.`,
  errors: {
    network: 'We couldn’t reach the server. Check your connection and try again.',
    timeout: 'The server took too long to answer. Please try again.',
    http: 'The server had a problem sending this information. Please try again later.',
    'not-found': 'We couldn’t find this information. The link to it may be wrong or out of date.',
    'rate-limited': 'The server is busy. We will try again shortly.',
    'not-json': 'The information came back in a form we couldn’t read.',
    format: 'The information is not in a format this widget understands.',
    config: 'This widget has not been given any information to show.',
  },
  retrying: 'We will try again automatically.',
  skipped: (count) => `${count} ${count === 1 ? 'item' : 'items'} could not be shown.`,
};

/** Merges a widget's defaults with the page's overrides (one level deep, so `errors` can be partly replaced). */
export function mergeStrings<S extends object>(defaults: S, overrides: Partial<S> | undefined): S {
  if (!overrides) return defaults;
  const merged = {...defaults} as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const base = (defaults as unknown as Record<string, unknown>)[key];
    // Text where a sentence function is expected (or the reverse) would break rendering: the default stays.
    if (base !== undefined && typeof value !== typeof base) {
      console.warn(`trust-widgets: strings.${key} is not a ${typeof base}; ignored`);
      continue;
    }
    merged[key] =
      value && typeof value === 'object' && base && typeof base === 'object' ? {...base, ...value} : value;
  }
  return merged as unknown as S;
}
