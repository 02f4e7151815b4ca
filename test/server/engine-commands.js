// Server commands that every engine's launcher can serve, for
// test/helpers/engine.ts: key presses, the viewport and emulated media.
// @web/test-runner-commands covers these for Chromium over CDP only (its
// sendKeys wants other key names in Firefox, and has no key-down in WebKit;
// its setViewport and emulateMedia need Puppeteer or Playwright).
// Puppeteer serves Chromium (CDP) and Firefox (WebDriver BiDi); WebKit is
// classic WebDriver (WebKitWebDriver), which has key actions and window
// sizes but no media emulation.

/** WebDriver's code points for the keys the tests press (W3C WebDriver, "Keyboard actions"). */
const WEBDRIVER_KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  Space: ' ',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Meta: '\uE03D',
};

/** Puppeteer's key names are the DOM's `key` values; ' ' is the space bar in both of its protocols. */
const puppeteerKey = (key) => (key === 'Space' ? ' ' : key);
const webdriverKey = (key) => WEBDRIVER_KEYS[key] ?? key;

function engineOf(session) {
  const name = String(session.browser.name).toLowerCase();
  if (name.includes('firefox')) return 'firefox';
  if (session.browser.type === 'webdriver') return 'webkit';
  return 'chromium';
}

async function keys(session, {press, down, up, type}) {
  if (session.browser.type === 'puppeteer') {
    const {keyboard} = session.browser.getPage(session.id);
    if (press) await keyboard.press(puppeteerKey(press));
    if (down) await keyboard.down(puppeteerKey(down));
    if (up) await keyboard.up(puppeteerKey(up));
    if (type) await keyboard.type(type);
    return true;
  }
  const driver = session.browser.driver;
  const actions = [];
  if (press) actions.push({type: 'keyDown', value: webdriverKey(press)}, {type: 'keyUp', value: webdriverKey(press)});
  if (down) actions.push({type: 'keyDown', value: webdriverKey(down)});
  if (up) actions.push({type: 'keyUp', value: webdriverKey(up)});
  for (const ch of type ?? '') actions.push({type: 'keyDown', value: ch}, {type: 'keyUp', value: ch});
  // Key state (a held Shift) lasts between calls: actions are not released here.
  await driver.performActions([{type: 'key', id: 'keyboard', actions}]);
  return true;
}

async function viewport(session, {width, height}) {
  if (session.browser.type === 'puppeteer') {
    await session.browser.getPage(session.id).setViewport({width, height});
    return true;
  }
  // The window is the viewport plus MiniBrowser's own frame; measure that, then size the window.
  const driver = session.browser.driver;
  for (let attempt = 0; attempt < 3; attempt++) {
    const [innerWidth, innerHeight] = await driver.execute('return [window.innerWidth, window.innerHeight]');
    if (innerWidth === width && innerHeight === height) return true;
    const rect = await driver.getWindowRect();
    await driver.setWindowRect(null, null, rect.width + width - innerWidth, rect.height + height - innerHeight);
  }
  const [innerWidth, innerHeight] = await driver.execute('return [window.innerWidth, window.innerHeight]');
  return innerWidth === width && innerHeight === height;
}

/** Returns false where the engine's protocol cannot emulate media (the test then says so and skips). */
async function media(session, {media: type, reducedMotion, forcedColors, colorScheme}) {
  if (session.browser.type !== 'puppeteer' || engineOf(session) !== 'chromium') return false;
  const page = session.browser.getPage(session.id);
  if (type !== undefined) await page.emulateMediaType(type);
  const features = [];
  if (reducedMotion !== undefined) features.push({name: 'prefers-reduced-motion', value: reducedMotion});
  if (forcedColors !== undefined) features.push({name: 'forced-colors', value: forcedColors});
  if (colorScheme !== undefined) features.push({name: 'prefers-color-scheme', value: colorScheme});
  if (features.length) await page.emulateMediaFeatures(features);
  return true;
}

export function engineCommands() {
  return {
    name: 'trust-engine-commands',
    async executeCommand({command, payload, session}) {
      if (command === 'trust-engine') return engineOf(session);
      if (command === 'trust-keys') return keys(session, payload);
      if (command === 'trust-viewport') return viewport(session, payload);
      if (command === 'trust-media') return media(session, payload);
      return undefined;
    },
  };
}
