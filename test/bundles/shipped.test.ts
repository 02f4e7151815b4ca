import {expect, fixture, html} from '@open-wc/testing';
import {settled, until} from '../helpers/index.js';

/**
 * The file a CMS page loads, dist/trust-widgets.js, exactly as shipped
 * (minified HTML literals, Lit in production mode). Run only in the
 * production run. What a reader sees and hears must be what the sources
 * render: the minifier removes whitespace at a template's edges, so every
 * space a reader needs lives in an expression (see the README, "Tests").
 */
const bundle = '/dist/trust-widgets.js';
await import(bundle);

type Widget = HTMLElement & {updateComplete: Promise<unknown>; dataController: {status: string}};

/** Text as a reader gets it: whitespace collapsed as the browser collapses it, nothing added. */
const read = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const time = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London'}).format(new Date(iso));

async function eventData(): Promise<{sessions: Array<Record<string, unknown>>}> {
  return (await (await fetch('/demo/data/social-media-week.json')).json()) as {sessions: Array<Record<string, unknown>>};
}

describe('the shipped bundle dist/trust-widgets.js', () => {
  it('registers all four widgets, and a page with them is axe-clean', async () => {
    const page = await fixture<HTMLElement>(html`<main>
      <trust-schedule src="/demo/data/social-media-week.json" day="2016-10-24"></trust-schedule>
      <trust-speakers src="/demo/data/social-media-week.json" speakers="kyle-grieve"></trust-speakers>
      <trust-hashtag-feed src="/test/fixtures/feed/native-posts.json" format="native" hashtag="NelftSoMeWeek" max-posts="3" no-avatars no-media></trust-hashtag-feed>
      <trust-follow-counter label="followers"><script type="application/json">{"count": 2214}</script></trust-follow-counter>
    </main>`);
    const widgets = [...page.children] as Widget[];
    for (const widget of widgets) expect(customElements.get(widget.localName), widget.localName).to.exist;
    for (const widget of widgets) await settled(widget);
    await expect(page).to.be.accessible();
  });

  it('writes a session’s time and place with spaces around the separator', async () => {
    const el = await fixture<Widget>(html`<trust-schedule src="/demo/data/social-media-week.json" day="2016-10-24"></trust-schedule>`);
    await settled(el);
    const card = [...el.shadowRoot!.querySelectorAll('[part~="session"]')].find((c) => read(c.querySelector('[part~="session-title"]')) === 'Welcome to social media week');
    expect(read(card?.querySelector('.session__when'))).to.equal(`${time('2016-10-24T09:30:00+01:00')} to ${time('2016-10-24T10:00:00+01:00')} · Seminar Room, Care City`);
    // The star button's accessible name: its label, a space, the session.
    expect(read(card?.querySelector('.star'))).to.equal('Star Welcome to social media week');
  });

  it('keeps the space before a day tab’s count of matching sessions', async () => {
    const el = await fixture<Widget>(html`<trust-schedule src="/demo/data/social-media-week.json" day="2016-10-24" show-filters></trust-schedule>`);
    await settled(el);
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('#search')!;
    search.value = 'Facebook';
    search.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
    await until(() => el.shadowRoot!.querySelector('.tab__count'), 'tab counts shown');
    for (const tab of el.shadowRoot!.querySelectorAll('[role="tab"]')) expect(read(tab)).to.match(/\S \(\d+\)$/);
  });

  it('keeps the space before a cancelled session’s status on a speaker card', async () => {
    const data = await eventData();
    const first = data.sessions.find((s) => (s.speakers as string[]).includes('kyle-grieve'))!;
    first.status = 'cancelled';
    const el = await fixture<Widget & {data: unknown}>(html`<trust-speakers speakers="kyle-grieve" .data=${data}></trust-speakers>`);
    await settled(el);
    const status = el.shadowRoot!.querySelector('.session__status');
    expect(status, 'a status is shown').to.exist;
    expect(read(status!.parentElement)).to.match(/\S \(cancelled\)/i);
  });
});
