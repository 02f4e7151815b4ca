import {lookup as dnsLookup} from 'node:dns/promises';
import {request as httpRequest, type IncomingMessage, type ClientRequest} from 'node:http';
import {request as httpsRequest} from 'node:https';
import {isIP, isIPv4, type LookupFunction} from 'node:net';
import {addressProblem, ipv6Bytes} from './address.js';
import {headerType, IMAGE_TYPES, sniff, SNIFF_BYTES, type ImageType} from './image.js';

/**
 * The media proxy's only way out: one picture fetched from a public address.
 *
 * - http(s) only, no credentials in the URL, no cookies, no Referer, a clear
 *   User-Agent, nothing from the environment (no proxy variables).
 * - The host is resolved once (node:dns, every address of both families) and
 *   EVERY address is checked (address.ts); one private answer refuses the
 *   name, as a name that answers both ways is the DNS-rebinding trick. The
 *   connection is then made through a `lookup` that hands back only those
 *   checked addresses, so nothing is resolved twice, and the socket's remote
 *   address is checked again once connected. Literal IP hosts are checked as
 *   WHATWG URL parsing normalises them (2130706433, 0177.0.0.1, 0x7f.1 and
 *   127.1 are all 127.0.0.1 by then; [::ffff:127.0.0.1] is [::ffff:7f00:1]).
 * - Redirects are followed by hand, at most `maxRedirects`, each new target
 *   checked in the same way.
 * - Only PNG, JPEG, GIF, WebP and AVIF, by Content-Type AND by magic bytes,
 *   which must agree. SVG is refused: it is a document that can carry
 *   scripts and fetch other resources, not just a picture.
 * - A size cap (Content-Length, and counted while streaming: the connection
 *   is closed as soon as the cap is passed) and one time cap over the whole
 *   fetch, redirects and a slowly dripped body included.
 */

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a name to all its addresses; tests inject one (`evil.test` → 127.0.0.1). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchMediaOptions {
  /** Bytes; default 5 MB. */
  maxBytes?: number;
  /** The whole fetch, redirects and body included; default 10 s. */
  timeoutMs?: number;
  /** Default 3. */
  maxRedirects?: number;
  resolve?: Resolve;
  userAgent?: string;
  /**
   * FOR TESTS ONLY: exact address-and-port pairs that are let through although
   * the address is not public (the emulator's own 127.0.0.1:port). Only these
   * pairs, never a range or a host name, so it cannot open loopback or a
   * private network by accident; the relay's configuration never sets it.
   */
  testOnlyAllow?: ReadonlyArray<{address: string; port: number}>;
  /** Stops the fetch (the relay shutting down). */
  signal?: AbortSignal;
  /** Certificate authorities to trust for https instead of Node's own (tests: a self-signed test certificate). */
  ca?: string | Buffer;
}

export interface FetchedMedia {
  /** The URL asked for. */
  url: string;
  /** Where the picture was in the end (after redirects). */
  finalUrl: string;
  type: ImageType;
  /** The file name extension for the type (png, jpg, gif, webp, avif). */
  ext: string;
  body: Buffer;
}

/**
 * A refusal or a failure, in words. `permanent`: the same URL will fail the
 * same way (a refused address, not an image), so it is remembered longer
 * than a time-out or a server error.
 */
export class MediaError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export const MEDIA_USER_AGENT = 'trust-relay media proxy (+https://www.npmjs.com/package/trust-widgets)';
const ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const defaultResolve: Resolve = (hostname) => dnsLookup(hostname, {all: true, verbatim: true});

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/** One address however it is written (::ffff:808:808 is ::ffff:8.8.8.8). */
function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  const x = ipv6Bytes(a);
  const y = ipv6Bytes(b);
  return x !== undefined && y !== undefined && x.every((byte, i) => byte === y[i]);
}

interface Target {
  url: URL;
  port: number;
  /** The checked addresses, the only ones the connection may use. */
  addresses: ResolvedAddress[];
}

function allowedForTests(options: FetchMediaOptions, address: string, port: number): boolean {
  return (options.testOnlyAllow ?? []).some((a) => sameAddress(bare(a.address), address) && a.port === port);
}

/** Parses and checks one URL: scheme, credentials, host name, and every address it resolves to. */
async function target(raw: string, options: FetchMediaOptions, resolve: Resolve): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MediaError(`Refused: ${JSON.stringify(raw.slice(0, 200))} is not a URL`, true);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MediaError(`Refused: ${url.protocol} URLs are not fetched (http and https only)`, true);
  if (url.username || url.password) throw new MediaError(`Refused: ${url.host} is given with credentials in the URL`, true);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const host = bare(url.hostname).replace(/\.$/, '').toLowerCase();
  if (!host) throw new MediaError('Refused: the URL has no host', true);
  let addresses: ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{address: host, family: isIP(host)}];
  } else {
    if (host === 'localhost' || host.endsWith('.localhost')) throw new MediaError(`Refused: ${host} is this machine (localhost)`, true);
    if (!host.includes('.')) throw new MediaError(`Refused: ${host} is not a public name (no dot: a local or intranet name)`, true);
    try {
      addresses = await resolve(host);
    } catch (error) {
      const code = (error as {code?: string}).code;
      throw new MediaError(`${host} could not be resolved (${code ?? (error as Error).message})`, code === 'ENOTFOUND');
    }
    if (addresses.length === 0) throw new MediaError(`${host} has no address`, false);
  }
  for (const {address} of addresses) {
    const a = bare(address);
    if (allowedForTests(options, a, port)) continue;
    const problem = addressProblem(a);
    if (problem) throw new MediaError(isIP(host) ? `Refused: ${a} is ${problem}` : `Refused: ${host} resolves to ${a}, ${problem}`, true);
  }
  return {url, port, addresses: addresses.map(({address}) => ({address: bare(address), family: isIPv4(bare(address)) ? 4 : 6}))};
}

/** A `lookup` that resolves nothing: it hands back the addresses already checked for this host. */
function checkedLookup(t: Target): LookupFunction {
  return (hostname, options, callback) => {
    const wanted = typeof options === 'object' && options.family ? Number(options.family) : 0;
    const list = t.addresses.filter((a) => !wanted || a.family === wanted);
    if (bare(hostname).toLowerCase().replace(/\.$/, '') !== bare(t.url.hostname).toLowerCase().replace(/\.$/, '') || list.length === 0) {
      const error = Object.assign(new Error(`no checked address for ${hostname}`), {code: 'ENOTFOUND'});
      if (typeof options === 'object' && options.all) (callback as (e: Error | null, a: ResolvedAddress[]) => void)(error, []);
      else callback(error, '', 0);
      return;
    }
    if (typeof options === 'object' && options.all) (callback as (e: Error | null, a: ResolvedAddress[]) => void)(null, list);
    else callback(null, list[0].address, list[0].family);
  };
}

/**
 * Fetches one picture, or throws a MediaError that says why not. Nothing is
 * connected to before its address is checked.
 */
export async function fetchMedia(url: string, options: FetchMediaOptions = {}): Promise<FetchedMedia> {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRedirects = options.maxRedirects ?? 3;
  const resolve = options.resolve ?? defaultResolve;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, {once: true});
  if (options.signal?.aborted) controller.abort();
  const timedOut = () =>
    options.signal?.aborted ? new MediaError(`${url}: stopped (the relay is stopping)`, false) : new MediaError(`${url} took longer than ${timeoutMs / 1000} s (the time cap)`, false);
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const t = await Promise.race([
        target(current, options, resolve),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(timedOut()), {once: true})),
      ]);
      const response = await get(t, controller.signal, options.userAgent ?? MEDIA_USER_AGENT, timedOut, options.ca);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.destroy();
        const location = response.headers.location;
        if (!location) throw new MediaError(`${t.url.host} answered ${status} with no Location`, false);
        if (hop >= maxRedirects) throw new MediaError(`Refused: ${url} redirects more than ${maxRedirects} times`, true);
        try {
          current = new URL(location, t.url).href;
        } catch {
          throw new MediaError(`${t.url.host} redirected to ${JSON.stringify(location.slice(0, 200))}, which is not a URL`, true);
        }
        continue;
      }
      if (status !== 200) {
        response.destroy();
        throw new MediaError(`${t.url.host} answered ${status} ${response.statusMessage ?? ''}`.trim() + ` for ${t.url.pathname}`, status === 404 || status === 410);
      }
      return await read(response, t, url, maxBytes, controller.signal, timedOut);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}

function get(t: Target, signal: AbortSignal, userAgent: string, timedOut: () => MediaError, ca?: string | Buffer): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(timedOut());
    const send = t.url.protocol === 'https:' ? httpsRequest : httpRequest;
    let req: ClientRequest;
    try {
      req = send(t.url, {
        method: 'GET',
        agent: false,
        lookup: checkedLookup(t),
        headers: {'User-Agent': userAgent, Accept: ACCEPT, 'Accept-Encoding': 'identity', Connection: 'close'},
        signal,
        // https: the certificate is checked against the URL's host name (SNI too), whatever address was connected to.
        ...(ca ? {ca} : {}),
      });
    } catch (error) {
      return reject(new MediaError(`${t.url.host}: ${(error as Error).message}`, true));
    }
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        // Belt and braces: the peer is one of the addresses checked.
        const peer = bare(socket.remoteAddress ?? '');
        if (!t.addresses.some((a) => sameAddress(a.address, peer))) req.destroy(new MediaError(`Refused: connected to ${peer}, which was not the address checked`, true));
      });
    });
    req.on('response', resolve);
    req.on('error', (error) => {
      if (error instanceof MediaError) reject(error);
      else if (signal.aborted) reject(timedOut());
      else reject(new MediaError(`${t.url.host} could not be reached (${(error as {code?: string}).code ?? error.message})`, false));
    });
    req.end();
  });
}

function read(response: IncomingMessage, t: Target, url: string, maxBytes: number, signal: AbortSignal, timedOut: () => MediaError): Promise<FetchedMedia> {
  const host = t.url.host;
  const declared = response.headers['content-type'];
  const type = headerType(declared);
  const fail = (error: MediaError): never => {
    response.destroy();
    throw error;
  };
  if (/svg/i.test(declared ?? '')) fail(new MediaError(`Refused: ${host} sent SVG (${declared}); SVG can carry scripts, so only PNG, JPEG, GIF, WebP and AVIF are proxied`, true));
  if (!type) fail(new MediaError(`Refused: ${host} sent ${declared ? JSON.stringify(declared) : 'no Content-Type'}, not an image type (PNG, JPEG, GIF, WebP, AVIF)`, true));
  const encoding = (response.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') fail(new MediaError(`Refused: ${host} sent the picture ${encoding}-encoded though it was asked for none`, true));
  const length = Number(response.headers['content-length'] ?? NaN);
  if (length > maxBytes) fail(new MediaError(`Refused: ${host} sends ${length} bytes, more than the ${maxBytes}-byte cap`, true));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (error?: MediaError, value?: FetchedMedia) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      if (error) {
        response.destroy();
        reject(error);
      } else resolve(value!);
    };
    const onAbort = () => finish(timedOut());
    signal.addEventListener('abort', onAbort, {once: true});
    let checked = false;
    const check = (bytes: Buffer): MediaError | undefined => {
      const found = sniff(bytes);
      if ('other' in found) {
        if (found.other === 'SVG') return new MediaError(`Refused: ${host} sent SVG labelled ${type}; SVG can carry scripts, so it is not proxied`, true);
        return new MediaError(`Refused: ${host} labelled it ${type} but the content is ${found.other}`, true);
      }
      if (found.type !== type) return new MediaError(`Refused: ${host} labelled it ${type} but the content is ${found.type}`, true);
      return undefined;
    };
    response.on('data', (chunk: Buffer) => {
      if (done) return;
      total += chunk.length;
      if (total > maxBytes) return finish(new MediaError(`Refused: ${url} is larger than the ${maxBytes}-byte cap (stopped reading)`, true));
      chunks.push(chunk);
      if (!checked && total >= SNIFF_BYTES) {
        checked = true;
        const problem = check(Buffer.concat(chunks));
        if (problem) finish(problem);
      }
    });
    response.on('end', () => {
      if (done) return;
      const body = Buffer.concat(chunks);
      if (!Number.isNaN(length) && body.length !== length) return finish(new MediaError(`${host} sent ${body.length} of ${length} bytes`, false));
      const problem = checked ? undefined : check(body);
      if (problem) return finish(problem);
      finish(undefined, {url, finalUrl: t.url.href, type: type!, ext: IMAGE_TYPES[type!], body});
    });
    response.on('error', (error) => finish(error instanceof MediaError ? error : signal.aborted ? timedOut() : new MediaError(`${host}: the answer broke off (${error.message})`, false)));
    response.on('aborted', () => finish(new MediaError(`${host}: the answer broke off`, false)));
  });
}
