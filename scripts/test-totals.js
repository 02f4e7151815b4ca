// Sums the test totals of a CI log: every web-test-runner run (one summary
// line per browser, the last one before "Finished running tests" being that
// browser's total, e.g. "Firefox: |███| 37/37 test files | 590 passed, 0 failed, 6 skipped")
// and every node:test run ("# pass N" / "# fail N", or "ℹ pass N" from the spec reporter).
// Prints "N passed, N failed", or nothing when the log has no summary.
import {readFileSync} from 'node:fs';

// eslint-disable-next-line no-control-regex -- web-test-runner colours its output with ANSI escapes
const text = readFileSync(process.argv[2], 'latin1').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
let passed = 0;
let failed = 0;
let runs = 0;
let current = new Map();
let partial = false;
let lastRun = '';
// web-test-runner may print its closing summary and "Finished running tests" twice: a run
// counts once. A real run always shows progress first (a line with files still to go).
const flush = () => {
  const run = JSON.stringify([...current]);
  const repeat = !partial && run === lastRun;
  if (current.size && !repeat) {
    for (const [p, f] of current.values()) {
      passed += p;
      failed += f;
    }
    runs++;
    lastRun = run;
  }
  current = new Map();
  partial = false;
};
for (const line of text.split(/\r?\n/)) {
  const browser = /^\s*([A-Za-z]+): \|.*\| (\d+)\/(\d+) test files \| (\d+) passed, (\d+) failed/.exec(line);
  if (browser) {
    current.set(browser[1], [Number(browser[4]), Number(browser[5])]);
    if (browser[2] !== browser[3]) partial = true;
  }
  if (/^\s*Finished running tests/.test(line)) flush();
  const pass = /^(?:#|ℹ) pass (\d+)/.exec(line);
  if (pass) {
    passed += Number(pass[1]);
    runs++;
  }
  const fail = /^(?:#|ℹ) fail (\d+)/.exec(line);
  if (fail) failed += Number(fail[1]);
}
flush();
if (runs) console.log(`${passed} passed, ${failed} failed`);
