#!/usr/bin/env node
import type {Server} from 'node:http';
import {parseArgs} from 'node:util';
import {ConfigError, loadConfig, type RelayConfig} from './config.js';
import {createLogger, type Logger} from './log.js';
import {startPolling} from './loop.js';
import {Secret} from './secrets.js';
import type {Relay} from './relay.js';

/**
 * trust-relay serve|once|check --config FILE [--log json]
 *
 * Exit codes: 0 all well; 1 a source failed (once: the files are still
 * written from what worked) or a credential was refused (check); 2 a
 * configuration error (nothing started, nothing written).
 */

const USAGE = `Usage: trust-relay <serve|once|check> --config FILE [--log text|json]

  serve   poll every source on its interval, publish the files and serve them over HTTP
  once    one round of every source, write the files, exit (0 all fine, 1 some source failed, 2 configuration error)
  check   validate the configuration, try each credential, print what would be fetched and how often; changes nothing
`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({args: argv, allowPositionals: true, options: {config: {type: 'string', short: 'c'}, log: {type: 'string', default: 'text'}, help: {type: 'boolean', short: 'h'}}});
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command] = args.positionals;
  if (args.values.help || !command) {
    process.stdout.write(USAGE);
    return args.values.help ? 0 : 2;
  }
  if (!['serve', 'once', 'check'].includes(command)) {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  if (args.values.log !== 'text' && args.values.log !== 'json') {
    process.stderr.write(`--log must be "text" or "json".\n`);
    return 2;
  }
  const log = createLogger(args.values.log);
  if (!args.values.config) {
    log.log('error', 'config.invalid', {error: 'no --config FILE given'});
    return 2;
  }
  let config: RelayConfig;
  try {
    config = loadConfig(args.values.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) log.log('error', 'config.invalid', {file: error.file, problem});
    return 2;
  }
  // Loaded only now: a configuration error needs none of them, and none of them is needed by the widgets.
  let RelayClass: typeof Relay;
  try {
    const [{Relay: loaded}, {installSanitiserDom}] = await Promise.all([import('./relay.js'), import('./dom.js')]);
    installSanitiserDom();
    RelayClass = loaded;
  } catch (error) {
    log.log('error', 'dependencies.missing', {error: `${(error as Error).message}: install trust-widgets with its optional dependencies (better-sqlite3, jsdom, ajv)`});
    return 2;
  }
  if (command === 'check') return check(new RelayClass(config, {log, dryRun: true}), log);
  const relay = new RelayClass(config, {log});
  if (command === 'once') {
    try {
      relay.publishAll();
      const ok = await relay.runAll();
      log.log(ok ? 'info' : 'warn', 'once.done', {sources: relay.sources.length, ok});
      return ok ? 0 : 1;
    } finally {
      relay.close();
    }
  }
  return serve(relay, config, log);
}

async function check(relay: Relay, log: Logger): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Configuration ${relay.config.file} is valid.`);
  out(`Publishes to ${relay.config.out}; state in ${relay.config.state}; serves on ${relay.config.listen.host}:${relay.config.listen.port}.`);
  let ok = true;
  for (const source of relay.sources) {
    out(`\n${source.key}\n  every ${source.intervalMs / 1000} s: ${source.describe()}\n  for ${[...source.usedBy].join(', ')}`);
    // One real request per source: it tries the credentials (a Bluesky login counts against its daily allowance).
    const results = await relay.checkSource(source);
    out(`  ${results.ok ? 'OK' : 'FAILED'}: ${results.message}`);
    if (!results.ok) {
      ok = false;
      log.log('warn', 'check.failed', {source: source.key, error: results.message});
    }
  }
  relay.close();
  return ok ? 0 : 1;
}

function serve(relay: Relay, config: RelayConfig, log: Logger): Promise<number> {
  return new Promise((resolve) => {
    relay.publishAll();
    let server: Server | undefined;
    let polling: {stop(): void} | undefined;
    let stopping = false;
    void import('./server.js').then(async ({startServer}) => {
      try {
        server = await startServer({output: relay.output, allowOrigins: config.allowOrigins, health: () => relay.health()}, config.listen.host, config.listen.port);
      } catch (error) {
        log.log('error', 'serve.failed', {error: `cannot listen on ${config.listen.host}:${config.listen.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`});
        relay.close();
        resolve(1);
        return;
      }
      log.log('info', 'serve.listening', {address: `http://${config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host}:${config.listen.port}/`, sources: relay.sources.length});
      if (!stopping) polling = startPolling(relay);
    });
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      polling?.stop();
      log.log('info', 'serve.stopping', {signal});
      server?.close();
      server?.closeAllConnections();
      // A poll in flight commits or fails first; then the state file closes cleanly.
      void relay.idle().finally(() => {
        relay.close();
        resolve(0);
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${Secret.redact(`trust-relay: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)}\n`);
    process.exitCode = 1;
  },
);
