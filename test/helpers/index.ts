/**
 * Shared test helpers. Importing this module also makes any Lit dev-mode
 * warning fail the test that caused it.
 */
import {expect, oneEvent, waitUntil} from '@open-wc/testing';
import type {TrustErrorEvent, TrustLoadEvent} from '../../src/shared/events.js';
import {clock} from '../../src/shared/manual-time.js';

export interface MockResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** A file below test/fixtures/. */
  fixture?: string;
  /** Server-side delay in ms (real time, for in-flight and time-out cases). */
  delay?: number;
  etag?: string;
  lastModified?: string;
}

export interface LoggedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

let counter = 0;

/** A path on the mock server unique to this test run. */
export function mockPath(name: string): string {
  counter++;
  return `/mock/${name}-${Date.now().toString(36)}-${counter}`;
}

/** Programs the responses the mock server gives for `path`, in order (the last repeats). */
export async function program(path: string, responses: MockResponse[], repeatLast = true): Promise<string> {
  const res = await fetch('/__mock/program', {method: 'POST', body: JSON.stringify({path, responses, repeatLast})});
  if (!res.ok) throw new Error(`could not program ${path}`);
  return path;
}

/** The requests the page made to `path` so far. */
export async function requests(path: string): Promise<LoggedRequest[]> {
  const res = await fetch(`/__mock/requests?path=${encodeURIComponent(path)}`);
  return res.json() as Promise<LoggedRequest[]>;
}

/**
 * Waits for a condition that depends on real I/O (a response arriving).
 * Generous, because CI machines have two cores; time itself is never waited
 * for this way (tests move the manual clock instead).
 */
export function until(condition: () => unknown, message?: string): Promise<void> {
  return waitUntil(condition, message, {timeout: 50_000, interval: 20});
}

/** Any of the widgets: its data controller is protected, but tests may read its status. */
type Widget = HTMLElement & {updateComplete: Promise<unknown>};
const status = (el: Widget) => (el as unknown as {dataController: {status: string}}).dataController.status;

/** Waits until a widget has left the loading state (and `condition` holds), however fast that was, and has rendered. */
export async function settled(el: Widget, condition?: () => boolean): Promise<void> {
  await until(() => status(el) !== 'loading' && (condition?.() ?? true), `<${el.localName}> settles`);
  await el.updateComplete;
}

/** The next trust-load, once rendered. Set it up before whatever causes the load. */
export async function loaded(el: Widget): Promise<TrustLoadEvent> {
  const event = await oneEvent(el, 'trust-load');
  await el.updateComplete;
  return event;
}

/** The next trust-error, once rendered. */
export async function failed(el: Widget): Promise<TrustErrorEvent> {
  const event = await oneEvent(el, 'trust-error');
  await el.updateComplete;
  return event;
}

declare global {
  interface Window {
    __litWarnings: string[];
  }
}

/**
 * Pins the page's visibility. With several test files at once, Chromium may
 * treat a test page as a background tab, and the widgets rightly pause
 * polling and animation there; each test decides visibility itself instead.
 */
export function setPageHidden(hidden: boolean): void {
  Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
  Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => (hidden ? 'hidden' : 'visible')});
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  window.__litWarnings = [];
  setPageHidden(false);
});

afterEach(() => {
  clock.useRealTime();
  expect(window.__litWarnings, 'Lit dev-mode warnings').to.deep.equal([]);
});

/**
 * The text a reader gets from a node: its text, with a break between blocks
 * (paragraphs, list items, flex and grid items) as the eye and a screen reader
 * take it, and no space where the page has none. textContent alone joins two
 * paragraphs into one word when the production build's minifier has removed
 * the indentation between them, which no reader ever sees.
 */
export function readerText(node: Node | null | undefined): string {
  if (!node) return '';
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) {
      parts.push(n.textContent ?? '');
      return;
    }
    if (!(n instanceof Element)) {
      n.childNodes.forEach(walk);
      return;
    }
    const display = getComputedStyle(n).display;
    const block = n.isConnected && display !== '' && !display.startsWith('inline') && display !== 'contents';
    if (block) parts.push(' ');
    n.childNodes.forEach(walk);
    if (block) parts.push(' ');
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * A position once layout has settled: measured each frame until it has not
 * changed for five frames in a row. A busy machine renders late (images,
 * content-visibility, fonts), so a position read after a fixed number of
 * frames may be one that is about to change.
 */
export async function settledPosition(measure: () => number): Promise<number> {
  let last = measure();
  let still = 0;
  await until(async () => {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    const now = measure();
    still = now === last ? still + 1 : 0;
    last = now;
    return still >= 5;
  }, 'layout settles');
  return last;
}
