import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import {intl} from '../helpers/engine.js';
import type {TrustSchedule} from '../../src/schedule/trust-schedule.js';
import {clock} from '../../src/shared/manual-time.js';
import type {TrustErrorEvent, TrustLoadEvent} from '../../src/shared/events.js';
import {mockPath, program} from '../helpers/index.js';
import {$, FIXTURES, announced, controller, settled, seen, titles, visibleText} from './helpers.js';

const shown = (el: TrustSchedule) => visibleText(el.shadowRoot!.querySelector('[part~="message"], .loading'));

describe('<trust-schedule> states', () => {
  it('loading: says so until the data arrives', async () => {
    const path = await program(mockPath('loading'), [{fixture: 'schedule/week.json', delay: 800}]);
    const el = await fixture<TrustSchedule>(html`<trust-schedule src=${path}></trust-schedule>`);
    expect(shown(el)).to.equal('Loading…');
    expect(announced(el)).to.equal('Loading…');
    await expect(el).to.be.accessible();
    await settled(el);
    expect(titles(el)).to.have.length(6);
  });

  it('error: a human message, the event, and Try again', async () => {
    const path = await program(mockPath('error'), [{status: 500}, {fixture: 'schedule/week.json'}]);
    const el = await fixture<TrustSchedule>(html`<trust-schedule src=${path}></trust-schedule>`);
    const error = await oneEvent<TrustErrorEvent>(el, 'trust-error');
    expect(error.detail.kind).to.equal('http');
    await el.updateComplete;
    expect(shown(el)).to.contain('The server had a problem sending this information.');
    await expect(el).to.be.accessible();
    const loaded = oneEvent<TrustLoadEvent>(el, 'trust-load');
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    expect((await loaded).detail.count).to.equal(10);
    await el.updateComplete;
    expect(titles(el)).to.have.length(6);
  });

  it('error: a file that is not a schedule is explained, not a blank box', async () => {
    const path = await program(mockPath('wrong'), [{body: {hello: 'world'}}]);
    const el = await fixture<TrustSchedule>(html`<trust-schedule src=${path}></trust-schedule>`);
    await settled(el);
    expect(shown(el)).to.contain('not in a format this widget understands');
    await expect(el).to.be.accessible();
  });

  it('empty: a sentence when the schedule has no sessions', async () => {
    const el = await fixture<TrustSchedule>(html`<trust-schedule .data=${{event: {name: 'Nothing yet'}, sessions: []}}></trust-schedule>`);
    await settled(el);
    expect(shown(el)).to.equal('There are no sessions in this schedule yet.');
    await expect(el).to.be.accessible();
  });

  it('reads inline JSON pasted into the element', async () => {
    const el = await fixture<TrustSchedule>(html`<trust-schedule day="all">
      <script type="application/json">
        {"event": {"name": "Inline", "timeZone": "Europe/London"}, "sessions": [{"id": "a", "title": "Pasted session", "start": "2016-10-24T10:00:00"}]}
      </script>
    </trust-schedule>`);
    await settled(el);
    expect(seen(el, 'Pasted session')).to.deep.equal({day: intl('Monday 24 October'), slot: '10:00', when: '10:00'});
  });

  it('takes parsed JSON from JavaScript through the data property', async () => {
    const raw: unknown = await (await fetch(`${FIXTURES}/week.json`)).json();
    const el = await fixture<TrustSchedule>(html`<trust-schedule .data=${raw} day="all"></trust-schedule>`);
    await settled(el);
    expect(titles(el)).to.have.length(10);
  });

  it('stale: keeps the schedule with a discreet notice when a refresh fails', async () => {
    clock.useManualTime('2016-10-01T12:00:00Z');
    const path = await program(mockPath('stale'), [{fixture: 'schedule/week.json'}, {status: 503}]);
    const el = await fixture<TrustSchedule>(html`<trust-schedule src=${path} refresh="60"></trust-schedule>`);
    await settled(el);
    const error = oneEvent<TrustErrorEvent>(el, 'trust-error');
    await clock.advance(60_000);
    expect((await error).detail.stale).to.equal(true);
    await el.updateComplete;
    expect(visibleText($(el, '[part~="stale-notice"]'))).to.match(/^Couldn’t update — showing what we had at \d\d:\d\d\. Try again$/);
    expect(titles(el)).to.have.length(6);
    await expect(el).to.be.accessible();
  });

  it('says politely what a refresh changed, and the notice can be dismissed', async () => {
    clock.useManualTime('2016-10-01T12:00:00Z');
    const path = await program(mockPath('changed'), [{fixture: 'schedule/week.json'}, {fixture: 'schedule/week-changed.json'}]);
    const el = await fixture<TrustSchedule>(html`<trust-schedule src=${path} refresh="60"></trust-schedule>`);
    await settled(el);
    expect($(el, '[part~="change-notice"]')).to.equal(null);
    const load = oneEvent<TrustLoadEvent>(el, 'trust-load');
    await clock.advance(60_000);
    await load;
    await controller(el).settled();
    const notice = $(el, '[part~="change-notice"]')!;
    expect(visibleText(notice.querySelector('p'))).to.equal('The schedule has changed: 4 sessions updated');
    expect([...notice.querySelectorAll('li')].map((li) => visibleText(li))).to.deep.equal([
      '‘Twitter for beginners’ moved to 14:00',
      '‘Social media surgery’ is cancelled',
      '‘Instagram basics’ was added',
      '‘Podcasting pilot’ was removed',
    ]);
    expect(announced(el)).to.equal(
      'The schedule has changed: 4 sessions updated. ‘Twitter for beginners’ moved to 14:00; ‘Social media surgery’ is cancelled; ‘Instagram basics’ was added; and 1 more.',
    );
    expect(seen(el, 'Twitter for beginners').slot).to.equal('14:00');
    await expect(el).to.be.accessible();

    [...notice.querySelectorAll('button')].find((b) => visibleText(b) === 'Dismiss')!.click();
    await el.updateComplete;
    expect($(el, '[part~="change-notice"]')).to.equal(null);
  });

  it('says nothing when a refresh brings the same schedule', async () => {
    clock.useManualTime('2016-10-01T12:00:00Z');
    const path = await program(mockPath('same'), [{fixture: 'schedule/week.json'}]);
    const el = await fixture<TrustSchedule>(html`<trust-schedule src=${path} refresh="60"></trust-schedule>`);
    await settled(el);
    const load = oneEvent<TrustLoadEvent>(el, 'trust-load');
    await clock.advance(60_000);
    expect((await load).detail.changed).to.equal(false);
    await el.updateComplete;
    expect($(el, '[part~="change-notice"]')).to.equal(null);
  });
});
