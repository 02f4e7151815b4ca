import type {Adapted} from '../../src/shared/adapter.js';
import {eventFormats, type EventFormatName} from '../../src/event/formats.js';
import type {EventData, Session, Speaker} from '../../src/event/model.js';

/** A sample file from test/fixtures, as the test server serves it. */
export async function fixture(path: string, as: 'json' | 'text' = 'json'): Promise<unknown> {
  const response = await fetch(`/test/fixtures/${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return as === 'json' ? response.json() : response.text();
}

export async function adapt(format: EventFormatName, raw: unknown, timeZone = 'Europe/London'): Promise<Adapted<EventData>> {
  return eventFormats[format].adapt(raw, {timeZone, baseUrl: 'https://schedule.example.org/data/'});
}

/** The error an adapter throws, or undefined when it does not. */
export async function adaptError(format: EventFormatName, raw: unknown): Promise<unknown> {
  return adapt(format, raw).then(
    () => undefined,
    (error: unknown) => error,
  );
}

export function session(data: EventData, predicate: string | ((s: Session) => boolean)): Session {
  const found = data.sessions.find(typeof predicate === 'string' ? (s) => s.title === predicate || s.id === predicate : predicate);
  if (!found) throw new Error(`No session ${String(predicate)}`);
  return found;
}

export function speaker(data: EventData, name: string): Speaker {
  const found = data.speakers.find((s) => s.name === name);
  if (!found) throw new Error(`No speaker ${name}`);
  return found;
}
