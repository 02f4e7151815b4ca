import {expect, fixture, html} from '@open-wc/testing';
import {settled} from '../helpers/index.js';
import {PWN_HTML, PWN_URL, expectInert, uncaught} from '../helpers/mutate.js';
import '../../src/define.js';

/**
 * What a CMS editor, or a careless page template, can type into an attribute:
 * every attribute of every widget set to values it was never meant to get,
 * one after the other on a live widget. None may throw, run anything or leave
 * the widget blank (it shows its data or says what is wrong), and once the
 * attribute is taken away again the widget shows its data as before.
 */
const VALUES = [
  '', ' ', '0', '-1', '1.5', '99', '1e999', 'NaN', 'Infinity', 'true', 'false', 'all', 'none', '#', '@', '@@', '%E0%A4%A', '\u202e\u0000',
  'Mars/Olympus', '2016-13-45', 'en-GB-x-@@', 'x'.repeat(5000), PWN_HTML, PWN_URL, '../', '{"count": 1}',
];

type Widget = HTMLElement & {updateComplete: Promise<boolean>; data?: unknown; dataController: {status: string}};

async function json(path: string): Promise<unknown> {
  return (await fetch(`/test/fixtures/${path}`)).json();
}

/** The four widgets on their test data; with no remote pictures, whose loading or failing would change what shows. */
async function widgets(): Promise<Widget[]> {
  const [event, posts] = await Promise.all([json('event/social-media-week-2016.json'), json('feed/native-posts.json')]);
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <trust-schedule format="native" .data=${event}></trust-schedule>
    <trust-speakers format="native" no-photos .data=${event}></trust-speakers>
    <trust-hashtag-feed format="native" hashtag="NelftSoMeWeek" no-avatars no-media .data=${posts}></trust-hashtag-feed>
    <trust-follow-counter format="native" label="followers" .data=${{count: 2214}}></trust-follow-counter>
  </div>`);
  const all = [...wrapper.children] as Widget[];
  for (const el of all) await settled(el);
  return all;
}

function attributesOf(el: Widget): string[] {
  return (el.constructor as unknown as {observedAttributes: string[]}).observedAttributes;
}

describe('Every attribute of every widget, given values it was never meant to get', () => {
  afterEach(() => {
    delete window.__pwned;
  });

  it('stays accessible with hostile attribute values', async () => {
    const all = await widgets();
    for (const el of all) for (const name of attributesOf(el)) if (!['format', 'lang', 'hidden'].includes(name)) el.setAttribute(name, PWN_HTML);
    for (const el of all) await settled(el);
    for (const el of all) await expect(el).to.be.accessible();
  });

  for (const tag of ['trust-schedule', 'trust-speakers', 'trust-hashtag-feed', 'trust-follow-counter']) {
    it(`<${tag}>: never throws, runs nothing, never goes blank, and recovers`, async function () {
      const el = (await widgets()).find((w) => w.localName === tag)!;
      const before = el.shadowRoot!.textContent.replace(/\s+/g, ' ').trim();
      const errors = await uncaught(async () => {
        for (const name of attributesOf(el)) {
          const original = el.getAttribute(name);
          for (const value of VALUES) {
            const where = `${tag} ${name}="${value.slice(0, 30)}"`;
            el.setAttribute(name, value);
            await settled(el);
            expectInert(el.shadowRoot!, where);
            expect(el.shadowRoot!.textContent.trim(), `${where}: something on screen`).not.to.equal('');
          }
          if (original === null) el.removeAttribute(name);
          else el.setAttribute(name, original);
          await settled(el);
        }
      });
      expect(errors).to.deep.equal([]);
      expect(el.dataController.status).to.equal('loaded');
      expect(el.shadowRoot!.textContent.replace(/\s+/g, ' ').trim(), 'the same content once the attributes are back').to.equal(before);
    });
  }
});
