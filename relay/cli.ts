#!/usr/bin/env node
import type {Server} from 'node:http';
import {parseArgs} from 'node:util';
import {ConfigError, loadConfig, type RelayConfig} from './config.js';
import {createLogger, type Logger} from './log.js';
import {startPolling} from './loop.js';
import {Secret} from './secrets.js';
import type {Relay} from './relay.js';
import type {AdminConsole} from './admin/http.js';

/**
 * trust-relay serve|once|check --config FILE [--log json]
 * trust-relay user add|remove|list [NAME] --config FILE
 *
 * Exit codes: 0 all well; 1 a source failed (once: the files are still
 * written from what worked) or a credential was refused (check); 2 a
 * configuration error (nothing started, nothing written).
 */

const USAGE = `Usage: trust-relay <serve|once|check> --config FILE [--log text|json]
       trust-relay user <add|remove|list> [NAME] --config FILE

  serve   poll every source on its interval, publish the files and serve them over HTTP (and the moderation console at /admin/)
  once    one round of every source, write the files, exit (0 all fine, 1 some source failed, 2 configuration error)
  check   validate the configuration, try each credential, print what would be fetched and how often; changes nothing

  user add NAME      add an account for the moderation console; the password is asked for twice (not shown as you type),
                     or read from stdin when that is not a terminal: never give it as an argument
  user remove NAME   remove an account; its sessions end at once
  user list          the accounts, when each was made and when it last signed in
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
  if (!['serve', 'once', 'check', 'user'].includes(command)) {
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
    // Accounts need only the state file: the platforms' secrets need not be in the environment of whoever adds one.
    config = loadConfig(args.values.config, command === 'user' ? ANY_ENV : process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) log.log('error', 'config.invalid', {file: error.file, problem});
    return 2;
  }
  if (command === 'user') return user(args.positionals.slice(1), config);
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

/** Every variable set, to a value too short to be mistaken for a secret (the logger blanks known secrets of 4 characters or more). */
const ANY_ENV: NodeJS.ProcessEnv = new Proxy(process.env, {get: (env, name) => (typeof name === 'string' ? env[name] || '-' : undefined)});

/** A password from the terminal, not echoed; from stdin (its first line) when that is not a terminal. */
async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0];
  }
  // Raw mode (no echo) before the prompt: a password typed ahead of it is not shown either.
  input.setRawMode(true);
  process.stderr.write(prompt);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done();
        if (char === '\u0003') return done(new Error('Cancelled: no account was changed.'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}

const when = (ms: number | undefined) => (ms === undefined ? 'never' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`);

async function user(args: string[], config: RelayConfig): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const fail = (line: string, code = 1) => {
    process.stderr.write(`${line}\n`);
    return code;
  };
  const [action, name, ...extra] = args;
  if (!['add', 'remove', 'list'].includes(action ?? '')) return fail(`Say what to do: "user add NAME", "user remove NAME" or "user list".\n\n${USAGE}`, 2);
  if (action === 'add' && extra.length) {
    return fail(`The password is never given as an argument (it would stay in the shell's history and show in the process list). Run "trust-relay user add ${name} --config ${config.file}" and type it when asked, or send it on stdin.`, 2);
  }
  if (action !== 'list' && !name) return fail(`Name the account: "trust-relay user ${action} NAME --config FILE".`, 2);
  if (action === 'list' ? args.length > 1 : extra.length) return fail(`Unexpected "${args.slice(action === 'list' ? 1 : 2).join(' ')}".\n\n${USAGE}`, 2);
  let users: import('./admin/users.js').Users;
  let close: () => void;
  let module: typeof import('./admin/users.js');
  try {
    const [{State}, loaded] = await Promise.all([import('./state.js'), import('./admin/users.js')]);
    module = loaded;
    const state = new State(config.state);
    users = new module.Users(state.db);
    close = () => state.close();
  } catch (error) {
    return fail(`Cannot open the state file ${config.state}: ${(error as Error).message}`);
  }
  try {
    if (action === 'list') {
      const rows = users.list();
      if (!rows.length) out(`No accounts yet: add one with "trust-relay user add NAME --config ${config.file}".`);
      const width = Math.max(4, ...rows.map((r) => r.name.length));
      if (rows.length) out(`${'NAME'.padEnd(width)}  ${'CREATED'.padEnd(20)}  LAST SIGN-IN`);
      for (const row of rows) out(`${row.name.padEnd(width)}  ${when(row.created).padEnd(20)}  ${when(row.lastSignIn)}`);
      return 0;
    }
    if (action === 'remove') {
      if (!users.remove(name)) return fail(`There is no account called ${name}.`);
      out(`Removed ${name}; their sessions have ended.`);
      return 0;
    }
    const problem = module.nameProblem(name);
    if (problem) return fail(`${problem}.`);
    if (users.find(name)) return fail(`There is already an account called ${users.find(name)}: remove it first ("trust-relay user remove ${name}") to give it a new password.`);
    const password = await readPassword(`Password for ${name} (at least ${module.MIN_PASSWORD} characters, not shown): `);
    const tooWeak = module.passwordProblem(password);
    if (tooWeak) return fail(`${tooWeak}. No account was added.`);
    if (process.stdin.isTTY && (await readPassword('The same password again: ')) !== password) return fail('The two passwords differ. No account was added.');
    await users.add(name, password);
    out(`Added ${name}. They can sign in to the moderation console at /admin/ now.`);
    return 0;
  } catch (error) {
    return fail((error as Error).message);
  } finally {
    close();
  }
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

const addressOf = ({host, port}: {host: string; port: number}) => `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;

function serve(relay: Relay, config: RelayConfig, log: Logger): Promise<number> {
  return new Promise((resolve) => {
    relay.publishAll();
    let server: Server | undefined;
    let adminServer: Server | undefined;
    let admin: AdminConsole | undefined;
    let polling: {stop(): void} | undefined;
    let stopping = false;
    const listenFailed = (listen: {host: string; port: number}, error: unknown) => {
      log.log('error', 'serve.failed', {error: `cannot listen on ${listen.host}:${listen.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`});
      admin?.close();
      server?.close();
      relay.close();
      resolve(1);
    };
    void Promise.all([import('./server.js'), import('./admin/http.js')]).then(async ([{startServer}, {AdminConsole: Console, startAdminServer}]) => {
      admin = new Console({config: config.admin, moderation: relay.moderation, db: relay.state.db, log, now: () => relay.clock.now()});
      const own = config.admin.listen;
      try {
        server = await startServer({output: relay.output, allowOrigins: config.allowOrigins, health: () => relay.health(), admin: own ? undefined : admin.handle}, config.listen.host, config.listen.port);
      } catch (error) {
        return listenFailed(config.listen, error);
      }
      log.log('info', 'serve.listening', {address: addressOf(config.listen), sources: relay.sources.length});
      if (own) {
        try {
          adminServer = await startAdminServer(admin, own.host, own.port);
        } catch (error) {
          return listenFailed(own, error);
        }
      }
      const users = admin.users.count();
      const proxy = config.admin.trustedHeader;
      log.log('info', 'admin.listening', {
        address: `${addressOf(own ?? config.listen)}admin/`,
        users,
        proxy: proxy && `${proxy.name} from ${proxy.fromAddresses.join(', ')}`,
        hint: users === 0 && !proxy ? `no accounts yet: add one with "trust-relay user add NAME --config ${config.file}"` : undefined,
      });
      if (!admin.built) log.log('warn', 'admin.not-built', {error: 'the console page is not built (dist/console/console.js is missing): run npm run build'});
      if (!stopping) polling = startPolling(relay);
    });
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      polling?.stop();
      log.log('info', 'serve.stopping', {signal});
      admin?.close();
      for (const s of [server, adminServer]) {
        s?.close();
        s?.closeAllConnections();
      }
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
