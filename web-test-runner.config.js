import {esbuildPlugin} from '@web/dev-server-esbuild';
import {chromeLauncher} from '@web/test-runner-chrome';
import {mockServer} from './test/server/mock-server.js';

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
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: {exportConditions: ['development']},
  rootDir: '.',
  // One test page at a time: a second tab of the same browser counts as a
  // background tab (document.hidden, no animation frames), which the widgets
  // rightly treat differently.
  concurrency: 1,
  testFramework: {config: {timeout: 20000}},
  testsFinishTimeout: 20 * 60 * 1000,
  browserStartTimeout: 120000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || undefined,
        args: chromeFlags,
      },
    }),
  ],
  plugins: [esbuildPlugin({ts: true, tsconfig: 'tsconfig.json', target: 'es2022'})],
  middleware: [mockServer()],
  coverage: true,
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
