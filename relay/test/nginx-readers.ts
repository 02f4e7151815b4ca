import type {EventEmitter} from 'node:events';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {assertLoopback} from './nginx.js';

/**
 * Simulated readers: autocannon against a loopback URL, each request's
 * latency kept at full resolution (autocannon's own histogram rounds to 1 ms).
 * Run as a script (`node nginx-readers.js '<LoadOptions JSON>'`) it prints the
 * LoadResult as JSON: relay/test/nginx-load.ts's readers() runs it that way.
 */

// autocannon has no types of its own: what this file uses of it.
interface CannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  setupRequest?: (req: CannonRequest, context: Record<string, unknown>) => CannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
}
interface CannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  duration: number;
  requests: {total: number; average: number};
  latency: Record<string, number>;
  statusCodeStats: Record<string, {count: number}>;
}
type Cannon = (options: {url: string; connections: number; overallRate?: number; duration: number; timeout?: number; requests: CannonRequest[]}) => EventEmitter & PromiseLike<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

export interface LoadOptions {
  url: string;
  paths: string[];
  headers?: Record<string, string>;
  /** Requests per second, all connections together. */
  rate: number;
  connections: number;
  seconds: number;
  /** Send If-None-Match with the newest ETag seen for the path, as the widgets do. */
  conditional?: boolean;
  /**
   * autocannon paces by the second: each connection sends its share of a
   * second's requests at the start of that second, all connections together.
   * `phases` instances (the rate and the connections split between them)
   * start evenly across the first second, so the load is spread over each
   * second instead of arriving as one burst. Default 1.
   */
  phases?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Achieved requests per second. */
  rate: number;
  status: Record<number, number>;
  /** Connection errors, time-outs and 4xx/5xx answers. */
  errors: number;
  latency: {p50: number; p90: number; p99: number; max: number; mean: number};
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Simulated readers with autocannon, against a loopback URL; latencies in ms at full resolution (autocannon's own histogram rounds to 1 ms). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const etags = new Map<string, string>();
  const requests: CannonRequest[] = options.paths.map((path) => ({
    method: 'GET',
    path,
    headers: options.headers ?? {},
    ...(options.conditional
      ? {
          setupRequest: (req: CannonRequest) => {
            const tag = etags.get(path);
            return tag ? {...req, headers: {...options.headers, 'if-none-match': tag}} : req;
          },
          onResponse: (_status: number, _body: string, _context: Record<string, unknown>, headers: Record<string, string>) => {
            const tag = headers.etag ?? headers.ETag;
            if (tag) etags.set(path, tag);
          },
        }
      : {}),
  }));
  const latencies: number[] = [];
  const status: Record<number, number> = {};
  const phases = Math.max(1, Math.min(options.phases ?? 1, options.rate));
  const share = (total: number, i: number) => Math.floor(total / phases) + (i < total % phases ? 1 : 0);
  const results = await Promise.all(
    Array.from({length: phases}, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * 1000) / phases));
      const rate = share(options.rate, i);
      const instance = autocannon({url: options.url, connections: Math.max(1, Math.min(rate, share(options.connections, i))), overallRate: rate, duration: options.seconds, timeout: 10, requests});
      instance.on('response', (_client: unknown, code: number, _bytes: number, ms: number) => {
        latencies.push(ms);
        status[code] = (status[code] ?? 0) + 1;
      });
      return instance;
    }),
  );
  // Each instance ran for `seconds`, the later ones started up to a second later.
  const result = {errors: results.reduce((n, r) => n + r.errors, 0), timeouts: results.reduce((n, r) => n + r.timeouts, 0), duration: results.reduce((n, r) => n + r.duration, 0) / phases};
  latencies.sort((a, b) => a - b);
  const failed = Object.entries(status).reduce((sum, [code, n]) => sum + (Number(code) >= 400 ? n : 0), 0);
  return {
    requests: latencies.length,
    seconds: result.duration,
    rate: latencies.length / result.duration,
    status,
    errors: result.errors + result.timeouts + failed,
    latency: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
      mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  load(JSON.parse(process.argv[2] ?? '{}') as LoadOptions).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
