/**
 * Keys, viewport and emulated media for every engine the tests run in
 * (Chromium, Firefox, WebKit), served by test/server/engine-commands.js.
 * Use these instead of @web/test-runner-commands' sendKeys, setViewport and
 * emulateMedia, which serve Chromium only.
 */
import {expect} from '@open-wc/testing';
import {executeServerCommand} from '@web/test-runner-commands';
import {settledPosition, until} from './index.js';

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** The engine this page runs in. */
export const engine: Engine = /Firefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /Chrome\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/** Which build this run tests: the TypeScript sources (Lit in dev mode) or the production build. */
export const build: 'sources' | 'prod' = (window as unknown as {__trustBuild?: 'sources' | 'prod'}).__trustBuild ?? 'sources';

/** A key by its DOM `key` name ('Enter', 'Tab', 'ArrowDown', 'Space' for the space bar…). */
export async function press(key: string): Promise<void> {
  await executeServerCommand('trust-keys', {press: key});
}

/** Holds a key down (a modifier such as 'Shift') until `keyUp`. */
export async function keyDown(key: string): Promise<void> {
  await executeServerCommand('trust-keys', {down: key});
}

export async function keyUp(key: string): Promise<void> {
  await executeServerCommand('trust-keys', {up: key});
}

/** Types text into the focused control, key by key. */
export async function typeText(text: string): Promise<void> {
  await executeServerCommand('trust-keys', {type: text});
}

/** Sets the viewport (the page's layout size in CSS px) and waits for the page to have it. */
export async function setViewport(size: {width: number; height: number}): Promise<void> {
  // The command may return before the page has the new size (Firefox over BiDi), and WebKitGTK's window
  // now and then ignores one resize: wait a few seconds for the size, asking again up to twice, then
  // for layout and the widgets' resize observers to have run.
  for (let attempt = 0; attempt < 3 && (attempt === 0 || window.innerWidth !== size.width); attempt++) {
    const ok = await executeServerCommand<boolean, {width: number; height: number}>('trust-viewport', size);
    if (!ok) throw new Error(`could not set the viewport to ${size.width}×${size.height} in ${engine}`);
    const end = Date.now() + 5_000;
    while (window.innerWidth !== size.width && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  }
  await until(() => window.innerWidth === size.width, `the page is ${size.width} px wide`);
  await settledPosition(() => document.documentElement.scrollWidth * 10_000 + document.documentElement.scrollHeight);
}

/**
 * The narrowest viewport each engine's window can have: WebKitGTK's
 * MiniBrowser keeps its window wider than 320 CSS px, so WebKit checks
 * reflow at 640 px (200 % zoom) only.
 */
export const narrowestViewport = engine === 'webkit' ? 640 : 320;

export interface Media {
  media?: 'print' | 'screen' | '';
  reducedMotion?: 'reduce' | 'no-preference';
  forcedColors?: 'active' | 'none';
  colorScheme?: 'light' | 'dark';
}

/**
 * Only Chromium's protocol (CDP) emulates media types and features: Firefox's
 * WebDriver BiDi and WebKit's classic WebDriver have no command for it.
 */
export const canEmulateMedia = engine === 'chromium';

/** Emulates print media or a user preference. Call only where `canEmulateMedia` (tests use `itWithMedia`). */
export async function emulateMedia(media: Media): Promise<void> {
  const ok = await executeServerCommand<boolean, Media>('trust-media', media);
  if (!ok) throw new Error(`${engine} cannot emulate media over its test protocol`);
}

/**
 * A test that needs emulated media: it runs where the engine's protocol can
 * emulate it, and elsewhere is skipped with the reason in its name.
 */
export function itWithMedia(title: string, fn: Mocha.AsyncFunc): Mocha.Test {
  return canEmulateMedia ? it(title, fn) : it.skip(`${title} (skipped in ${engine}: its WebDriver cannot emulate media)`, fn);
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DATE_PHRASE = /\b([A-Z][a-z]{2,8}),? (\d{1,2}) ([A-Z][a-z]{2,8})(?: (\d{4}))?\b/g;

/**
 * A text as this engine's Intl writes its en-GB dates. Expectations are
 * written as Chromium writes them ('Tue 25 Oct', 'Monday 24 October',
 * 'Saturday, 24 October 2015'); engines' locale data differ in the
 * punctuation between the parts (WebKitGTK writes 'Tue, 25 Oct'). Each date
 * phrase is formatted again by Intl.DateTimeFormat in this engine, with the
 * options the phrase shows (short or long weekday and month, a year or none),
 * which are the options the widgets use: so a test asserts that the widget
 * wrote what this engine's Intl writes for that date.
 */
export function intl(text: string): string {
  return text.replace(DATE_PHRASE, (phrase, weekday: string, day: string, month: string, year?: string) => {
    const wd = WEEKDAYS.findIndex((w) => w === weekday || w.slice(0, 3) === weekday);
    const mo = MONTHS.findIndex((m) => m === month || m.slice(0, 3) === month);
    if (wd < 0 || mo < 0) return phrase;
    const options: Intl.DateTimeFormatOptions = {
      weekday: weekday.length > 3 ? 'long' : 'short',
      day: 'numeric',
      month: month.length > 3 || month === 'May' && weekday.length > 3 ? 'long' : 'short',
      timeZone: 'UTC',
      ...(year ? {year: 'numeric'} : {}),
    };
    // Without a year any year whose date falls on that weekday writes the same.
    let y = year ? Number(year) : 2016;
    for (let i = 0; !year && i < 14 && new Date(Date.UTC(y, mo, Number(day))).getUTCDay() !== wd; i++) y++;
    return new Intl.DateTimeFormat('en-GB', options).format(new Date(Date.UTC(y, mo, Number(day), 12)));
  });
}

/** A part of a widget's shadow root, rendered with `mount`, wraps inside its box and the page at the narrowest viewport. */
export async function expectPartFitsNarrowest(mount: () => Promise<Element>, part: string): Promise<void> {
  await setViewport({width: narrowestViewport, height: 640});
  try {
    const p = (await mount()).shadowRoot!.querySelector<HTMLElement>(`[part="${part}"]`)!;
    expect(p.scrollWidth, 'no text runs out of the line').to.be.at.most(p.clientWidth);
    expect(p.getBoundingClientRect().right).to.be.at.most(document.documentElement.clientWidth);
  } finally {
    await setViewport({width: 800, height: 600});
  }
}

/** In forced colours, a part takes the reader's text colour (CanvasText) and the widget stays axe-clean. */
export async function expectPartInForcedColours(mount: () => Promise<Element>, part: string): Promise<void> {
  await emulateMedia({forcedColors: 'active'});
  try {
    const el = await mount();
    const p = el.shadowRoot!.querySelector<HTMLElement>(`[part="${part}"]`)!;
    const probe = document.createElement('span');
    probe.style.color = 'CanvasText';
    document.body.append(probe);
    expect(getComputedStyle(p).color).to.equal(getComputedStyle(probe).color);
    probe.remove();
    await expect(el).to.be.accessible();
  } finally {
    await emulateMedia({forcedColors: 'none'});
  }
}
