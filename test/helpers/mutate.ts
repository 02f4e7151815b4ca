/**
 * Deterministic mutation ("fuzz") helpers for the robustness tests of every
 * format (schedule, feed, follower counter): a seeded PRNG, so that a failure
 * names a seed that reproduces it, mutations of real sample files that a
 * careless export or a hostile server could produce, and the checks that must
 * hold whatever the input.
 */
import {expect} from '@open-wc/testing';
import {TrustError} from '../../src/shared/errors.js';

export type Random = () => number;
type Container = Record<string, unknown> | unknown[];

/** mulberry32: a tiny, fast, seeded PRNG (same seed, same sequence). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

export const PWN_HTML = '<img src=x onerror=window.__pwned=1>';
export const PWN_URL = 'javascript:window.__pwned=1';
const HUGE = 'x'.repeat(100_000);

/** What a careless or hostile source puts where a value should be. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, true, false, [], {}, ['x', 1], [null, 'x', 3], {x: 1}, {url: PWN_URL, title: PWN_HTML, name: PWN_HTML},
  HUGE, PWN_HTML, PWN_URL, ' JaVaScRiPt:window.__pwned=1', 'data:text/html,<script>window.__pwned=1</script>', '//evil.example/x',
  'http://[::1', 'https://', '/relative/path', 'mailto:someone@example.org',
  '', ' ', 'not a date', '2016-13-45T99:99:99Z', '2024-02-30T10:00:00', '0000-00-00T00:00:00Z', '+275760-09-13T00:00:00.001Z', '1', 'Tue',
  'NaN', 'Infinity', '-0', '1e400', '\u0000', '\uD800', '\u202e\ufeff', '__proto__', 'constructor',
];

/** Every object and array inside a value (not too deep), with the value itself first. */
function containers(value: unknown, out: Container[] = [], depth = 0): Container[] {
  if (depth > 40 || typeof value !== 'object' || value === null) return out;
  out.push(value as Container);
  for (const child of Object.values(value)) containers(child, out, depth + 1);
  return out;
}

function keysOf(container: Container): string[] {
  return Object.keys(container);
}

/** An own property, as JSON.parse makes one: never the setter that would change a prototype. */
export function setOwn(target: Container, key: string, value: unknown): void {
  Object.defineProperty(target, key, {value, enumerable: true, writable: true, configurable: true});
}

/** A hostile value, copied so that no two places share one object. */
export function hostile(random: Random): unknown {
  const value = pick(random, HOSTILE_VALUES);
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

export type Mutation = (root: unknown, random: Random) => void;

const deleteKey: Mutation = (root, random) => {
  const target = pick(random, containers(root).filter((c) => keysOf(c).length > 0));
  if (!target) return;
  const key = pick(random, keysOf(target));
  if (Array.isArray(target)) target.splice(Number(key), 1);
  else delete target[key];
};

const replaceValue: Mutation = (root, random) => {
  const target = pick(random, containers(root).filter((c) => keysOf(c).length > 0));
  if (target) setOwn(target, pick(random, keysOf(target)), hostile(random));
};

const prototypeKey: Mutation = (root, random) => {
  const target = pick(random, containers(root).filter((c) => !Array.isArray(c)));
  if (target) setOwn(target, pick(random, ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']), {polluted: 'yes', toString: 'x', valueOf: 1});
};

/** An object replaced by a list of its values, or a list by an object with index keys. */
const swapShape: Mutation = (root, random) => {
  const target = pick(random, containers(root).filter((c) => keysOf(c).length > 0));
  if (!target) return;
  const key = pick(random, keysOf(target));
  const value = (target as Record<string, unknown>)[key];
  if (Array.isArray(value)) setOwn(target, key, {...value});
  else if (typeof value === 'object' && value !== null) setOwn(target, key, Object.values(value));
  else if (typeof value === 'string') setOwn(target, key, [value]);
};

/** A key picked by name, so that one that appears once (base_url, time_zone_name) is as likely as one in every item. */
const replaceNamedValue: Mutation = (root, random) => {
  const objects = containers(root).filter((c): c is Record<string, unknown> => !Array.isArray(c));
  const name = pick(random, [...new Set(objects.flatMap(keysOf))]);
  if (name !== undefined) setOwn(pick(random, objects.filter((o) => Object.hasOwn(o, name))), name, hostile(random));
};

const duplicateItem: Mutation = (root, random) => {
  const list = pick(random, containers(root).filter((c): c is unknown[] => Array.isArray(c) && c.length > 0));
  if (list) list.push(structuredClone(pick(random, list)));
};

export const GENERIC_MUTATIONS: readonly Mutation[] = [deleteKey, replaceValue, replaceNamedValue, prototypeKey, swapShape, duplicateItem];

/** Every object in a value that has a given key (to aim a mutation at, say, every `facets`). */
export function objectsWith(root: unknown, key: string): Array<Record<string, unknown>> {
  return containers(root).filter((c): c is Record<string, unknown> => !Array.isArray(c) && Object.hasOwn(c, key));
}

/** A copy of `sample` with one to three mutations, from generic ones and the format's own. */
export function mutate<T>(sample: T, random: Random, specific: readonly Mutation[] = []): T {
  const copy = structuredClone(sample);
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const mutation = specific.length > 0 && random() < 0.4 ? pick(random, specific) : pick(random, GENERIC_MUTATIONS);
    mutation(copy, random);
  }
  return copy;
}

/** True when a string is an http(s) URL the browser parses as one. */
export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** What a JavaScript engine says when code trips over data it did not expect. */
const ENGINE_MESSAGE = /Cannot (read|set|convert)|is not (a function|iterable|defined)|undefined|Invalid (time value|array length|string length)|Maximum call stack|\[object Object\]/;

/** A message a person can read: text, and not a JavaScript engine's error. */
export function expectHumanMessage(message: unknown, where: string): void {
  expect(message, where).to.be.a('string');
  expect((message as string).trim(), where).not.to.equal('');
  expect(message, where).not.to.match(ENGINE_MESSAGE);
}

/** A rejection must be a TrustError with a human message, never a TypeError or RangeError. */
export function expectTrustError(error: unknown, where: string): void {
  expect(error, `${where}: ${String(error)} ${(error as Error)?.stack ?? ''}`).to.be.instanceOf(TrustError);
  expectHumanMessage((error as TrustError).message, where);
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_KEYS = Object.getOwnPropertyNames(Array.prototype).sort();

/** Nothing added to the prototypes every object shares. */
export function expectNoPollution(where: string): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort(), where).to.deep.equal(PROTOTYPE_KEYS);
  expect(Object.getOwnPropertyNames(Array.prototype).sort(), where).to.deep.equal(ARRAY_KEYS);
  expect(({} as Record<string, unknown>).polluted, where).to.equal(undefined);
}

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** Nothing in a widget's shadow DOM that could run: no script, frames, handlers or script URLs; no script ran. */
export function expectInert(root: ShadowRoot, where: string): void {
  expect(window.__pwned, `script ran (${where})`).to.equal(undefined);
  for (const node of root.querySelectorAll('*')) {
    expect(['script', 'iframe', 'object', 'embed', 'frame', 'base', 'meta', 'form'], where).not.to.include(node.localName);
    for (const attr of node.attributes) {
      expect(attr.name.startsWith('on'), `${attr.name} on <${node.localName}> (${where})`).to.be.false;
      if (['href', 'src', 'poster', 'srcset', 'action', 'formaction', 'xlink:href'].includes(attr.name)) {
        // Third-party addresses are http(s) or mailto; the widgets' own links within the page are fragments.
        const safe = isHttpUrl(attr.value) || attr.value.startsWith('mailto:') || (attr.name === 'href' && attr.value.startsWith('#'));
        expect(safe, `${attr.name}="${attr.value.slice(0, 80)}" on <${node.localName}> (${where})`).to.be.true;
      }
    }
  }
}

/** Uncaught errors and rejections while `run` runs (a widget must never throw out of its own code). */
export async function uncaught(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const onError = (e: ErrorEvent) => seen.push(`${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => seen.push(`${String(e.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  try {
    await run();
    // Let a rejection that nobody handled be reported.
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  }
  return seen;
}
