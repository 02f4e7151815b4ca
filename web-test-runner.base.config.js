// The browser test runs, made from one recipe:
//   web-test-runner.config.js          the TypeScript sources, Lit in dev mode, Chromium (with coverage)
//   web-test-runner.prod.config.js     the production build (dist/test/prod and the shipped bundles), Chromium
//   web-test-runner.engines.config.js  the production build in Chromium, Firefox and WebKit
//                                      (TRUST_ENGINES=firefox,webkit picks some)
// The production run maps every import of src/ made by a test or a story to
// dist/test/prod (rollup.prod-test.config.js: the shipped minifiers over each
// module), and resolves packages without the 'development' condition, so Lit
// runs in production mode. See the README's "Tests" section.
import {existsSync} from 'node:fs';
import {posix} from 'node:path';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {chromeLauncher} from '@web/test-runner-chrome';
import {mockServer} from './test/server/mock-server.js';
import {consoleApi} from './test/server/console-api.js';
import {engineCommands} from './test/server/engine-commands.js';
import {webkitLauncher} from './test/server/webkit-launcher.js';

const asRoot = process.getuid?.() === 0;

const chromeFlags = [
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Test files run side by side in tabs of one browser: none may be treated
  // as a background tab (paused animation frames, throttled timers, hidden).
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  // Root in a container has no user namespace for Chromium's sandbox.
  ...(asRoot ? ['--no-sandbox'] : []),
];

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

function chromium() {
  return chromeLauncher({launchOptions: {executablePath: process.env.CHROME_PATH || undefined, args: chromeFlags}});
}

async function firefox() {
  // Puppeteer drives Firefox over WebDriver BiDi; PUPPETEER_SKIP_DOWNLOAD=1 at install (no Chrome of its own).
  const {puppeteerLauncher} = await import('@web/test-runner-puppeteer');
  return puppeteerLauncher({
    launchOptions: {
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      extraPrefsFirefox: {
        // A test page is never a background tab (see chromeFlags).
        'dom.min_background_timeout_value': 4,
        'dom.timeout.enable_budget_timer_throttling': false,
      },
    },
  });
}

/** WebKitGTK's MiniBrowser through WebKitWebDriver (test/server/webkit-launcher.js; MINIBROWSER_PATH picks another). */
const webkit = () => webkitLauncher();

const launchers = {chromium, firefox, webkit};

/**
 * Production run: imports of src/ (from tests and stories) go to the same
 * module in dist/test/prod; a page that loads /src/….ts by URL is sent there.
 */
function productionBuild() {
  const prod = '/dist/test/prod/';
  const toProd = (path) => path.replace(/^\/src\//, prod).replace(/\.ts$/, '.js');
  return {
    name: 'trust-production-build',
    serverStart() {
      if (!existsSync('dist/test/prod/define.js') || !existsSync('dist/trust-widgets.js')) {
        throw new Error('The production run needs the build: npm run build');
      }
    },
    resolveImport({source, context}) {
      if (!source.startsWith('.') && !source.startsWith('/')) return undefined;
      const from = context.path;
      if (from.startsWith(prod)) return undefined;
      const target = source.startsWith('/') ? source : posix.join(posix.dirname(from), source);
      return target.startsWith('/src/') ? toProd(target) : undefined;
    },
  };
}

function redirectSourcesToBuild(ctx, next) {
  if (ctx.path.startsWith('/src/') && /\.(ts|js)$/.test(ctx.path)) {
    ctx.redirect(ctx.path.replace(/^\/src\//, '/dist/test/prod/').replace(/\.ts$/, '.js'));
    return undefined;
  }
  return next();
}

/**
 * @param {{build: 'sources' | 'prod', engines: Array<'chromium' | 'firefox' | 'webkit'>}} options
 */
export async function testConfig({build, engines}) {
  const prod = build === 'prod';
  const browsers = await Promise.all(engines.map((engine) => launchers[engine]()));
  return {
    files: ['test/**/*.test.ts', ...(prod ? [] : ['!test/bundles/**'])],
    // The sources run Lit's development build (its warnings fail tests); the production run, Lit as shipped.
    nodeResolve: {exportConditions: prod ? ['production'] : ['development']},
    rootDir: '.',
    // One test page at a time per browser: a second tab of the same browser counts
    // as a background tab (document.hidden, no animation frames), which the
    // widgets rightly treat differently.
    concurrency: 1,
    concurrentBrowsers: 3,
    // One ceiling for every test, and no test sets its own: it only catches a hang. No test
    // waits on the machine's speed, and the slowest engine here (WebKitGTK under Xvfb, on a
    // busy 2-core VM) takes about three times as long as Chromium over the heaviest tests.
    testFramework: {config: {timeout: 180000}},
    testsFinishTimeout: 30 * 60 * 1000,
    browserStartTimeout: 120000,
    testsStartTimeout: 120000,
    browsers,
    plugins: [
      ...(prod ? [productionBuild()] : []),
      esbuildPlugin({ts: true, tsconfig: 'tsconfig.json', target: 'es2022'}),
      engineCommands(),
    ],
    middleware: [...(prod ? [redirectSourcesToBuild] : []), mockServer(), consoleApi()],
    coverage: !prod,
    coverageConfig: {
      include: ['src/**/*.ts'],
      exclude: ['**/node_modules/**', 'test/**'],
      report: true,
      reportDir: 'coverage',
      threshold: {statements: 0, branches: 0, functions: 0, lines: 0},
    },
    testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en-GB">
  <head><meta charset="utf-8"><title>trust-widgets tests</title></head>
  <body>
    <script>
      window.__trustBuild = ${JSON.stringify(build)};
      // Lit's dev-mode warnings fail the tests: a warning is a bug here.
      window.litIssuedWarnings = new Set();
      const warn = console.warn;
      window.__litWarnings = [];
      console.warn = (...args) => {
        if (typeof args[0] === 'string' && args[0].includes('Lit is in dev mode')) return;
        if (typeof args[0] === 'string' && /lit\\.dev\\/msg|Lit/.test(args[0])) window.__litWarnings.push(args.join(' '));
        warn.apply(console, args);
      };
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  };
}
