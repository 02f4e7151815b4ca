import {expect, fixture, html} from '@open-wc/testing';
import {intl} from '../helpers/engine.js';
import {until} from '../helpers/index.js';
import '../helpers/probe-element.js';
import type {TrustProbe} from '../helpers/probe-element.js';
import {defineElement} from '../../src/shared/define.js';
import {TrustSchedule} from '../../src/schedule/trust-schedule.js';
import '../../src/schedule/define.js';

/** Aggressive global CSS of the kind found on real CMS pages (resets, frameworks, careless themes). */
const HOSTILE_CSS = `
  html { font-size: 62.5%; }
  * { box-sizing: content-box !important; font-size: 11px; color: #ff00ff; line-height: 3; letter-spacing: 2px; text-transform: uppercase; font-family: "Comic Sans MS", cursive; }
  button { display: none !important; }
  img { width: 100% !important; height: auto !important; }
  ul, li { list-style: square; margin: 40px; padding: 40px; }
  a { color: lime !important; }
  div { border: 5px dashed red; }
`;

function addPageStyle(css: string): HTMLStyleElement {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  return style;
}

describe('embedding in a hostile host page', () => {
  let style: HTMLStyleElement | undefined;
  afterEach(() => {
    style?.remove();
    style = undefined;
    document.documentElement.style.removeProperty('--nhsuk-brand-colour');
  });

  it('keeps its own type and colours under aggressive global styles, inheriting only the font family', async () => {
    const el = await fixture<TrustProbe>(html`<trust-probe .data=${['One']}></trust-probe>`);
    await el.dataController.settled();
    await expect(el).to.be.accessible();
    const before = getComputedStyle(el.shadowRoot!.querySelector('li')!);
    const reference = {fontSize: before.fontSize, color: before.color, letterSpacing: before.letterSpacing, textTransform: before.textTransform};

    style = addPageStyle(HOSTILE_CSS);
    const item = getComputedStyle(el.shadowRoot!.querySelector('li')!);
    expect(item.color, 'text colour').to.equal(reference.color);
    expect(item.letterSpacing).to.equal(reference.letterSpacing);
    expect(item.textTransform).to.equal('none');
    expect(item.fontFamily, 'the page font family is inherited on purpose').to.contain('Comic Sans MS');
    expect(item.boxSizing).to.equal('border-box');
  });

  it('keeps text readable on a page that shrinks the root font size (the 62.5 % trick)', async () => {
    const el = await fixture<TrustProbe>(html`<trust-probe .data=${['One']}></trust-probe>`);
    await el.dataController.settled();
    style = addPageStyle('html { font-size: 62.5%; }');
    expect(getComputedStyle(el.shadowRoot!.querySelector('li')!).fontSize).to.equal('16px');
    el.style.setProperty('--trust-font-size', '20px');
    expect(getComputedStyle(el.shadowRoot!.querySelector('li')!).fontSize, 'a page can still choose a size').to.equal('20px');
  });

  it('keeps its buttons visible when the page hides all buttons', async () => {
    style = addPageStyle(HOSTILE_CSS);
    const el = await fixture<TrustProbe>(html`<trust-probe src="/mock/never-programmed"></trust-probe>`);
    await until(() => el.dataController.status === 'error');
    await el.updateComplete;
    const retry = el.shadowRoot!.querySelector('button')!;
    expect(getComputedStyle(retry).display).to.not.equal('none');
    expect(retry.getBoundingClientRect().height).to.be.at.least(44);
  });

  it('picks up the page’s NHS.UK brand colour, and --trust-brand overrides it', async () => {
    const el = await fixture<TrustProbe>(html`<trust-probe src="/mock/never-programmed"></trust-probe>`);
    await until(() => el.dataController.status === 'error');
    await el.updateComplete;
    const retry = () => getComputedStyle(el.shadowRoot!.querySelector('button')!).borderTopColor;
    expect(retry()).to.equal('rgb(0, 94, 184)'); // NHS blue by default
    document.documentElement.style.setProperty('--nhsuk-brand-colour', '#330072');
    expect(retry()).to.equal('rgb(51, 0, 114)');
    el.style.setProperty('--trust-brand', '#7c2855');
    expect(retry()).to.equal('rgb(124, 40, 85)');
  });

  it('offers dark and automatic colour schemes', async () => {
    const el = await fixture<TrustProbe>(html`<trust-probe theme="dark" .data=${['One']}></trust-probe>`);
    await el.dataController.settled();
    await expect(el).to.be.accessible();
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(27, 35, 41)');
    expect(getComputedStyle(el.shadowRoot!.querySelector('li')!).color).to.equal('rgb(240, 244, 245)');
  });

  it('does not throw when another copy already registered the tag, and says so once', () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      // An older copy of the library got there first with its own class.
      class OlderCopy extends HTMLElement {
        static version = '0.0.9';
      }
      const tag = `trust-copy-${Date.now()}`;
      customElements.define(tag, OlderCopy);
      expect(() => defineElement(tag, TrustSchedule)).not.to.throw();
      expect(customElements.get(tag)).to.equal(OlderCopy);
      expect(warnings).to.have.length(1);
      expect(String(warnings[0][0])).to.contain(`<${tag}> is already defined`).and.to.contain('0.0.9');
      defineElement(tag, OlderCopy); // the same class again is not a conflict
      expect(warnings).to.have.length(1);
    } finally {
      console.warn = warn;
    }
  });

  it('writes dates in the language of the page around it, and in British English by default or when the language is unknown', async () => {
    const data = {
      event: {name: 'Wythnos', timeZone: 'Europe/London'},
      sessions: [{id: 's1', title: 'Gweithdy', start: '2016-10-24T10:00:00', end: '2016-10-24T11:00:00'}],
      speakers: [],
    };
    const german = await fixture<HTMLDivElement>(html`<div lang="de"><trust-schedule day="2016-10-24" .data=${data}></trust-schedule></div>`);
    const schedule = german.querySelector('trust-schedule')!;
    await until(() => schedule.shadowRoot!.textContent.includes('Gweithdy'));
    expect(schedule.shadowRoot!.textContent).to.contain('Montag, 24. Oktober');
    await expect(schedule).to.be.accessible();

    // Klingon: a valid tag no browser formats dates in.
    const unknown = await fixture<HTMLDivElement>(html`<div lang="tlh"><trust-schedule day="2016-10-24" .data=${data}></trust-schedule></div>`);
    const fallback = unknown.querySelector('trust-schedule')!;
    await until(() => fallback.shadowRoot!.textContent.includes('Gweithdy'));
    expect(fallback.shadowRoot!.textContent).to.contain(intl('Monday 24 October')).and.to.contain('UK time (BST)');

    const english = await fixture<HTMLElement>(html`<trust-schedule day="2016-10-24" .data=${data}></trust-schedule>`);
    await until(() => english.shadowRoot!.textContent.includes('Gweithdy'));
    expect(english.shadowRoot!.textContent).to.contain(intl('Monday 24 October'));
  });

  it('lets a page re-word any UI text', async () => {
    const el = await fixture<TrustProbe>(html`<trust-probe .strings=${{retry: 'Ail-geisio', errors: {'not-found': 'Heb ddod o hyd i’r wybodaeth.'}}} src="/mock/never-programmed"></trust-probe>`);
    await until(() => el.dataController.status === 'error');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Heb ddod o hyd i’r wybodaeth.');
    expect(el.shadowRoot!.querySelector('button')!.textContent.trim()).to.equal('Ail-geisio');
  });

  it('keeps the default of a string given the wrong type (text for a sentence, a sentence for text), and says so', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      const data: unknown = await (await fetch('/test/fixtures/event/social-media-week-2016.json')).json();
      const strings = {resultCount: 'matches', dismiss: () => 'x', search: 'Chwilio'} as unknown as TrustSchedule['strings'];
      const el = await fixture<TrustSchedule>(html`<trust-schedule day="2016-10-24" .strings=${strings} .data=${data}></trust-schedule>`);
      await until(() => el.shadowRoot!.textContent.includes('Chwilio'));
      const search = el.shadowRoot!.querySelector<HTMLInputElement>('#search')!;
      search.value = 'social';
      search.dispatchEvent(new Event('input'));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.result-count')!.textContent).to.match(/^\d+ of \d+ sessions/);
      expect(warnings.filter((w) => w.includes('strings.'))).to.deep.equal([
        'trust-widgets: strings.resultCount is not a function; ignored',
        'trust-widgets: strings.dismiss is not a string; ignored',
      ]);
    } finally {
      console.warn = warn;
    }
  });
});
