import {expect, fixture, html} from '@open-wc/testing';
import {program, until} from '../helpers/index.js';
import '../../src/define.js';

/**
 * What a page with all four widgets asks of the network and stores on the
 * reader's device: only the configured sources (and, unless switched off, the
 * images their data names); no cookies; no storage.
 */
const EVENT = '/mock/privacy/event.json';
const INSTANCE = '/mock/privacy-masto';

async function programSources(): Promise<void> {
  await program(EVENT, [{fixture: 'event/social-media-week-2016.json'}]);
  await program(`${INSTANCE}/api/v1/timelines/tag/NelftSoMeWeek`, [{fixture: 'formats/mastodon-status-examples.json'}]);
  await program(`${INSTANCE}/api/v1/accounts/lookup`, [{fixture: 'formats/mastodon-account-example.json'}]);
}

function page(privateMode: boolean) {
  const instance = location.origin + INSTANCE;
  return html`<div>
    <trust-schedule src=${EVENT} day="all"></trust-schedule>
    <trust-speakers src=${EVENT} ?no-photos=${privateMode}></trust-speakers>
    <trust-hashtag-feed format="mastodon" instance=${instance} hashtag="NelftSoMeWeek" ?no-avatars=${privateMode} ?no-media=${privateMode}></trust-hashtag-feed>
    <trust-follow-counter format="mastodon" instance=${instance} account="noiob@awoo.space"></trust-follow-counter>
  </div>`;
}

async function loadPage(privateMode: boolean): Promise<{hosts: Set<string>; paths: string[]}> {
  await programSources();
  performance.clearResourceTimings();
  const wrapper = await fixture<HTMLDivElement>(page(privateMode));
  const widgets = [...wrapper.children] as Array<HTMLElement & {updateComplete: Promise<boolean>; dataController: {status: string}}>;
  await until(() => widgets.every((w) => w.dataController.status === 'loaded'), 'all four widgets loaded');
  await Promise.all(widgets.map((w) => w.updateComplete));
  // Make every lazy image eligible to load, as a reader scrolling through would.
  const images = widgets.flatMap((w) => [...w.shadowRoot!.querySelectorAll('img')]);
  for (const img of images) img.loading = 'eager';
  await until(() => images.every((img) => img.complete), 'every image loaded or failed');
  const entries = performance.getEntriesByType('resource').map((e) => new URL(e.name));
  const ours = entries.filter((u) => u.pathname.startsWith('/mock/') || u.origin !== location.origin);
  return {hosts: new Set(ours.map((u) => u.origin)), paths: ours.filter((u) => u.origin === location.origin).map((u) => u.pathname)};
}

describe('privacy: requests, cookies and storage', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('asks only the configured sources, once each, and the image hosts their data names', async () => {
    const {hosts, paths} = await loadPage(false);
    expect(paths.filter((p) => p === EVENT), 'schedule and speakers share one request').to.have.length(1);
    expect(paths.filter((p) => p.includes('/timelines/tag/'))).to.have.length(1);
    expect(paths.filter((p) => p.includes('/accounts/lookup'))).to.have.length(1);
    const imageHosts = ['https://www.example.nhs.uk', 'https://files.mastodon.social', 'https://mastodon.social'];
    expect(hosts.size, 'the data’s images were requested (so the next test means something)').to.be.greaterThan(1);
    for (const host of hosts) expect([location.origin, ...imageHosts], `unexpected host ${host}`).to.include(host);
  });

  it('contacts no host but the sources with no-photos, no-avatars and no-media', async () => {
    const {hosts} = await loadPage(true);
    expect([...hosts]).to.deep.equal([location.origin]);
  });

  it('sets no cookie and stores nothing until the reader asks for something', async () => {
    const before = document.cookie;
    await loadPage(false);
    expect(document.cookie).to.equal(before);
    expect(localStorage.length).to.equal(0);
    expect(sessionStorage.length).to.equal(0);
    const databases = await indexedDB.databases();
    expect(databases).to.deep.equal([]);
  });
});
