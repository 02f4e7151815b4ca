import {TrustError} from './errors.js';
import type {Problem} from './events.js';

/**
 * A format is an adapter: a pure function from the raw payload of a source to
 * a widget's normalised model, plus the items it had to skip and why. It may
 * be async so that a format's parser can be loaded only when it is used.
 * Throwing (ideally a TrustError of kind "format") means the payload as a
 * whole is unusable; a bad item is a Problem, never a throw.
 */
export interface AdapterContext {
  /** The widget's `timezone` (IANA), for formats whose times carry no zone. */
  timeZone: string;
  /** Where the payload came from, for resolving relative URLs. */
  baseUrl: string;
  /** The response headers of a remote source (e.g. Mastodon's `Link` for older pages). */
  headers?: Headers;
}

export interface Adapted<M> {
  value: M;
  problems: Problem[];
}

export interface Format<M> {
  /** Whether the body is JSON (parsed before `adapt`) or text (iCalendar). */
  body: 'json' | 'text';
  adapt(raw: unknown, context: AdapterContext): Adapted<M> | Promise<Adapted<M>>;
  /** True when a payload is unmistakably this format (used when `format` is absent). */
  detect?(raw: unknown): boolean;
}

export type FormatMap<M> = Record<string, Format<M>>;

/**
 * A format whose adapter is loaded the first time a payload needs it, so a
 * widget's bundle carries only the small detector of each format it can read.
 */
export function lazyFormat<M, C extends AdapterContext = AdapterContext>(
  body: Format<M>['body'],
  detect: Format<M>['detect'],
  load: () => Promise<(raw: unknown, context: C) => Adapted<M> | Promise<Adapted<M>>>,
): Format<M> {
  // Kept once loaded: import() of a loaded chunk still settles in a later task in Chromium, behind frames and image loads.
  let adapter: Awaited<ReturnType<typeof load>> | undefined;
  return {
    body,
    detect,
    adapt: async (raw, context) => {
      adapter ??= await load();
      return adapter(raw, context as C);
    },
  };
}

/** Type guard for plain JSON objects. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, trimmed, or undefined when missing, empty or not a string. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}

/** An http(s) or mailto URL, resolved against a base, or undefined. */
export function safeUrl(value: unknown, base?: string, allowMailto = true): string | undefined {
  const s = str(value);
  if (!s) return undefined;
  try {
    const url = new URL(s, base);
    if (url.protocol === 'http:' || url.protocol === 'https:' || (allowMailto && url.protocol === 'mailto:')) return url.href;
  } catch {
    /* not a URL */
  }
  return undefined;
}

/** Turns a fetched body into what the format's adapter takes: JSON, or text for text formats. */
export function parseBody<M>(formats: FormatMap<M>, format: string | undefined, result: {url: string; status: number; text: string}): unknown {
  const spec = format ? formats[format] : undefined;
  if (spec?.body === 'text') return result.text;
  try {
    return JSON.parse(result.text);
  } catch {
    const textFormat = !format && sniff(formats, result.text, true);
    if (textFormat) return result.text;
    const looksHtml = /^\s*</.test(result.text);
    throw new TrustError(
      'not-json',
      looksHtml ? 'The server sent a web page instead of data (is the address right?)' : 'The server sent something that is not JSON',
      {url: result.url, status: result.status},
    );
  }
}

/** The one format that recognises a payload, if exactly one does. */
function sniff<M>(formats: FormatMap<M>, raw: unknown, textOnly = false): string | undefined {
  const matches = Object.entries(formats).filter(
    ([, f]) => (!textOnly || f.body === 'text') && (f.body === 'text') === (typeof raw === 'string') && f.detect?.(raw),
  );
  return matches.length === 1 ? matches[0][0] : undefined;
}

/** Adapts a parsed body with the requested format, or the one format that recognises it. */
export async function adapt<M>(
  formats: FormatMap<M>,
  requested: string | undefined,
  raw: unknown,
  context: AdapterContext,
  where: string,
): Promise<Adapted<M> & {format: string}> {
  const name = requested || sniff(formats, raw);
  const format: Format<M> | undefined = name ? formats[name] : undefined;
  if (!name) {
    throw new TrustError('format', `Could not tell which format the data from ${where} is in: set the format attribute to one of ${Object.keys(formats).join(', ')}`);
  }
  if (!format) {
    throw new TrustError('config', `Unknown format "${name}": use one of ${Object.keys(formats).join(', ')}`);
  }
  if (format.body === 'json' && typeof raw === 'string' && where !== 'property') {
    throw new TrustError('not-json', `Expected JSON for the ${name} format`);
  }
  const adapted = await format.adapt(raw, context);
  return {...adapted, format: name};
}
