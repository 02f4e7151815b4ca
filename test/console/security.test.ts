import {expect} from '@open-wc/testing';
import {until} from '../helpers/index.js';
import {build} from '../helpers/engine.js';
import {articles, button, item, load, mountConsole, postsSent, relayPosts, root, sampleFeed, scenario, text, type FeedSpec, type Scenario} from './helpers.js';
import type {TrustModerationConsole} from '../../relay/console/moderation-console.js';
import type {ModeratedItem} from '../../relay/moderation/api.js';

/**
 * The console shows hostile third-party posts to people who hold a login. The
 * queue here holds the feed's own hostile fixtures (the relay's published file
 * of the week, whose first post is an attack in every field) and every
 * DOMPurify test vector plus the classic ones, in every field a native post
 * has: nothing may run, nothing that could run may reach the DOM, and no
 * request may leave for another origin. The page itself runs under the admin
 * page's strict CSP with Trusted Types; any violation fails.
 */

// window.__pwned and window.__violations are declared with the page's probe (csp-probe.ts).

const PWN = 'window.__pwned=1';
const CLASSIC = [
  `<script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `<svg onload="${PWN}"></svg>`,
  `<a href="javascript:${PWN}">x</a>`,
  `<a href=" javascript:${PWN}">x</a>`,
  `<a href="data:text/html,<script>${PWN}</script>">x</a>`,
  `<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>`,
  `<style>*{background:url("https://evil.example/track")}</style>`,
  `<div style="background:url(https://evil.example/track)">x</div>`,
  `<form action="javascript:${PWN}"><button>x</button></form>`,
  `<base href="https://evil.example/">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${PWN}">`,
  `"><img src=x onerror=${PWN}>`,
  `javascript:${PWN}`,
  `\${${PWN}}`,
  `<noscript><p title="</noscript><img src=x onerror=${PWN}>">`,
];

/** Tags and attributes the console's and the feed's templates use; anything else came from a post. */
const TAGS = new Set([
  'div', 'p', 'h1', 'h2', 'article', 'a', 'span', 'strong', 'button', 'time', 'br', 'ul', 'ol', 'li', 'header', 'search', 'form', 'input', 'label',
  'select', 'option', 'kbd', 'dialog', 'dl', 'dt', 'dd',
]);
const ATTRIBUTES = new Set([
  'class', 'id', 'part', 'href', 'rel', 'tabindex', 'role', 'datetime', 'lang', 'type', 'data-action', 'data-key', 'data-act', 'hidden', 'name', 'value',
  'method', 'action', 'for', 'autocomplete', 'autofocus', 'aria-live', 'aria-atomic', 'aria-labelledby', 'aria-describedby', 'aria-busy', 'aria-expanded',
  'aria-controls', 'aria-hidden', 'aria-label', 'aria-disabled', 'aria-selected', 'aria-keyshortcuts', 'selected',
]);

function assertInert(el: TrustModerationConsole, where: string): void {
  expect(window.__pwned, `script ran (${where})`).to.be.undefined;
  for (const node of root(el).querySelectorAll('*')) {
    expect(TAGS.has(node.localName), `<${node.localName}> in the DOM (${where})`).to.be.true;
    for (const attr of node.attributes) {
      expect(ATTRIBUTES.has(attr.name), `attribute ${attr.name}="${attr.value}" on <${node.localName}> (${where})`).to.be.true;
      if (attr.name === 'href' && node.closest('article')) expect(attr.value, `href in a post (${where})`).to.match(/^https?:\/\//);
    }
  }
}

/** Every vector in every field of a native post. */
async function hostileItems(): Promise<ModeratedItem[]> {
  const dompurify = await load<Array<{payload: string}>>('/test/fixtures/formats/dompurify-vectors.json');
  expect(dompurify).to.have.length(223);
  const vectors = [...dompurify.map((v) => v.payload), ...CLASSIC];
  return vectors.flatMap((payload, i) => [
    item({
      id: `t${i}`,
      network: 'mastodon',
      created: '2016-10-24T12:00:00Z',
      url: payload,
      text: payload,
      contentWarning: i % 3 ? undefined : payload,
      author: {name: payload, handle: payload, avatar: payload, url: payload, emojis: [{code: 'x', url: payload}]},
      media: [{url: 'https://social.example/a.png', alt: payload}, {url: payload, type: 'video', previewUrl: payload, alt: payload}],
      card: {url: payload, title: payload, description: payload, image: payload},
    }, 'queue', {key: `t${i}`}),
    item({id: `h${i}`, created: '2016-10-24T11:00:00Z', html: `${payload} :x:`, emojis: [{code: 'x', url: 'https://social.example/x.png'}], network: payload, author: {name: 'n'}, boostedBy: {name: payload, url: payload}}, 'queue', {
      key: `h${i}`,
      verdict: {by: 'rule', rule: payload, reason: payload, at: payload},
    }),
  ]);
}

/** Resources this page fetched from another origin since `from` (an index into the resource timeline). */
function outsideRequests(win: Window, from = 0): string[] {
  return win.performance
    .getEntriesByType('resource')
    .slice(from)
    .map((e) => e.name)
    .filter((name) => new URL(name).origin !== win.location.origin);
}

interface Framed {
  frame: HTMLIFrameElement;
  win: Window & typeof globalThis;
  el: TrustModerationConsole;
}

/** The console page as the relay serves it (strict CSP, Trusted Types), in a frame. */
async function framed(s: Scenario): Promise<Framed> {
  const frame = document.createElement('iframe');
  frame.title = 'Moderation console under the admin page’s CSP';
  frame.width = '1000';
  frame.height = '700';
  frame.src = `${s.base}${build === 'prod' ? '?build=prod' : ''}`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, {once: true}));
  const win = frame.contentWindow as Window & typeof globalThis;
  let el: TrustModerationConsole | undefined;
  await until(() => {
    el = win.document.querySelector('trust-moderation-console') ?? undefined;
    return el?.shadowRoot?.querySelector('article.item');
  }, 'the console renders in the frame');
  await el!.settled();
  return {frame, win, el: el!};
}

describe('<trust-moderation-console> security', () => {
  const originals = {alert: window.alert, confirm: window.confirm, prompt: window.prompt};

  beforeEach(() => {
    delete window.__pwned;
    const caught = () => void (window.__pwned = 'dialog');
    window.alert = caught;
    window.confirm = () => (caught(), false);
    window.prompt = () => (caught(), null);
  });

  afterEach(() => Object.assign(window, originals));

  it('is accessible with the week’s hostile post in the queue, shown as text', async () => {
    const posts = await relayPosts();
    const s = await scenario([{name: 'somewk', hashtag: 'NelftSoMeWeek', mode: 'approve-first', items: posts.map((p) => item(p))}]);
    const el = await mountConsole(s);
    await expect(el).to.be.accessible();
    const troll = articles(el)[0];
    expect(text(troll)).to.contain('Troll <img src=x onerror=alert(2)>');
    expect(text(troll)).to.contain('Free prizes');
    assertInert(el, 'relay fixture');
  });

  it(`runs under the admin page's CSP with Trusted Types (${build === 'prod' ? 'dist/console/console.js' : 'the sources'}): no violation, and no request to another origin`, async () => {
    const feed: FeedSpec = await sampleFeed(4);
    const s = await scenario([feed]);
    const response = await fetch(s.base);
    expect(response.headers.get('content-security-policy')).to.contain("require-trusted-types-for 'script'");
    const {frame, win, el} = await framed(s);
    try {
      // Work the console: open a content warning, hide a post (the sanitiser, Lit's templates, a request).
      const warned = articles(el).find((a) => a.querySelector('.cw'));
      if (warned) button(warned, 'Show post').click();
      button(articles(el)[0], 'Hide').click();
      await postsSent(s, 1);
      await until(() => text(el.shadowRoot!.querySelector('.status')).startsWith('Hidden.'));
      // The help dialog, too.
      el.shadowRoot!.querySelector<HTMLButtonElement>('.keys .button')!.click();
      await until(() => el.shadowRoot!.querySelector<HTMLDialogElement>('#help')!.open);
      await new Promise((r) => setTimeout(r, 300));
      expect(win.__violations, 'CSP violations seen by the page').to.deep.equal([]);
      expect(await s.cspReports(), 'CSP violations reported').to.deep.equal([]);
      expect(outsideRequests(win), 'requests to other origins').to.deep.equal([]);
      expect(win.__pwned).to.be.undefined;
      expect(el.shadowRoot!.querySelectorAll('img, iframe, video, audio, object, embed')).to.have.length(0);
      // And Trusted Types are enforced there: a string into innerHTML throws.
      expect(() => (win.document.createElement('div').innerHTML = '<b>x</b>')).to.throw();
    } finally {
      frame.remove();
    }
  });

  it('hostile posts in every field stay inert, and no request leaves', async function () {
    const items = await hostileItems();
    const from = performance.getEntriesByType('resource').length;
    // The relay pages its lists by 50: one scenario per page.
    for (let i = 0; i < items.length; i += 50) {
      const batch = items.slice(i, i + 50);
      const s = await scenario([{name: 'somewk', hashtag: 'NelftSoMeWeek', mode: 'approve-first', items: batch}]);
      const el = await mountConsole(s);
      expect(articles(el), `posts ${i}–${i + batch.length}`).to.have.length(batch.length);
      // Open every content warning, so what is behind it is rendered too.
      for (const b of root(el).querySelectorAll<HTMLButtonElement>('.cw button')) b.click();
      await el.updateComplete;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      assertInert(el, `posts ${i}–${i + batch.length}`);
      el.remove();
    }
    expect(outsideRequests(window, from), 'requests to other origins').to.deep.equal([]);
  });

  it('the hostile posts under the strict CSP: nothing runs, nothing is fetched, and the only violations are the attacks’ own inline handlers and styles, refused', async () => {
    const posts = await relayPosts();
    const items = [...posts.map((p) => item(p)), ...(await hostileItems()).slice(0, 50)];
    const s = await scenario([{name: 'somewk', hashtag: 'NelftSoMeWeek', mode: 'approve-first', items}]);
    const {frame, win, el} = await framed(s);
    try {
      for (const b of el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.cw button')) b.click();
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 300));
      // The sanitiser (DOMPurify) parses post HTML with DOMParser, and Chromium checks that inert
      // document against the page's CSP: an attack's onerror= or style= is refused there and reported
      // (cure53/DOMPurify#900), before DOMPurify removes it. Those are the only violations allowed here:
      // an inline attribute or <style> refused, never a script, a request or a Trusted Types sink.
      const refusedInline = /^(script-src-attr|style-src-attr|style-src-elem) inline\b/;
      expect(win.__violations.filter((v) => !refusedInline.test(v)), 'violations other than refused inline attributes').to.deep.equal([]);
      const reports = (await s.cspReports()) as Array<{'csp-report'?: {'effective-directive'?: string; 'blocked-uri'?: string}}>;
      const other = reports.map((r) => r['csp-report']).filter((r) => !refusedInline.test(`${r?.['effective-directive']} ${r?.['blocked-uri']}`));
      expect(other, 'reported violations other than refused inline attributes').to.deep.equal([]);
      expect(outsideRequests(win)).to.deep.equal([]);
      expect(win.__pwned).to.be.undefined;
    } finally {
      frame.remove();
    }
  });

  it('sends its token only to its own API, and treats a post’s links as links (no opener, no referrer)', async () => {
    const posts = await relayPosts();
    const s = await scenario([{name: 'somewk', hashtag: 'NelftSoMeWeek', mode: 'approve-first', items: posts.map((p) => item(p))}]);
    const el = await mountConsole(s);
    for (const a of root(el).querySelectorAll<HTMLAnchorElement>('article a[href]')) {
      expect(a.rel.split(' ')).to.include.members(['noopener', 'noreferrer']);
    }
    const requests = await s.requests();
    expect(requests.every((r) => r.path.startsWith(s.base))).to.be.true;
    expect(requests.filter((r) => r.method === 'GET').every((r) => r.headers['x-csrf-token'] === undefined)).to.be.true;
  });
});
