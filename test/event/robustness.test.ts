import {expect, fixture as render, html} from '@open-wc/testing';
import {TrustError} from '../../src/shared/errors.js';
import type {EventFormatName} from '../../src/event/formats.js';
import '../../src/schedule/define.js';
import '../../src/speakers/define.js';
import {settled} from '../helpers/index.js';
import {adapt, fixture} from './helpers.js';
import {expectInert, expectNoPollution, mulberry32, mutate} from '../helpers/mutate.js';
import {brokenInvariants, mutateIcs} from './mutate.js';

/**
 * Seeded mutations of every real sample: whatever a careless or hostile
 * source does to a file, an adapter either gives a sound model or refuses
 * the file with a TrustError, and nothing it gives can run script. A failure
 * names the file and seed, and what was changed, so it reproduces.
 */
const SAMPLES: [EventFormatName, string][] = [
  ['sessionize', 'formats/sessionize-all-linz-2024.json'],
  ['frab', 'formats/frab-schedule-pretalx-rc3.json'],
  ['frab', 'formats/frab-schedule-pretalx-democon.json'],
  ['frab', 'formats/frab-schedule2-hub-38c3.json'],
  ['native', 'event/social-media-week-2016.json'],
  ['native', 'schedule/week.json'],
  ['native', 'speakers/event.json'],
  ['ical', 'formats/ical-pyconuk-2015.ics'],
  ['ical', 'formats/ical-outlook-exchange-2010.ics'],
  ['ical', 'formats/ical-google-calendar-alarms.ics'],
  ['ical', 'event/recurring-vtimezone.ics'],
  ['ical', 'event/floating-allday.ics'],
];
const MUTATIONS = 150;
const RENDERED = 12;

/** A mutated copy of a sample: one to three changes, chosen by the seed (and named, for iCalendar, where lines are changed). */
function mutated(format: EventFormatName, source: unknown, seed: number): {raw: unknown; changes: string[]} {
  const random = mulberry32(seed);
  if (format !== 'ical') return {raw: mutate(source, random), changes: []};
  const count = 1 + Math.floor(random() * 3);
  const lines = (source as string).split(/\r\n|\n/);
  const changes = Array.from({length: count}, () => mutateIcs(lines, random));
  return {raw: lines.join(random() < 0.5 ? '\r\n' : '\n'), changes};
}

/** Fails unless the adapter gave a sound model or refused the file deliberately. */
async function checkAdapter(format: EventFormatName, raw: unknown, label: string): Promise<void> {
  const result = await adapt(format, raw).then(
    (adapted) => ({adapted}),
    (error: unknown) => ({error}),
  );
  if ('adapted' in result) expect(brokenInvariants(result.adapted.value), label).to.deep.equal([]);
  else {
    const error = result.error as TrustError;
    expect(error, `${label}: ${String(error)}`).to.be.instanceOf(TrustError);
    expect(error.kind, label).to.equal('format');
    expect(error.message, label).to.match(/\w{3}/);
    // A TrustError wrapped around the adapter's own TypeError or RangeError is a bug, not a refusal.
    expect(error.details.cause, `${label}: ${String(error.details.cause)}`).to.not.be.instanceOf(Error);
  }
  expectNoPollution(label);
}

describe('Event adapters under seeded mutation of real files', () => {
  afterEach(() => {
    delete window.__pwned;
  });

  it('render a mutated schedule accessibly, with nothing hostile run or injected', async () => {
    const source = await fixture('event/social-media-week-2016.json');
    const {raw} = mutated('native', source, 11);
    const el = await render<HTMLElement>(html`<trust-schedule format="native" day="all" .data=${raw}></trust-schedule>`);
    await settled(el as never);
    await expect(el).to.be.accessible();
    expectInert(el.shadowRoot!, 'native, seed 11');
  });

  for (const [format, path] of SAMPLES) {
    it(`${path}: ${MUTATIONS} mutations give a sound model or a format error`, async function () {
      const source = await fixture(path, format === 'ical' ? 'text' : 'json');
      for (let seed = 1; seed <= MUTATIONS; seed++) {
        const {raw, changes} = mutated(format, source, seed);
        await checkAdapter(format, raw, `${path} seed ${seed} ${changes.join('; ')}`);
      }
    });
  }

  for (const [format, path] of SAMPLES) {
    it(`${path}: ${RENDERED} mutations render in <trust-schedule> and <trust-speakers> without running anything`, async function () {
      const source = await fixture(path, format === 'ical' ? 'text' : 'json');
      for (let seed = 1; seed <= RENDERED; seed++) {
        const {raw, changes} = mutated(format, source, seed * 1009);
        const label = `${path} seed ${seed * 1009} ${changes.join('; ')}`;
        const wrapper = await render<HTMLDivElement>(
          html`<div>
            <trust-schedule format=${format} day="all" .data=${raw}></trust-schedule>
            <trust-speakers format=${format} .data=${raw}></trust-speakers>
          </div>`,
        );
        for (const el of wrapper.querySelectorAll<HTMLElement>('trust-schedule, trust-speakers')) {
          await settled(el as never);
          const root = el.shadowRoot!;
          // Something on screen: the data, or a message saying why not.
          expect(root.textContent.trim(), label).to.not.equal('');
          expectInert(root, label);
        }
        wrapper.remove();
      }
    });
  }
});
