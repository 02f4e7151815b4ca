import {expect, fixture, html} from '@open-wc/testing';
import {intl, press, typeText} from '../helpers/engine.js';
import type {TrustSchedule} from '../../src/schedule/trust-schedule.js';
import {clock} from '../../src/shared/manual-time.js';
import {$, $$, FIXTURES, announced, settled, titles, visibleText} from './helpers.js';
import '../helpers/index.js';

const WEEK = `${FIXTURES}/week.json`;

async function load(attrs = html`<trust-schedule src=${WEEK} day="all"></trust-schedule>`): Promise<TrustSchedule> {
  const el = await fixture<TrustSchedule>(attrs);
  await settled(el);
  return el;
}

const search = (el: TrustSchedule) => $<HTMLInputElement>(el, '#search')!;
const button = (el: TrustSchedule, name: string) => $$<HTMLButtonElement>(el, 'button').find((b) => visibleText(b) === name);
const resultCount = (el: TrustSchedule) => visibleText($(el, '[part~="result-count"]'));
const tabNames = (el: TrustSchedule) => $$(el, '[role="tab"]').map((t) => visibleText(t));

/** Records every message the polite live region says. */
function listen(el: TrustSchedule): string[] {
  const said: string[] = [];
  const region = $(el, '[role="status"]')!;
  new MutationObserver(() => {
    const text = visibleText(region);
    if (text) said.push(text);
  }).observe(region, {childList: true, characterData: true, subtree: true});
  return said;
}

async function type(el: TrustSchedule, text: string): Promise<void> {
  search(el).focus();
  await typeText(text);
  await el.updateComplete;
}

describe('<trust-schedule> filters and search', () => {
  it('filters by type, track, room and audience with native selects that work from the keyboard', async () => {
    const el = await load();
    const toggle = button(el, 'Filters')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect($(el, '#filter-fields')!.hidden).to.equal(true);
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(el.hasAttribute('show-filters')).to.equal(true);
    await expect(el).to.be.accessible();

    expect($$(el, '#filter-fields label').map((l) => visibleText(l))).to.deep.equal(['Type', 'Track', 'Room', 'Audience']);

    // Keyboard: focus the select and press the down arrow to choose its next option.
    const type = $<HTMLSelectElement>(el, '#filter-type')!;
    type.focus();
    await press('ArrowDown');
    await el.updateComplete;
    expect(type.value).to.equal('Talk');
    expect(titles(el)).to.deep.equal(['Welcome to social media week', 'The NHS and social media', 'Podcasting pilot']);
    expect(resultCount(el)).to.equal('3 of 10 sessions match');
    expect(tabNames(el)).to.deep.equal([intl('Mon 24 Oct (1)'), intl('Tue 25 Oct (1)'), 'Time to be confirmed (1)', 'All days (3)']);

    type.value = 'Workshop';
    type.dispatchEvent(new Event('change'));
    const audience = $<HTMLSelectElement>(el, '#filter-audience')!;
    audience.value = 'Carers';
    audience.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(titles(el)).to.deep.equal(['How to use Facebook properly']);

    audience.value = '';
    audience.dispatchEvent(new Event('change'));
    const room = $<HTMLSelectElement>(el, '#filter-place')!;
    room.value = 'Training Suite';
    room.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(titles(el)).to.deep.equal(['How to use Facebook properly', 'Blogging for beginners']);

    const track = $<HTMLSelectElement>(el, '#filter-track')!;
    type.value = '';
    type.dispatchEvent(new Event('change'));
    track.value = 'Conversations';
    track.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(titles(el)).to.deep.equal([]);
    room.value = '';
    room.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(titles(el)).to.deep.equal(['Social media and confidentiality', 'Tweetchat: careers at NELFT']);

    button(el, 'Clear filters')!.click();
    await el.updateComplete;
    expect(titles(el)).to.have.length(10);
    expect([type.value, track.value, room.value, audience.value]).to.deep.equal(['', '', '', '']);
    expect(el.shadowRoot!.activeElement).to.equal(search(el));
    expect(button(el, 'Clear filters')).to.equal(undefined);
  });

  it('searches titles, descriptions and speaker names, ignoring case and accents', async () => {
    const el = await load();
    await type(el, 'JANE');
    expect(titles(el)).to.deep.equal(['The NHS and social media']);
    search(el).select();
    await type(el, 'privacy');
    expect(titles(el)).to.deep.equal(['How to use Facebook properly']);
    search(el).select();
    await type(el, 'cafe');
    expect(titles(el)).to.deep.equal(['Podcasting pilot']);
    search(el).select();
    await type(el, 'social kyle');
    expect(titles(el)).to.deep.equal(['Welcome to social media week', 'Social media surgery']);
  });

  it('announces the number of results once, politely, when typing pauses', async () => {
    clock.useManualTime('2017-03-01T12:00:00Z');
    const el = await load();
    const said = listen(el);
    await type(el, 'twitter');
    expect(titles(el)).to.deep.equal(['Twitter for beginners']);
    expect(resultCount(el)).to.equal('1 of 10 sessions matches');
    expect(said.filter((s) => s.includes('match'))).to.deep.equal([]);
    await clock.advance(1000);
    await el.updateComplete;
    expect(announced(el)).to.equal('1 of 10 sessions matches');
    expect(said.filter((s) => s.includes('match'))).to.deep.equal(['1 of 10 sessions matches']);
  });

  it('says so when nothing matches, and offers to clear the filters', async () => {
    clock.useManualTime('2017-03-01T12:00:00Z');
    const el = await load(html`<trust-schedule src=${WEEK}></trust-schedule>`);
    await type(el, 'surgery');
    // Monday is shown; the one match is on Tuesday.
    const message = $(el, '[part~="no-matches"]')!;
    expect(visibleText(message)).to.equal('No sessions match your search and filters. 1 session on other days matches. Clear filters');
    expect(tabNames(el)).to.include(intl('Tue 25 Oct (1)'));
    await expect(el).to.be.accessible();

    await type(el, ' zzz');
    await clock.advance(1000);
    await el.updateComplete;
    expect(announced(el)).to.equal('No sessions match your search and filters.');
    message.querySelector('button')!.click();
    await el.updateComplete;
    expect(titles(el)).to.have.length(6);
    expect(search(el).value).to.equal('');
  });
});
