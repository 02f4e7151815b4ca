import {eventFormats} from '../../src/event/formats.js';
import type {EventData} from '../../src/event/model.js';
import {adapt, parseBody} from '../../src/shared/adapter.js';
import type {ScheduleConfig} from '../config.js';
import type {PollResult, Source, SourceContext} from './source.js';

/**
 * A schedule in any of the four event formats, read with the widgets' own
 * adapters and re-published in the native format. The request is conditional
 * (the last ETag is the source's cursor), so an unchanged schedule costs its
 * server a 304.
 */
export class ScheduleSource implements Source {
  readonly kind = 'event';
  readonly network = 'schedule';
  readonly key: string;
  readonly url: string;
  readonly server: string;
  readonly usedBy = new Set<string>();
  intervalMs: number;

  constructor(readonly config: ScheduleConfig) {
    this.url = config.src;
    this.server = config.src;
    this.key = `schedule ${config.src}`;
    this.intervalMs = config.refresh * 1000;
  }

  describe(): string {
    return `GET ${this.url} (${this.config.format ?? 'format sniffed'}, conditional)`;
  }

  async poll({upstream}: SourceContext, etag: string | undefined): Promise<PollResult> {
    const accept = this.config.format === 'ical' ? 'text/calendar, text/plain;q=0.9, */*;q=0.5' : 'application/json, text/calendar;q=0.9, */*;q=0.5';
    const response = await upstream.request(this.url, {headers: {Accept: accept, ...(etag ? {'If-None-Match': etag} : {})}});
    if (response.status === 304) return {kind: 'event', problems: [], cursor: etag};
    const raw = parseBody(eventFormats, this.config.format, response);
    const adapted = await adapt<EventData>(eventFormats, this.config.format, raw, {baseUrl: this.url, timeZone: this.config.timezone}, this.url);
    return {kind: 'event', event: adapted.value, problems: adapted.problems, cursor: response.headers.get('etag') ?? undefined};
  }
}
