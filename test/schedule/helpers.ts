/**
 * Helpers for the <trust-schedule> tests: waiting for data, and reading what
 * a reader sees (a session's title, time line, day heading) out of the
 * shadow root.
 */

import '../../src/schedule/define.js';
import type {TrustSchedule} from '../../src/schedule/trust-schedule.js';
import type {DataController} from '../../src/shared/data-controller.js';
import type {EventData} from '../../src/event/model.js';

export const FORMATS = '/test/fixtures/formats';
export const FIXTURES = '/test/fixtures/schedule';

export function controller(el: TrustSchedule): DataController<EventData> {
  return (el as unknown as {dataController: DataController<EventData>}).dataController;
}

import {readerText} from '../helpers/index.js';

export {settled} from '../helpers/index.js';

export function $<E extends Element = HTMLElement>(el: TrustSchedule, selector: string): E | null {
  return el.shadowRoot!.querySelector<E>(selector);
}

export function $$<E extends Element = HTMLElement>(el: TrustSchedule, selector: string): E[] {
  return [...el.shadowRoot!.querySelectorAll<E>(selector)];
}

const text = (node: Element | null | undefined) => readerText(node);

/** Every session card that is displayed. */
export function cards(el: TrustSchedule): HTMLElement[] {
  return $$(el, '[part~="session"]').filter((c) => c.getClientRects().length > 0);
}

export function titles(el: TrustSchedule): string[] {
  return cards(el).map((c) => text(c.querySelector('[part~="session-title"]')));
}

/** The card of the session with this title (the first, if several). */
export function card(el: TrustSchedule, title: string): HTMLElement {
  const found = cards(el).find((c) => text(c.querySelector('[part~="session-title"]')) === title);
  if (!found) throw new Error(`No session titled "${title}" is shown; shown: ${titles(el).slice(0, 20).join(' | ')}`);
  return found;
}

/** What a reader sees for a session: its day heading, the start time above it, and its time line. */
export function seen(el: TrustSchedule, title: string): {day: string; slot: string; when: string} {
  const c = card(el, title);
  return {
    day: text(c.closest('.day')?.querySelector('[part~="day-heading"]')),
    slot: text(c.closest('.slot')?.querySelector('[part~="time-heading"]')),
    when: text(c.querySelector('.session__when')),
  };
}

export function zoneNote(el: TrustSchedule): string {
  return text($(el, '[part~="zone-note"]'));
}

export function announced(el: TrustSchedule): string {
  return text($(el, '[role="status"]'));
}

export function visibleText(node: Element | null): string {
  return text(node);
}

/** Tabs write the day into the URL hash; each test starts without one. */
export function clearHash(): void {
  history.replaceState(null, '', location.pathname + location.search);
}

beforeEach(clearHash);
afterEach(clearHash);
