import {expect, fixture, html} from '@open-wc/testing';
import {$$, card, settled, titles, visibleText} from './helpers.js';
import '../helpers/index.js';

/** Native JSON as a hostile or careless source might write it. */
const hostile = {
  event: {name: '<img src=x onerror="window.__schedulePwned = 1">', timeZone: 'Europe/London'},
  rooms: [{id: 'r', name: 'Room<script>window.__schedulePwned = 2</script>WithAVeryLongNameThatHasNoSpacesAtAllAndKeepsGoingAndGoing'}],
  speakers: [{id: 'x"><b>', name: '<b>Bold</b> Speaker'}],
  sessions: [
    {
      id: 'a b',
      title: '<script>window.__schedulePwned = 3</script>Session one',
      description: 'Click [here](javascript:window.__schedulePwned=4) or https://example.org/ok.',
      start: '2016-10-24T10:00:00',
      end: '2016-10-24T11:00:00',
      room: 'r',
      speakers: ['x"><b>'],
      links: [{url: 'javascript:window.__schedulePwned=5', label: 'Evil'}, {url: 'data:text/html,hi', label: 'Data'}, {url: 'https://example.org/book', label: 'Book'}],
    },
    {id: 'a_b', title: 'Session two with an anchor that collides', start: '2016-10-24T10:00:00', room: 'r'},
    {id: 'long', title: 'Supercalifragilisticexpialidocious'.repeat(12), start: '2016-10-24T12:00:00', type: 'T'.repeat(300)},
  ],
};

const pwned = () => (window as unknown as Record<string, unknown>).__schedulePwned;

describe('<trust-schedule> with hostile data', () => {
  it('shows third-party text as text, keeps only safe links, unique ids, and stays inside 320px', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 320px"><trust-schedule .data=${hostile} view="grid"></trust-schedule></div>`);
    const el = wrapper.querySelector('trust-schedule')!;
    await settled(el);
    for (const c of $$(el, '[aria-expanded]')) c.click();
    await el.updateComplete;

    expect(pwned()).to.equal(undefined);
    expect(titles(el)[0]).to.equal('<script>window.__schedulePwned = 3</script>Session one');
    expect($$(el, 'script, img, b')).to.have.length(0);
    const hrefs = $$<HTMLAnchorElement>(el, 'a[href]').map((a) => a.protocol);
    expect(hrefs.every((p) => p === 'https:' || p === 'http:')).to.equal(true);
    expect(visibleText(card(el, '<script>window.__schedulePwned = 3</script>Session one'))).to.contain('Book');

    const ids = $$(el, '[id]').map((n) => n.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    await expect(el).to.be.accessible();
  });
});
