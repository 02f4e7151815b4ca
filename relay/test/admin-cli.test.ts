import assert from 'node:assert/strict';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {ask, cookie, type Answer} from './admin-helpers.js';
import {Emulator} from './emulator.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const PASSWORD = 'moderators-passphrase-4417';

/** The compiled CLI, its stdin a pipe (not a terminal) carrying `input`. */
function run(args: string[], input = '', env: Record<string, string> = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {env: {PATH: process.env.PATH ?? '', ...env}, stdio: ['pipe', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({code, stdout, stderr});
    });
    child.stdin.end(input);
  });
}

/** Every file under a folder, as bytes read as text. */
function allText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}

/** A port nobody listens on just now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const {port} = probe.address() as {port: number};
      probe.close(() => resolve(port));
    });
  });
}

/** `serve` in a child; resolves once its console says where it is. */
function serve(config: string): Promise<{child: ChildProcess; log: () => string; stop(): Promise<void>}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--config', config], {env: {PATH: process.env.PATH ?? ''}, stdio: ['ignore', 'ignore', 'pipe']});
    let log = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${log}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => {
      log += d.toString();
      if (/admin\.listening/.test(log)) {
        clearTimeout(timer);
        const stop = () =>
          new Promise<void>((done) => {
            child.once('close', () => done());
            child.kill('SIGTERM');
          });
        resolve({child, log: () => log, stop});
      }
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${log}`)));
  });
}

/**
 * `user add` on a real terminal (a pseudo-terminal from Python's pty module): answers each prompt
 * once it appears, and gives back everything the terminal showed.
 */
const ON_A_TERMINAL = `
import os, pty, sys, select
node, cli, config, name = sys.argv[1:5]
answers = sys.argv[5:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(node, [node, cli, 'user', 'add', name, '--config', config])
shown = b''
prompts = 0
while True:
    ready, _, _ = select.select([fd], [], [], 30)
    if not ready:
        break
    try:
        data = os.read(fd, 1024)
    except OSError:
        break
    if not data:
        break
    shown += data
    while prompts < len(answers) and shown.count(b': ') > prompts and (b'Password for' in shown):
        os.write(fd, answers[prompts].encode() + bytes([13]))
        prompts += 1
_, status = os.waitpid(pid, 0)
sys.stdout.write(shown.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
`;

function onTerminal(config: string, name: string, answers: string[]): Promise<{code: number | null; shown: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', ON_A_TERMINAL, process.execPath, CLI, config, name, ...answers], {stdio: ['ignore', 'pipe', 'inherit']});
    let shown = '';
    child.stdout.on('data', (d: Buffer) => (shown += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, shown}));
  });
}

const hasPython = spawnSync('python3', ['-c', 'import pty'], {stdio: 'ignore'}).status === 0;

describe('trust-relay user, and the console in serve', () => {
  let emulator: Emulator;
  let dir: string;
  let config: string;
  const write = (extra: Record<string, unknown> = {}) => {
    writeFileSync(config, JSON.stringify({out: './public', state: './state/relay.sqlite', feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [emulator.url], refresh: 60}}, ...extra}));
    return config;
  };

  before(async () => {
    emulator = await new Emulator().start();
    emulator.post('Hello #NelftSoMeWeek');
    dir = mkdtempSync(join(tmpdir(), 'trust-relay-admin-cli-'));
    config = join(dir, 'relay.json');
    write();
  });
  after(async () => {
    await emulator.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('user add: reads the password from stdin, keeps only a scrypt hash of it, and says so without repeating it', async () => {
    const added = await run(['user', 'add', 'alice', '--config', config], `${PASSWORD}\n`);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^Added alice\. They can sign in to the moderation console at \/admin\/ now\.\n$/);
    const files = allText(dir);
    assert.ok(!files.includes(PASSWORD), 'the password is in no file');
    assert.match(files, /scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}/, 'its scrypt hash is in the state file');
    assert.ok(!(added.stdout + added.stderr).includes(PASSWORD));
  });

  it('user add: refuses a short password, a second account of the same name, and a password given as an argument', async () => {
    const short = await run(['user', 'add', 'bob', '--config', config], 'short\n');
    assert.equal(short.code, 1);
    assert.equal(short.stderr, 'The password must be at least 12 characters long (that one has 5). No account was added.\n');
    const twice = await run(['user', 'add', 'ALICE', '--config', config], `${PASSWORD}\n`);
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /There is already an account called alice/);
    const argument = await run(['user', 'add', 'bob', 'a-password-on-the-command-line', '--config', config]);
    assert.equal(argument.code, 2);
    assert.match(argument.stderr, /The password is never given as an argument/);
    assert.ok(!argument.stderr.includes('a-password-on-the-command-line'));
    const badName = await run(['user', 'add', '<script>', '--config', config], `${PASSWORD}\n`);
    assert.equal(badName.code, 1);
    assert.match(badName.stderr, /A name is 1 to 64 letters, digits/);
    const none = await run(['user', 'add', 'bob', '--config', config], '');
    assert.equal(none.code, 1, 'nothing on stdin');
  });

  it('user add on a terminal: asks twice, shows nothing of what is typed, refuses two different answers', {skip: !hasPython && !process.env.CI && 'python3 with pty is missing'}, async () => {
    const typo = await onTerminal(config, 'terry', [PASSWORD, `${PASSWORD}x`]);
    assert.equal(typo.code, 1, typo.shown);
    assert.match(typo.shown, /Password for terry \(at least 12 characters, not shown\): /);
    assert.match(typo.shown, /The same password again: /);
    assert.match(typo.shown, /The two passwords differ\. No account was added\./);
    const same = await onTerminal(config, 'terry', [PASSWORD, PASSWORD]);
    assert.equal(same.code, 0, same.shown);
    assert.match(same.shown, /Added terry\./);
    for (const {shown} of [typo, same]) assert.ok(!shown.includes('passphrase'), `the password was echoed: ${shown}`);
    assert.equal((await run(['user', 'remove', 'terry', '--config', config])).code, 0);
  });

  it('user list: names and dates, never a hash', async () => {
    const list = await run(['user', 'list', '--config', config]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^NAME {3}CREATED {15}LAST SIGN-IN\nalice {2}\d{4}-\d\d-\d\d \d\d:\d\d UTC {2}never\n$/);
    assert.doesNotMatch(list.stdout, /scrypt/);
  });

  it('user commands need no platform secrets in the environment', async () => {
    write({feeds: {somewk: {hashtag: 'NelftSoMeWeek', mastodon: [{instance: emulator.url, accessToken: {env: 'NOT_SET_HERE'}}]}}});
    const list = await run(['user', 'list', '--config', config]);
    assert.equal(list.code, 0, list.stderr);
    write();
  });

  it('serve: the console on the relay\'s own port, a log line saying where and how many accounts; a CLI-made account signs in', async () => {
    const port = await freePort();
    write({listen: `127.0.0.1:${port}`});
    const relay = await serve(config);
    try {
      assert.match(relay.log(), new RegExp(`admin\\.listening address=http://127\\.0\\.0\\.1:${port}/admin/ users=1`));
      const form = await ask(port, '/admin/login');
      assert.equal(form.status, 200);
      const token = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
      const signedIn = await ask(port, '/admin/login', {
        method: 'POST',
        headers: {Origin: `http://127.0.0.1:${port}`, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie(form, 'trust-admin-login')!},
        body: new URLSearchParams({csrf: token, name: 'alice', password: PASSWORD}).toString(),
      });
      assert.equal(signedIn.status, 303);
      const session = cookie(signedIn, 'trust-admin')!;
      const info = await ask(port, '/admin/api/session', {headers: {Cookie: session}});
      assert.equal(info.status, 200);
      const wrong = await ask(port, '/admin/login', {
        method: 'POST',
        headers: {Origin: `http://127.0.0.1:${port}`, 'Content-Type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({name: 'alice', password: 'wrong-password-typed'}).toString(),
      });
      assert.equal(wrong.status, 403);
      // Removing the account from another process ends its session in the running relay.
      assert.equal((await run(['user', 'remove', 'alice', '--config', config])).code, 0);
      assert.equal((await ask(port, '/admin/api/session', {headers: {Cookie: session}})).status, 401);
      const list = await run(['user', 'list', '--config', config]);
      assert.match(list.stdout, /No accounts yet: add one with "trust-relay user add NAME --config /);
    } finally {
      await relay.stop();
    }
    const log = relay.log();
    assert.match(log, /admin\.signin user=alice via=password address=127\.0\.0\.1/);
    assert.match(log, /admin\.signin\.failed address=127\.0\.0\.1 reason="form token missing, used or expired"/);
    assert.ok(!log.includes(PASSWORD) && !log.includes('wrong-password-typed'), 'no password in the log');
    assert.ok(!allText(dir).includes(PASSWORD));
    assert.equal((await run(['user', 'add', 'alice', '--config', config], `${PASSWORD}\n`)).code, 0);
  });

  it('serve with adminListen: the console only there, /admin/ a 404 on the public listener; no accounts: how to add one', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    assert.equal((await run(['user', 'remove', 'alice', '--config', config])).code, 0);
    write({listen: `127.0.0.1:${port}`, adminListen: `127.0.0.1:${adminPort}`});
    const relay = await serve(config);
    try {
      assert.match(relay.log(), new RegExp(`admin\\.listening address=http://127\\.0\\.0\\.1:${adminPort}/admin/ users=0 hint="no accounts yet: add one with \\\\"trust-relay user add NAME --config ${config.replace(/[.\\/]/g, '\\$&')}\\\\""`));
      const statuses = async (p: number, paths: string[]) => Promise.all(paths.map(async (path) => [path, (await ask(p, path)).status]));
      const paths = ['/admin/', '/admin/login', '/admin/api/session', '/admin'];
      assert.deepEqual(await statuses(port, paths), paths.map((p) => [p, 404]), 'the public listener knows nothing of the console');
      assert.deepEqual(await statuses(adminPort, paths), [['/admin/', 303], ['/admin/login', 200], ['/admin/api/session', 401], ['/admin', 308]]);
      const feed: Answer = await ask(adminPort, '/feeds/somewk.json');
      assert.equal(feed.status, 404, 'and the console listener serves no public files');
      assert.equal((await ask(port, '/feeds/somewk.json')).status, 200);
    } finally {
      await relay.stop();
    }
  });

  it('once and check start nothing of the console', async () => {
    write();
    const once = await run(['once', '--config', config]);
    assert.equal(once.code, 0, once.stderr);
    assert.doesNotMatch(once.stderr, /admin/);
  });
});
