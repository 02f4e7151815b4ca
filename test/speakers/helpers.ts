
import {program} from '../helpers/index.js';
import type {TrustSpeakers} from '../../src/speakers/trust-speakers.js';

export const SESSIONIZE = '/test/fixtures/formats/sessionize-all-linz-2024.json';
export const FRAB_RC3 = '/test/fixtures/formats/frab-schedule-pretalx-rc3.json';
export const FRAB_DEMOCON = '/test/fixtures/formats/frab-schedule-pretalx-democon.json';
export const ICAL = '/test/fixtures/formats/ical-pyconuk-2015.ics';
export const EVENT = '/test/fixtures/speakers/event.json';
export const PHOTO = '/test/fixtures/speakers/photo.svg';

const shadow = (el: TrustSpeakers) => el.shadowRoot!;

// Wrappers (two widgets, a sized box) are mounted with fixtureSync: fixture()
// waits for an animation frame for a plain <div>, which a page treated as a
// background tab never gets.

export {settled} from '../helpers/index.js';

export function cards(el: TrustSpeakers): HTMLLIElement[] {
  return [...shadow(el).querySelectorAll<HTMLLIElement>('li[part="card"]')];
}

export const names = (el: TrustSpeakers) => cards(el).map((c) => c.querySelector('[part="name"]')!.textContent.trim());

export function card(el: TrustSpeakers, name: string): HTMLLIElement {
  const found = cards(el).find((c) => c.querySelector('[part="name"]')!.textContent.trim() === name);
  if (!found) throw new Error(`no card for ${name}; cards: ${names(el).join(', ')}`);
  return found;
}

/** The text a reader sees in an element, whitespace collapsed. */
export const textOf = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The session titles and times listed on a card. */
export const sessionsOf = (c: Element) => [...c.querySelectorAll('[part="sessions"] li')].map((li) => textOf(li));

export async function fixtureJson<T = Record<string, unknown>>(url: string): Promise<T> {
  return (await fetch(url)).json() as Promise<T>;
}

interface SessionizeSpeaker {
  id: string;
  fullName: string;
  tagLine: string;
  profilePicture: string;
  isTopSpeaker: boolean;
}

/**
 * The real Sessionize export served by the mock server, with its photos
 * moved from sessionize.com to mock paths so the tests never contact the
 * internet. Every photo answers with an image except those of `broken`
 * speakers (404). Nothing else in the file changes, unless `edit` does it.
 */
export async function servedSessionize(
  name: string,
  {broken = [], edit}: {broken?: string[]; edit?: (raw: {speakers: SessionizeSpeaker[]}) => void} = {},
): Promise<{path: string; raw: {speakers: SessionizeSpeaker[]}; photoOf: (fullName: string) => string}> {
  const raw = await fixtureJson<{speakers: SessionizeSpeaker[]}>(SESSIONIZE);
  const base = `/mock/${name}-${Date.now().toString(36)}-photos/`;
  const photos = new Map<string, string>();
  for (const speaker of raw.speakers) {
    const photo = base + new URL(speaker.profilePicture).pathname.split('/').pop()!;
    speaker.profilePicture = new URL(photo, location.href).href;
    photos.set(speaker.fullName, photo);
    if (!broken.includes(speaker.fullName)) {
      await program(photo, [{fixture: 'speakers/photo.svg', headers: {'Content-Type': 'image/svg+xml'}}]);
    }
  }
  edit?.(raw);
  const path = await program(`${base}sessionize.json`, [{body: raw}]);
  return {path, raw, photoOf: (fullName) => photos.get(fullName)!};
}

/**
 * Starts loading the card photos now. Photos are lazy: they load when
 * scrolled into view, which never happens while the test page is a hidden
 * tab (the runner runs two files at once), so tests that need a photo to load
 * or fail mark them eager, as scrolling them into view would.
 */
export function loadPhotosNow(el: TrustSpeakers): void {
  for (const img of el.shadowRoot!.querySelectorAll('img')) img.loading = 'eager';
}
