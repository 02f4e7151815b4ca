import {Secret} from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined | null>;

/**
 * One line per event. Human-readable by default:
 *   2026-12-03T10:00:00.000Z info  poll.ok source=mastodon:https://nhs.social#nelftsomeweek posts=3
 * or one JSON object per line with `--log json`. Every line passes through
 * Secret.redact, whatever its fields hold.
 */
export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

export function createLogger(format: 'text' | 'json', write: (line: string) => void = (line) => process.stderr.write(line), quiet = false): Logger {
  return {
    log(level, event, fields = {}) {
      if (quiet && level === 'debug') return;
      const time = new Date().toISOString();
      let line: string;
      if (format === 'json') {
        line = JSON.stringify({time, level, event, ...fields});
      } else {
        const parts = Object.entries(fields)
          .filter(([, value]) => value !== undefined && value !== null)
          .map(([key, value]) => `${key}=${typeof value === 'string' && /[\s"=]/.test(value) ? JSON.stringify(value) : value}`);
        line = [time, level.padEnd(5), event, ...parts].join(' ');
      }
      // No control characters from upstream text may forge a second log line.
      write(`${Secret.redact(line).replace(/[\r\n\u2028\u2029]/g, ' ')}\n`);
    },
  };
}

/** A logger that keeps its lines, for tests. */
export function memoryLogger(): Logger & {lines: string[]} {
  const lines: string[] = [];
  return {lines, ...createLogger('json', (line) => lines.push(line))};
}
