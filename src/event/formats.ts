/**
 * The schedule and speaker formats, keyed by the `format` attribute's values.
 *
 * `detect` is for sniffing when `format` is absent. JSON formats receive the
 * parsed JSON; `ical` (body "text") receives the text as fetched, and says no
 * to anything that is not a string starting with BEGIN:VCALENDAR. The JSON
 * detectors look for each format's own structure, so at most one of them
 * answers yes for any payload: `frab` needs `schedule.conference.days`,
 * `sessionize` the five top-level arrays of the "All" export (and no `event`
 * or `$schema`), `native` a `$schema` naming event.schema.json or an `event`
 * object beside `sessions` (and none of the other two's keys).
 */
import {lazyFormat, type FormatMap} from '../shared/adapter.js';
import {detectFrab, detectIcal, detectNative, detectSessionize} from './adapters/detect.js';
import type {EventData} from './model.js';

/**
 * Each adapter is loaded only when its format is used: a page showing a
 * Sessionize schedule never downloads the pretalx or iCalendar code. The
 * detectors are small and stay in the widget's bundle.
 */
export const eventFormats: FormatMap<EventData> = {
  native: lazyFormat('json', detectNative, async () => (await import('./adapters/native.js')).adaptNative),
  sessionize: lazyFormat('json', detectSessionize, async () => (await import('./adapters/sessionize.js')).adaptSessionize),
  frab: lazyFormat('json', detectFrab, async () => (await import('./adapters/frab.js')).adaptFrab),
  ical: lazyFormat('text', detectIcal, async () => (await import('./adapters/ical.js')).adaptIcal),
};

export type EventFormatName = 'native' | 'sessionize' | 'frab' | 'ical';
