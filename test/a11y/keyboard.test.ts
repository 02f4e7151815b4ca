import {expect, fixture, html} from '@open-wc/testing';
import {intl, keyDown, keyUp, press} from '../helpers/engine.js';
import {until} from '../helpers/index.js';
import '../../src/define.js';

/**
 * A keyboard-only walkthrough of a page with all four widgets: Tab reaches
 * every control in reading order, each shows a visible focus indicator, and
 * Shift+Tab comes back the same way. No control is a keyboard trap.
 */
type Widget = HTMLElement & {updateComplete: Promise<unknown>; dataController: {status: string}};

function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function describeControl(el: Element): string {
  const host = (el.getRootNode() as ShadowRoot).host?.localName ?? 'page';
  const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
  return `${host} ${el.localName} "${name}"`;
}

function hasVisibleFocus(el: Element): boolean {
  const style = getComputedStyle(el);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none' || style.backgroundColor === 'rgb(255, 235, 59)';
}

describe('keyboard-only walkthrough of a page with all four widgets', function () {

  it('reaches every widget’s controls with Tab, with visible focus, and returns with Shift+Tab', async () => {
    const wrapper = await fixture<HTMLElement>(html`<main>
      <button id="before">Before the widgets</button>
      <trust-follow-counter src="/test/fixtures/formats/mastodon-account-example.json" format="mastodon" goal="1000"></trust-follow-counter>
      <trust-schedule src="/demo/data/social-media-week.json" day="2016-10-24"></trust-schedule>
      <trust-speakers src="/demo/data/social-media-week.json" layout="list" speakers="jane-appleton"></trust-speakers>
      <trust-hashtag-feed src="/test/fixtures/feed/native-posts.json" format="native" hashtag="NelftSoMeWeek" max-posts="3" no-avatars no-media></trust-hashtag-feed>
      <button id="after">After the widgets</button>
    </main>`);
    const widgets = [...wrapper.querySelectorAll<Widget>('trust-follow-counter, trust-schedule, trust-speakers, trust-hashtag-feed')];
    await until(() => widgets.every((w) => w.dataController.status === 'loaded'), 'all widgets loaded');
    await Promise.all(widgets.map((w) => w.updateComplete));
    await expect(wrapper).to.be.accessible();

    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    const forward: Element[] = [];
    for (let i = 0; i < 400; i++) {
      await press('Tab');
      const active = deepActive()!;
      if (active.id === 'after') break;
      expect(forward, `focus returned to ${describeControl(active)}: a trap`).to.not.include(active);
      expect(hasVisibleFocus(active), `no visible focus on ${describeControl(active)}`).to.equal(true);
      forward.push(active);
    }
    expect(deepActive()?.id, 'Tab leaves the last widget').to.equal('after');

    const hosts = new Set(forward.map((el) => (el.getRootNode() as ShadowRoot).host?.localName));
    expect([...hosts]).to.include.members(['trust-follow-counter', 'trust-schedule', 'trust-speakers', 'trust-hashtag-feed']);
    const labels = forward.map(describeControl).join('\n');
    expect(labels).to.match(/trust-follow-counter a "Follow/);
    expect(labels).to.match(new RegExp(`trust-schedule .*${intl('Mon 24 Oct')}`));
    expect(labels).to.match(/trust-schedule input/);

    const backward: Element[] = [];
    await keyDown('Shift');
    for (let i = 0; i < forward.length; i++) {
      await press('Tab');
      backward.push(deepActive()!);
    }
    await keyUp('Shift');
    expect(backward).to.deep.equal([...forward].reverse());
  });
});
