// Fails fast, with one line, when no Chromium/Chrome is available for the tests.
import {existsSync} from 'node:fs';
import {execSync} from 'node:child_process';

const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
].filter(Boolean);

let found = candidates.find((p) => existsSync(p));
if (!found) {
  try {
    found = execSync('command -v chromium || command -v google-chrome || command -v chrome', {encoding: 'utf8'}).trim();
  } catch {
    found = '';
  }
}
if (!found) {
  console.error('No Chromium found: install one (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a Chrome/Chromium binary.');
  process.exit(1);
}
