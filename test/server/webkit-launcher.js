// WebKitGTK's MiniBrowser for @web/test-runner, through WebKitGTK's own
// WebKitWebDriver (classic WebDriver), which this launcher starts under
// xvfb-run and stops with the run.
//
// On a busy machine WebKitGTK sometimes stops answering between two test files:
// the navigation to about:blank that ends a file (after its results are in)
// never returns, and every later file then fails with "Browser tests did not
// start". So the end of a file is given a minute; past that, or on an error,
// the driver and its browser are replaced and the next file starts in a new
// one. Results are untouched: a file's tests report over the test runner's
// own socket before this clean-up, and a file whose tests never finished is
// failed by the runner's time-outs as before.
import {spawn} from 'node:child_process';
import {createConnection} from 'node:net';

const CLEAN_UP_LIMIT_MS = 60_000;
const asRoot = process.getuid?.() === 0;

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = createConnection({port, host: '127.0.0.1'}, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export const randomPort = () => 4444 + Math.floor(Math.random() * 2000);

/** The WebDriver session's capabilities: MiniBrowser in automation mode, over classic WebDriver. */
export function miniBrowserCapabilities(binary = MINIBROWSER_PATH) {
  return {
    browserName: 'MiniBrowser',
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': {binary, args: ['--automation']},
  };
}

/** WebKitWebDriver under xvfb-run, in a process group of its own (with Xvfb and the browsers it starts). */
export async function startDriver(port) {
  const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], {
    detached: true,
    stdio: 'ignore',
    // Root in a container: WebKit's bubblewrap sandbox cannot start.
    env: {...process.env, ...(asRoot ? {WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS: '1'} : {})},
  });
  const deadline = Date.now() + 60_000;
  while (!(await portOpen(port))) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}) before listening`);
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not listen on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return driver;
}

export function stopDriver(driver, signal = 'SIGTERM') {
  if (!driver?.pid) return;
  try {
    process.kill(-driver.pid, signal);
  } catch {
    // already gone
  }
}

/** Settles with the outcome of `promise`, or `{hung: true}` after `ms`. */
function within(promise, ms) {
  let timer;
  return Promise.race([
    promise.then(
      (value) => ({value}),
      (error) => ({error}),
    ),
    new Promise((resolve) => (timer = setTimeout(() => resolve({hung: true}), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** @param {{binary?: string}} options the MiniBrowser executable */
export async function webkitLauncher({binary = MINIBROWSER_PATH} = {}) {
  const {webdriverLauncher} = await import('@web/test-runner-webdriver');
  const launcher = webdriverLauncher({
    hostname: '127.0.0.1',
    port: randomPort(),
    logLevel: 'error',
    connectionRetryTimeout: 120_000,
    capabilities: miniBrowserCapabilities(binary),
  });
  let driver;
  const initialize = launcher.initialize.bind(launcher);
  const stopSession = launcher.stopSession.bind(launcher);
  const stop = launcher.stop.bind(launcher);

  /** A new driver and browser on a new port; the next file's session opens there. */
  async function replaceDriver() {
    clearInterval(launcher.pendingHeartbeat);
    stopDriver(driver, 'SIGKILL');
    launcher.driver = undefined;
    launcher.driverManager = undefined;
    launcher.options.port = randomPort();
    driver = await startDriver(launcher.options.port);
  }

  launcher.initialize = async (config, testFiles) => {
    driver = await startDriver(launcher.options.port);
    await initialize(config, testFiles);
    launcher.name = 'WebKit';
  };
  launcher.stopSession = async (id) => {
    let file = id;
    try {
      file = (await launcher.getBrowserUrl(id)) ?? id;
    } catch {
      // no session to name
    }
    const outcome = await within(stopSession(id), CLEAN_UP_LIMIT_MS);
    if (!outcome.hung && !outcome.error) return outcome.value;
    const why = outcome.hung ? `no answer within ${CLEAN_UP_LIMIT_MS / 1000} s` : outcome.error.message;
    console.warn(`WebKit: the driver did not close ${file} (${why}); the next file runs in a new browser.`);
    await replaceDriver();
    return {testCoverage: undefined};
  };
  launcher.stop = async () => {
    await within(stop(), CLEAN_UP_LIMIT_MS);
    stopDriver(driver);
  };
  process.once('exit', () => stopDriver(driver));
  return launcher;
}
