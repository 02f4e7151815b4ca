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
import type {FormatMap} from '../shared/adapter.js';
import {detectFrab, detectIcal, detectNative, detectSessionize} from './adapters/detect.js';
import {adaptFrab} from './adapters/frab.js';
import {adaptIcal} from './adapters/ical.js';
import {adaptNative} from './adapters/native.js';
import {adaptSessionize} from './adapters/sessionize.js';
import type {EventData} from './model.js';

export const eventFormats: FormatMap<EventData> = {
  native: {body: 'json', adapt: adaptNative, detect: detectNative},
  sessionize: {body: 'json', adapt: adaptSessionize, detect: detectSessionize},
  frab: {body: 'json', adapt: adaptFrab, detect: detectFrab},
  ical: {body: 'text', adapt: adaptIcal, detect: detectIcal},
};

export type EventFormatName = 'native' | 'sessionize' | 'frab' | 'ical';
